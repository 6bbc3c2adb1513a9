"""Feeds: RSS and Atom entries, conditional re-polls, things that are not feeds, fetching new entries.

Everything is served by pytest-httpserver on 127.0.0.1; nothing leaves the machine.
"""

from __future__ import annotations

import pytest

from newstrace.ingest.article import ArticleInput, Skipped
from newstrace.ingest.feeds import FeedEntry, iter_feed_articles, poll_feed
from newstrace.ingest.web import FetchPolicy, make_client

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbor Ledger</title><link>{base}/</link>
<item><title>Navy strikes boats</title><link>{base}/a1</link><guid isPermaLink="false">hl-1</guid>
  <pubDate>Tue, 10 Nov 2026 09:00:00 GMT</pubDate></item>
<item><title>Port reopens</title><link>{base}/a2</link><guid isPermaLink="false">hl-2</guid>
  <pubDate>Tue, 10 Nov 2026 11:30:00 +0200</pubDate></item>
<item><title>Minister resigns</title><link>{base}/a3</link><guid isPermaLink="false">hl-3</guid></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Meridian Times</title><id>urn:mt</id>
<updated>2026-11-10T09:00:00Z</updated>
<entry><title>Talks collapse</title><id>urn:mt:1</id><link href="/m1"/>
  <updated>2026-11-10T08:00:00Z</updated><published>2026-11-09T20:15:00Z</published></entry>
<entry><title>Strike ends</title><id>urn:mt:2</id><link rel="alternate" href="{base}/m2"/>
  <updated>2026-11-10T07:00:00Z</updated></entry>
</feed>"""

LAST_MODIFIED = "Tue, 10 Nov 2026 12:00:00 GMT"
BARE_PAGE = "<html><body><p>The navy said on Tuesday that it had struck three boats.</p></body></html>"
TITLED_PAGE = (
    "<html><head><title>Page headline</title></head>"
    "<body><p>The port reopened on Tuesday after a week of strikes, officials said.</p></body></html>"
)


def _base(httpserver) -> str:
    return httpserver.url_for("").rstrip("/")


def test_rss_entries(httpserver, client, policy):
    base = _base(httpserver)
    httpserver.expect_request("/rss").respond_with_data(
        RSS.format(base=base),
        content_type="application/rss+xml",
        headers={"ETag": '"v1"', "Last-Modified": LAST_MODIFIED},
    )
    poll = poll_feed(httpserver.url_for("/rss"), client, policy)
    assert (poll.error, poll.not_modified) == (None, False)
    assert poll.state == {"etag": '"v1"', "last_modified": LAST_MODIFIED}
    assert poll.entries == [
        FeedEntry(f"{base}/a1", "Navy strikes boats", "2026-11-10T09:00:00+00:00", "hl-1"),
        FeedEntry(f"{base}/a2", "Port reopens", "2026-11-10T09:30:00+00:00", "hl-2"),
        FeedEntry(f"{base}/a3", "Minister resigns", None, "hl-3"),
    ]


def test_atom_entries_with_relative_links(httpserver, client, policy):
    base = _base(httpserver)
    httpserver.expect_request("/atom").respond_with_data(
        ATOM.format(base=base), content_type="application/atom+xml"
    )
    poll = poll_feed(httpserver.url_for("/atom"), client, policy)
    assert poll.state == {}
    assert poll.entries == [
        FeedEntry(f"{base}/m1", "Talks collapse", "2026-11-09T20:15:00+00:00", "urn:mt:1"),
        FeedEntry(f"{base}/m2", "Strike ends", "2026-11-10T07:00:00+00:00", "urn:mt:2"),
    ]


@pytest.mark.parametrize(
    ("validator", "request_header", "value"),
    [("ETag", "If-None-Match", '"v1"'), ("Last-Modified", "If-Modified-Since", LAST_MODIFIED)],
)
def test_repoll_with_validator_gets_304_and_yields_nothing(
    httpserver, client, policy, validator, request_header, value
):
    # Handlers match in the order added: the conditional request is answered 304.
    httpserver.expect_request("/rss", headers={request_header: value}).respond_with_data("", status=304)
    httpserver.expect_request("/rss").respond_with_data(
        RSS.format(base=_base(httpserver)), content_type="application/rss+xml", headers={validator: value}
    )
    url = httpserver.url_for("/rss")
    first = poll_feed(url, client, policy)
    assert len(first.entries) == 3
    again = poll_feed(url, client, policy, first.state)
    assert (again.not_modified, again.entries, again.error, again.state) == (True, [], None, first.state)
    assert list(iter_feed_articles(again, client, policy, seen=lambda _link: False)) == []


def test_html_page_is_not_a_feed(httpserver, client, policy):
    httpserver.expect_request("/news").respond_with_data(TITLED_PAGE, content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/news")
    poll = poll_feed(url, client, policy)
    assert poll.error == Skipped(url, "not a feed: got an HTML page (text/html)")
    assert poll.entries == []


def test_garbage_is_not_a_feed(httpserver, client, policy):
    httpserver.expect_request("/feed").respond_with_data(
        "this is not XML at all", content_type="application/xml"
    )
    poll = poll_feed(httpserver.url_for("/feed"), client, policy)
    assert poll.error is not None and poll.error.reason.startswith("not a feed: ")


def test_feed_fetch_errors_share_the_page_checks(httpserver, client, policy):
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    url = httpserver.url_for("/gone")
    assert poll_feed(url, client, policy).error == Skipped(url, "HTTP 404")
    strict = FetchPolicy()
    with make_client(strict) as strict_client:
        assert poll_feed(url, strict_client, strict).error == Skipped(
            url, "refused: 127.0.0.1 is a loopback address (use --allow-private)"
        )


def test_feed_disallowed_by_robots(httpserver):
    policy = FetchPolicy(allow_private=True)
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /rss\n")
    url = httpserver.url_for("/rss")
    with make_client(policy) as client:
        assert poll_feed(url, client, policy).error == Skipped(url, "disallowed by robots.txt")


def test_new_entries_are_fetched_and_fill_in_what_the_page_lacks(httpserver, client, policy):
    base = _base(httpserver)
    httpserver.expect_request("/rss").respond_with_data(
        RSS.format(base=base), content_type="application/rss+xml"
    )
    httpserver.expect_request("/a1").respond_with_data(BARE_PAGE, content_type="text/html")
    httpserver.expect_request("/a2").respond_with_data(TITLED_PAGE, content_type="text/html")
    httpserver.expect_request("/a3").respond_with_data("", status=404)
    poll = poll_feed(httpserver.url_for("/rss"), client, policy)
    asked: list[str] = []

    def seen(link: str) -> bool:
        asked.append(link)
        return False

    items = list(iter_feed_articles(poll, client, policy, seen))
    assert asked == [f"{base}/a1", f"{base}/a2", f"{base}/a3"]
    first, second, third = items
    assert isinstance(first, ArticleInput) and first.origin == f"{base}/a1" and first.html == BARE_PAGE
    # The bare page has no title or date: the feed's fill in. The titled page keeps its own title.
    assert (first.title, first.published) == ("Navy strikes boats", "2026-11-10T09:00:00+00:00")
    assert (second.title, second.published) == (None, "2026-11-10T09:30:00+00:00")
    assert third == Skipped(f"{base}/a3", "HTTP 404")


def test_seen_entries_are_not_fetched(httpserver, client, policy):
    base = _base(httpserver)
    httpserver.expect_request("/rss").respond_with_data(
        RSS.format(base=base), content_type="application/rss+xml"
    )
    httpserver.expect_request("/a2").respond_with_data(TITLED_PAGE, content_type="text/html")
    poll = poll_feed(httpserver.url_for("/rss"), client, policy)
    items = list(iter_feed_articles(poll, client, policy, seen=lambda link: not link.endswith("/a2")))
    assert [i.origin for i in items] == [f"{base}/a2"]
    assert [r.path for r, _ in httpserver.log] == ["/rss", "/a2"]
