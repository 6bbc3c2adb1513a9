"""The `fast` attribution model: the committed CRF, its features, and tags <-> spans."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

import newstrace
from newstrace.nlp.attribution_crf import (
    CrfTagger,
    Featurizer,
    paragraph_bounds,
    spans_to_tags,
    tags_to_spans,
    viterbi,
)
from newstrace.nlp.attribution_model import ROLES
from newstrace.nlp.pipeline import build_pipeline

MODEL_DIR = Path(newstrace.__file__).parent / "models" / "attribution-fast"


@pytest.fixture(scope="module")
def parse():
    return build_pipeline(components=())


@pytest.fixture(scope="module")
def tagger():
    return CrfTagger(MODEL_DIR)


def _texts(text: str, spans: dict[str, list[tuple[int, int]]]) -> dict[str, list[str]]:
    return {role: [text[a:b] for a, b in spans[role]] for role in ROLES}


def _assert_valid(text: str, spans: dict[str, list[tuple[int, int]]]) -> None:
    assert set(spans) == set(ROLES)
    for role in ROLES:
        previous_end = 0
        for start, end in spans[role]:
            assert 0 <= previous_end <= start < end <= len(text)
            assert text[start:end] == text[start:end].strip()
            previous_end = end


def test_indirect_speech(parse, tagger):
    text = "Two U.S. officials said the strikes would continue."
    spans = tagger.spans(parse(text))
    _assert_valid(text, spans)
    assert _texts(text, spans) == {
        "Source": ["Two U.S. officials"],
        "Cue": ["said"],
        "Content": ["the strikes would continue"],
    }


def test_direct_quote_before_the_cue(parse, tagger):
    text = "“We will not back down from this fight,” the senator said on Tuesday."
    spans = tagger.spans(parse(text))
    _assert_valid(text, spans)
    found = _texts(text, spans)
    assert found["Source"] == ["the senator"]
    assert found["Cue"] == ["said"]
    # PolNeAR's Content of a direct quote keeps the quotation marks (and the comma inside them)
    assert len(found["Content"]) == 1
    assert found["Content"][0].strip("“”,") == "We will not back down from this fight"


def test_no_attribution_in_plain_narration(parse, tagger):
    text = "The bridge was closed for repairs in March.\n\nTraffic moved to the old road."
    spans = tagger.spans(parse(text))
    _assert_valid(text, spans)
    assert spans == {role: [] for role in ROLES}


def test_several_paragraphs_give_valid_offsets(parse, tagger):
    text = (
        "The governor said on Monday that the budget was balanced.\n\n"
        "“It is a good day for the state,” she told reporters.\n"
        "Critics, however, argued that the numbers did not add up."
    )
    doc = parse(text)
    spans = tagger.spans(doc)
    _assert_valid(text, spans)
    found = _texts(text, spans)
    assert "said" in found["Cue"] and "argued" in found["Cue"]
    assert "Critics" in found["Source"]
    # PolNeAR's Content may or may not take the leading "that"; the clause itself must be there.
    assert any(c.endswith("the numbers did not add up") for c in found["Content"])


def test_empty_doc(parse, tagger):
    assert tagger.spans(parse("")) == {role: [] for role in ROLES}


def _column(cols, name):
    col = cols[name]
    return [col.values[c] for c in col.codes.tolist()]


def test_features_describe_the_tree_and_quotes(parse):
    text = 'Officials said the strikes would continue. "We are ready," she said.'
    doc = parse(text)
    feats = Featurizer({"say": 0.9})(doc)
    assert len(feats) == len(doc)
    at = {token.text + str(token.i): set(f) for token, f in zip(doc, feats, strict=True)}
    assert {"r=nsubj", "r|rl=nsubj|say", "vf=1", "vl=1"} <= at["Officials0"]
    assert {"r=self", "cp=4", "w-1=officials", "w+1=the", "w-1|w=officials|said"} <= at["said1"]
    assert {"r=ccomp", "vf=1"} <= at["the2"]  # first token of the complement clause
    assert "vl=1" not in at["the2"] and "r=ccomp" in at["strikes3"]
    assert {"r=ccomp", "vl=1"} <= at["continue5"]  # its last token
    quote_open = next(i for i, t in enumerate(doc) if t.text == '"')
    assert "q=2" in feats[quote_open] and "q=1" in feats[quote_open + 1] and "q=0" in feats[0]
    assert "ss=1" in feats[0] and "ss=1" in feats[quote_open] and "ss=1" not in feats[1]
    assert "w-2=<pad>" in feats[0] and "w+2=<pad>" in feats[-1]
    # no feature name carries whitespace (crfsuite's model dump is line-based)
    assert all(not any(ch.isspace() for ch in f) for fs in feats for f in fs)


def test_cue_words_come_from_the_rates_and_the_lexicon(parse):
    doc = parse("She praised the plan and said it worked.")
    low = _column(Featurizer({"praise": 0.1}).columns(doc), "c")
    high = _column(Featurizer({"praise": 0.8}).columns(doc), "c")
    assert low[1] == "0" and high[1] == "1"  # "praised": a cue only when its rate is high
    assert low[5] == high[5] == "1"  # "said": CUE_VERBS always counts


def test_two_apostrophes_quote_and_paragraphs(parse):
    text = "He said ''we will win.''\n\nA new paragraph."
    doc = parse(text)
    cols = Featurizer({}).columns(doc)
    quote = _column(cols, "q")
    words = [t.text for t in doc]
    assert quote[words.index("we")] == "1" and quote[words.index("He")] == "0"
    assert paragraph_bounds(cols).tolist() == [0, words.index("A")]


def test_batched_viterbi_matches_one_sequence_at_a_time():
    rng = np.random.default_rng(0)
    emissions = rng.normal(size=(40, 5))
    transitions = rng.normal(size=(5, 5))
    starts = np.array([0, 7, 8, 30])
    joined = viterbi(emissions, transitions, starts)
    one_by_one = np.concatenate(
        [viterbi(emissions[a:b], transitions) for a, b in zip(starts, [*starts[1:], 40], strict=True)]
    )
    assert joined.tolist() == one_by_one.tolist()
    # and one sequence against brute force on a short one
    em = emissions[:4]
    best = max(
        itertools.product(range(5), repeat=4),
        key=lambda p: sum(em[i, p[i]] for i in range(4)) + sum(transitions[p[i], p[i + 1]] for i in range(3)),
    )
    assert viterbi(em, transitions).tolist() == list(best)


def test_tags_and_spans_round_trip(parse):
    text = "Two officials said the strikes would continue.\n\nNothing else."
    doc = parse(text)
    gold = {"Source": [(0, 13)], "Cue": [(14, 18)], "Content": [(19, 45)]}
    tags = spans_to_tags(doc, gold)
    assert tags[:4] == ["B-Source", "I-Source", "B-Cue", "B-Content"]
    assert tags_to_spans(doc, tags) == gold
    # an I after O starts a span; whitespace tokens are left out of spans
    tags = ["O"] * len(doc)
    tags[1] = "I-Cue"
    tags[len(doc) - 4] = "B-Content"  # "\n\n" token, then "Nothing else"
    tags[len(doc) - 3 :] = ["I-Content"] * 3
    spans = tags_to_spans(doc, tags)
    assert spans["Cue"] == [(4, 13)]
    assert text[slice(*spans["Content"][0])] == "Nothing else."
