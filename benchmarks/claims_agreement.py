"""Claims: how far a second annotator agrees with the gold set, scored as the linker is (issue 6).

`benchmarks/gold/claims/second/` holds claims of twelve dev stories annotated a second time, blind,
from their articles alone, by annotators who had read only the gold README and seven other dev
stories (see its README). Each gold mention goes to the other annotation's mention of the same
article that overlaps it most, and so to that mention's claim; B-cubed precision, recall and F1 over
the gold mentions, and the rate of gold claims whose independent count (and first report) is that
of the other annotation's claim holding most of its mentions: exactly `benchmarks/claims.py`'s
scoring, with a second annotation in place of the linker. With `--swap` the roles change places.

    python benchmarks/claims_agreement.py [--other FILE ...] [--swap]

By default both files of `second/`, together. What a careful reader reaches here is the scale for
the linker's figures on the same stories (`benchmarks/claims.py --gold DIR` on them).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from newstrace.link.metrics import bcubed

sys.path.insert(0, str(Path(__file__).resolve().parent))
from claims import DEFAULT_GOLD, read_jsonl

SECOND = DEFAULT_GOLD / "second"


def agreement(reference: list[dict], other: list[dict], texts: dict[str, str]) -> dict[str, float]:
    """Scores of `other` against `reference` (claims of the same stories, the gold set's format)."""
    stories = {c["story"] for c in other}
    reference = [c for c in reference if c["story"] in stories]
    spans: dict[str, list[tuple[int, int, dict]]] = {}
    for claim in other:
        for mention in claim["mentions"]:
            start = texts[mention["article"]].find(mention["text"])
            if start >= 0:
                spans.setdefault(mention["article"], []).append((start, start + len(mention["text"]), claim))
    true: dict[str, str] = {}
    pred: dict[str, str] = {}
    counts = firsts = 0
    for claim in reference:
        holders: Counter[str] = Counter()
        by_id: dict[str, dict] = {}
        for n, mention in enumerate(claim["mentions"]):
            item = f"{claim['claim']}#{n}"
            true[item] = claim["claim"]
            start = texts[mention["article"]].find(mention["text"])
            end = start + len(mention["text"])
            best, overlap = None, 0
            for s, e, candidate in spans.get(mention["article"], []):
                if min(e, end) - max(s, start) > overlap:
                    best, overlap = candidate, min(e, end) - max(s, start)
            if best is not None:
                pred[item] = best["claim"]
                holders[best["claim"]] += 1
                by_id[best["claim"]] = best
        top = by_id[holders.most_common(1)[0][0]] if holders else None
        counts += bool(top and top["independent_sources"] == claim["independent_sources"])
        firsts += bool(top and top["first_reported_by"] == claim["first_reported_by"])
    scores = bcubed(true, pred)
    return {
        "claims": len(reference),
        "mentions": len(true),
        "precision": scores.precision,
        "recall": scores.recall,
        "f1": scores.f1,
        "independent_exact": counts / len(reference) if reference else 0.0,
        "first_reported_by": firsts / len(reference) if reference else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", nargs="+", type=Path, help="second annotations (default: all of second/)")
    parser.add_argument("--swap", action="store_true", help="score the gold against the second annotation")
    args = parser.parse_args(argv)
    files = args.other or sorted(SECOND.glob("*.jsonl"))
    texts = {a["id"]: a["text"] for a in read_jsonl(DEFAULT_GOLD / "articles.jsonl")}
    gold = read_jsonl(DEFAULT_GOLD / "claims.jsonl")
    other = [claim for path in files for claim in read_jsonl(path)]
    stories = {c["story"] for c in other}
    if args.swap:
        scores = agreement(other, [c for c in gold if c["story"] in stories], texts)
    else:
        scores = agreement(gold, other, texts)
    print(f"{len(stories)} stories: {' '.join(sorted(stories, key=lambda s: int(s[1:])))}")
    print(f"reference: {'second annotation' if args.swap else 'gold'}")
    print("claims  ments   B3 P   B3 R  B3 F1  indep=  first")
    print(
        f"{scores['claims']:6d} {scores['mentions']:6d} {scores['precision']:6.3f} {scores['recall']:6.3f} "
        f"{scores['f1']:6.3f} {scores['independent_exact']:7.3f} {scores['first_reported_by']:6.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
