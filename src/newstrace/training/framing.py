"""Train the loaded-language CRF (`newstrace.nlp.framing_model`) on the Propaganda Techniques Corpus.

Needs python-crfsuite (training only; the exported model runs on numpy). Reads
`DATA/train-articles/article{ID}.txt` and `DATA/train-task2-TC.labels` at training time; nothing
from the corpus is written to the model folder but feature names (masked words, lemmas, tags)
with weights, and per-lemma rates.

The fixed split, by article id: the 371 ids sorted as integers, position p (0-based) in that
order goes to
    heldout  if p % 5 == 4   (74 articles; scored once, at the end)
    dev      if p % 5 == 2   (74 articles; settings are chosen here)
    train    otherwise       (223 articles)
The bundled model is trained on train + dev with the setting chosen on dev.

    python -m newstrace.training.framing --data ../shared/data/ptc --out DIR [--tune] [--final]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from spacy.tokens import Doc, DocBin

from newstrace.nlp.framing_metric import LabeledSpan, span_scores
from newstrace.nlp.framing_model import CrfWeights, Featurizer, Lexicon, LoadedLanguageTagger, mask, tags_for

DEFAULT_TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")
SPLITS = ("train", "dev", "heldout")


@dataclass(frozen=True)
class PtcArticle:
    id: str
    text: str
    spans: list[tuple[int, int, str]]  # start, end, technique


@dataclass
class Setting:
    c1: float = 0.3
    c2: float = 0.01
    max_iterations: int = 150
    min_count: int = 3  # a lemma enters the lexicon when seen this often in the training part
    techniques: tuple[str, ...] = DEFAULT_TECHNIQUES
    jackknife: bool = True  # lexicon rates of each training article from the other folds
    # Dependency features: off, since the parse of two mirrored sentences can differ (the parser
    # reads names); costs ~0.004 all-technique F1 on dev (see the model card).
    tree: bool = False


def split_of(position: int) -> str:
    """The split of the article at `position` in the id-sorted list (see module docstring)."""
    if position % 5 == 4:
        return "heldout"
    if position % 5 == 2:
        return "dev"
    return "train"


def load_ptc(data: Path) -> list[PtcArticle]:
    """All PTC training articles, sorted by integer id, with their technique spans."""
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for line in (data / "train-task2-TC.labels").read_text(encoding="utf-8").splitlines():
        if line.strip():
            article, technique, start, end = line.split("\t")
            spans[article].append((int(start), int(end), technique))
    articles = []
    for path in (data / "train-articles").glob("article*.txt"):
        article = path.stem.removeprefix("article")
        text = path.read_text(encoding="utf-8")
        articles.append(PtcArticle(article, text, sorted(spans.get(article, []))))
    return sorted(articles, key=lambda a: int(a.id))


def split(articles: list[PtcArticle]) -> dict[str, list[PtcArticle]]:
    out: dict[str, list[PtcArticle]] = {name: [] for name in SPLITS}
    for position, article in enumerate(articles):
        out[split_of(position)].append(article)
    return out


def parse(articles: list[PtcArticle], cache: Path | None, log=print) -> dict[str, Doc]:
    """spaCy Docs of the articles (the newstrace tokenisation and paragraph starts), cached."""
    from newstrace.nlp.pipeline import build_pipeline

    nlp = build_pipeline(components=())
    if cache is not None and cache.is_file():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == [a.text for a in articles]:
            return {a.id: d for a, d in zip(articles, docs, strict=True)}
    start = time.perf_counter()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=16))
    log(f"  parsed {len(docs)} articles in {time.perf_counter() - start:.0f}s")
    if cache is not None:
        DocBin(store_user_data=False, docs=docs).to_disk(cache)
    return {a.id: d for a, d in zip(articles, docs, strict=True)}


def lexicon(articles: list[PtcArticle], docs: dict[str, Doc], setting: Setting) -> Lexicon:
    """Per technique, the share of each masked lemma's tokens inside that technique's spans."""
    seen: Counter[str] = Counter()
    inside: dict[str, Counter[str]] = {t: Counter() for t in setting.techniques}
    for article in articles:
        doc = docs[article.id]
        tags = tags_for(doc, [s for s in article.spans if s[2] in setting.techniques])
        for tok, tag in zip(doc, tags, strict=True):
            if tok.is_space or tok.is_punct:
                continue
            lemma = mask(tok) or tok.lemma_.lower()
            seen[lemma] += 1
            if tag != "O":
                inside[tag[2:]][lemma] += 1
    rates = {
        t: {w: round(c / seen[w], 3) for w, c in counts.items() if seen[w] >= setting.min_count}
        for t, counts in inside.items()
    }
    return Lexicon(rates)


def sequences(
    articles: list[PtcArticle], docs: dict[str, Doc], setting: Setting, folds: int = 5
) -> tuple[list, list]:
    """Training sequences (sentences): feature strings and gold tags. The lexicon features of an
    article come from a lexicon built on the other folds (jackknife), so the CRF learns how far
    to trust a rate as it will meet it on unseen text, not a rate its own labels produced."""
    xs, ys = [], []
    for fold in range(folds):
        held = articles[fold::folds]
        others = [a for k, a in enumerate(articles) if k % folds != fold]
        featurizer = Featurizer(lexicon(others, docs, setting), tree=setting.tree)
        for article in held:
            doc = docs[article.id]
            groups, bounds = featurizer.groups(doc)
            feats = [[f for g in gs for f in featurizer.expand(g)] for gs in groups]
            tags = tags_for(doc, [s for s in article.spans if s[2] in setting.techniques])
            for a, b in bounds:
                if any(not doc[i].is_space for i in range(a, b)):
                    xs.append(feats[a:b])
                    ys.append(tags[a:b])
    return xs, ys


def _plain(
    articles: list[PtcArticle], docs: dict[str, Doc], setting: Setting, lex: Lexicon
) -> tuple[list, list]:
    """Sequences with one lexicon built on all of `articles` (rates seen through their own labels)."""
    xs, ys = [], []
    featurizer = Featurizer(lex, tree=setting.tree)
    for article in articles:
        doc = docs[article.id]
        groups, bounds = featurizer.groups(doc)
        feats = [[f for g in gs for f in featurizer.expand(g)] for gs in groups]
        tags = tags_for(doc, [s for s in article.spans if s[2] in setting.techniques])
        xs += [feats[a:b] for a, b in bounds]
        ys += [tags[a:b] for a, b in bounds]
    return xs, ys


def fit(articles: list[PtcArticle], docs: dict[str, Doc], setting: Setting, log=print) -> CrfWeights:
    from newstrace.training.crf import fit as crf_fit

    lex = lexicon(articles, docs, setting)
    xs, ys = sequences(articles, docs, setting) if setting.jackknife else _plain(articles, docs, setting, lex)
    log(f"  {len(xs)} sentences, {sum(map(len, xs))} tokens; {setting}")
    labels, features, state, transitions = crf_fit(setting, xs, ys, log)
    keep = abs(state).max(axis=1) > 1e-4  # L1 zeroes most rows: drop them
    features = [f for f, k in zip(features, keep, strict=True) if k]
    meta = {"name": "framing", "setting": {**asdict(setting)}, "tree": setting.tree, "lexicon": lex.rates}
    return CrfWeights(labels, features, state[keep], transitions, meta)


def predict(
    tagger: LoadedLanguageTagger, articles: list[PtcArticle], docs: dict[str, Doc]
) -> list[LabeledSpan]:
    out: list[LabeledSpan] = []
    for article in articles:
        doc = docs[article.id]
        for s in tagger.spans(doc):
            span = doc[s.start : s.end]
            out.append((article.id, s.technique, span.start_char, span.end_char))
    return out


def gold(articles: list[PtcArticle]) -> list[LabeledSpan]:
    return [(a.id, t, s, e) for a in articles for s, e, t in a.spans]


def report(predicted: list[LabeledSpan], reference: list[LabeledSpan]) -> dict[str, dict[str, float]]:
    out = {}
    for name, technique in (("all", None), *((t, t) for t in DEFAULT_TECHNIQUES)):
        score = span_scores(predicted, reference, technique)
        out[name] = {"P": round(score.precision, 4), "R": round(score.recall, 4), "F1": round(score.f1, 4)}
    return out


def tune(data: Path, cache: Path | None, grid: list[Setting], log=print) -> Setting:
    articles = load_ptc(data)
    docs = parse(articles, cache, log)
    parts = split(articles)
    best, best_f1 = grid[0], -1.0
    for setting in grid:
        _, scores = choose_threshold(fit(parts["train"], docs, setting, log), parts["dev"], docs, log)
        if scores["all"]["F1"] > best_f1:
            best, best_f1 = setting, scores["all"]["F1"]
    log(f"best on dev: {best} (all-technique F1 {best_f1:.4f})")
    return best


# Decoding: sentences the Viterbi path marks with O lowered by O_BIAS are looked at; spans are
# the runs of tokens whose probability for a technique reaches the threshold chosen on dev.
O_BIAS = 1.0
THRESHOLD_GRID = (0.03, 0.05, 0.08, 0.12, 0.2)


def choose_threshold(
    weights: CrfWeights, articles: list[PtcArticle], docs: dict[str, Doc], log=print
) -> tuple[float, dict]:
    """The span threshold with the best all-technique span F1 on `articles`."""
    best, best_scores = THRESHOLD_GRID[0], None
    weights.meta["o_bias"] = O_BIAS
    for threshold in THRESHOLD_GRID:
        weights.meta["threshold"] = threshold
        scores = report(predict(LoadedLanguageTagger(weights), articles, docs), gold(articles))
        log(f"  threshold {threshold}: {json.dumps(scores)}")
        if best_scores is None or scores["all"]["F1"] > best_scores["all"]["F1"]:
            best, best_scores = threshold, scores
    return best, best_scores or {}


def train(
    data: Path,
    out: Path,
    setting: Setting | None = None,
    cache: Path | None = None,
    threshold: float | None = None,
    log=print,
) -> dict:
    """Fit on train, choose the span threshold on dev (unless given), refit on train + dev,
    write the model to `out`. The held-back part is not read."""
    setting = setting or Setting()
    articles = load_ptc(data)
    docs = parse(articles, cache, log)
    parts = split(articles)
    dev_scores: dict = {}
    if threshold is None:
        log("fit on train, choose the span threshold on dev")
        threshold, dev_scores = choose_threshold(
            fit(parts["train"], docs, setting, log), parts["dev"], docs, log
        )
        log(f"  chosen threshold {threshold}")
    log("refit on train + dev")
    weights = fit(parts["train"] + parts["dev"], docs, setting, log)
    weights.meta.update(
        {
            "name": "framing",
            "o_bias": O_BIAS,
            "threshold": threshold,
            "dev_scores_trained_on_train": dev_scores,
            "split": "PTC train articles sorted by integer id; position % 5 == 4 held back, == 2 dev",
            "trained_on_articles": len(parts["train"]) + len(parts["dev"]),
        }
    )
    weights.save(out)
    size = sum(p.stat().st_size for p in out.iterdir())
    log(f"  {len(weights.features)} features, {len(weights.labels)} labels, {size / 1e6:.2f} MB in {out}")
    return {"features": len(weights.features), "bytes": size, "threshold": threshold, "dev": dev_scores}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--cache", type=Path, help="DocBin cache of the parsed articles")
    parser.add_argument("--tune", action="store_true", help="fit on train, score dev, for a small grid")
    parser.add_argument("--threshold", type=float, help="fixed span threshold (default: chosen on dev)")
    parser.add_argument("--c1", type=float, default=Setting.c1)
    parser.add_argument("--c2", type=float, default=Setting.c2)
    args = parser.parse_args(argv)
    if args.tune:
        grid = [Setting(c1=c1, c2=args.c2) for c1 in (0.1, 0.3)]
        tune(args.data, args.cache, grid)
    if args.out:
        train(args.data, args.out, Setting(c1=args.c1, c2=args.c2), args.cache, args.threshold)


if __name__ == "__main__":
    main()
