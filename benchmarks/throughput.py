"""Throughput of the full `analyze` pipeline beside a bare en_core_web_sm `nlp.pipe`, in one run.

Both run over the same articles, in alternating rounds so machine noise hits both alike; the
figures are medians over rounds. The bare parse gets the already-extracted article text; the
full pipeline starts from the raw inputs (HTML extraction, language detection, our components,
record building), since that is what a user pays for.

    python benchmarks/throughput.py [PATHS...] [--repeat 8] [--rounds 5] [--attribution rules,fast,accurate]

One full pipeline per attribution model named in `--attribution`, each timed in every round
beside the bare parse; the breakdown that follows is for the first one, and ends with what events
and status (with the factuality model), framing (passages and the loaded-language CRF), and all
newstrace components, cost beside spaCy's own components.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import spacy

from newstrace.analysis import analyze_batch, prepare
from newstrace.ingest.article import ArticleInput
from newstrace.ingest.files import read_inputs
from newstrace.nlp.pipeline import build_pipeline, find_model

ROOT = Path(__file__).resolve().parent.parent


def load_inputs(paths: list[str], repeat: int) -> list[ArticleInput]:
    inputs = [i for i in read_inputs(paths) if isinstance(i, ArticleInput)]
    analysable = []
    for item in inputs:
        try:
            prepare(item)
        except Exception:  # non-article inputs are not part of the measurement
            continue
        analysable.append(item)
    return analysable * repeat


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "examples")])
    parser.add_argument("--repeat", type=int, default=8, help="repeat the inputs to make a longer run")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument(
        "--attribution", default="rules,fast,accurate", help="attribution models to time, comma-separated"
    )
    args = parser.parse_args()

    inputs = load_inputs(args.paths, args.repeat)
    texts = [prepare(i).text for i in inputs]
    words = sum(len(t.split()) for t in texts)
    bare = spacy.load(find_model())
    names = [n.strip() for n in args.attribution.split(",") if n.strip()]
    fulls = {name: build_pipeline(attribution=name) for name in names}
    # Warm every pipeline (first-call allocations, lazy imports) outside the timed rounds.
    list(bare.pipe(texts[:8]))
    for full in fulls.values():
        list(analyze_batch(inputs[:8], full))

    bare_rates: list[float] = []
    rates: dict[str, list[float]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(args.rounds):
        bare_rate = len(texts) / timed(lambda: list(bare.pipe(texts, batch_size=args.batch_size)))
        bare_rates.append(bare_rate)
        for name, full in fulls.items():
            rate = len(inputs) / timed(lambda full=full: list(analyze_batch(inputs, full, args.batch_size)))
            rates[name].append(rate)
            ratios[name].append(rate / bare_rate)

    print(f"articles: {len(inputs)} ({words} words), rounds: {args.rounds}, model: {find_model()}")
    print(f"bare spaCy nlp.pipe              : {statistics.median(bare_rates):7.1f} articles/s (median)")
    for name in names:
        r = ratios[name]
        print(
            f"newstrace analyze, {name:13s} : {statistics.median(rates[name]):7.1f} articles/s (median); "
            f"ratio to bare {statistics.median(r):.2f} (median of per-round ratios; "
            f"min {min(r):.2f}, max {max(r):.2f})"
        )
    print(f"breakdown for --attribution {names[0]}:")
    print_breakdown(fulls[names[0]], inputs, texts, args.rounds)


def print_breakdown(full, inputs: list[ArticleInput], texts: list[str], rounds: int) -> None:
    """Where the time goes: preparation, spaCy's own components and ours, each timed alone."""
    ours = [name for name in full.pipe_names if name.startswith("newstrace_")]
    costs: dict[str, list[float]] = {"prepare (HTML, language)": []}
    costs.update({name: [] for name in full.pipe_names})
    for _ in range(rounds):
        costs["prepare (HTML, language)"].append(timed(lambda: [prepare(i) for i in inputs]))
        docs = [full.make_doc(t) for t in texts]
        for name, proc in full.pipeline:
            costs[name].append(timed(lambda proc=proc, docs=docs: [proc(d) for d in docs]))
    total = sum(statistics.median(v) for v in costs.values())
    print("breakdown (median seconds per round over all articles, share of the total):")
    for name, values in costs.items():
        mark = "  <- newstrace" if name in ours else ""
        share = statistics.median(values) / total
        print(f"  {name:26s} {statistics.median(values):7.3f} s  {share:6.1%}{mark}")
    parse = sum(statistics.median(costs[name]) for name in full.pipe_names if name not in ours)
    for group in (("newstrace_events", "newstrace_status"), ("newstrace_framing",), tuple(ours)):
        present = [name for name in group if name in costs]
        if present:
            cost = sum(statistics.median(costs[name]) for name in present)
            print(f"  {' + '.join(present)}: {cost / parse:.1%} of spaCy's own components (the parse)")


if __name__ == "__main__":
    main()
