"""benchmarks/textacy_quotes.py: textacy's direct quotations as PolNeAR relations, on invented sentences."""

from __future__ import annotations

import pytest
from _bench import load_benchmark

from newstrace.training.polnear import Relation

bench = load_benchmark("textacy_quotes")


@pytest.fixture(scope="module")
def english():
    pytest.importorskip("textacy")
    import spacy

    from newstrace.nlp.pipeline import find_model

    return spacy.load(find_model())


def roles(text: str, rel: Relation) -> dict[str, list[str]]:
    return {role: [text[a:b] for a, b in spans] for role, spans in rel.spans.items()}


def test_a_quotation_becomes_character_spans(english):
    text = 'After the vote on Tuesday, Senator Jane Doe said, "We will keep fighting for these families."'
    (rel,) = bench.textacy_relations(english(text))
    assert rel.spans == {"Source": [(27, 43)], "Cue": [(44, 48)], "Content": [(50, 93)]}
    assert roles(text, rel) == {
        "Source": ["Senator Jane Doe"],
        "Cue": ["said"],
        "Content": ['"We will keep fighting for these families."'],
    }


def test_a_cue_with_auxiliary_and_negation_is_one_span(english):
    text = 'The mayor did not say, "This budget is a disaster for the city."'
    (rel,) = bench.textacy_relations(english(text))
    assert roles(text, rel) == {
        "Source": ["mayor"],  # textacy's speaker: the noun, its compounds and conjuncts, no determiner
        "Cue": ["did not say"],
        "Content": ['"This budget is a disaster for the city."'],
    }


def test_paragraph_fallback_keeps_article_offsets(english):
    # The apostrophe makes an odd number of quotation marks: textacy refuses the whole Doc.
    text = (
        "The Democrats’ plan passed on Monday.\n\n"
        'After the vote, Senator Jane Doe said, "We will keep fighting for these families."'
    )
    doc = english(text)
    stats = bench.Stats()
    (rel,) = bench.textacy_relations(doc, stats=stats)
    assert (stats.docs_bailed, stats.paragraphs_bailed) == (1, 1)
    assert rel.spans["Source"] == [(55, 71)]
    assert roles(text, rel) == {
        "Source": ["Senator Jane Doe"],
        "Cue": ["said"],
        "Content": ['"We will keep fighting for these families."'],
    }
    assert bench.textacy_relations(doc, paragraph_fallback=False) == []


def test_direct_quotation_means_content_begins_or_ends_with_a_quote_mark():
    text = 'He said “we won” and she said we lost, adding it was ‘fine.’ Then: "ok'

    def rel(*content):
        r = Relation()
        r.spans["Content"] = list(content)
        return r

    assert bench.is_direct(text, rel((8, 16)))  # “we won”
    assert bench.is_direct(text, rel((9, 17)))  # we won” (ends with one), space trimmed
    assert not bench.is_direct(text, rel((30, 37)))  # we lost
    assert bench.is_direct(text, rel((46, 52), (53, 60)))  # "it was" + ‘fine.’: the last span ends with ’
    assert bench.is_direct(text, rel((67, 70)))  # "ok
    assert not bench.is_direct(text, Relation())
