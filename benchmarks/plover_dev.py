"""PLOVER categories on the project's own development set (benchmarks/gold/plover_dev/dev.jsonl).

    python benchmarks/plover_dev.py [--data benchmarks/gold/plover_dev/dev.jsonl] [--show-errors]
        [--pred-out FILE]

The dev set was written for newstrace from the PLOVER manual's definitions (see its README); unlike
the PLOVER gold file read by benchmarks/plover.py it MAY be used to find and fix rule errors. The
scoring is benchmarks/plover.py's own (`doc_preds`, `main_event`, `score`, `report`,
`actors_match`), imported, not copied, so both benchmarks choose the main event and count alike.
One difference follows from the data: the dev set has OTHER sentences (no PLOVER event), so a
sentence where the system finds no event at all is predicted OTHER here rather than `none`.

Printed: accuracy, macro-F1 (over the gold categories, OTHER included), the per-category table and
confusions, actor and target match of the main event, mode accuracy, and the share of sentences
whose main event sits on the gold trigger word.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "benchmarks" / "gold" / "plover_dev" / "dev.jsonl"

# The PLOVER manual's modes, by category (its tables); AGREE, SUPPORT, CONCEDE, COOPERATE and AID
# have none. A dev line's mode is one of these or null.
MANUAL_MODES: dict[str, frozenset[str]] = {
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "RETREAT": frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
    "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "THREATEN": frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}),
    "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
    "COERCE": frozenset(
        {
            "seize",
            "restrict",
            "censor",
            "curfew",
            "martial-law",
            "arrest",
            "deport",
            "withhold",
            "misinformation",
            "cyber",
        }
    ),
    "ASSAULT": frozenset(
        {
            "abduct",
            "beat",
            "torture",
            "sexual",
            "targeted",
            "destroy",
            "primitive",
            "firearms",
            "explosives",
            "suicide-attack",
            "aerial",
            "drone",
            "heavy-weapons",
            "crowd-control",
            "unconventional",
        }
    ),
}


def _load_plover_benchmark():
    """benchmarks/ is no package: load plover.py by path, as the tests do."""
    spec = importlib.util.spec_from_file_location("plover_benchmark", Path(__file__).with_name("plover.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


bench = _load_plover_benchmark()


@dataclass(frozen=True)
class DevItem:
    id: str
    text: str
    category: str
    mode: str | None
    actor: str | None
    target: str | None
    trigger: str | None


def load_dev(path: Path) -> list[DevItem]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [DevItem(**row) for row in rows]


def dev_label(pred) -> str:
    """The dev set's label for a chosen main event: no event at all counts as OTHER (no PLOVER event)."""
    return "OTHER" if pred is None else pred.category


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show-errors", action="store_true", help="print every wrong sentence")
    parser.add_argument("--pred-out", type=Path, default=None, help="write one JSON line per sentence")
    args = parser.parse_args(argv)

    from newstrace.nlp.pipeline import build_pipeline

    items = load_dev(args.data)
    nlp = build_pipeline()
    docs = list(nlp.pipe(it.text for it in items))
    preds = [bench.doc_preds(doc) for doc in docs]
    chosen = [bench.main_event(p) for p in preds]
    predicted = [dev_label(c) for c in chosen]
    s = bench.score([it.category for it in items], predicted)
    s = replace(s, detected=sum(c is not None for c in chosen))  # sentences with any event at all
    print(f"dev: {args.data}")
    print(bench.report(s))

    with_actor = [(it, c) for it, c in zip(items, chosen, strict=True) if it.actor and it.category != "OTHER"]
    with_target = [
        (it, c) for it, c in zip(items, chosen, strict=True) if it.target and it.category != "OTHER"
    ]
    a_hits = sum(c is not None and bench.actors_match([it.actor], c.actors) for it, c in with_actor)
    t_hits = sum(c is not None and bench.actors_match([it.target], c.targets) for it, c in with_target)
    print("\nparticipants of the main event (shared content word, as benchmarks/plover.py):")
    print(f"  actor match:  {bench._rate(a_hits, len(with_actor))}")
    print(f"  target match: {bench._rate(t_hits, len(with_target))}")

    moded = [(it, c) for it, c in zip(items, chosen, strict=True) if it.mode is not None]
    right = [(it, c) for it, c in moded if c is not None and c.category == it.category]
    m_hits = sum(c.mode == it.mode for it, c in right)
    print(f"\nmode accuracy where the category is right: {bench._rate(m_hits, len(right))}")
    coded = [(it, c) for it, c in zip(items, chosen, strict=True) if it.trigger]
    on_trigger = sum(c is not None and c.trigger.lower() == it.trigger.lower() for it, c in coded)
    print(f"main event on the gold trigger word: {bench._rate(on_trigger, len(coded))}")

    if args.show_errors:
        print("\nerrors (id gold -> predicted [trigger] / gold trigger):")
        for it, c, p in zip(items, chosen, predicted, strict=True):
            if p != it.category:
                trig = c.trigger if c is not None else "-"
                print(f"  {it.id} {it.category:<9} -> {p:<9} [{trig}] / {it.trigger}  {it.text}")

    if args.pred_out is not None:
        args.pred_out.parent.mkdir(parents=True, exist_ok=True)
        with args.pred_out.open("w", encoding="utf-8") as fh:
            for it, c, p, evs in zip(items, chosen, predicted, preds, strict=True):
                row = {
                    "id": it.id,
                    "gold": it.category,
                    "pred": p,
                    "main": asdict(c) if c else None,
                    "events": [asdict(e) for e in evs],
                }
                fh.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
