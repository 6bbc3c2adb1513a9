"""The Python API: newstrace.analyze(text_or_article) -> Record."""

from __future__ import annotations

import pytest

import newstrace
from newstrace.ingest.article import InputError
from newstrace.record import Record

TEXT = "Officials told the Meridian Times that the navy struck three boats on Tuesday."


def test_analyze_text():
    record = newstrace.analyze(TEXT)
    assert isinstance(record, Record)
    [attribution] = record.attributions
    assert (attribution.source.text, attribution.cue.text) == ("Officials", "told")
    assert [c.text for c in attribution.content] == ["the navy struck three boats on Tuesday"]


def test_analyze_article_object_resolves_time_against_published():
    record = newstrace.analyze({"text": TEXT, "outlet": "Harbor Ledger", "published": "2026-11-12T10:00:00Z"})
    assert record.article.outlet == "Harbor Ledger"
    [event] = record.events
    assert (event.trigger.text, event.status, event.time.value) == ("struck", "occurred", "2026-11-10")
    assert event.attributed_to == record.attributions[0].id


def test_analyze_bad_input_raises_input_error_with_reason():
    with pytest.raises(InputError, match=r"^empty article text$"):
        newstrace.analyze("   ")
    with pytest.raises(InputError, match='"text" or "html"'):
        newstrace.analyze({"title": "no body"})


def test_analyze_rejects_other_types():
    with pytest.raises(TypeError):
        newstrace.analyze(42)


def test_record_loads_with_unknown_fields_from_a_later_release():
    data = newstrace.analyze(TEXT).model_dump()
    data["framing_v2"] = {"passages": []}
    data["article"]["section"] = "World"
    assert Record.model_validate(data).article.text == TEXT
