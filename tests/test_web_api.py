"""`newstrace serve`'s JSON API over a small store of the bundled examples (FastAPI's TestClient; no
server is started)."""

from __future__ import annotations

import pytest
from _store_records import example_records, stored
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newstrace.cli import main
from newstrace.cli.common import EXIT_USAGE
from newstrace.record import Record
from newstrace.store import Store
from newstrace.web import create_app

TEXT = "Officials told the Meridian Times that the navy struck three boats on Tuesday."
JSON = {"content-type": "application/json"}
CSP = "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'"


@pytest.fixture(scope="module")
def db(tmp_path_factory, nlp):
    return stored(tmp_path_factory.mktemp("web") / "s.db", example_records(nlp), link=True)


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db))


def biggest_story(client) -> str:
    stories = client.get("/api/stories", params={"limit": 500}).json()["items"]
    return max(stories, key=lambda s: s["n_articles"])["id"]


def assert_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status and isinstance(body["error"], str) and "\n" not in body["error"]
    return body


def test_stories_list_and_paging(client):
    page = client.get("/api/stories").json()
    assert page["limit"] == 50 and page["offset"] == 0 and page["next_offset"] is None
    stories = page["items"]
    assert len(stories) >= 4
    assert set(stories[0]) == {"id", "label", "first_seen", "last_seen", "n_articles", "outlets"}
    first = client.get("/api/stories", params={"limit": 2}).json()
    assert [s["id"] for s in first["items"]] == [s["id"] for s in stories[:2]]
    assert first["next_offset"] == 2
    second = client.get("/api/stories", params={"limit": 2, "offset": 2}).json()
    assert [s["id"] for s in second["items"]] == [s["id"] for s in stories[2:4]]
    assert_error(client.get("/api/stories", params={"limit": 0}), 422)
    assert_error(client.get("/api/stories", params={"limit": 501}), 422)
    assert_error(client.get("/api/stories", params={"offset": -1}), 422)


def test_story_claims_and_timeline(client):
    story_id = biggest_story(client)
    story = client.get(f"/api/stories/{story_id}").json()
    assert story["id"] == story_id and len(story["articles"]) == story["n_articles"] >= 2
    assert set(story["articles"][0]) == {"id", "title", "outlet", "published"}

    claims = client.get(f"/api/stories/{story_id}/claims").json()
    assert claims["items"], "the biggest story has claims"
    claim = claims["items"][0]
    assert {"id", "statement", "status", "independent_sources", "mentions", "chain"} <= set(claim)
    assert claim["mentions"] and "article_id" in claim["mentions"][0]
    one = client.get(f"/api/stories/{story_id}/claims", params={"limit": 1, "offset": 1}).json()
    assert one["items"] == claims["items"][1:2]

    timeline = client.get(f"/api/stories/{story_id}/timeline").json()
    assert timeline["items"]
    event = timeline["items"][0]
    assert {"id", "date", "category", "status", "status_history", "mentions"} <= set(event)


def test_unknown_ids_are_404_json(client):
    for path in (
        "/api/stories/nope",
        "/api/stories/nope/claims",
        "/api/stories/nope/timeline",
        "/api/articles/nope",
        "/api/no-such-endpoint",
    ):
        assert_error(client.get(path), 404)
    assert "nope" in client.get("/api/articles/nope").json()["error"]


def test_articles_list_and_record(client, nlp):
    page = client.get("/api/articles", params={"limit": 500}).json()
    articles = page["items"]
    assert len(articles) == len(example_records(nlp))
    assert set(articles[0]) == {"id", "title", "outlet", "published"}
    paged = client.get("/api/articles", params={"limit": 5, "offset": 5}).json()
    assert paged["items"] == articles[5:10] and paged["next_offset"] == 10
    record = client.get(f"/api/articles/{articles[0]['id']}").json()
    assert record["article"]["id"] == articles[0]["id"]
    assert {"schema_version", "article", "attributions", "sources", "events"} <= set(record)
    # every record, as stored, field for field as the response model writes it
    for item in articles:
        response = client.get(f"/api/articles/{item['id']}")
        assert response.headers["content-type"] == "application/json"
        stored = next(r for r in example_records(nlp) if r.article.id == item["id"])
        assert response.json() == Record.model_validate(response.json()).model_dump(mode="json")
        assert Record.model_validate(response.json()) == stored


def test_entities(client):
    entities = client.get("/api/entities").json()["items"]
    assert entities
    assert {"id", "type", "name", "n_mentions", "variants", "outlets", "articles"} <= set(entities[0])
    people = client.get("/api/entities", params={"type": "person", "limit": 500}).json()["items"]
    assert people and all(e["type"] == "person" for e in people)
    assert client.get("/api/entities", params={"type": "person", "limit": 1}).json()["items"] == people[:1]


def test_search(client):
    hits = client.get("/api/search", params={"q": "port"}).json()["items"]
    assert hits
    assert {"id", "title", "outlet", "published", "snippet"} <= set(hits[0])
    assert "[" in hits[0]["snippet"]
    paged = client.get("/api/search", params={"q": "port", "limit": 1, "offset": 1}).json()
    assert paged["items"] == hits[1:2]
    # not FTS5 syntax: searched as a phrase, still a 200
    assert client.get("/api/search", params={"q": 'drug-smuggling "'}).status_code == 200
    assert_error(client.get("/api/search"), 422)


def test_analyse_returns_a_record_and_stores_nothing(client, db):
    with Store(db, readonly=True) as store:
        before = store.stats()
    response = client.post("/api/analyse", json={"text": TEXT, "title": "Boats", "outlet": "Wire"})
    assert response.status_code == 200
    record = response.json()
    assert record["article"]["outlet"] == "Wire"
    [attribution] = record["attributions"]
    assert attribution["source"]["text"] == "Officials" and attribution["cue"]["text"] == "told"
    with Store(db, readonly=True) as store:
        assert store.stats() == before


def test_analyse_limits_and_bad_input(client, db):
    assert_error(client.post("/api/analyse", json={"text": "x" * 250_000}), 413)
    # without a Content-Length the streamed body is counted as it comes
    chunks = iter([b'{"text": "', *(b"x" * 50_000 for _ in range(5)), b'"}'])
    assert_error(client.post("/api/analyse", content=chunks, headers=JSON), 413)
    assert "text" in assert_error(client.post("/api/analyse", json={"text": ""}), 422)["error"]
    assert_error(client.post("/api/analyse", json={}), 422)
    assert_error(client.post("/api/analyse", json={"text": TEXT, "unknown": 1}), 422)
    assert_error(client.post("/api/analyse", content=b"{not json", headers=JSON), 422)
    assert_error(client.get("/api/analyse"), 405)
    slow = TestClient(create_app(db, analyse_timeout=0.000_001))
    assert_error(slow.post("/api/analyse", json={"text": TEXT * 20}), 504)


def test_huge_offsets_are_422_not_500(client):
    # found by schemathesis (test_web_schema.py): an offset past SQLite's integers was an OverflowError
    story_id = biggest_story(client)
    for path, params in (
        ("/api/stories", {}),
        ("/api/articles", {}),
        ("/api/entities", {}),
        ("/api/search", {"q": "port"}),
        (f"/api/stories/{story_id}/claims", {}),
        (f"/api/stories/{story_id}/timeline", {}),
    ):
        assert_error(client.get(path, params={**params, "offset": 2**63}), 422)
        assert client.get(path, params={**params, "offset": 1_000_000_000}).json()["items"] == []


def test_search_query_with_nul_is_422(client):
    # found by schemathesis: SQLite reads the query up to the NUL, so "\x00" was an unterminated FTS5
    # phrase (a 503) and "port\x00" silently searched "port"
    for q in ("\x00", "port\x00"):
        assert "q" in assert_error(client.get("/api/search", params={"q": q}), 422)["error"]


def test_body_that_is_not_utf8_is_a_documented_400(client):
    # found by schemathesis: FastAPI's 400 for an undecodable body was not in the OpenAPI document
    assert_error(client.post("/api/analyse", content=b"\xff", headers=JSON), 400)
    responses = client.get("/api/openapi.json").json()["paths"]["/api/analyse"]["post"]["responses"]
    assert "400" in responses


def test_analyse_works_after_the_lifespan_restarts(db):
    # found by schemathesis: the first lifespan shutdown closed the analysis executor for good, so
    # every analyse after a restart was a 500
    app = create_app(db)
    for _ in range(2):
        with TestClient(app) as client:
            assert "text" in assert_error(client.post("/api/analyse", json={"text": ""}), 422)["error"]


def test_security_headers_on_every_response(client):
    for response in (
        client.get("/api/stories"),
        client.get("/api/articles/nope"),
        client.post("/api/analyse", json={"text": "x" * 250_000}),
        client.get("/api/openapi.json"),
    ):
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"


def test_token_is_required_when_set(db):
    client = TestClient(create_app(db, token="s3cret"))
    for response in (
        client.get("/api/stories"),
        client.get("/api/stories", headers={"Authorization": "Bearer wrong"}),
        client.get("/api/stories", params={"token": "s3cre"}),
        client.get("/api/openapi.json"),
        client.post("/api/analyse", json={"text": TEXT}),
    ):
        assert_error(response, 401)
        assert response.headers["content-security-policy"] == CSP
    assert client.get("/api/stories", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert client.get("/api/stories", params={"token": "s3cret"}).status_code == 200


def test_allowed_hosts(db):
    client = TestClient(
        create_app(db, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://localhost:8765"
    )
    assert client.get("/api/stories").status_code == 200
    assert_error(client.get("/api/stories", headers={"host": "evil.example:8765"}), 400)


def test_store_errors_and_failures_are_json_without_internals(tmp_path, db, monkeypatch):
    missing = TestClient(create_app(tmp_path / "missing.db"))
    body = assert_error(missing.get("/api/stories"), 503)
    assert "missing.db" not in body["error"]

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Store, "stories", boom)
    response = TestClient(create_app(db)).get("/api/stories")
    body = assert_error(response, 500)
    assert "secret" not in response.text and "Traceback" not in response.text
    assert response.headers["content-security-policy"] == CSP


def test_openapi_lists_every_endpoint(client):
    doc = client.get("/api/openapi.json").json()
    paths = doc["paths"]
    expected = {
        "/api/stories": "get",
        "/api/stories/{story_id}": "get",
        "/api/stories/{story_id}/claims": "get",
        "/api/stories/{story_id}/timeline": "get",
        "/api/articles": "get",
        "/api/articles/{article_id}": "get",
        "/api/entities": "get",
        "/api/search": "get",
        "/api/analyse": "post",
    }
    for path, method in expected.items():
        assert method in paths[path], path
    schemas = doc["components"]["schemas"]
    assert {"Record", "ClaimOut", "TimelineEventOut", "StoryOut", "ErrorOut", "AnalyseIn"} <= set(schemas)
    params = {p["name"] for p in paths["/api/articles"]["get"]["parameters"]}
    assert {"limit", "offset"} <= params


def test_serve_refuses_other_hosts_without_a_token(db, monkeypatch):
    monkeypatch.delenv("NEWSTRACE_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert result.exit_code == EXIT_USAGE
    assert "--token" in result.output and len(result.output.strip().splitlines()) == 1
    empty = CliRunner().invoke(main, ["serve", "--db", str(db), "--host", "0.0.0.0", "--token", " "])
    assert empty.exit_code == EXIT_USAGE


def test_serve_starts_uvicorn_with_the_app(db, monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--host", "0.0.0.0", "--token", "t"])
    assert result.exit_code == 0, result.output
    [(app, kw)] = calls
    assert kw["host"] == "0.0.0.0" and kw["port"] == 8765
    assert TestClient(app).get("/api/stories").status_code == 401
    missing = CliRunner().invoke(main, ["serve", "--db", str(db.parent / "nothing.db")])
    assert missing.exit_code == 4 and "nothing.db" in missing.output


def test_serve_parses_http_with_httptools(db, monkeypatch):
    """uvicorn parses requests with httptools (a dependency: its C parser) rather than h11."""
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    assert CliRunner().invoke(main, ["serve", "--db", str(db)]).exit_code == 0
    [(app, kw)] = calls
    config = uvicorn.Config(app, **kw)
    config.load()
    assert config.http_protocol_class.__name__ == "HttpToolsProtocol"


def test_serve_workers_build_the_same_app_in_each_process(db, monkeypatch):
    import socket

    import uvicorn

    from newstrace.web import serving

    for name in (serving.ENV_DB, serving.ENV_TOKEN, serving.ENV_HOSTS, serving.ENV_THREADS):
        monkeypatch.setenv(name, "")  # run_server sets them for the workers to read; undone after
    configs = []
    monkeypatch.setattr(serving, "run_workers", configs.append)
    cmd = ["serve", "--db", str(db), "--workers", "2", "--token", "t", "--threads", "3"]
    result = CliRunner().invoke(main, cmd)
    assert result.exit_code == 0, result.output
    [config] = configs
    assert isinstance(config, uvicorn.Config) and config.app == serving.APP
    assert config.factory and config.workers == 2 and (config.host, config.port) == ("127.0.0.1", 8765)
    config.port = 0  # any free port: the workers' shared socket is TCP, so Nagle's algorithm is off
    sock = config.bind_socket()
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()
    # what one worker process builds: the same store, token, hosts and threads
    worker = TestClient(serving.app_from_env())
    assert worker.app.state.threads == 3
    assert worker.get("/api/stories").status_code == 401
    assert worker.get("/api/stories", headers={"Authorization": "Bearer t"}).json()["items"]
    # without a token, a loopback server answers only requests addressed to loopback names
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--workers", "2"])
    assert result.exit_code == 0, result.output
    worker = TestClient(serving.app_from_env(), base_url="http://127.0.0.1")
    assert worker.get("/api/stories").status_code == 200
    assert worker.get("/api/stories", headers={"Host": "evil.test"}).status_code == 400
    bad = CliRunner().invoke(main, ["serve", "--db", str(db), "--workers", "0"])
    assert bad.exit_code == EXIT_USAGE
