"""Fetching pages: redirects, status codes, content types, size and time limits, addresses, robots.txt.

Everything is served by pytest-httpserver on 127.0.0.1; nothing leaves the machine.
"""

from __future__ import annotations

import ipaddress
import socket
import time

import httpx
import pytest
from werkzeug import Request, Response

from newstrace.ingest.article import ArticleInput, Skipped
from newstrace.ingest.web import DEFAULT_USER_AGENT, FetchPolicy, fetch_url, make_client, non_public_kind

PAGE = "<html><head><title>Boats struck</title></head><body><p>The navy struck three boats.</p></body></html>"


def _requests_for(httpserver, path: str) -> int:
    return sum(1 for request, _ in httpserver.log if request.path == path)


def test_good_page(httpserver, client, policy):
    httpserver.expect_request("/news", headers={"User-Agent": DEFAULT_USER_AGENT}).respond_with_data(
        PAGE, content_type="text/html; charset=utf-8"
    )
    url = httpserver.url_for("/news")
    item = fetch_url(url, client, policy)
    assert isinstance(item, ArticleInput)
    assert (item.origin, item.url, item.html, item.text) == (url, url, PAGE, None)
    assert item.fetched_at is not None and item.fetched_at.endswith("+00:00")


def test_plain_text_page_is_text(httpserver, client, policy):
    httpserver.expect_request("/a.txt").respond_with_data("The navy said so.", content_type="text/plain")
    item = fetch_url(httpserver.url_for("/a.txt"), client, policy)
    assert (item.text, item.html) == ("The navy said so.", None)


def test_charset_from_meta_when_the_header_has_none(httpserver, client, policy):
    page = '<html><head><meta charset="windows-1252"></head><body><p>Café owners said so.</p></body></html>'
    httpserver.expect_request("/cafe").respond_with_data(page.encode("cp1252"), content_type="text/html")
    assert fetch_url(httpserver.url_for("/cafe"), client, policy).html == page


def test_redirect_chain_gives_the_final_url(httpserver, client, policy):
    httpserver.expect_request("/a").respond_with_data("", status=301, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data(
        "", status=302, headers={"Location": httpserver.url_for("/c")}
    )
    httpserver.expect_request("/c").respond_with_data("", status=307, headers={"Location": "final"})
    httpserver.expect_request("/final").respond_with_data(PAGE, content_type="text/html")
    item = fetch_url(httpserver.url_for("/a"), client, policy)
    assert (item.origin, item.url, item.html) == (
        httpserver.url_for("/a"),
        httpserver.url_for("/final"),
        PAGE,
    )


def test_too_many_redirects(httpserver, client):
    policy = FetchPolicy(allow_private=True, respect_robots=False, max_redirects=2)
    for n in range(4):
        httpserver.expect_request(f"/r{n}").respond_with_data(
            "", status=302, headers={"Location": f"/r{n + 1}"}
        )
    url = httpserver.url_for("/r0")
    assert fetch_url(url, client, policy) == Skipped(url, "too many redirects (more than 2)")
    assert _requests_for(httpserver, "/r3") == 0


def test_redirect_to_a_non_http_scheme_is_refused(httpserver, client, policy):
    httpserver.expect_request("/ftp").respond_with_data(
        "", status=301, headers={"Location": "ftp://files.example.org/a.html"}
    )
    url = httpserver.url_for("/ftp")
    assert fetch_url(url, client, policy) == Skipped(
        url, "redirect to a non-HTTP URL: ftp://files.example.org/a.html"
    )


def test_non_http_url_is_refused(client, policy):
    assert fetch_url("file:///etc/passwd", client, policy) == Skipped(
        "file:///etc/passwd", "not an HTTP URL: file:///etc/passwd"
    )


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors(httpserver, client, policy, status):
    httpserver.expect_request("/x").respond_with_data(
        "<html>error</html>", status=status, content_type="text/html"
    )
    url = httpserver.url_for("/x")
    assert fetch_url(url, client, policy) == Skipped(url, f"HTTP {status}")


def test_binary_content_type_is_not_html(httpserver, client, policy):
    httpserver.expect_request("/a.pdf").respond_with_data(b"%PDF-1.7 ...", content_type="application/pdf")
    url = httpserver.url_for("/a.pdf")
    assert fetch_url(url, client, policy) == Skipped(url, "not HTML: application/pdf")


def test_streamed_body_over_the_size_cap_is_abandoned(httpserver, client):
    policy = FetchPolicy(allow_private=True, respect_robots=False, max_bytes=1024 * 1024)

    def endless(_request: Request) -> Response:
        chunks = (b"<p>" + b"x" * 65_000 + b"</p>" for _ in range(10_000))  # 650 MB, never sent
        return Response(chunks, content_type="text/html")  # no Content-Length: streamed

    httpserver.expect_request("/big").respond_with_handler(endless)
    url = httpserver.url_for("/big")
    assert fetch_url(url, client, policy) == Skipped(url, "page is over the 1 MB limit")


def test_declared_length_over_the_size_cap_is_refused_before_reading(httpserver, client):
    policy = FetchPolicy(allow_private=True, respect_robots=False, max_bytes=1024)
    httpserver.expect_request("/big").respond_with_data(b"x" * 4096, content_type="text/html")
    url = httpserver.url_for("/big")
    assert fetch_url(url, client, policy) == Skipped(url, "page is over the 1 KB limit")


def test_slow_endpoint_times_out(httpserver):
    policy = FetchPolicy(timeout=0.5, allow_private=True, respect_robots=False)

    def slow(_request: Request) -> Response:
        time.sleep(0.75)
        return Response(PAGE, content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    httpserver.expect_request("/after").respond_with_data("ok")
    url = httpserver.url_for("/slow")
    with make_client(policy) as client:
        assert fetch_url(url, client, policy) == Skipped(url, "timed out after 0.5 s")
    # The server answers one request at a time: once /after is answered, /slow is done and will
    # not show up in the next test's log.
    httpx.get(httpserver.url_for("/after"), timeout=5)


def test_connection_refused(client, policy):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    item = fetch_url(url, client, policy)
    assert isinstance(item, Skipped) and item.reason.startswith("connection failed: ")


def test_loopback_is_refused_unless_allowed(httpserver):
    httpserver.expect_request("/news").respond_with_data(PAGE, content_type="text/html")
    url = httpserver.url_for("/news")
    policy = FetchPolicy(respect_robots=False)
    with make_client(policy) as client:
        assert fetch_url(url, client, policy) == Skipped(
            url, "refused: 127.0.0.1 is a loopback address (use --allow-private)"
        )
    assert _requests_for(httpserver, "/news") == 0


def test_private_address_is_refused(httpserver):
    policy = FetchPolicy(respect_robots=False)
    with make_client(policy) as client:
        item = fetch_url("http://10.0.0.1/admin", client, policy)
    assert item == Skipped(
        "http://10.0.0.1/admin", "refused: 10.0.0.1 is a private address (use --allow-private)"
    )


def test_each_redirect_hop_is_checked_for_a_private_address(monkeypatch):
    """A public page redirecting into the private network is refused at the hop (no network used:
    a mock transport answers, and the public name resolves through a stub)."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})

    real_getaddrinfo = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host == "news.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
        return real_getaddrinfo(host, port, *args, **kwargs)  # IP literals: no lookup

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    policy = FetchPolicy(respect_robots=False)
    with httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=False) as client:
        item = fetch_url("http://news.example/story", client, policy)
    assert item == Skipped(
        "http://news.example/story", "refused: 169.254.169.254 is a link-local address (use --allow-private)"
    )
    assert seen == ["http://news.example/story"]


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_non_public_addresses(address, kind):
    assert non_public_kind(ipaddress.ip_address(address)) == kind


ROBOTS = "User-agent: *\nDisallow: /private/\n\nUser-agent: newstrace\nDisallow: /no-newstrace/\n"


def test_robots_txt_disallows_and_allows_and_is_fetched_once(httpserver):
    policy = FetchPolicy(allow_private=True)
    httpserver.expect_request("/robots.txt").respond_with_data(ROBOTS, content_type="text/plain")
    httpserver.expect_request("/public/a").respond_with_data(PAGE, content_type="text/html")
    private = httpserver.url_for("/no-newstrace/a")
    with make_client(policy) as client:
        assert isinstance(fetch_url(httpserver.url_for("/public/a"), client, policy), ArticleInput)
        assert fetch_url(private, client, policy) == Skipped(private, "disallowed by robots.txt")
    assert _requests_for(httpserver, "/robots.txt") == 1
    assert _requests_for(httpserver, "/no-newstrace/a") == 0


def test_robots_txt_that_404s_allows_everything(httpserver):
    policy = FetchPolicy(allow_private=True)
    httpserver.expect_request("/robots.txt").respond_with_data("not found", status=404)
    httpserver.expect_request("/private/a").respond_with_data(PAGE, content_type="text/html")
    with make_client(policy) as client:
        assert isinstance(fetch_url(httpserver.url_for("/private/a"), client, policy), ArticleInput)


def test_robots_txt_is_ignored_when_not_respected(httpserver, client, policy):
    httpserver.expect_request("/private/a").respond_with_data(PAGE, content_type="text/html")
    assert isinstance(fetch_url(httpserver.url_for("/private/a"), client, policy), ArticleInput)
    assert _requests_for(httpserver, "/robots.txt") == 0
