"""The partial-credit span metric of the Propaganda Techniques Corpus (Da San Martino et al.,
EMNLP 2019, "Fine-grained analysis of propaganda in news articles"; SemEval-2020 Task 11).

For predicted spans S and gold spans T of one article, with l(x) the technique of a span,

    C(s, t, h) = |s ∩ t| / h * [l(s) == l(t)]
    P(S, T) = 1/|S| * sum over s in S, t in T of C(s, t, |s|)
    R(S, T) = 1/|T| * sum over s in S, t in T of C(s, t, |t|)

summed over articles before dividing (|S| and |T| count all articles' spans), F1 their harmonic
mean. This is the FLC metric of the 2019 paper; "all techniques" requires the technique to match
(the technique-aware form), unlike the SemEval SI scorer, which ignores labels. As the SemEval
scorers do, overlapping spans of one technique in one article are first merged (PTC lists some
spans twice, and a system may emit overlapping spans), so no character is credited twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

LabeledSpan = tuple[str, str, int, int]  # article id, technique, start, end (characters)


@dataclass(frozen=True)
class SpanScore:
    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching-by-overlap spans joined; empty spans dropped."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _grouped(spans: Iterable[LabeledSpan]) -> dict[tuple[str, str], list[tuple[int, int]]]:
    groups: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for article, technique, start, end in spans:
        groups[(article, technique)].append((start, end))
    return {key: merge(value) for key, value in groups.items()}


def _overlap_credit(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> float:
    """Sum over spans x in a of |x ∩ (union of b)| / |x|; b is merged, so no double counting."""
    total = 0.0
    for start, end in a:
        covered = sum(max(0, min(end, e) - max(start, s)) for s, e in b)
        total += covered / (end - start)
    return total


def span_scores(
    predicted: Iterable[LabeledSpan], gold: Iterable[LabeledSpan], technique: str | None = None
) -> SpanScore:
    """P/R/F1 over all techniques (technique must match), or over one `technique` only."""
    pred = _grouped(p for p in predicted if technique is None or p[1] == technique)
    ref = _grouped(g for g in gold if technique is None or g[1] == technique)
    n_pred = sum(len(v) for v in pred.values())
    n_gold = sum(len(v) for v in ref.values())
    p_credit = sum(_overlap_credit(spans, ref.get(key, [])) for key, spans in pred.items())
    r_credit = sum(_overlap_credit(spans, pred.get(key, [])) for key, spans in ref.items())
    precision = p_credit / n_pred if n_pred else 0.0
    recall = r_credit / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return SpanScore(precision, recall, f1, n_pred, n_gold)
