"""Event factuality benchmark on UW / UDS-IH2 style files.

    python benchmarks/factuality.py --data ../shared/data/factuality/uw/dev.jsonl \
        [--pred-out FILE.jsonl] [--model fast|FOLDER]

Each line of `--data` is a sentence, tokenized on spaces, with target events
(`{"text", "targets": [{"span1": [i, i + 1], "label"?}], "idx"}`). Every target is scored from -3
(certainly did not happen) to +3 (certainly happened) by the named factuality model
(`newstrace.nlp.factuality`): `fast` (bundled; the sentence is parsed by spaCy on its given tokens,
the status rules run on each target, then the ridge model) or a folder written by
`python -m newstrace.training.factuality` (an ONNX transformer reads the tokens directly).
`--pred-out` gets one line per input line, in order: `{"idx": ..., "predictions": [score per
target]}`. When the file has labels, Pearson r and mean absolute error over all targets are
printed, with the count of targets and, for reference, the same figures for the constant
prediction of the UW train mean and for the status rules alone (each status mapped to the mean
UW train label of the targets given it); both means are measured by the trainer and kept in the
`fast` model's meta.json.

A line that cannot be read is skipped, listed on stderr with its reason, and written to
`--pred-out` as `{"idx": null, "error": ...}` so the output keeps one line per input line.
Exit codes: 0 done, 2 bad arguments or no readable line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from newstrace.nlp import modality
from newstrace.nlp.factuality import LinearFactuality, OnnxFactuality, load_factuality, model_folder
from newstrace.training.factuality import Sentence, parse, pearson_mae, read_jsonl


def score(sentences: list[Sentence], model_name: str) -> tuple[list[list[float]], list[list[str]]]:
    """Predicted scores and rule statuses per sentence (statuses empty for transformer models)."""
    model = load_factuality(model_name)
    if isinstance(model, OnnxFactuality):
        return [model.sentence_scores(s.words, s.targets) for s in sentences], [[] for _ in sentences]
    assert isinstance(model, LinearFactuality)
    preds, statuses = [], []
    for sent, doc in zip(sentences, parse(sentences), strict=True):
        tokens = [doc[t] for t in sent.targets]
        status = [modality.event_status(tok, "OTHER") for tok in tokens]
        preds.append(model.scores(doc, tokens, status))
        statuses.append(status)
    return preds, statuses


def report(
    sentences: list[Sentence], preds: list[list[float]], statuses: list[list[str]], baseline: dict
) -> str:
    """The figures over all targets; `baseline` is the fast model's train means (see the docstring)."""
    gold = np.array([y for s in sentences for y in s.labels or []])
    pred = np.array([p for ps in preds for p in ps])
    lines = [f"targets {len(gold)}", "system              Pearson r     MAE"]
    r, mae = pearson_mae(pred, gold)
    lines.append(f"model               {r:9.4f} {mae:7.4f}")
    if any(statuses) and baseline.get("status_means"):
        means = baseline["status_means"]
        rule = np.array([means.get(x, baseline["train_mean"]) for st in statuses for x in st])
        r, mae = pearson_mae(rule, gold)
        lines.append(f"status rules only   {r:9.4f} {mae:7.4f}")
    if "train_mean" in baseline:
        const = np.full_like(gold, baseline["train_mean"])
        lines.append(f"constant train mean {'-':>9} {np.abs(const - gold).mean():7.4f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--pred-out", type=Path)
    parser.add_argument("--model", default="fast", help="fast, or a trained model's folder")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"factuality: {args.data}: no such file", file=sys.stderr)
        return 2
    items = list(read_jsonl(args.data))
    sentences = [it for it in items if isinstance(it, Sentence)]
    for it in items:
        if isinstance(it, str):
            print(f"factuality: skipped {it}", file=sys.stderr)
    if not sentences:
        print(f"factuality: {args.data}: no readable line", file=sys.stderr)
        return 2
    try:
        t0 = time.perf_counter()
        preds, statuses = score(sentences, args.model)
        took = time.perf_counter() - t0
    except FileNotFoundError as exc:
        print(f"factuality: {exc}", file=sys.stderr)
        return 2
    if args.pred_out:
        by_sentence = iter(zip(sentences, preds, strict=True))
        with args.pred_out.open("w", encoding="utf-8") as out:
            for it in items:
                if isinstance(it, str):
                    out.write(json.dumps({"idx": None, "error": it}) + "\n")
                    continue
                sent, ps = next(by_sentence)
                out.write(json.dumps({"idx": sent.idx, "predictions": [round(p, 4) for p in ps]}) + "\n")
    print(f"{args.data} with model {args.model}: {len(sentences)} sentences in {took:.1f}s")
    if all(s.labels is not None for s in sentences):
        meta = json.loads((model_folder("fast") / "meta.json").read_text(encoding="utf-8"))
        print(report(sentences, preds, statuses, meta.get("baseline", {})))
    return 0


if __name__ == "__main__":
    sys.exit(main())
