"""Schemathesis over the API's own OpenAPI document: generated requests to every operation, valid and
invalid, must never get a 500, and every response must match what the document declares (status
code, content type, body schema). In-process through the ASGI app: no server is started.

Every GET operation runs 25 valid and 25 invalid examples; POST /api/analyse runs fewer (each one
analyses a text). Path ids are either generated (so the 404s are checked) or the store's real story
and article ids (so full stories, claims, timelines and records are checked).

The cases come from `operation.as_strategy()` under plain Hypothesis rather than schemathesis's
`from_fixture(...).parametrize()`, whose lazy loader sets `Node._nodeid`, which pytest 9.2 no longer
has."""

from __future__ import annotations

import pytest
import schemathesis
from _store_records import example_records, stored
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from newstrace.store import Store
from newstrace.web import create_app

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

READ = [
    ("GET", "/api/stories"),
    ("GET", "/api/stories/{story_id}"),
    ("GET", "/api/stories/{story_id}/claims"),
    ("GET", "/api/stories/{story_id}/timeline"),
    ("GET", "/api/articles"),
    ("GET", "/api/articles/{article_id}"),
    ("GET", "/api/entities"),
    ("GET", "/api/search"),
    ("GET", "/api/sources"),
    ("GET", "/api/sources/outlets"),
]
ANALYSE = ("POST", "/api/analyse")


def run_settings(max_examples: int) -> settings:
    """Stable in CI: the same examples every run (derandomize, no example database) and no deadline
    (the first calls load models)."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


@pytest.fixture(scope="module")
def store_db(tmp_path_factory, nlp):
    return stored(tmp_path_factory.mktemp("web-schema") / "s.db", example_records(nlp), link=True)


@pytest.fixture(scope="module")
def api_schema(store_db):
    return schemathesis.openapi.from_asgi("/api/openapi.json", create_app(store_db))


@pytest.fixture(scope="module")
def real_ids(store_db) -> dict[str, list[str]]:
    with Store(store_db, readonly=True) as store:
        ids = {
            "story_id": [s["id"] for s in store.stories(limit=500, offset=0)],
            "article_id": [a["id"] for a in store.articles(limit=500, offset=0)],
        }
    assert ids["story_id"] and ids["article_id"]
    return ids


def cases(operation, real_ids: dict[str, list[str]]) -> st.SearchStrategy:
    """Valid and invalid cases; for an operation with an id in its path, half of them use a real id."""
    modes = [operation.as_strategy(mode) for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
    key = next((k for k in real_ids if f"{{{k}}}" in operation.path), None)
    if key is not None:
        modes.append(
            st.sampled_from(real_ids[key]).flatmap(
                lambda value: operation.as_strategy(GenerationMode.POSITIVE, path_parameters={key: value})
            )
        )
    return st.one_of(modes)


def check(operation, real_ids, max_examples: int) -> None:
    @run_settings(max_examples)
    @given(case=cases(operation, real_ids))
    def run(case):
        case.call_and_validate(checks=CHECKS)

    run()


def test_every_operation_is_covered(api_schema):
    operations = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    assert operations == {*READ, ANALYSE}


@pytest.mark.parametrize(("method", "path"), READ, ids=[f"{m} {p}" for m, p in READ])
def test_read_endpoints_conform(api_schema, real_ids, method, path):
    check(api_schema[path][method], real_ids, max_examples=25)


def test_analyse_conforms(api_schema, real_ids):
    method, path = ANALYSE
    check(api_schema[path][method], real_ids, max_examples=10)
