"""`newstrace serve`'s HTML pages over a store of the bundled examples (FastAPI's TestClient; no server
is started), and the pure helpers behind them (highlight segments, framing marks, the timeline
layout). tests/test_browser.py runs the same pages in Chromium."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from _store_records import EXAMPLES, example_records, stored
from _web_payloads import ARTICLES, PAYLOADS, payload_records
from fastapi.testclient import TestClient
from markupsafe import Markup

from newstrace.record import Record
from newstrace.web import create_app
from newstrace.web.highlight import Mark, segments
from newstrace.web.pages import snippet_parts, web_url
from newstrace.web.views import MAX_POINTS, article_view, framing_marks, timeline_layout

HREF = re.compile(r'href="([^"]+)"')
BOATS = "Officials told the Meridian Times that the navy struck three boats on Tuesday."


@pytest.fixture(scope="module")
def db(tmp_path_factory, nlp):
    return stored(tmp_path_factory.mktemp("pages") / "s.db", example_records(nlp), link=True)


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, nlp):
    db = stored(tmp_path_factory.mktemp("hostile") / "s.db", payload_records(nlp), link=True)
    return TestClient(create_app(db))


def page(client, path: str, status: int = 200, **params) -> str:
    response = client.get(path, params=params)
    assert response.status_code == status, (path, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    return response.text


def links(text: str, prefix: str) -> list[str]:
    return list(dict.fromkeys(html.unescape(h) for h in HREF.findall(text) if h.startswith(prefix)))


def biggest_story(client) -> str:
    stories = client.get("/api/stories", params={"limit": 500}).json()["items"]
    return max(stories, key=lambda s: s["n_articles"])["id"]


# -- highlight: offsets -> segments ------------------------------------------------------------------


def test_segments_cover_the_text_exactly_once():
    text = "abcdefghij"
    marks = [Mark(2, 6, "x"), Mark(4, 8, "y"), Mark(0, 10, "z")]
    parts = segments(text, marks)
    assert "".join(p.text for p in parts) == text
    assert [(p.text, p.css) for p in parts] == [
        ("ab", "z"),
        ("cd", "x z"),
        ("ef", "x y z"),
        ("gh", "y z"),
        ("ij", "z"),
    ]


def test_segments_nested_marks_keep_their_order_and_labels():
    parts = segments("said the navy", [Mark(0, 13, "outer", "o"), Mark(5, 8, "inner", "i", label="L")])
    assert [(p.text, p.css, p.tip, p.labels) for p in parts] == [
        ("said ", "outer", "o", []),
        ("the", "outer inner", "o\ni", [("inner", "L")]),
        (" navy", "outer", "o", []),
    ]


def test_segments_at_text_ends_and_out_of_range():
    text = "0123456789"
    parts = segments(
        text, [Mark(0, 3, "a", anchor="first"), Mark(7, 10, "b"), Mark(8, 99, "c"), Mark(-5, 2, "d")]
    )
    assert "".join(p.text for p in parts) == text
    assert parts[0].text == "01" and parts[0].css == "a d" and parts[0].anchor == "first"
    assert parts[-1].text == "89" and parts[-1].css == "b c"
    # marks wholly outside the text, empty or reversed, are dropped; no mark means one plain segment
    assert [
        (p.text, p.marks) for p in segments(text, [Mark(20, 30, "x"), Mark(5, 5, "y"), Mark(6, 4, "z")])
    ] == [(text, [])]
    assert segments("", [Mark(0, 3, "x")]) == []


def test_segments_keep_markup_as_plain_text():
    # the template escapes each segment: the helper itself never produces or interprets markup
    text = "<script>alert(1)</script> said"
    parts = segments(text, [Mark(0, 8, "x"), Mark(26, 30, "cue")])
    assert parts[0].text == "<script>" and "".join(p.text for p in parts) == text


def test_framing_marks_are_defensive():
    assert framing_marks(None) == ([], 0, [])
    assert framing_marks("not a dict") == ([], 0, [])
    assert framing_marks({"passages": "x", "spans": [None, {"start": "1"}]}) == ([], 0, [])
    marks, opinions, loaded = framing_marks(
        {
            "passages": [
                {"start": 0, "end": 10, "label": "opinion", "score": 0.9, "cues": [{"start": 0, "end": 3}]},
                {"start": 10, "end": 20, "label": "reporting"},
                {"start": 20, "label": "opinion"},
            ],
            "spans": [{"start": 4, "end": 9, "text": "reckless", "technique": "loaded_language"}],
        }
    )
    assert opinions == 1
    assert {m.css for m in marks} == {"frame-opinion", "frame-cue", "loaded"}
    assert loaded == [{"text": "reckless", "technique": "loaded_language", "start": 4}]


def test_web_url_and_snippet_parts():
    assert web_url("https://example.org/a") == "https://example.org/a"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "//evil",
        "",
        None,
        "http://[x",
    ):
        assert web_url(bad) is None
    assert snippet_parts("a [port] strike [x]") == [
        ("a ", False),
        ("port", True),
        (" strike ", False),
        ("x", True),
    ]


def test_timeline_layout_puts_dated_events_on_the_axis():
    from newstrace.link.timeline import TimelineEvent

    def event(n: int, day: str | None, end: str | None = None, status: str = "occurred") -> TimelineEvent:
        return TimelineEvent(
            f"s-e{n}",
            day,
            end,
            "event",
            "ASSAULT",
            None,
            "struck",
            [],
            [],
            None,
            status,
            None,
            day,
            [],
            [],
            [],
        )

    layout = timeline_layout(
        [
            event(1, "2026-11-01"),
            event(2, "2026-11-11", "2026-11-21", "planned"),
            event(3, None),
            event(4, "2026-11-05", status="odd"),
        ]
    )
    assert [p.id for p in layout.points] == ["s-e1", "s-e2", "s-e4"]
    assert [u.id for u in layout.undated] == ["s-e3"]
    first, second, fourth = layout.points
    assert first.x < fourth.x < second.x < second.x_end
    assert second.shape == "diamond" and fourth.status == "unknown"
    assert layout.ticks[0].label == "2026-11-01" and layout.ticks[-1].label == "2026-11-21"
    assert all(0 <= p.x <= layout.width for p in layout.points)
    assert timeline_layout([event(1, None)]).points == []
    many = timeline_layout([event(n, "2026-11-01") for n in range(MAX_POINTS + 5)])
    assert len(many.points) == MAX_POINTS and many.left_out == 5


# -- the pages --------------------------------------------------------------------------------------


def test_every_page_renders(client):
    story = biggest_story(client)
    article = client.get("/api/articles").json()["items"][0]["id"]
    for path in ("/", f"/stories/{story}", f"/articles/{article}", "/sources", "/analyse"):
        text = page(client, path)
        assert '<main id="main"' in text and 'href="#main"' in text and "<nav" in text
        assert '<link rel="stylesheet" href="/static/style.css">' in text
        assert "<script" not in text and "style=" not in text
    assert client.get("/favicon.ico").status_code == 200
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_list_story_article_links_resolve(client, db):
    listing = page(client, "/")
    stories = links(listing, "/stories/")
    assert len(stories) >= 4
    assert "claims" in listing and "outlets" in listing and "articles" in listing
    story = page(client, stories[0])
    articles = links(story, "/articles/")
    assert articles
    for href in articles:
        page(client, href)
    # every story of the list resolves, and each one's articles link back to it
    for href in stories:
        text = page(client, href)
        for article in links(text, "/articles/")[:1]:
            assert href in page(client, article)


def test_story_page_has_timeline_claims_badges_sources(client):
    story = biggest_story(client)
    text = page(client, f"/stories/{story}")
    assert 'id="timeline-svg"' in text and '<title id="tl-title">' in text
    for status in ("occurred", "planned", "negated"):
        assert f"st-{status}" in text
    assert 'class="legend"' in text  # the legend names every status in words
    assert text.count('class="badge badge-') >= 5
    assert re.search(r"\d+ anonymous, incl\. 2 U\.S\. officials, via The Meridian Times", text)
    assert "independent confirmation" in text and "echoes" in text
    # a denied claim with what its reporters said: the lead claim, strikes being prepared
    denied = '<span class="status st-denied">denied</span> <span class="change">reported as planned</span>'
    assert denied in text
    assert "A count of independent sources is a floor" in text  # how far to trust it, as the README says
    assert "Who reported whom" in text and "re-reports" in text
    assert "Named (" in text and "Anonymous (" in text
    assert "Alan Brooks" in text


def test_story_page_shows_the_first_of_each_list_and_every_item_a_part_at_a_time(db, monkeypatch):
    from newstrace.web import pages

    for name, value in (("CLAIMS_SHOWN", 2), ("STEPS_SHOWN", 1), ("SOURCES_SHOWN", 1), ("PART_SIZE", 3)):
        monkeypatch.setattr(pages, name, value)
    client = TestClient(create_app(db))  # its own page cache, built with these sizes
    story = biggest_story(client)
    claims = client.get(f"/api/stories/{story}/claims", params={"limit": 500}).json()["items"]
    events = client.get(f"/api/stories/{story}/timeline", params={"limit": 500}).json()["items"]
    assert len(claims) > 3 and any(len(c["chain"]) > 1 for c in claims)
    text = page(client, f"/stories/{story}")
    assert re.findall(r'id="claim-([^"]+)"', text) == [c["id"] for c in claims[:2]]
    assert f"<span>{len(claims)} claims</span>" in text
    assert f'?part=claims">All {len(claims)} claims, 3 a page' in text
    assert text.count('class="kind-') == 2  # one step of each chain shown
    assert re.search(r"Named \(\d+\)", text) and "?part=sources" in text
    # the claims a page at a time, each with its whole chain and its badge
    seen, offset = [], 0
    while True:
        part = page(client, f"/stories/{story}", part="claims", offset=offset)
        seen += re.findall(r'id="claim-([^"]+)"', part)
        assert 'class="badge badge-' in part and f'href="/stories/{story}"' in part
        if 'rel="next"' not in part:
            break
        assert f"?part=claims&amp;offset={offset + 3}&amp;limit=3" in part
        offset += 3
    assert seen == [c["id"] for c in claims]
    whole = "".join(
        page(client, f"/stories/{story}", part="claims", offset=o) for o in range(0, offset + 1, 3)
    )
    assert whole.count('class="kind-') == sum(len(c["chain"]) for c in claims)
    # every event with every report of its status; every source
    part = page(client, f"/stories/{story}", part="events")
    assert re.findall(r'<tr id="ev-([^"]+)"', part) == [e["id"] for e in events]
    assert part.count("</a>: ") == sum(len(e["status_history"]) for e in events)
    named = re.search(r"Named \((\d+)\)", text).group(1)
    part = page(client, f"/stories/{story}", part="sources")
    assert f"Named ({named})" in part and part.count("<li><strong>") == int(named)
    page(client, f"/stories/{story}", 422, part="everything")


def _without_stored_sourcing(db, target):
    """A copy of the store as an older newstrace linked it: story views without their badges and
    sources table."""
    import sqlite3

    source, copy = sqlite3.connect(db), sqlite3.connect(target)
    with copy:
        source.backup(copy)
        copy.execute("DELETE FROM story_view_items WHERE kind IN ('badges', 'sources')")
    source.close()
    copy.close()
    return target


def test_story_pages_from_stored_sourcing_match_those_computed(db, tmp_path, monkeypatch):
    from newstrace.store import Store
    from newstrace.web import pages

    older = _without_stored_sourcing(db, tmp_path / "older.db")
    stories = [
        s["id"] for s in TestClient(create_app(db)).get("/api/stories", params={"limit": 500}).json()["items"]
    ]
    assert len(stories) >= 3
    calls = []
    real = Store.story_sourcing

    def counted(self, story_id):
        calls.append(story_id)
        return real(self, story_id)

    monkeypatch.setattr(Store, "story_sourcing", counted)
    monkeypatch.setattr(pages, "PART_SIZE", 3)  # claims a few a page: each page's badges are its own
    computed, stored = TestClient(create_app(older)), TestClient(create_app(db))
    paths = []
    for story in stories:
        n = len(stored.get(f"/api/stories/{story}/claims", params={"limit": 500}).json()["items"])
        paths += [(f"/stories/{story}", {}), (f"/stories/{story}", {"part": "sources"})]
        paths += [(f"/stories/{story}", {"part": "claims", "offset": o}) for o in range(0, max(n, 1), 3)]
    for path, params in paths:
        assert page(stored, path, **params) == page(computed, path, **params), (path, params)
    # the stored store's pages read no sourcing; the older one's read it for each page
    assert len(calls) == len(paths)
    text = page(stored, f"/stories/{biggest_story(stored)}")
    assert text.count('class="badge badge-') >= 5 and "Alan Brooks" in text


def test_article_page_marks_attributions_and_events(client):
    text = page(client, "/articles/meridian-2026-11-09-land-strike-options")
    for css in ("att-source", "att-cue", "att-content", "ev ev-planned", "tag tag-ev-occurred"):
        assert f'class="{css}' in text or f" {css}" in text, css
    assert re.search(r'class="att-source" title="Source: 4 anonymous, incl\. 2 U\.S\. officials', text)
    assert 'tabindex="0"' in text  # sources are reachable with the keyboard (their tooltip shows on focus)
    assert 'href="/api/articles/meridian-2026-11-09-land-strike-options">Record as JSON' in text
    record = client.get("/api/articles/meridian-2026-11-09-land-strike-options")
    assert record.status_code == 200
    # the framing section is there exactly when the record has a framing analysis
    assert ('id="framing"' in text) == (record.json().get("framing") is not None)


def test_article_view_marks_framing_when_present(client):
    data = client.get("/api/articles/meridian-2026-11-09-land-strike-options").json()
    text = data["article"]["text"]
    data["framing"] = {
        "passages": [{"start": 0, "end": 40, "label": "opinion", "score": 0.8, "cues": []}],
        "spans": [
            {"start": 13, "end": 25, "text": text[13:25], "technique": "Loaded_Language", "score": 0.9}
        ],
    }
    view = article_view(Record.model_validate(data))
    css = {c for seg in view.segments for c in seg.css.split()}
    assert {"frame-opinion", "loaded", "att-source", "att-content"} <= css
    assert view.opinion_passages == 1 and view.loaded_spans[0]["technique"] == "Loaded_Language"
    assert any(("loaded", "Loaded Language") in seg.labels for seg in view.segments)
    assert "".join(seg.text for seg in view.segments) == text


def test_sources_page_and_api(client):
    text = page(client, "/sources")
    assert 'id="sources-chart"' in text and 'id="outlet-table"' in text and 'id="cited-table"' in text
    assert "The Meridian Times" in text and "Alan Brooks" in text
    cited = client.get("/api/sources", params={"limit": 3}).json()
    assert len(cited["items"]) == 3 and cited["next_offset"] == 3
    top = cited["items"][0]
    assert {"key", "name", "type", "anonymous", "citations", "articles", "outlets"} == set(top)
    assert top["citations"] >= cited["items"][1]["citations"]
    assert any(s["anonymous"] for s in client.get("/api/sources", params={"limit": 500}).json()["items"])
    outlets = client.get("/api/sources/outlets").json()["items"]
    meridian = next(o for o in outlets if o["outlet"] == "The Meridian Times")
    assert meridian["named"] > 0 and meridian["anonymous"] > 0
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/sources" in paths and "/api/sources/outlets" in paths
    assert not any(not p.startswith("/api/") for p in paths)  # the pages are not API operations


def test_unknown_ids_are_html_404_and_api_stays_json(client):
    for path in ("/stories/nope", "/articles/nope", "/no-such-page"):
        text = page(client, path, status=404)
        assert "404" in text and 'href="/"' in text
    api = client.get("/api/stories/nope")
    assert api.status_code == 404 and api.json()["status"] == 404
    assert "nope" in page(client, "/articles/nope", status=404)


def test_paging(client):
    everything = links(page(client, "/", limit=100), "/stories/")
    first = page(client, "/", limit=2)
    assert links(first, "/stories/") == everything[:2]
    assert 'rel="next" href="/?offset=2&amp;limit=2"' in first and 'rel="prev"' not in first
    second = page(client, "/", limit=2, offset=2)
    assert links(second, "/stories/") == everything[2:4]
    assert 'rel="prev" href="/?offset=0&amp;limit=2"' in second
    assert "No stories here" in page(client, "/", offset=10_000)
    page(client, "/", status=422, limit=0)
    page(client, "/", status=422, offset=-1)
    page(client, "/sources", limit=2)


def test_search(client):
    text = page(client, "/", q="port")
    assert "Search results for" in text and "<mark>" in text
    hits = links(text, "/articles/")
    assert hits and all(client.get(h).status_code == 200 for h in hits)
    assert 'value="port"' in text
    assert "No article matches" in page(client, "/", q="zzzqqqxxx")
    page(client, "/", q='drug-smuggling "')  # not FTS5 syntax: searched as a phrase
    one = page(client, "/", q="port", limit=1)
    assert len(links(one, "/articles/")) == 1 and 'rel="next"' in one and "q=port" in one


def test_analyse_form_and_text(client, db):
    form = page(client, "/analyse")
    assert 'enctype="multipart/form-data"' in form
    for field in ("text", "file", "title", "outlet"):
        assert f'<label for="{field}"' in form and f'id="{field}"' in form
    response = client.post("/analyse", data={"text": BOATS, "title": "Boats", "outlet": "Wire"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert 'class="att-source"' in response.text and ">Officials<" in response.text
    assert "analysed, not stored" in response.text and "Record as JSON" not in response.text
    assert client.get("/api/articles", params={"limit": 500}).json()["items"][0]["title"] != "Boats"


def test_analyse_html_upload(client):
    upload = (EXAMPLES / "04-pacific-dispatch-venezuela-denies.html").read_bytes()
    response = client.post("/analyse", files={"file": ("page.html", upload, "text/html")}, data={"text": ""})
    assert response.status_code == 200, response.text[:500]
    assert 'class="att-source"' in response.text and "Pacific Dispatch" in response.text
    assert "analysed, not stored" in response.text


def test_analyse_limits_and_bad_input(db, client):
    empty = client.post("/analyse", data={"text": "   "})
    assert empty.status_code == 422 and 'role="alert"' in empty.text
    assert client.post("/analyse", data={"text": "x" * 250_000}).status_code == 413
    cross = client.post("/analyse", data={"text": BOATS}, headers={"sec-fetch-site": "cross-site"})
    assert cross.status_code == 403 and cross.headers["content-type"].startswith("text/html")
    kept = client.post(
        "/analyse", data={"text": "Ceci n'est pas un article en anglais, mais en français.", "title": "T"}
    )
    assert kept.status_code == 422 and 'value="T"' in kept.text  # the form comes back with what was typed
    slow = TestClient(create_app(db, analyse_timeout=0.000_001))
    assert slow.post("/analyse", data={"text": BOATS * 20}).status_code == 504


def test_token_is_carried_on_links(db):
    client = TestClient(create_app(db, token="sekrit"))
    assert client.get("/").status_code == 401
    text = page(client, "/", token="sekrit")
    assert "/static/style.css?token=sekrit" in text
    assert all("token=sekrit" in href for href in links(text, "/stories/"))
    assert '<input type="hidden" name="token" value="sekrit">' in text
    assert client.get("/static/style.css", params={"token": "sekrit"}).status_code == 200


class _Tags(HTMLParser):
    """Every element and attribute of a page, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_inert(text: str) -> None:
    """No script element, no event-handler attribute, no `javascript:` link, no element from a payload
    (the page's own SVGs all have a viewBox; a payload's <svg onload> or <img> would not be ours)."""
    parser = _Tags()
    parser.feed(text)
    for tag, attrs in parser.tags:
        assert tag not in ("script", "img", "iframe", "object", "embed"), (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (tag, attrs)
        if tag == "svg":
            assert "viewbox" in attrs, attrs


def test_hostile_text_is_escaped_on_every_page(hostile):
    stories = links(page(hostile, "/"), "/stories/")
    assert stories
    paths = ["/", *stories, "/articles/xss-1", "/articles/xss-2", "/sources"]
    texts = {p: page(hostile, p) for p in paths}
    texts["search"] = page(hostile, "/", q="boats")
    # what the reader types is reflected too: in the search box, and in a 404's message
    texts["query"] = page(hostile, "/", q=PAYLOADS[0])
    texts["404"] = page(hostile, "/articles/" + quote(PAYLOADS[1], safe=""), status=404)
    analysed = hostile.post("/analyse", data={"text": ARTICLES[0]["text"], "title": ARTICLES[0]["title"]})
    assert analysed.status_code == 200
    texts["analyse"] = analysed.text
    for where, text in texts.items():
        assert_inert(text)
        for payload in PAYLOADS:
            assert payload not in text, (where, payload)
    # the payloads are shown as text: escaped in the page source
    article = texts["/articles/xss-1"]
    for payload in PAYLOADS:
        assert html.escape(payload, quote=False) in article.replace("&#34;", '"').replace("&#39;", "'")
    assert "(not a web address; not linked)" in article
    assert "&lt;svg onload=" in texts["/"] and "&lt;img src=x onerror=" in texts["/sources"]


def test_fragments_escape_every_value_they_write():
    """The story page's lists, an article's marked text and search results are written in Python
    (`newstrace.web.fragments`), not by autoescaping templates: every value is escaped there."""
    from newstrace.link.timeline import StatusStep, TimelineEvent
    from newstrace.link.views import SourceRow
    from newstrace.web import fragments
    from newstrace.web.views import ChainStep, ClaimView, build_story_view

    bad = PAYLOADS[0] + PAYLOADS[2] + "\"'"

    def u(path, *ids, **query):
        return path + "/".join(quote(i, safe="") for i in ids) + ("?x=" + bad if query else "")

    step = ChainStep(bad, bad, bad, bad, bad, bad, bad, bad, bad)
    claim = ClaimView(bad, bad, bad, 1, bad, bad, 3, [step, step], n_steps=5)
    event = TimelineEvent(
        id=bad, date="2026-11-12", end="2026-11-14", date_source="reported", category=bad, mode=bad,
        trigger=bad, actors=[bad], targets=[bad], location=bad, status=bad, status_change=bad,
        first_reported=None, outlets=[bad], status_history=[StatusStep(bad, bad, bad, bad)] * 3, mentions=[],
    )  # fmt: skip
    undated = TimelineEvent(**{**event.__dict__, "date": None, "end": None})
    source = SourceRow(bad, bad, True, 2, [bad], [(bad, bad)])
    story = {"id": bad, "articles": [{"id": bad, "title": bad, "outlet": bad, "published": bad}]}
    view = build_story_view(story, [], [], [event, undated], 1)
    view.claims = [claim]
    mark = Mark(0, len(bad), bad, bad, anchor=bad, label=bad, focus=True)
    segments_ = segments(bad + " said " + bad, [mark])
    hit = [(bad, True), (bad, False)]
    written = {
        "claims": fragments.claims_list(view, bad, u, steps=1),
        "events": fragments.events_table(view, bad, u, steps=1),
        "timeline": fragments.timeline(view.layout),
        "named": fragments.named_list([source]),
        "anonymous": fragments.anonymous_list([source], u),
        "articles": fragments.articles_list(story["articles"], u),
        "article": fragments.article_text(segments_),
        "search": fragments.search_results([{**story["articles"][0], "story": bad, "snippet": hit}], u, 1),
    }
    assert view.layout.points and view.layout.undated
    for where, text in written.items():
        assert_inert(str(text))
        for payload in (PAYLOADS[0], PAYLOADS[2], "\"'"):
            assert payload not in text, where
        assert "&lt;script&gt;" in text, where
    assert "and 4 more" in written["claims"] and "and 2 more reports" in written["events"]
    assert fragments.esc(3) == "3" and fragments.esc(Markup("<b>x</b>")) == "<b>x</b>"
