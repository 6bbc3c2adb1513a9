"""Hostile articles for the web tests: script, event-handler, `javascript:` URL and SVG payloads in
the text, title, outlet and URL. Each payload, if it ran, would set `window.__pwned` or change
`document.title` to 'pwned' (tests/test_browser.py checks that none does)."""

from __future__ import annotations

from newstrace.record import Record

SCRIPT = "<script>window.__pwned=1;document.title='pwned'</script>"
IMG = "<img src=x onerror=\"window.__pwned=1;document.title='pwned'\">"
SVG = "<svg onload=\"window.__pwned=1;document.title='pwned'\"></svg>"
LINK = '<a href="javascript:window.__pwned=1">fleet</a>'
JS_URL = "javascript:window.__pwned=1;document.title='pwned'"
PAYLOADS = (SCRIPT, IMG, SVG, LINK)

TEXT = (
    f"Officials told the {IMG} Harbor Gazette that the navy struck three boats {SCRIPT} near the coast "
    "on Tuesday, killing four people.\n\n"
    f'"We will strike again {SVG}," a senior official said, adding that the {LINK} was ready to sail '
    "within days. The defence ministry denied that any civilians were on board the boats."
)

ARTICLES = [
    {
        "id": "xss-1",
        "text": TEXT,
        "title": f"{SCRIPT}Navy strikes three boats {IMG}",
        "outlet": f"{SVG}Harbor Gazette",
        "url": JS_URL,
        "published": "2026-11-12T09:00:00Z",
    },
    {
        "id": "xss-2",
        "text": TEXT.replace("Tuesday", "Tuesday night")
        + f" The Harbor Gazette first reported the strike. {SVG}",
        "title": f"Navy strike on boats confirmed {SVG}",
        "outlet": f"{IMG}Coast Times",
        "url": "https://example.test/coast-times/boats",
        "published": "2026-11-12T15:00:00Z",
    },
]

# what a reader must see as text on the pages (the escaped payloads, shown verbatim)
VISIBLE = ("<script>window.__pwned=1", "<img src=x onerror=", "<svg onload=")


def payload_records(nlp) -> list[Record]:
    from newstrace.analysis import analyze

    return [analyze(article, nlp) for article in ARTICLES]
