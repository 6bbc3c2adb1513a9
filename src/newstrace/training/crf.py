"""Train the `fast` attribution model: a CRF over spaCy features (`newstrace.nlp.attribution_crf`).

    python -m newstrace.training.crf --data ../shared/data/polnear --out src/newstrace/models/attribution-fast

Needs python-crfsuite (training only; the exported model runs on numpy). Parses `data/train`
and `data/dev` once with the newstrace pipeline (cached as DocBin files in `--cache`, outside
the repository), learns the cue-word rates from train, trains one CRF per setting of `GRID` on
train, scores each on dev (exact and overlap span F1 per role) and writes the setting with the
best mean exact F1 into `out`. Only train is learnt from; dev only picks the setting.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, DocBin

from newstrace.nlp.attribution_crf import (
    CrfTagger,
    CrfWeights,
    FeatureConfig,
    Featurizer,
    meta_for,
    spans_to_tags,
)
from newstrace.nlp.attribution_model import ROLES
from newstrace.training.polnear import Annotation, Article, Counts, load_split, prf

CACHE = Path(tempfile.gettempdir()) / "newstrace-crf-cache"


@dataclass(frozen=True)
class Setting:
    c1: float  # L1 penalty (sparsity; also keeps the model small)
    c2: float  # L2 penalty
    features: FeatureConfig
    max_iterations: int = 200

    def label(self) -> str:
        f = self.features
        return (
            f"c1={self.c1} c2={self.c2} {f.scheme} words+-{f.word_window} tree+-{f.tree_window} "
            f"edges+-{f.edge_window} bigrams={f.bigrams}"
        )


# The settings tried on dev, in order (ties keep the earlier one).
GRID = (
    Setting(1.0, 0.01, FeatureConfig()),
    Setting(3.0, 0.01, FeatureConfig()),
    Setting(1.0, 0.01, FeatureConfig(scheme="BILOU")),
)


def parse(articles: list[Article], cache: Path | None, log=print) -> list[Doc]:
    """The articles through the newstrace pipeline (no attribution components), cached by content."""
    from newstrace.nlp.pipeline import build_pipeline

    nlp = build_pipeline(components=())
    key = hashlib.sha256(repr((nlp.meta["name"], nlp.meta["version"], nlp.pipe_names)).encode())
    for a in articles:
        key.update(a.text.encode("utf-8"))
    path = cache / f"{key.hexdigest()[:20]}.spacy" if cache else None
    if path is not None and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if [d.text for d in docs] == [a.text for a in articles]:
            return docs
    start = time.perf_counter()
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    log(f"parsed {len(docs)} articles in {time.perf_counter() - start:.0f}s")
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs, store_user_data=False).to_disk(path)
    return docs


def cue_rates(articles: list[Article], docs: list[Doc], min_count: int) -> dict[str, float]:
    """Lower-cased lemma -> share of its tokens inside a gold Cue, for lemmas seen in a Cue at
    least `min_count` times (train only)."""
    seen: Counter[str] = Counter()
    in_cue: Counter[str] = Counter()
    for article, doc in zip(articles, docs, strict=True):
        tags = spans_to_tags(doc, {"Cue": article.gold.spans["Cue"]})
        for token, tag in zip(doc, tags, strict=True):
            lemma = token.lemma_.lower()
            seen[lemma] += 1
            if tag != "O":
                in_cue[lemma] += 1
    return {w: round(in_cue[w] / seen[w], 3) for w in sorted(in_cue) if in_cue[w] >= min_count}


_STATE = re.compile(r"^\s*\(\d+\) (.*) --> (\S+): (\S+)$")


def fit(
    setting: Setting, xs: list, ys: list, log=print
) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """Train with crfsuite (L-BFGS) and read the weights back from its model dump:
    (labels, features, state weights, transitions)."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params(
        {
            "c1": setting.c1,
            "c2": setting.c2,
            "max_iterations": setting.max_iterations,
            "feature.possible_transitions": True,
        }
    )
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        model = str(Path(tmp) / "model.crfsuite")
        trainer.train(model)
        iterations = trainer.logparser.last_iteration["num"]
        log(f"  trained in {time.perf_counter() - start:.0f}s ({iterations} iterations)")
        tagger = pycrfsuite.Tagger()
        tagger.open(model)
        labels = list(tagger.labels())
        tagger.dump(str(Path(tmp) / "dump.txt"))
        dump = (Path(tmp) / "dump.txt").read_text(encoding="utf-8")
    index = {label: k for k, label in enumerate(labels)}
    transitions = np.zeros((len(labels), len(labels)))
    rows: dict[str, np.ndarray] = {}
    section = ""
    for line in dump.split("\n"):
        if line.endswith("= {"):
            section = line.split()[0]
            continue
        m = _STATE.match(line)
        if m is None:
            continue
        a, b, weight = m.group(1), m.group(2), float(m.group(3))
        if section == "TRANSITIONS":
            transitions[index[a], index[b]] = weight
        elif section == "STATE_FEATURES":
            rows.setdefault(a, np.zeros(len(labels)))[index[b]] = weight
    features = sorted(rows)
    state = np.array([rows[f] for f in features]).reshape(len(features), len(labels))
    return labels, features, state, transitions


def sequences(featurizer: Featurizer, articles: list[Article], docs: list[Doc]) -> tuple[list, list]:
    """Training sequences (paragraphs): feature strings and gold tags."""
    xs, ys = [], []
    for article, doc in zip(articles, docs, strict=True):
        tags = spans_to_tags(doc, article.gold.spans, featurizer.config.scheme)
        for seq in featurizer.sequences(doc):
            xs.append(seq)
            ys.append(tags[: len(seq)])
            tags = tags[len(seq) :]
    return xs, ys


def evaluate(tagger: CrfTagger, articles: list[Article], docs: list[Doc]) -> Counts:
    counts = Counts()
    for article, doc in zip(articles, docs, strict=True):
        pred = Annotation()
        pred.spans = tagger.spans(doc)
        counts.add(article.text, article.gold, pred)
    return counts


def mean_exact_f1(counts: Counts) -> float:
    return sum(prf(*counts.spans[(role, "exact")])[2] for role in ROLES) / len(ROLES)


def scores(counts: Counts) -> dict[str, list[float]]:
    return {
        f"{role} {mode}": [round(x, 3) for x in prf(*counts.spans[(role, mode)])]
        for role in ROLES
        for mode in ("exact", "overlap")
    }


def train(
    data: Path,
    out: Path,
    seed: int = 13,
    log=print,
    grid: tuple[Setting, ...] = GRID,
    cache: Path | None = CACHE,
    limit: int | None = None,
) -> Path:
    """Train on data/train, keep the setting with the best mean exact F1 on data/dev, save it in out.

    L-BFGS is deterministic: `seed` only seeds numpy, for the record."""
    np.random.seed(seed)
    train_set = load_split(data / "train", limit=limit)
    dev_set = load_split(data / "dev")
    train_docs = parse(train_set, cache, log)
    dev_docs = parse(dev_set, cache, log)
    best: tuple[float, Setting, CrfWeights, Counts] | None = None
    for n, setting in enumerate(grid):
        config = setting.features
        log(f"[{n + 1}/{len(grid)}] {setting.label()}")
        rates = cue_rates(train_set, train_docs, config.cue_min_count)
        featurizer = Featurizer(rates, config)
        xs, ys = sequences(featurizer, train_set, train_docs)
        labels, features, state, transitions = fit(setting, xs, ys, log)
        del xs
        meta = meta_for(rates, config)
        weights = CrfWeights(labels, features, state, transitions, meta)
        counts = evaluate(CrfTagger(weights), dev_set, dev_docs)
        score = mean_exact_f1(counts)
        log(counts.table())
        log(f"  {len(features)} features, mean exact F1 {score:.3f}")
        if best is None or score > best[0]:
            best = (score, setting, weights, counts)
    assert best is not None
    score, setting, weights, counts = best
    weights.meta.update(
        crf={
            "c1": setting.c1,
            "c2": setting.c2,
            "max_iterations": setting.max_iterations,
            "algorithm": "lbfgs",
        },
        seed=seed,
        trained_on=f"PolNeAR train split ({len(train_set)} articles, first annotator)",
        dev=scores(counts),
    )
    weights.save(out)
    log(f"best: {setting.label()} (mean exact F1 {score:.3f}), saved in {out}")
    log(counts.table())
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="PolNeAR folder with train/ and dev/")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--cache", type=Path, default=CACHE, help="where parsed Docs are cached")
    parser.add_argument("--quick", action="store_true", help="only the first setting of the grid")
    parser.add_argument("--limit", type=int, default=None, help="only the first N training articles")
    args = parser.parse_args(argv)
    grid = GRID[:1] if args.quick else GRID
    train(args.data, args.out, seed=args.seed, grid=grid, cache=args.cache, limit=args.limit)


if __name__ == "__main__":
    main()
