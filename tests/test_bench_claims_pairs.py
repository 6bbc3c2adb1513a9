"""The pure parts of benchmarks/claims_pairs.py: story ranges, gold pairs, the mixed similarity."""

from __future__ import annotations

import numpy as np
import pytest
from _bench import load_benchmark

pairs_bench = load_benchmark("claims_pairs")


def _mention(article: str, text: str, **kw):
    from newstrace.link.claims import ClaimMention

    fields = dict(source=None, source_type=None, source_name=None, anonymous=False, cited_outlet=None)
    fields.update(kw)
    return ClaimMention(article, None, None, 0, len(text), text, denial=fields.pop("denial", False), **fields)


def test_story_ranges_refuse_the_test_split():
    assert pairs_bench.stories("1-3,41") == {"s01", "s02", "s03", "s41"}
    with pytest.raises(SystemExit):
        pairs_bench.stories("1-25")
    with pytest.raises(SystemExit):
        pairs_bench.stories("100-102")


def test_gold_pairs_label_same_claim_denials_and_own_sourced_pairs():
    gold = [
        {
            "claim": "s01-c1",
            "story": "s01",
            "mentions": [
                {"article": "a1", "text": "the depot was hit", "kind": "original"},
                {"article": "a2", "text": "aircraft struck the depot", "kind": "independent"},
                {"article": "a3", "text": "no facility was hit", "kind": "denial"},
            ],
        },
        {
            "claim": "s01-c2",
            "story": "s01",
            "mentions": [{"article": "a1", "text": "four workers died", "kind": "original"}],
        },
        {"claim": "s02-c1", "story": "s02", "mentions": [{"article": "b1", "text": "x", "kind": "original"}]},
    ]
    pairs = pairs_bench.gold_pairs(gold, {"s01"})
    assert len(pairs) == 6  # four mentions of s01, every two; s02 left out
    by_texts = {(p["a"], p["b"]): p for p in pairs}
    confirmation = by_texts[("the depot was hit", "aircraft struck the depot")]
    assert confirmation["same"] and confirmation["own"] and not confirmation["denial"]
    denial = by_texts[("the depot was hit", "no facility was hit")]
    assert denial["same"] and denial["denial"] and not denial["own"]
    other = by_texts[("the depot was hit", "four workers died")]
    assert not other["same"] and not other["own"]  # one article: not two own reports


def test_the_pair_score_is_mixed_into_the_cosine_before_the_damping():
    from newstrace.link.claims import DEFAULT, similarity_matrix

    mentions = [
        _mention("a", "Kestland struck a fuel depot near Ekkar overnight"),
        _mention("b", "I watched the depot burn all night"),
        _mention("c", "no facility was hit", denial=True),
    ]

    def score(pairs):
        return np.array([1.0 if "watched" in a + b and "struck" in a + b else 0.0 for a, b in pairs])

    plain = similarity_matrix(mentions, DEFAULT)
    assert np.allclose(pairs_bench.mixed_similarity(score, 0.0)(mentions, DEFAULT), plain)
    mixed = pairs_bench.mixed_similarity(score, 0.5)(mentions, DEFAULT)
    assert mixed[0, 1] > plain[0, 1] and mixed[0, 1] == pytest.approx(mixed[1, 0])
    assert np.allclose(np.diag(mixed), 1.0)


def test_system_pairs_label_the_linkers_own_mentions_by_the_gold_claim_they_overlap(nlp):
    from newstrace.analysis import analyze

    articles = [
        {
            "id": "s01-a1",
            "story": "s01",
            "outlet": "Harbor Ledger",
            "text": "The ministry said the depot was hit overnight. Markets were calm on Monday morning.",
        },
        {
            "id": "s01-a2",
            "story": "s01",
            "outlet": "Summit Post",
            "text": "Two officials said aircraft struck the depot. The weather was mild across the region.",
        },
    ]
    gold = [
        {
            "claim": "s01-c1",
            "story": "s01",
            "mentions": [
                {"article": "s01-a1", "text": "the depot was hit overnight", "kind": "original"},
                {"article": "s01-a2", "text": "aircraft struck the depot", "kind": "independent"},
            ],
        }
    ]
    records = {a["id"]: analyze(dict(a), nlp) for a in articles}
    pairs = pairs_bench.system_pairs(articles, gold, records, {"s01"})
    same = [p for p in pairs if p["same"]]
    assert len(same) == 1 and "depot" in same[0]["a"] and "depot" in same[0]["b"]
    # the narrative sentences overlap no gold mention: negatives against everything
    assert any("weather" in p["a"] + p["b"] and not p["same"] for p in pairs)
