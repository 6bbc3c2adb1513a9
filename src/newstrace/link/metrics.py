"""Clustering scores against a true grouping: B-cubed and pairwise precision, recall and F1.

Both take two mappings item -> cluster label over the same items (items missing from the prediction
are scored as singletons). B-cubed (Bagga & Baldwin 1998) averages, over items, the share of the item's
predicted cluster that is truly with it (precision) and the share of its true cluster that is predicted
with it (recall); each item counts itself. Pairwise counts the unordered pairs of distinct items placed
together: precision over predicted pairs, recall over true pairs (1.0 when there are none to get).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _aligned(true: Mapping[str, Hashable], pred: Mapping[str, Hashable]) -> dict[str, Hashable]:
    return {item: pred.get(item, ("singleton", item)) for item in true}


def bcubed(true: Mapping[str, Hashable], pred: Mapping[str, Hashable]) -> Scores:
    if not true:
        return Scores(1.0, 1.0)
    pred = _aligned(true, pred)
    both = Counter((true[item], pred[item]) for item in true)
    true_sizes = Counter(true.values())
    pred_sizes = Counter(pred.values())
    precision = recall = 0.0
    for (t, p), n in both.items():
        # each of the n items in this (true, pred) cell has n correct items in its clusters
        precision += n * n / pred_sizes[p]
        recall += n * n / true_sizes[t]
    return Scores(precision / len(true), recall / len(true))


def pairwise(true: Mapping[str, Hashable], pred: Mapping[str, Hashable]) -> Scores:
    pred = _aligned(true, pred)

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    together = sum(pairs(n) for n in Counter((true[item], pred[item]) for item in true).values())
    predicted = sum(pairs(n) for n in Counter(pred.values()).values())
    actual = sum(pairs(n) for n in Counter(true.values()).values())
    return Scores(together / predicted if predicted else 1.0, together / actual if actual else 1.0)
