"""HTML pages to article text: paragraphs, the headline, and rejected pages."""

from __future__ import annotations

import pytest

from newstrace.ingest.article import InputError
from newstrace.ingest.html import extract_html

PARAGRAPHS = [
    f"Officials said on Tuesday that the navy had struck {n} boats off the coast, according to "
    f"two people briefed on the operation who spoke on condition of anonymity."
    for n in ("three", "four", "five", "six")
]


def _page(title: str, body: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article>{body}</article><footer>Copyright. All rights reserved.</footer></body></html>"
    )


def test_paragraphs_are_separated_by_a_blank_line():
    html = _page("Navy strikes boats", "".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    assert extract_html(html).text == "\n\n".join(PARAGRAPHS)


@pytest.mark.parametrize("title", ["Navy strikes boats", "Navy strikes boats | Harbor Ledger"])
def test_a_headline_that_repeats_the_title_is_dropped(title):
    body = "<h1>Navy strikes boats</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    article = extract_html(_page(title, body))
    assert article.text == "\n\n".join(PARAGRAPHS)
    assert article.title.startswith("Navy strikes boats")


def test_a_first_block_that_is_not_the_title_is_kept():
    body = "<h2>Navy strikes</h2>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    text = extract_html(_page("Navy strikes boats off the coast", body)).text
    assert text.startswith("Navy strikes\n\n")


def test_a_page_without_an_article_is_rejected():
    with pytest.raises(InputError, match="no article text found"):
        extract_html("<html><body><nav><a href='/'>Home</a></nav><p>Log in</p></body></html>")
