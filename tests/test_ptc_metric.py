"""The PTC partial-credit span metric (newstrace.nlp.framing_metric) on hand-made spans."""

from __future__ import annotations

import pytest

from newstrace.nlp.framing_metric import merge, span_scores

LL, NC = "Loaded_Language", "Name_Calling,Labeling"


def test_exact_match_is_perfect():
    gold = [("a", LL, 10, 20), ("a", NC, 30, 40)]
    score = span_scores(gold, gold)
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_partial_overlap_gets_partial_credit():
    # predicted 10..30 (20 chars) against gold 20..30 (10 chars): precision 10/20, recall 10/10
    score = span_scores([("a", LL, 10, 30)], [("a", LL, 20, 30)])
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(1.0)
    assert score.f1 == pytest.approx(2 * 0.5 / 1.5)


def test_technique_must_match_for_all_techniques():
    score = span_scores([("a", NC, 10, 20)], [("a", LL, 10, 20)])
    assert score.f1 == 0.0
    assert span_scores([("a", NC, 10, 20)], [("a", LL, 10, 20)], technique=LL).recall == 0.0


def test_other_article_earns_nothing():
    assert span_scores([("b", LL, 10, 20)], [("a", LL, 10, 20)]).f1 == 0.0


def test_one_prediction_over_two_gold_spans():
    # predicted 0..40 covers gold 0..10 and 30..40: precision 20/40; each gold span fully recalled
    score = span_scores([("a", LL, 0, 40)], [("a", LL, 0, 10), ("a", LL, 30, 40)])
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(1.0)


def test_duplicate_and_overlapping_gold_spans_are_merged():
    # PTC lists some spans twice: the duplicate neither doubles recall's denominator nor credit
    score = span_scores([("a", LL, 0, 10)], [("a", LL, 0, 10), ("a", LL, 0, 10), ("a", LL, 5, 12)])
    assert score.gold == 1
    assert score.recall == pytest.approx(10 / 12)
    assert score.precision == pytest.approx(1.0)


def test_per_technique_scores_ignore_other_techniques():
    predicted = [("a", LL, 0, 10), ("a", NC, 20, 30)]
    gold = [("a", LL, 0, 10), ("a", NC, 40, 50)]
    assert span_scores(predicted, gold, technique=LL).f1 == 1.0
    assert span_scores(predicted, gold, technique=NC).f1 == 0.0
    all_techniques = span_scores(predicted, gold)
    assert all_techniques.precision == pytest.approx(0.5)
    assert all_techniques.recall == pytest.approx(0.5)


def test_empty_inputs():
    assert span_scores([], []).f1 == 0.0
    assert span_scores([("a", LL, 0, 5)], []).precision == 0.0


def test_merge():
    assert merge([(5, 8), (0, 3), (2, 6), (10, 10), (12, 15)]) == [(0, 8), (12, 15)]
