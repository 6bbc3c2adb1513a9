"""Every record newstrace emits validates against the packaged JSON Schema and is self-consistent."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from newstrace.analysis import analyze_batch
from newstrace.ingest.article import Skipped
from newstrace.ingest.files import read_inputs
from newstrace.record import SCHEMA_PATH, Record, json_schema_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def example_records(nlp) -> list[Record]:
    results = list(analyze_batch(read_inputs([str(EXAMPLES)]), nlp))
    assert not [r for r in results if isinstance(r, Skipped)], "bundled examples must all be analysable"
    return results


def test_packaged_schema_file_is_current():
    # Regenerate with: newstrace schema > src/newstrace/schema/record.schema.json
    assert SCHEMA_PATH.read_text(encoding="utf-8") == json_schema_text()


def test_examples_are_many_and_all_validate(example_records):
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert len(example_records) >= 15
    for record in example_records:
        errors = list(validator.iter_errors(json.loads(record.to_json())))
        assert errors == [], f"{record.article.id}: {errors[0].message}"


def _spans(record: Record):
    for a in record.attributions:
        yield a.cue
        yield from a.content
        if a.source:
            yield a.source
    for s in record.sources:
        yield from s.mentions
    for e in record.events:
        yield e.trigger
        yield from (p.span for p in e.actors + e.targets)
        yield from (x.span for x in (e.location, e.time) if x)


def test_offsets_index_the_article_text(example_records):
    for record in example_records:
        text = record.article.text
        for span in _spans(record):
            assert text[span.start : span.end] == span.text


def test_references_resolve(example_records):
    for record in example_records:
        attributions = {a.id for a in record.attributions}
        sources = {s.id for s in record.sources}
        for a in record.attributions:
            assert a.via is None or (a.via in attributions and a.via != a.id)
            assert a.source_id is None or a.source_id in sources
        for e in record.events:
            assert e.attributed_to is None or e.attributed_to in attributions


def test_examples_yield_a_real_record(example_records):
    news = [r for r in example_records if r.article.outlet]
    assert sum(len(r.attributions) for r in news) >= 3 * len(news)
    assert sum(len(r.events) for r in news) >= 3 * len(news)
    assert any(s.anonymous for r in news for s in r.sources)


def test_record_roundtrips_through_json(example_records):
    for record in example_records[:3]:
        assert Record.model_validate_json(record.to_json()) == record
