"""PLOVER event categories against the PLOVER gold-standard records (evaluation only).

Runs the full newstrace pipeline over each sentence of `PLOVER_GSR_CAMEO.txt` (322 sentences,
coded with the older 18-category PLOVER 0.5), maps the gold categories to the current 16 of the
PLOVER manual and scores the system's main event of each sentence:

    python benchmarks/plover.py [--data ../shared/data/plover] [--pred-out /tmp/plover.jsonl]

The data is read at run time and never copied into the repository. It is an evaluation set: no
rule may be tuned to its sentences. The mapping old -> current, the choice of the main event and
the actor matching are documented in docs/plover.md and implemented by the pure functions below
(`map_category`, `map_mode`, `main_event`, `actors_match`, `score`), which the tests exercise.

Printed: category accuracy and macro-F1 over the gold categories, a per-category table, the most
frequent confusions, detection (sentences with any event), actor and target match rates, mode
accuracy where the gold mode is comparable, and a diagnostic accuracy on the event whose trigger
is one of the gold event words.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import get_args

from newstrace.record import EventCategory

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "plover"
GOLD_FILE = "PLOVER_GSR_CAMEO.txt"

CATEGORIES = tuple(c for c in get_args(EventCategory) if c != "OTHER")  # the current 16
NONE = "none"  # no event predicted for the sentence

# Old (PLOVER 0.5, the gold file) -> current category, after the manual's CAMEO-to-PLOVER table:
# DEMAND (CAMEO 10) -> REQUEST, DISAPPROVE (11) and INVESTIGATE (09) -> ACCUSE, FIGHT (19) -> ASSAULT.
# The other fourteen kept their names and definitions. See docs/plover.md.
OLD_TO_CURRENT = {
    **{c: c for c in CATEGORIES},
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
# Where the old mode moves a record to another current category: the current manual puts the
# intentional destruction of property under ASSAULT 'destroy' (COERCE has no such mode) and
# forced displacement of people under COERCE 'deport'.
MODE_CATEGORY_OVERRIDES = {
    ("COERCE", "destroy"): "ASSAULT",
    ("FIGHT", "deport"): "COERCE",
}
# Old mode -> current mode name (per current category); modes absent here are not scored.
OLD_TO_CURRENT_MODE = {
    "ASSAULT": {
        "assassinate": "targeted",
        "beat": "beat",
        "explosives": "explosives",
        "primitive": "primitive",
        "sexual": "sexual",
        "suicide-attack": "suicide-attack",
        "torture": "torture",
        "firearms": "firearms",
        "heavy-weapons": "heavy-weapons",
        "destroy": "destroy",
    },
    "COERCE": {
        "arrest": "arrest",
        "detain": "arrest",
        "ban": "restrict",
        "restrict": "restrict",
        "censor": "censor",
        "confiscate": "seize",
        "curfew": "curfew",
        "deport": "deport",
        "martial-law": "martial-law",
    },
    "CONSULT": {
        "visit": "visit",
        "host": "visit",
        "multilateral": "multilateral",
        "phone": "phone",
        "third-party": "third-party",
    },
    "MOBILIZE": {"troops": "troops", "police": "police", "weapons": "weapons"},
    "PROTEST": {
        "demo-org": "demo",
        "demo-spon": "demo",
        "riot": "riot",
        "riot-spon": "riot",
        "strike-gen": "strike",
        "strike-hun": "hunger",
        "obstruct": "obstruct",
    },
    "THREATEN": {
        "curfew": "restrict",
        "martial-law": "restrict",
        "restrict": "restrict",
        "political": "restrict",
        "relations": "relations",
        "violence": "violence",
    },
}

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "and",
        "or",
        "with",
        "its",
        "their",
        "his",
        "her",
        "s",
        "de",
        "al",
        "le",
        "la",
        "du",
        "...",
        "some",
        "several",
        "many",
        "most",
        "all",
        "other",
        "others",
    ]
)


def map_category(old: str, old_mode: str | None = None) -> str | None:
    """The current category of an old gold record; None for records that are not events."""
    override = MODE_CATEGORY_OVERRIDES.get((old, (old_mode or "").strip()))
    if override is not None:
        return override
    return OLD_TO_CURRENT.get(old)


def map_mode(old: str, old_mode: str | None) -> str | None:
    """The current mode name of an old gold record's mode, or None when it has no counterpart."""
    category = map_category(old, old_mode)
    if category is None or not old_mode:
        return None
    return OLD_TO_CURRENT_MODE.get(category, {}).get(old_mode.strip())


@dataclass
class Gold:
    id: str
    text: str
    old_category: str
    category: str
    mode: str | None
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    event_words: frozenset[str] = frozenset()


def _actor_texts(value: object) -> list[str]:
    if not isinstance(value, list):
        return []  # a few records hold "" or a stray string here
    return [a["actorText"].strip() for a in value if isinstance(a, dict) and a.get("actorText", "").strip()]


def parse_gold(records: Iterable[dict]) -> list[Gold]:
    out: list[Gold] = []
    for r in records:
        text = r.get("text")
        category = map_category(r.get("event", ""), r.get("mode"))
        if not text or category is None:  # the DOCUMENT header record
            continue
        out.append(
            Gold(
                id=r["id"],
                text=text,
                old_category=r["event"],
                category=category,
                mode=map_mode(r["event"], r.get("mode")),
                sources=_actor_texts(r.get("source")),
                targets=_actor_texts(r.get("target")),
                event_words=frozenset(_WORD.findall(r.get("eventText", "").lower())),
            )
        )
    return out


def load_gold(data: Path) -> list[Gold]:
    return parse_gold(json.loads((data / GOLD_FILE).read_text(encoding="utf-8")))


@dataclass
class Pred:
    """One system event, reduced to what the scores need."""

    category: str
    trigger: str
    depth: int  # dependency distance from the sentence root
    start: int  # token index of the trigger
    mode: str | None = None
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    status: str = "unknown"


def main_event(preds: Sequence[Pred]) -> Pred | None:
    """The sentence's main event: the non-OTHER event whose trigger is closest to the root of the
    parse, the first one in the text on a tie; an OTHER event only when nothing else is there."""
    if not preds:
        return None
    coded = [p for p in preds if p.category != "OTHER"] or list(preds)
    return min(coded, key=lambda p: (p.depth, p.start))


def aligned_event(preds: Sequence[Pred], event_words: frozenset[str]) -> Pred | None:
    """Diagnostic only: the main event among those whose trigger is one of the gold event words."""
    return main_event([p for p in preds if p.trigger.lower() in event_words])


def _tokens(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower().replace("'s", "")) if w not in _STOP}


_NAME_SUFFIXES = ("ians", "ian", "ans", "ish", "ese", "an", "ey", "es", "is", "i", "y", "a", "s")


def _stem(word: str) -> str:
    """A name without its demonym or plural ending: 'israeli' -> 'israel', 'turkish' -> 'turk'."""
    for suffix in _NAME_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _word_match(a: str, b: str) -> bool:
    """Same word, or the same name in another form: 'Israel'/'Israeli', 'Turkey'/'Turkish',
    'China'/'Chinese' (stems equal, or one stem begins the other, at least four letters)."""
    if a == b:
        return True
    sa, sb = _stem(a), _stem(b)
    short, long_ = sorted((sa, sb), key=len)
    return len(short) >= 4 and long_.startswith(short)


def actors_match(gold: Sequence[str], predicted: Sequence[str]) -> bool:
    """Whether any gold actor and any predicted participant share a content word (lowercased,
    stop words and possessive 's dropped; name forms match by `_word_match`)."""
    gold_words = set().union(*(_tokens(g) for g in gold)) if gold else set()
    pred_words = set().union(*(_tokens(p) for p in predicted)) if predicted else set()
    return any(_word_match(g, p) for g in gold_words for p in pred_words)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Scores:
    n: int
    accuracy: float
    macro_f1: float
    per_category: dict[str, tuple[int, int, float, float, float]]  # gold n, pred n, P, R, F1
    confusions: list[tuple[str, str, int]]
    detected: int


def score(gold: Sequence[str], predicted: Sequence[str]) -> Scores:
    """Accuracy, and macro-F1 over the categories present in the gold (a sentence with no event
    is predicted `none`, which is wrong for every gold category)."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    n = len(gold)
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    gold_n = Counter(gold)
    pred_n = Counter(predicted)
    tp = Counter(g for g, p in zip(gold, predicted, strict=True) if g == p)
    labels = [c for c in (*CATEGORIES, "OTHER") if gold_n[c]]
    labels += sorted(set(gold_n) - set(labels))
    per = {c: (gold_n[c], pred_n[c], *prf(tp[c], pred_n[c], gold_n[c])) for c in labels}
    for c in sorted(set(pred_n) - set(per)):
        per[c] = (0, pred_n[c], 0.0, 0.0, 0.0)
    macro = sum(per[c][4] for c in labels) / len(labels) if labels else 0.0
    confusions = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    return Scores(
        n=n,
        accuracy=correct / n if n else 0.0,
        macro_f1=macro,
        per_category=per,
        confusions=[(g, p, k) for (g, p), k in confusions.most_common()],
        detected=sum(p != NONE for p in predicted),
    )


def report(s: Scores, top: int = 15) -> str:
    lines = [
        f"sentences: {s.n}; event detected in {s.detected} ({s.detected / max(s.n, 1):.1%})",
        f"category accuracy: {s.accuracy:.3f}   macro-F1 (over gold categories): {s.macro_f1:.3f}",
        "",
        f"{'category':<10} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for c, (g, p, prec, rec, f1) in s.per_category.items():
        lines.append(f"{c:<10} {g:>5} {p:>5} {prec:>6.2f} {rec:>6.2f} {f1:>6.2f}")
    lines.append("")
    lines.append(f"most frequent confusions (gold -> predicted), {sum(k for *_, k in s.confusions)} errors:")
    for g, p, k in s.confusions[:top]:
        lines.append(f"  {g:<10} -> {p:<10} {k}")
    return "\n".join(lines)


def _rate(hits: int, n: int) -> str:
    return f"{hits}/{n} = {hits / n:.3f}" if n else "n/a"


def doc_preds(doc, plover_coding: bool = True) -> list[Pred]:
    """The events newstrace left on a parsed sentence; with `plover_coding` each category is turned
    into PLOVER's single code by `newstrace.nlp.events.plover_category` (future cooperation AGREE ...)."""
    from newstrace.nlp.event_lexicon import LIGHT_VERBS

    out = []
    for e in doc._.events or []:
        tok = e.trigger.root
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_ == "state":
            tok = tok.head.head  # "declared a state of siege": the event is the state
        if tok.dep_ in ("dobj", "nsubj", "nsubjpass") and tok.head.lemma_ in LIGHT_VERBS:
            tok = tok.head  # "imposed sanctions": the noun event sits where its light verb does
        depth = 0
        while tok.head.i != tok.i and depth < 50:  # spaCy makes a new Token per access: compare indices
            tok = tok.head
            depth += 1
        out.append(
            Pred(
                category=_plover_category(e) if plover_coding else e.category,
                trigger=e.trigger.text,
                depth=depth,
                start=e.trigger.start,
                mode=e.mode,
                actors=[a.text for a in e.actors],
                targets=[t.text for t in e.targets],
                status=e.status,
            )
        )
    return out


def _plover_category(e) -> str:
    from newstrace.nlp import events

    coder = getattr(events, "plover_category", None)
    return coder(e.category, e.status) if coder is not None else e.category


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"folder holding {GOLD_FILE}")
    parser.add_argument("--pred-out", type=Path, default=None, help="write one JSON line per sentence")
    args = parser.parse_args(argv)
    if not (args.data / GOLD_FILE).is_file():
        print(f"plover: no {GOLD_FILE} in {args.data}", file=sys.stderr)
        return 2

    from newstrace.nlp.pipeline import build_pipeline

    gold = load_gold(args.data)
    nlp = build_pipeline()
    docs = list(nlp.pipe(g.text for g in gold))
    preds = [doc_preds(doc) for doc in docs]
    chosen = [main_event(p) for p in preds]
    raw = [main_event(doc_preds(doc, plover_coding=False)) for doc in docs]
    raw_accuracy = sum(
        (c.category if c is not None else NONE) == g.category for c, g in zip(raw, gold, strict=True)
    ) / len(gold)
    predicted = [c.category if c is not None else NONE for c in chosen]
    s = score([g.category for g in gold], predicted)
    print(f"gold: {args.data / GOLD_FILE}")
    print(report(s))
    print(
        "\n(categories as newstrace records them, before PLOVER's single-code rules: "
        f"accuracy {raw_accuracy:.3f})"
    )

    with_src = [(g, c) for g, c in zip(gold, chosen, strict=True) if g.sources]
    with_tar = [(g, c) for g, c in zip(gold, chosen, strict=True) if g.targets]
    src_hits = sum(c is not None and actors_match(g.sources, c.actors) for g, c in with_src)
    tar_hits = sum(c is not None and actors_match(g.targets, c.targets) for g, c in with_tar)
    src_any = sum(c is not None and actors_match(g.sources, c.actors + c.targets) for g, c in with_src)
    print("\nparticipants of the main event (shared content word, see docs/plover.md):")
    print(f"  actor match  (gold source ~ predicted actors):  {_rate(src_hits, len(with_src))}")
    print(f"  target match (gold target ~ predicted targets): {_rate(tar_hits, len(with_tar))}")
    print(f"  gold source among any predicted participant:    {_rate(src_any, len(with_src))}")

    moded = [(g, c) for g, c in zip(gold, chosen, strict=True) if g.mode is not None]
    same_cat = [(g, c) for g, c in moded if c is not None and c.category == g.category]
    mode_hits = sum(c.mode == g.mode for g, c in same_cat)
    print(
        f"\nmode: {len(moded)} gold records with a comparable mode, {len(same_cat)} with the right category"
    )
    print(f"  mode accuracy where the category is right: {_rate(mode_hits, len(same_cat))}")
    print(f"  mode accuracy over all comparable records: {_rate(mode_hits, len(moded))}")

    aligned = [aligned_event(p, g.event_words) for p, g in zip(preds, gold, strict=True)]
    n_aligned = sum(a is not None for a in aligned)
    a_hits = sum(a is not None and a.category == g.category for a, g in zip(aligned, gold, strict=True))
    print(
        f"\ndiagnostic: an event on a gold event word in {n_aligned} sentences; its category right in "
        f"{_rate(a_hits, n_aligned)}"
    )

    if args.pred_out is not None:
        args.pred_out.parent.mkdir(parents=True, exist_ok=True)
        with args.pred_out.open("w", encoding="utf-8") as fh:
            for g, c, p in zip(gold, chosen, preds, strict=True):
                row = {
                    "id": g.id,
                    "gold": g.category,
                    "gold_old": g.old_category,
                    "gold_mode": g.mode,
                    "pred": c.category if c is not None else NONE,
                    "main": asdict(c) if c is not None else None,
                    "events": [asdict(x) for x in p],
                }
                fh.write(json.dumps(row) + "\n")
        print(f"\npredictions written to {args.pred_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
