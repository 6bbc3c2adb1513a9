"""Article-body extraction quality of newstrace's HTML reader beside plain trafilatura, in one run.

Reads every `DIR/*.html.gz` page, decodes it the way newstrace's ingest decodes an HTML file
(`decode_bytes`: UTF-8, otherwise the detected charset), extracts it with newstrace's reader
(`extract_html`; a page it rejects as "no article" is an empty prediction) and with
`trafilatura.extract(html)` at its default settings (and, for reference, with
`include_comments=False`, as the benchmark's own runner calls it), and writes newstrace's predictions as
`{ID: {"articleBody": text}}` to --pred-out (ID is the file name without `.html.gz`).

When a ground truth is found (--truth, default DIR/../ground-truth.json) it prints the article
extraction benchmark's shingle metric for both extractors (see `shingle_counts` and `score`),
the number of pages where each extracted nothing, and the seconds each spent extracting.

    python benchmarks/extraction.py \
        --html-dir ../shared/data/article-extraction/html --pred-out /tmp/newstrace-extraction.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import trafilatura

from newstrace.ingest.article import InputError
from newstrace.ingest.decode import decode_bytes
from newstrace.ingest.html import extract_html

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HTML_DIR = ROOT.parent / "shared" / "data" / "article-extraction" / "html"

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """All n-token shingles of a text (`\\w+` tokens), with multiplicity.

    As in the benchmark's own scorer, a text of 1..n-1 tokens is one short shingle and an
    empty text has none.
    """
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def shingle_counts(true: str, pred: str, n: int = SHINGLE_SIZE) -> tuple[float, float, float]:
    """One page's (TP, FP, FN) over shingles, normalised to sum to 1 (all 0 if both are empty)."""
    t, p = shingles(true, n), shingles(pred, n)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(pages: Iterable[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages, and the F1 of the two averages.

    As in the benchmark's scorer, precision is averaged over the pages with a prediction
    (TP + FP > 0) and recall over the pages with a true text (TP + FN > 0): a page extracted
    as empty costs recall, not precision; the number of such pages is reported separately.
    """
    pages = list(pages)
    precision = statistics.mean(tp / (tp + fp) for tp, fp, _ in pages if tp + fp > 0)
    recall = statistics.mean(tp / (tp + fn) for tp, _, fn in pages if tp + fn > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def newstrace_reader(html: str) -> str:
    try:
        return extract_html(html).text or ""
    except InputError:
        return ""


def trafilatura_reader(html: str) -> str:
    return trafilatura.extract(html) or ""


def trafilatura_no_comments_reader(html: str) -> str:
    """trafilatura as the benchmark's own runner calls it (its published figure)."""
    return trafilatura.extract(html, include_comments=False) or ""


READERS: dict[str, Callable[[str], str]] = {
    "newstrace": newstrace_reader,
    "trafilatura": trafilatura_reader,
    "trafilatura, no comments": trafilatura_no_comments_reader,
}


def read_page(path: Path) -> str:
    return decode_bytes(gzip.decompress(path.read_bytes()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--html-dir", type=Path, default=DEFAULT_HTML_DIR)
    parser.add_argument("--pred-out", type=Path, default=Path("/tmp/newstrace-extraction.json"))
    parser.add_argument("--truth", type=Path, help="default: HTML_DIR/../ground-truth.json if it exists")
    args = parser.parse_args(argv)

    paths = sorted(args.html_dir.glob("*.html.gz"))
    if not paths:
        parser.error(f"no *.html.gz pages in {args.html_dir}")
    truth_path = args.truth or args.html_dir.parent / "ground-truth.json"
    truth = json.loads(truth_path.read_text(encoding="utf-8")) if truth_path.exists() else None

    ids = [p.name.removesuffix(".html.gz") for p in paths]
    preds: dict[str, dict[str, str]] = {name: {} for name in READERS}
    seconds = dict.fromkeys(READERS, 0.0)
    # Warm both readers (lazy imports, first-call set-up) outside the timing.
    warm = read_page(paths[0])
    for reader in READERS.values():
        reader(warm)
    # Page by page, each reader in turn, so machine noise hits both alike.
    for page_id, path in zip(ids, paths, strict=True):
        html = read_page(path)
        for name, reader in READERS.items():
            start = time.perf_counter()
            preds[name][page_id] = reader(html)
            seconds[name] += time.perf_counter() - start

    args.pred_out.write_text(
        json.dumps({i: {"articleBody": t} for i, t in preds["newstrace"].items()}, ensure_ascii=False),
        encoding="utf-8",
    )
    print(f"pages: {len(paths)} from {args.html_dir}; newstrace predictions written to {args.pred_out}")
    if truth is None:
        print(f"no ground truth at {truth_path}: no scores")
        return 0
    missing = [i for i in ids if i not in truth]
    if missing:
        print(f"{len(missing)} pages have no ground truth (e.g. {missing[0]})", file=sys.stderr)
        return 2
    print(f"{'reader':24s} {'precision':>9s} {'recall':>7s} {'F1':>6s} {'empty':>6s} {'seconds':>8s}")
    for name in READERS:
        pages = [shingle_counts(truth[i].get("articleBody", ""), preds[name][i]) for i in ids]
        s = score(pages)
        empty = sum(1 for i in ids if not preds[name][i].strip())
        print(
            f"{name:24s} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f} "
            f"{empty:6d} {seconds[name]:8.1f}"
        )
    print(f"time ratio newstrace / trafilatura: {seconds['newstrace'] / seconds['trafilatura']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
