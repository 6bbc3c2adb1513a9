"""Which claim a denial answers.

A denial shares few words with what it denies ("There is no list" against "Norvania is preparing
sanctions"), so the clustering, which groups the supporting mentions of a claim by their words, often puts
a denial in the wrong claim. Here every denial chooses again among the story's claims (those with a
supporting mention, and those of denials alone), by a score that weighs, besides its similarity to
each claim, where the claim stands in the denial's own article (just before it, just after it) and
what kind of claim it is: a report relayed by outlets or told by anonymous sources is what
governments and companies deny.

The score is a logistic regression over `FEATURES`, trained on the dev stories of the claims gold set
(`benchmarks/claims.py --train-denials`; data and scores in `models/denial-target/MODEL_CARD.md`). Only
numpy runs it, over whole matrices (denials x claims): for a story of 400 articles and 6,000 mentions
it adds about a tenth to the linking time.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from newstrace.link.claims import ClaimMention

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "denial-target" / "weights.json"

FEATURES = (
    "mean_similarity",  # mean similarity to the claim's supporting mentions
    "max_similarity",  # ... the highest
    "max_similarity_any",  # the highest to any other member, another denial too
    "max_gap",  # the highest less the best claim's highest (0 for the best)
    "mean_gap",  # the mean less the best claim's mean
    "before_in_article",  # the claim is told earlier in the denial's article
    "closeness_before",  # ... how closely: exp(-characters / 300)
    "nearest_before",  # the claim told last before the denial in its article
    "same_sentence",  # the claim is told in the denial's sentence
    "closeness_after",  # the claim is told just after the denial: exp(-characters / 300)
    "log_articles",  # log(1 + the articles telling the claim)
    "relayed_share",  # share of the claim's supporting mentions that relay another outlet's report
    "anonymous",  # an anonymous source tells the claim
    "widest",  # the claim told in the most articles
    "told_earlier",  # the claim was published before the denial's article (or earlier in it)
    "denier_named",  # the denier's words appear in the claim: it is about the denier
    "clustered_there",  # the clustering put the denial in this claim
    "denials_only",  # a claim of denials alone: what they deny is told nowhere else
)
_CLOSE = 300.0  # characters over which closeness in the article falls to 1/e


@dataclass(frozen=True)
class DenialModel:
    """Logistic regression weights over standardised `FEATURES`."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def score(self, table: list[np.ndarray]) -> np.ndarray:
        """The score of every (denial, claim) from the feature matrices in `FEATURES` order."""
        total: np.ndarray | float = self.intercept
        for n, matrix in enumerate(table):
            total = total + (matrix - self.mean[n]) / self.scale[n] * self.coef[n]
        return np.asarray(total)

    def to_dict(self) -> dict:
        return {
            "features": list(FEATURES),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
        }

    @classmethod
    def from_dict(cls, data: dict) -> DenialModel:
        if tuple(data["features"]) != FEATURES:
            raise ValueError("denial model: its features are not this version's")
        return cls(
            mean=np.array(data["mean"], dtype=float),
            scale=np.array(data["scale"], dtype=float),
            coef=np.array(data["coef"], dtype=float),
            intercept=float(data["intercept"]),
        )


@functools.cache
def bundled_model() -> DenialModel:
    return DenialModel.from_dict(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def movable(mentions: list[ClaimMention]) -> list[int]:
    """The denials to place: not an appositive rejection, whose claim its sentence names, nor what a
    source has long denied, a standing accusation its own words name better than this story's claims."""
    return [i for i, m in enumerate(mentions) if m.denial and m.answers is None and not m.standing]


@dataclass
class Candidates:
    """The claims a denial may answer, and what the features read of each. A claim with a supporting
    (not denying) mention is read by those; a claim of denials alone (what they deny is told nowhere
    else in the story) is read by its denials, so a denial can stay with the others that deny the same.
    A denial is left out of its own claim's similarities, article positions and words; the counts and
    shares of a claim of denials alone include it."""

    claims: list[int]  # their indices in the grouping
    basis: list[list[int]]  # the mentions each is read by: its supporting ones, else its denials
    members: list[list[int]]  # all their mentions
    denials_only: np.ndarray  # 1 for a claim of denials alone
    articles: np.ndarray  # articles telling each
    relayed: np.ndarray  # share of the basis relaying another outlet
    anonymous: np.ndarray  # 1 where an anonymous source tells it
    first: np.ndarray  # earliest publication (ISO text, '9999' unknown)
    holders: dict[str, dict[int, int]]  # term -> {candidate: how many of its basis use it}
    column_of: dict[int, int]  # mention -> the candidate holding it (the clustering's claim)
    in_article: dict[str, list[tuple[int, int]]]  # article -> (basis mention, candidate) in it

    @classmethod
    def of(
        cls, groups: list[list[int]], mentions: list[ClaimMention], terms: list[frozenset[str]]
    ) -> Candidates:
        claims, basis, members, alone = [], [], [], []
        for k, group in enumerate(groups):
            told = [j for j in group if not mentions[j].denial]
            if told or len(group) > 1:
                claims.append(k)
                basis.append(told or list(group))
                members.append(group)
                alone.append(0.0 if told else 1.0)
        holders: dict[str, dict[int, int]] = {}
        in_article: dict[str, list[tuple[int, int]]] = {}
        for column, told in enumerate(basis):
            for j in told:
                in_article.setdefault(mentions[j].article_id, []).append((j, column))
                for term in terms[j]:
                    counts = holders.setdefault(term, {})
                    counts[column] = counts.get(column, 0) + 1
        return cls(
            claims=claims,
            basis=basis,
            members=members,
            denials_only=np.array(alone),
            articles=np.array([len({mentions[j].article_id for j in s}) for s in basis], dtype=float),
            relayed=np.array([np.mean([bool(mentions[j].cited_outlet) for j in s]) for s in basis]),
            anonymous=np.array([float(any(mentions[j].anonymous for j in s)) for s in basis]),
            first=np.array([min(mentions[j].published or "9999" for j in s) for s in basis]),
            holders=holders,
            column_of={i: column for column, group in enumerate(members) for i in group},
            in_article=in_article,
        )


def feature_table(
    denials: list[int],
    candidates: Candidates,
    mentions: list[ClaimMention],
    sims: np.ndarray,
    terms: list[frozenset[str]],
    denier_terms: list[frozenset[str]],
) -> list[np.ndarray]:
    """One matrix (denials x candidate claims) per feature, in `FEATURES` order. `terms`: each mention's
    content terms; `denier_terms`: the terms of each mention's source. A denial is never read as a
    member of the claim it is compared with."""
    shape = (len(denials), len(candidates.claims))
    rows = sims[denials]
    others = rows.copy()
    others[np.arange(len(denials)), denials] = -np.inf  # a denial is not its own other member
    clustered = np.zeros(shape)  # 1 in the claim the clustering put the denial in
    for row, i in enumerate(denials):
        if i in candidates.column_of:
            clustered[row, candidates.column_of[i]] = 1.0
    own_basis = clustered * candidates.denials_only  # ... when the denial is part of that claim's basis
    sums = np.column_stack([rows[:, b].sum(axis=1) for b in candidates.basis])
    sizes = np.array([len(b) for b in candidates.basis], dtype=float)
    means = (sums - own_basis) / np.maximum(sizes - own_basis, 1.0)  # sims[i, i] is 1
    maxima = _finite(np.column_stack([others[:, b].max(axis=1) for b in candidates.basis]))
    any_max = _finite(np.column_stack([others[:, m].max(axis=1) for m in candidates.members]))
    before, close_before, nearest, same_sentence, close_after = _in_article(denials, candidates, mentions)
    articles = candidates.articles
    published = np.array([mentions[i].published or "9999" for i in denials])
    return [
        means,
        maxima,
        any_max,
        maxima - maxima.max(axis=1, keepdims=True),
        means - means.max(axis=1, keepdims=True),
        before,
        close_before,
        nearest,
        same_sentence,
        close_after,
        np.broadcast_to(np.log1p(articles), shape),
        np.broadcast_to(candidates.relayed, shape),
        np.broadcast_to(candidates.anonymous, shape),
        np.broadcast_to((articles == articles.max()).astype(float), shape),
        np.maximum((candidates.first[None, :] < published[:, None]).astype(float), before),
        _named(denials, candidates, terms, denier_terms),
        clustered,
        np.broadcast_to(candidates.denials_only, shape),
    ]


def _finite(matrix: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(matrix), matrix, 0.0)


def _in_article(
    denials: list[int], candidates: Candidates, mentions: list[ClaimMention]
) -> tuple[np.ndarray, ...]:
    """Where the claims stand in each denial's own article: told before it, how closely, the nearest
    before it, in its sentence, how closely after it."""
    shape = (len(denials), len(candidates.claims))
    before, close_before, nearest, same_sentence, close_after = (np.zeros(shape) for _ in range(5))
    for row, i in enumerate(denials):
        d = mentions[i]
        last: tuple[int, int] | None = None  # (gap, column) of the nearest claim told before
        for j, column in candidates.in_article.get(d.article_id, []):
            m = mentions[j]
            if j == i:
                continue
            if m.start < d.start:
                gap = max(0, d.start - m.end)
                before[row, column] = 1.0
                close_before[row, column] = max(close_before[row, column], np.exp(-gap / _CLOSE))
                if last is None or gap < last[0]:
                    last = (gap, column)
            else:
                gap = max(0, m.start - d.end)
                close_after[row, column] = max(close_after[row, column], np.exp(-gap / _CLOSE))
            if d.sentence is not None and m.sentence == d.sentence:
                same_sentence[row, column] = 1.0
        if last is not None:
            nearest[row, last[1]] = 1.0
    return before, close_before, nearest, same_sentence, close_after


def _named(
    denials: list[int],
    candidates: Candidates,
    terms: list[frozenset[str]],
    denier_terms: list[frozenset[str]],
) -> np.ndarray:
    """1 where a word of the denier is a word of the claim (of another mention than the denial)."""
    named = np.zeros((len(denials), len(candidates.claims)))
    for row, i in enumerate(denials):
        for term in denier_terms[i]:
            for column, count in candidates.holders.get(term, {}).items():
                if count > (term in terms[i] and i in candidates.basis[column]):
                    named[row, column] = 1.0
    return named


def place_denials(
    groups: list[list[int]],
    mentions: list[ClaimMention],
    sims: np.ndarray,
    terms: list[frozenset[str]],
    denier_terms: list[frozenset[str]],
    model: DenialModel | None = None,
    margin: float = 1.0,
    chunk: int = 256,
    kept: set[int] | frozenset[int] = frozenset(),
) -> list[list[int]]:
    """Each denial (but an appositive rejection, and those `kept` where a rule put them) moves to the claim
    it scores highest for, when that beats the claim the clustering put it in by `margin` (log-odds;
    chosen on dev: 0 joins more denials to their claim, 1 shows more claims as denied rightly, see
    BENCHMARKS.md). Every choice is made on the grouping as it came in, then all are applied; denials are
    scored `chunk` at a time."""
    model = model or bundled_model()
    denials = [i for i in movable(mentions) if i not in kept]
    candidates = Candidates.of(groups, mentions, terms)
    if not denials or not candidates.claims:
        return groups
    moves: dict[int, int] = {}
    for start in range(0, len(denials), chunk):
        part = denials[start : start + chunk]
        table = feature_table(part, candidates, mentions, sims, terms, denier_terms)
        scores = model.score(table)
        # its score where the clustering put it (-inf in a claim of that denial alone: no candidate)
        here = np.where(table[FEATURES.index("clustered_there")] > 0, scores, -np.inf).max(axis=1)
        for row, (i, best) in enumerate(zip(part, np.argmax(scores, axis=1), strict=True)):
            if scores[row, best] - here[row] < margin:
                continue  # not clearly better than where the clustering put it
            moves[i] = candidates.claims[int(best)]
    placed = [[i for i in g if i not in moves] for g in groups]
    for i, claim in moves.items():
        placed[claim].append(i)
    return sorted((sorted(g) for g in placed if g), key=lambda g: g[0])
