"""The pages in a real browser: Playwright driving Debian's Chromium (`apt-get install chromium`; no
browser is downloaded) against `uvicorn` serving the app on 127.0.0.1.

Without /usr/bin/chromium these tests fail rather than skip: CI installs it (.ci/run)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import uvicorn
from _store_records import EXAMPLES, example_records, stored
from _web_payloads import ARTICLES, PAYLOADS, TEXT, VISIBLE, payload_records
from playwright.sync_api import sync_playwright

from newstrace.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 800}
STARTUP = 60.0  # seconds to wait for uvicorn to listen (a wait, not an assertion on speed)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`create_app(db)` under uvicorn on 127.0.0.1, in a background thread."""

    def __init__(self, db: Path) -> None:
        self.port = _free_port()
        config = uvicorn.Config(create_app(db), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Served:
        self.thread.start()
        deadline = time.monotonic() + STARTUP
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture(scope="module")
def site(tmp_path_factory, nlp) -> Iterator[Served]:
    db = stored(tmp_path_factory.mktemp("browser") / "s.db", example_records(nlp), link=True)
    with Served(db) as served:
        yield served


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, nlp) -> Iterator[Served]:
    db = stored(tmp_path_factory.mktemp("browser-xss") / "s.db", payload_records(nlp), link=True)
    with Served(db) as served:
        yield served


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (the README's test command does)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and dialogs (an alert() from a payload would be one)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))

    def on_dialog(dialog) -> None:
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    context.close()


def no_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_follow_a_story_from_the_list_to_an_article(site, page, tmp_path):
    page.goto(site.url("/"))
    page.screenshot(path=tmp_path / "stories.png", full_page=True)
    assert page.title().startswith("Stories")
    first = page.locator("ol.stories h2 a").first
    label = first.inner_text()
    first.click()
    page.wait_for_url("**/stories/**")
    assert page.locator("h1").inner_text() == label

    # the timeline: visible, one marker per dated event, labels in words, a legend
    timeline = page.locator("#timeline-svg")
    assert timeline.is_visible()
    assert timeline.locator("g.event").count() >= 1
    assert timeline.bounding_box()["height"] > 50
    assert page.locator("ul.legend").first.inner_text().split() == [
        "occurred",
        "ongoing",
        "planned",
        "possible",
        "threatened",
        "denied",
        "negated",
        "unknown",
    ]
    # claims with their sourcing badge; the chain opens without JavaScript (details/summary)
    badge = page.locator(".claim .badge").first
    assert badge.is_visible() and "independent confirmation" in badge.inner_text()
    summary = page.locator(".claim details summary").first
    summary.click()
    assert page.locator(".claim details ol.chain").first.is_visible()
    page.screenshot(path=tmp_path / "story.png", full_page=True)

    page.locator("#articles a").first.click()
    page.wait_for_url("**/articles/**")
    for css in (".att-source", ".att-cue", ".att-content", ".ev"):
        assert page.locator(f"#article-text {css}").first.is_visible(), css
    source = page.locator("#article-text .att-source[tabindex='0']").first
    source.focus()
    tip = source.evaluate("el => getComputedStyle(el, '::after').content")
    assert "Source:" in tip  # the characterised source shows on keyboard focus (CSS only)
    page.screenshot(path=tmp_path / "article.png", full_page=True)
    assert page.errors == [] and page.dialogs == []
    json_link = page.get_by_role("link", name="Record as JSON")
    assert json_link.is_visible()
    with page.expect_response(lambda r: "/api/articles/" in r.url) as response:
        json_link.click()
    assert response.value.ok and response.value.json()["article"]["id"]


def test_keyboard_reaches_the_links_and_focus_is_visible(site, page):
    page.goto(site.url("/"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    reached = None
    for _ in range(20):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href')")
        if href and href.startswith("/stories/"):
            reached = href
            break
    assert reached is not None, "Tab never reached a story link"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reached}")


def test_every_page_fits_a_phone_width(site, page, tmp_path):
    page.set_viewport_size(PHONE)
    page.goto(site.url("/"))
    story = page.locator("ol.stories h2 a").first.get_attribute("href")
    page.goto(site.url(story))
    article = page.locator("#articles a").first.get_attribute("href")
    for name, path in (
        ("stories", "/"),
        ("story", story),
        ("article", article),
        ("sources", "/sources"),
        ("analyse", "/analyse"),
        ("search", "/?q=port"),
    ):
        page.goto(site.url(path))
        page.screenshot(path=tmp_path / f"phone-{name}.png", full_page=True)
        assert no_overflow(page), name
    # a source's tooltip, shown on focus, stays on the screen too
    page.goto(site.url(article))
    for source in page.locator("#article-text .att-source[tabindex='0']").all():
        source.focus()
        assert no_overflow(page), source.inner_text()
    page.screenshot(path=tmp_path / "phone-tooltip.png")
    assert page.errors == []


def test_sources_chart_and_table(site, page, tmp_path):
    page.goto(site.url("/sources"))
    chart = page.locator("#sources-chart")
    assert chart.is_visible() and chart.locator("g.bar").count() >= 5
    rows = page.locator("#outlet-table tbody tr")
    assert rows.count() == chart.locator("g.bar").count()
    assert "The Meridian Times" in page.locator("#outlet-table").inner_text()
    assert page.locator("#cited-table tbody tr").count() >= 5
    page.screenshot(path=tmp_path / "sources.png", full_page=True)
    assert page.errors == []


def test_analyse_text_and_upload(site, page, tmp_path):
    page.goto(site.url("/analyse"))
    page.get_by_label("Article text").fill(
        "Officials told the Meridian Times that the navy struck three boats on Tuesday."
    )
    page.get_by_label("Outlet").fill("Wire")
    page.get_by_role("button", name="Analyse").click()
    page.wait_for_load_state()
    assert page.locator("#article-text .att-source").first.inner_text() == "Officials"
    assert "analysed, not stored" in page.locator(".crumbs").inner_text()
    page.screenshot(path=tmp_path / "analysed-text.png", full_page=True)

    page.goto(site.url("/analyse"))
    page.set_input_files("#file", str(EXAMPLES / "04-pacific-dispatch-venezuela-denies.html"))
    page.get_by_role("button", name="Analyse").click()
    page.wait_for_load_state()
    assert page.locator("#article-text .att-source").count() >= 1
    assert "Pacific Dispatch" in page.locator(".article header").inner_text()
    page.screenshot(path=tmp_path / "analysed-upload.png", full_page=True)

    page.goto(site.url("/analyse"))
    page.get_by_role("button", name="Analyse").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert page.dialogs == []


def _assert_nothing_ran(page, where: str) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined", where
    assert page.title() != "pwned", where
    assert page.dialogs == [], where


def test_payloads_never_run_and_read_as_text(hostile_site, page, tmp_path):
    page.goto(hostile_site.url("/"))
    _assert_nothing_ran(page, "stories")
    assert "<svg onload=" in page.locator("main").inner_text()
    pages = [("stories", "/"), ("search", "/?q=boats"), ("sources", "/sources")]
    story = page.locator("ol.stories h2 a").first.get_attribute("href")
    pages.append(("story", story))
    pages += [("article-1", "/articles/xss-1"), ("article-2", "/articles/xss-2")]
    # reflected input: a search for a payload, and a 404 naming one
    pages += [("query", "/?q=" + quote(PAYLOADS[0])), ("404", "/articles/" + quote(PAYLOADS[1], safe=""))]
    for name, path in pages:
        page.goto(hostile_site.url(path))
        # hover and focus every marked source: a tooltip must not run anything either
        for source in page.locator("#article-text .att-source").all()[:5]:
            source.hover()
            source.focus()
        page.screenshot(path=tmp_path / f"xss-{name}.png", full_page=True)
        _assert_nothing_ran(page, name)
        text = page.locator("main").inner_text()
        assert any(v in text for v in VISIBLE), name
    # the article shows every payload of its text verbatim, and its javascript: URL is not a link
    page.goto(hostile_site.url("/articles/xss-1"))
    body = page.locator("#article-text").inner_text()
    assert all(v in body for v in VISIBLE)
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("script, img, iframe").count() == 0

    # the analyse result: the payloads typed into the form come back as text
    page.goto(hostile_site.url("/analyse"))
    page.get_by_label("Article text").fill(TEXT)
    page.get_by_label("Title").fill(ARTICLES[0]["title"])
    page.get_by_role("button", name="Analyse").click()
    page.wait_for_load_state()
    _assert_nothing_ran(page, "analyse")
    assert all(v in page.locator("#article-text").inner_text() for v in VISIBLE)
    assert "<script>" in page.locator("h1").inner_text()
    page.screenshot(path=tmp_path / "xss-analyse.png", full_page=True)
    csp = [e for e in page.errors if "Content Security Policy" in e]
    assert csp == []  # nothing was even attempted (no inline script, style or handler on the page)
