"""Reporting / opinion / mixed passages against the project's own gold set.

    python benchmarks/passages.py [--split dev|test|test2] [--show-errors]

Reads `benchmarks/gold/passages/{split}.jsonl` (one paragraph a line, written for the project;
conventions in its README), runs the full newstrace pipeline on each paragraph as an article of
its own and prints per-label precision, recall and F1 and the macro-F1 over the three labels.
Rules and weights are developed on dev only; test is for reporting.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from newstrace.nlp.pipeline import build_pipeline

GOLD = Path(__file__).resolve().parent / "gold" / "passages"
LABELS = ("reporting", "opinion", "mixed")


def load(split: str) -> list[dict]:
    return [
        json.loads(line)
        for line in (GOLD / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        if line
    ]


def scores(gold: list[str], predicted: list[str]) -> dict[str, dict[str, float]]:
    """Per-label P/R/F1 and their macro average."""
    out: dict[str, dict[str, float]] = {}
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        n_pred, n_gold = predicted.count(label), gold.count(label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = {"P": precision, "R": recall, "F1": f1, "n": n_gold}
    out["macro"] = {"F1": sum(out[label]["F1"] for label in LABELS) / len(LABELS)}
    return out


def predict(texts: list[str]) -> list[tuple[str, list[str]]]:
    """The label of each text (its only paragraph) and the cues that decided it."""
    nlp = build_pipeline()
    out = []
    for doc in nlp.pipe(texts):
        passages = doc._.framing.passages
        if not passages:
            out.append(("reporting", []))
            continue
        labels = Counter(p.label for p in passages)
        label = "mixed" if len(labels) > 1 else passages[0].label
        out.append((label, [f"{c.cue}:{c.span.text}" for p in passages for c in p.cues]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=("dev", "test", "test2"), default="dev")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    items = load(args.split)
    results = predict([item["text"] for item in items])
    gold = [item["label"] for item in items]
    predicted = [label for label, _ in results]
    table = scores(gold, predicted)
    print(f"passages {args.split}: {len(items)} paragraphs")
    print(f"{'label':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}")
    for label in LABELS:
        row = table[label]
        print(f"{label:<10} {row['P']:6.3f} {row['R']:6.3f} {row['F1']:6.3f} {row['n']:4d}")
    print(f"macro-F1   {table['macro']['F1']:.3f}")
    if args.show_errors:
        for item, (label, cues) in zip(items, results, strict=True):
            if label != item["label"]:
                print(f"\n{item['id']} gold {item['label']} got {label} {cues}\n  {item['text']}")


if __name__ == "__main__":
    main()
