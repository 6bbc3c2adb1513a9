"""Event status benchmark: newstrace's event statuses against a hand-annotated gold set.

    python benchmarks/status.py --data benchmarks/gold/status/test.jsonl [--pred-out FILE] \
        [--show-errors]

The gold set (format and annotation conventions: benchmarks/gold/status/README.md) has one line
per sentence: its text, a publication date and the event mentions in it, each as its trigger word
as written, which whole-word occurrence of that string it is (1-based) and its status.

Each sentence is run through the newstrace pipeline (`build_pipeline`, rules attribution) with
`doc._.published` set first, as `newstrace.analysis` does. A gold event is *detected* when a
system event's trigger span covers the gold trigger's characters; its predicted status is that
event's status. An undetected gold event is predicted "missed", which is wrong for recall.

Printed: the detection rate; per status precision, recall, F1 and support over all gold events
(misses wrong), macro-F1 over the statuses present in the gold; the same macro-F1 and the
accuracy over detected events only (so lexicon misses and status errors can be told apart); and
a confusion matrix (rows gold, columns predicted). `--pred-out` writes one JSON line per sentence
with every gold event's prediction and every system event.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "benchmarks" / "gold" / "status" / "test.jsonl"

STATUSES = ("occurred", "ongoing", "planned", "possible", "threatened", "denied", "negated", "unknown")
MISSED = "missed"  # the predicted "status" of a gold event the system did not find as an event


# -- gold -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEvent:
    sentence: str  # the line's id
    trigger: str
    occurrence: int  # 1-based, whole-word occurrences of `trigger`
    start: int
    end: int
    status: str


def find_trigger(text: str, trigger: str, occurrence: int) -> int:
    """Character offset of the `occurrence`-th (1-based) whole-word occurrence of `trigger`; -1 if none.

    Whole-word: not preceded or followed by a letter, digit or underscore, so "strike" is not
    found inside "strikes" or "airstrike"."""
    if occurrence < 1:
        return -1
    pattern = re.compile(rf"(?<!\w){re.escape(trigger)}(?!\w)")
    for n, m in enumerate(pattern.finditer(text), 1):
        if n == occurrence:
            return m.start()
    return -1


def read_gold(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def gold_events(row: dict[str, Any]) -> list[GoldEvent]:
    out = []
    for ev in row["events"]:
        start = find_trigger(row["text"], ev["trigger"], ev["occurrence"])
        if start < 0:
            raise ValueError(f"{row['id']}: {ev['trigger']!r} #{ev['occurrence']} is not in the text")
        if ev["status"] not in STATUSES:
            raise ValueError(f"{row['id']}: unknown status {ev['status']!r}")
        out.append(
            GoldEvent(
                row["id"], ev["trigger"], ev["occurrence"], start, start + len(ev["trigger"]), ev["status"]
            )
        )
    return out


# -- predictions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PredEvent:
    start: int
    end: int
    trigger: str
    category: str
    status: str


def align(gold: GoldEvent, preds: Iterable[PredEvent]) -> PredEvent | None:
    """The system event whose trigger span covers the gold trigger (the shortest such span)."""
    covering = [p for p in preds if p.start <= gold.start and gold.end <= p.end]
    return min(covering, key=lambda p: p.end - p.start, default=None)


def predict(nlp, rows: Sequence[dict[str, Any]]) -> list[list[PredEvent]]:
    """Run the pipeline over the sentences, each with its publication date set first."""
    docs = []
    for row in rows:
        doc = nlp.make_doc(row["text"])
        doc._.published = row.get("published")
        docs.append(doc)
    out = []
    for doc in nlp.pipe(docs):
        out.append(
            [
                PredEvent(e.trigger.start_char, e.trigger.end_char, e.trigger.text, e.category, e.status)
                for e in doc._.events or []
            ]
        )
    return out


# -- scoring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusScore:
    status: str
    precision: float
    recall: float
    f1: float
    support: int  # gold events with this status
    predicted: int  # gold events predicted with this status


@dataclass
class Scores:
    n: int
    detected: int
    per_status: list[StatusScore]
    macro_f1: float  # over statuses with gold support, misses wrong
    macro_f1_detected: float  # the same over detected events only
    accuracy: float  # over all gold events
    accuracy_detected: float  # over detected events
    confusion: Counter  # (gold, predicted) -> count; predicted may be MISSED


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def per_status(pairs: Sequence[tuple[str, str]]) -> list[StatusScore]:
    """Precision, recall and F1 for each status from (gold, predicted) pairs."""
    rows = []
    for s in STATUSES:
        tp = sum(g == s and p == s for g, p in pairs)
        n_pred = sum(p == s for _, p in pairs)
        n_gold = sum(g == s for g, _ in pairs)
        rows.append(StatusScore(s, *_prf(tp, n_pred, n_gold), n_gold, n_pred))
    return rows


def macro_f1(rows: Sequence[StatusScore]) -> float:
    """Mean F1 over the statuses that occur in the gold."""
    present = [r.f1 for r in rows if r.support > 0]
    return sum(present) / len(present) if present else 0.0


def score(pairs: Sequence[tuple[str, str | None]]) -> Scores:
    """Score (gold status, predicted status or None when the event was not detected) pairs."""
    full = [(g, p if p is not None else MISSED) for g, p in pairs]
    detected = [(g, p) for g, p in full if p != MISSED]
    rows = per_status(full)
    return Scores(
        n=len(full),
        detected=len(detected),
        per_status=rows,
        macro_f1=macro_f1(rows),
        macro_f1_detected=macro_f1(per_status(detected)),
        accuracy=sum(g == p for g, p in full) / len(full) if full else 0.0,
        accuracy_detected=sum(g == p for g, p in detected) / len(detected) if detected else 0.0,
        confusion=Counter(full),
    )


# -- report ---------------------------------------------------------------------------------


def print_table(scores: Scores, n_sentences: int, out=None) -> None:
    out = out if out is not None else sys.stdout
    n, d = scores.n, scores.detected
    print(f"gold: {n} event mentions in {n_sentences} sentences", file=out)
    print(f"detected as events: {d}/{n} ({100 * d / n if n else 0:.1f}%)", file=out)
    print(file=out)
    print(f"{'status':<12} {'P':>6} {'R':>6} {'F1':>6} {'support':>8} {'predicted':>10}", file=out)
    print("-" * 53, file=out)
    for r in scores.per_status:
        p, rc, f = f"{r.precision:>6.3f}", f"{r.recall:>6.3f}", f"{r.f1:>6.3f}"
        print(f"{r.status:<12} {p} {rc} {f} {r.support:>8} {r.predicted:>10}", file=out)
    print("-" * 53, file=out)
    print(f"macro-F1 (all gold events, misses wrong): {scores.macro_f1:.3f}", file=out)
    print(f"macro-F1 (detected events only):          {scores.macro_f1_detected:.3f}", file=out)
    print(f"accuracy (all gold events):               {scores.accuracy:.3f}", file=out)
    print(f"accuracy (detected events only):          {scores.accuracy_detected:.3f} ({d} events)", file=out)
    print(file=out)
    cols = [*STATUSES, MISSED]
    short = {s: s[:5] for s in cols}
    print("confusion (rows gold, columns predicted):", file=out)
    print(f"{'':<12}" + "".join(f"{short[c]:>7}" for c in cols), file=out)
    for g in STATUSES:
        print(f"{g:<12}" + "".join(f"{scores.confusion[(g, c)]:>7}" for c in cols), file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="gold JSONL (default: %(default)s)")
    parser.add_argument("--pred-out", type=Path, help="write predictions as JSONL here")
    parser.add_argument("--show-errors", action="store_true", help="list every miss and wrong status")
    args = parser.parse_args(argv)

    from newstrace.nlp.pipeline import build_pipeline

    rows = read_gold(args.data)
    golds = [gold_events(row) for row in rows]  # validate before loading the model
    nlp = build_pipeline(attribution="rules")
    preds = predict(nlp, rows)

    pairs: list[tuple[str, str | None]] = []
    errors: list[str] = []
    records = []
    for row, gold, pred in zip(rows, golds, preds, strict=True):
        judged = []
        for g in gold:
            p = align(g, pred)
            got = p.status if p is not None else None
            pairs.append((g.status, got))
            judged.append(
                {
                    "trigger": g.trigger,
                    "occurrence": g.occurrence,
                    "gold": g.status,
                    "predicted": got if got is not None else MISSED,
                    "category": p.category if p is not None else None,
                }
            )
            if got != g.status:
                errors.append(
                    f"{row['id']} {g.trigger!r}: gold {g.status}, got {got or MISSED} | {row['text']}"
                )
        records.append(
            {
                "id": row["id"],
                "text": row["text"],
                "gold_events": judged,
                "system_events": [
                    {"trigger": p.trigger, "start": p.start, "category": p.category, "status": p.status}
                    for p in pred
                ],
            }
        )

    print(f"data: {args.data}")
    print_table(score(pairs), len(rows))
    if args.show_errors:
        print("\nerrors:")
        for line in errors:
            print(line)
    if args.pred_out is not None:
        with args.pred_out.open("w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
