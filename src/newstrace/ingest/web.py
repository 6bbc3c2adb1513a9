"""Web pages to ArticleInputs, fetched politely and safely.

Every hop of a fetch (the URL asked for and each redirect) is checked before it is requested:
http/https only, no private or local addresses unless allowed, and robots.txt. Bodies are
streamed and abandoned past the size cap. Nothing raises for a bad page: it becomes a `Skipped`
with a one-line reason, its origin the URL asked for.

robots.txt (RFC 9309) is fetched once per site per policy. A robots.txt that cannot be had --
a 4xx, a 5xx, a timeout, a refused connection, an oversized or non-text file -- allows
everything: this reader fetches the pages a user names, not a crawl frontier. (RFC 9309 asks
crawlers to treat 5xx and unreachable as "disallow all"; change `_load_robots` to do that.)
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from newstrace import __version__
from newstrace.errors import one_line
from newstrace.ingest.article import ArticleInput, InputError, Skipped
from newstrace.ingest.decode import HTML_TYPES, TEXT_TYPES, decode_declared, parse_content_type
from newstrace.ingest.files import DEFAULT_MAX_BYTES, human_size, sniff_kind

DEFAULT_USER_AGENT = f"newstrace/{__version__} (+https://github.com/newstrace/newstrace)"
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
NOT_MODIFIED = 304

# A content check looks at the response headers before the body is read: a reason to refuse, or None.
ContentCheck = Callable[[httpx.Headers], str | None]


@dataclass
class FetchPolicy:
    """How to fetch. One policy per run: it also holds the run's robots.txt cache."""

    timeout: float = 20.0  # seconds, for each of connect / read / write, and for a whole response
    max_bytes: int = DEFAULT_MAX_BYTES  # of decoded body
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    respect_robots: bool = True
    allow_private: bool = False  # fetch from loopback, private, link-local... addresses
    robots_cache: dict[str, RobotFileParser | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )


@dataclass(frozen=True)
class Fetched:
    """A successful (2xx) or not-modified (304) response, its body read in full."""

    url: str  # the final URL, after redirects
    status: int
    headers: httpx.Headers
    body: bytes


class _Refused(Exception):
    """Stops a fetch; the message is the one-line reason."""


def make_client(policy: FetchPolicy) -> httpx.Client:
    """A client for fetch_url / poll_feed: redirects are followed by fetch() itself, hop by hop."""
    return httpx.Client(
        follow_redirects=False,
        headers={"User-Agent": policy.user_agent, "Accept": PAGE_ACCEPT},
        timeout=httpx.Timeout(policy.timeout),
    )


def fetch_url(url: str, client: httpx.Client, policy: FetchPolicy) -> ArticleInput | Skipped:
    """Fetch one page: ArticleInput(html=..., url=final URL, origin=url), or Skipped with the reason."""
    got = fetch(url, client, policy, check=_page_check)
    if isinstance(got, Skipped):
        return got
    if got.status == NOT_MODIFIED:
        return Skipped(url, f"HTTP {got.status}")
    media, charset = parse_content_type(got.headers.get("content-type"))
    try:
        text = decode_declared(got.body, charset)
    except InputError as exc:
        return Skipped(url, str(exc))
    fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
    # No content type at all: go by what the body looks like.
    if media in TEXT_TYPES or (media is None and sniff_kind(text) != "html"):
        return ArticleInput(origin=url, text=text, url=got.url, fetched_at=fetched_at)
    return ArticleInput(origin=url, html=text, url=got.url, fetched_at=fetched_at)


def _page_check(headers: httpx.Headers) -> str | None:
    media, _ = parse_content_type(headers.get("content-type"))
    if media is None or media in HTML_TYPES or media in TEXT_TYPES:
        return None
    return f"not HTML: {media}"


def fetch(
    url: str,
    client: httpx.Client,
    policy: FetchPolicy,
    *,
    headers: dict[str, str] | None = None,
    check: ContentCheck | None = None,
    robots: bool = True,
    what: str = "page",
) -> Fetched | Skipped:
    """GET `url` under `policy`, following redirects by hand so that each hop is checked.

    2xx and 304 come back as Fetched; anything else as Skipped(url, reason). `what` names the
    thing fetched in the size message ("page is over the 5 MB limit").
    """
    current = url
    try:
        for hop in range(policy.max_redirects + 1):
            _check_url(current, client, policy, robots=robots, redirected=hop > 0)
            got = _get_once(current, client, policy, headers, check, what)
            if isinstance(got, Fetched):
                return got
            current = got
        raise _Refused(f"too many redirects (more than {policy.max_redirects})")
    except _Refused as exc:
        return Skipped(url, str(exc))
    except httpx.TimeoutException:
        return Skipped(url, f"timed out after {policy.timeout:g} s")
    except httpx.InvalidURL as exc:
        return Skipped(url, f"invalid URL: {one_line(exc)}")
    except httpx.HTTPError as exc:
        return Skipped(url, f"connection failed: {one_line(exc)}")


def _get_once(
    url: str,
    client: httpx.Client,
    policy: FetchPolicy,
    headers: dict[str, str] | None,
    check: ContentCheck | None,
    what: str,
) -> Fetched | str:
    """One request: a Fetched, or the URL a redirect points to."""
    deadline = time.monotonic() + policy.timeout
    with client.stream("GET", url, headers=headers) as response:
        status = response.status_code
        if status in REDIRECT_STATUSES and "location" in response.headers:
            return urljoin(str(response.url), response.headers["location"])
        if status == NOT_MODIFIED:
            return Fetched(str(response.url), status, response.headers, b"")
        if not 200 <= status < 300:
            raise _Refused(f"HTTP {status}")
        if check is not None and (reason := check(response.headers)):
            raise _Refused(reason)
        body = _read_capped(response, policy, deadline, what)
        return Fetched(str(response.url), status, response.headers, body)


def _read_capped(response: httpx.Response, policy: FetchPolicy, deadline: float, what: str) -> bytes:
    """The decoded body, abandoned as soon as it passes max_bytes or the deadline."""
    over = f"{what} is over the {human_size(policy.max_bytes)} limit"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise _Refused(over)  # says so up front: do not download it
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > policy.max_bytes:
            raise _Refused(over)
        # httpx times each read; a server dripping bytes could otherwise hold us forever.
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("response took too long", request=response.request)
        chunks.append(chunk)
    return b"".join(chunks)


def _check_url(
    url: str, client: httpx.Client, policy: FetchPolicy, *, robots: bool, redirected: bool
) -> None:
    """Raise _Refused unless `url` may be requested: scheme, address, robots.txt."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise _Refused(f"redirect to a non-HTTP URL: {url}" if redirected else f"not an HTTP URL: {url}")
    try:
        host, port = parts.hostname, parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:  # a port that is not a number
        raise _Refused(f"invalid URL: {exc}") from None
    if not host:
        raise _Refused(f"invalid URL: {url}")
    if not policy.allow_private:
        _refuse_private_address(host, port)
    if robots and policy.respect_robots and not _robots_allow(url, client, policy):
        raise _Refused("disallowed by robots.txt")


def _refuse_private_address(host: str, port: int) -> None:
    """Resolve `host` and refuse it if any of its addresses is not a public one.

    (The client resolves the name again to connect; a DNS server that answers differently the
    second time is not defended against.)
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise _Refused(f"connection failed: cannot resolve {host} ({one_line(exc)})") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])  # drop an IPv6 zone
        kind = non_public_kind(address)
        if kind is not None:
            article = "an" if kind[0] in "aeiou" else "a"
            raise _Refused(f"refused: {address} is {article} {kind} address (use --allow-private)")


def non_public_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """'loopback', 'private', ... for an address that is not on the public internet, else None."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    # Order matters: Python counts loopback, link-local, 0.0.0.0 and 240/4 as private too.
    for kind in ("loopback", "unspecified", "link_local", "multicast", "reserved", "private"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if address.is_global else "non-public"  # e.g. 100.64.0.0/10, shared by ISPs


def _robots_allow(url: str, client: httpx.Client, policy: FetchPolicy) -> bool:
    site = _site(url)
    if site not in policy.robots_cache:
        policy.robots_cache[site] = _load_robots(site, client, policy)
    parser = policy.robots_cache[site]
    return parser is None or parser.can_fetch(policy.user_agent, url)


def _load_robots(site: str, client: httpx.Client, policy: FetchPolicy) -> RobotFileParser | None:
    """The site's robots.txt, parsed; None (allow everything) when there is none to be had."""
    robots_url = f"{site}/robots.txt"
    got = fetch(robots_url, client, policy, robots=False, what="robots.txt")
    if isinstance(got, Skipped) or got.status == NOT_MODIFIED:
        return None
    parser = RobotFileParser(robots_url)
    parser.parse(got.body.decode("utf-8", "replace").splitlines())
    return parser


def _site(url: str) -> str:
    """scheme://host[:port]: robots.txt applies per site."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.rpartition('@')[2].lower()}"
