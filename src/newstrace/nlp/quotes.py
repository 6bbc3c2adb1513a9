"""Find quotations in an article's text, including quotes that run over several paragraphs.

One left-to-right pass over the quotation marks and newlines of the text (one compiled regex),
so the cost is linear in the number of marks. Conventions:

- Curly marks open (“ «) and close (” ») explicitly; the straight mark " opens when no quote
  is open and closes otherwise. A paragraph is a line: a newline ends it.
- English multi-paragraph quotes: a paragraph that opens a quote and does not close it, followed
  by a paragraph that starts with a new opening mark, continues the same quotation. Each
  paragraph contributes one part. An unclosed quote not continued that way is dropped.
- A part is the text between the marks, whitespace-trimmed, without the comma that American
  style puts inside the closing mark (`"We are ready," she said` -> `We are ready`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newstrace.nlp.lexicon import CLOSING_QUOTES, OPENING_QUOTES, STRAIGHT_QUOTE

_MARKS = re.compile(f"[{re.escape(OPENING_QUOTES + CLOSING_QUOTES + STRAIGHT_QUOTE)}\n]")
_NON_SPACE = re.compile(r"\S")


@dataclass(frozen=True)
class Quote:
    """A quotation: its parts (char offsets of the quoted text) and the offsets of its marks."""

    parts: tuple[tuple[int, int], ...]
    open_char: int  # offset of the first opening mark
    close_char: int  # offset of the final closing mark

    @property
    def last_text_end(self) -> int:
        return self.parts[-1][1]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # The comma before a closing mark belongs to the reporting sentence, not the quote.
    if end > start and text[end - 1] == ",":
        end -= 1
    return start, end


def find_quotes(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    open_at: int | None = None  # offset of the mark that opened the current paragraph's quote
    first_open = -1  # offset of the opening mark of the whole (possibly multi-paragraph) quote
    parts: list[tuple[int, int]] = []
    continuation_at = -1  # offset where an opening mark would continue a pending quote
    for m in _MARKS.finditer(text):
        pos, ch = m.start(), m.group()
        if ch == "\n":
            if open_at is not None:
                # Paragraph ends inside a quote: keep it pending if the next paragraph reopens.
                parts.append(_trim(text, open_at + 1, pos))
                nxt = _NON_SPACE.search(text, pos)
                if nxt and text[nxt.start()] in OPENING_QUOTES + STRAIGHT_QUOTE:
                    continuation_at = nxt.start()
                else:
                    parts = []
                open_at = None
            continue
        opening = ch in OPENING_QUOTES or (ch == STRAIGHT_QUOTE and open_at is None)
        if opening:
            if pos != continuation_at:
                parts, first_open = [], pos
            continuation_at = -1
            open_at = pos
        elif open_at is not None:
            parts.append(_trim(text, open_at + 1, pos))
            kept = tuple(p for p in parts if p[1] > p[0])
            if kept:
                quotes.append(Quote(parts=kept, open_char=first_open, close_char=pos))
            parts, open_at = [], None
    return quotes
