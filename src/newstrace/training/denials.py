"""Train the denial placement model (`newstrace.link.denials`) on claims gold stories.

For every denial the linker finds in a gold story, each claim it may answer is a candidate
(`newstrace.link.denials.Candidates`: a claim with a supporting mention, or a claim of other denials);
a candidate is right when most of the mentions it is read by belong to the gold claim the denial
belongs to. A logistic regression (scikit-learn, `train` extra) learns to score the right candidates
above the others; at run time the highest-scoring candidate is chosen. `benchmarks/claims.py --train-denials`
runs this on the dev stories."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import numpy as np

from newstrace.link.claims import (
    DEFAULT,
    ClaimMention,
    Params,
    candidates,
    group_with_report_denials,
    placement_terms,
    report_denials,
    similarity_matrix,
)
from newstrace.link.denials import FEATURES, Candidates, DenialModel, feature_table, movable
from newstrace.record import Record

Label = Callable[[ClaimMention], str | None]  # a mention's gold claim, None when it has none


@dataclass
class Example:
    """One denial: a row of features per candidate claim, 1 for the right ones."""

    story: str
    features: np.ndarray
    right: np.ndarray


def story_examples(
    story: str, records: list[Record], label: Label, params: Params = DEFAULT
) -> list[Example]:
    """The denials of one story with at least one right candidate, on the linker's own grouping."""
    params = replace(params, place_denials=False)
    mentions = candidates(records, params)
    if len(mentions) < 2:
        return []
    sims = similarity_matrix(mentions, params)
    groups = group_with_report_denials(mentions, params, sims=sims)
    labels = [label(m) for m in mentions]
    terms, deniers = placement_terms(mentions, params)
    options = Candidates.of(groups, mentions, terms)
    kept = report_denials(mentions)  # placed by rule, never moved
    denials = [i for i in movable(mentions) if labels[i] is not None and i not in kept]
    if not denials or not options.claims:
        return []
    table = np.stack(feature_table(denials, options, mentions, sims, terms, deniers), axis=-1)
    examples = []
    for row, i in enumerate(denials):
        right = np.array(
            [_majority([j for j in b if j != i], labels) == labels[i] for b in options.basis], dtype=int
        )
        if right.any():
            examples.append(Example(story, table[row], right))
    return examples


def _majority(mentions: list[int], labels: list[str | None]) -> str | None:
    """The gold claim most of the mentions belong to."""
    found = Counter(labels[j] for j in mentions if labels[j]).most_common(1)
    return found[0][0] if found else None


def fit(examples: Iterable[Example], c: float = 1.0) -> DenialModel:
    from sklearn.linear_model import LogisticRegression

    examples = list(examples)
    x = np.vstack([e.features for e in examples])
    y = np.concatenate([e.right for e in examples])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / scale, y)
    return DenialModel(mean=mean, scale=scale, coef=model.coef_[0], intercept=float(model.intercept_[0]))


def accuracy(examples: Iterable[Example], score: Callable[[np.ndarray], np.ndarray]) -> float:
    """Share of denials whose highest-scoring candidate is a right one."""
    hits = [bool(e.right[int(np.argmax(score(e.features)))]) for e in examples]
    return sum(hits) / len(hits) if hits else 0.0


def _model_score(model: DenialModel, features: np.ndarray) -> np.ndarray:
    """The model's scores of one denial's candidates (a row of features each)."""
    return model.score([features[:, n] for n in range(features.shape[1])])


def folds_of(stories: Iterable[str], k: int = 5) -> dict[str, int]:
    """Stories dealt into (at most) k folds in name order, every k-th to one fold."""
    return {story: n % k for n, story in enumerate(sorted(set(stories)))}


def cross_validate(examples: list[Example], k: int = 5) -> dict[str, float | None]:
    """Accuracy of the model on stories it was not trained on (k folds by story; None with fewer than
    two stories), beside the clustering's own placement and the closest claim by mean similarity."""
    folds = folds_of((e.story for e in examples), k)
    held_out = []
    if len(folds) >= 2:
        for fold in set(folds.values()):
            model = fit(e for e in examples if folds[e.story] != fold)
            held_out.extend((e, model) for e in examples if folds[e.story] == fold)
    clustered = FEATURES.index("clustered_there")
    closest = FEATURES.index("mean_similarity")
    right = [bool(e.right[int(np.argmax(_model_score(m, e.features)))]) for e, m in held_out]
    return {
        "denials": len(examples),
        "model": sum(right) / len(right) if right else None,
        "clustering": accuracy(examples, lambda x: x[:, clustered]),
        "closest": accuracy(examples, lambda x: x[:, closest]),
    }
