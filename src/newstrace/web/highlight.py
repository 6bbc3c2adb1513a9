"""Character offsets -> flat segments for marking up an article's text.

`segments(text, marks)` cuts `text` at every mark boundary, so each segment carries the set of marks
covering it. Overlapping and nested marks need no special case: every segment is one element with
all its marks' classes, and elements never have to be closed out of order. The result is plain data
(the text of each segment unescaped): the template renders it with autoescaping, so markup is built
from escaped slices only and article text can never be read as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise


@dataclass(frozen=True)
class Mark:
    """A span of the text to mark: `start`/`end` character offsets, a CSS class, a tooltip line, an
    `anchor` id for the segment where it starts, and `label`: a short text shown after its last
    segment (so a status is read as words, not only as a colour)."""

    start: int
    end: int
    css: str
    tip: str | None = None
    anchor: str | None = None
    label: str | None = None
    focus: bool = False  # reachable with the keyboard, so its tooltip shows on focus too


@dataclass
class Segment:
    text: str
    marks: list[Mark] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # ids of the marks starting here
    labels: list[tuple[str, str]] = field(default_factory=list)  # (css, label) of the marks ending here

    @property
    def css(self) -> str:
        return " ".join(dict.fromkeys(m.css for m in self.marks))

    @property
    def tip(self) -> str:
        return "\n".join(dict.fromkeys(m.tip for m in self.marks if m.tip))

    @property
    def focus(self) -> bool:
        return any(m.focus for m in self.marks)

    @property
    def anchor(self) -> str | None:
        return self.anchors[0] if self.anchors else None


def _clamp(mark: Mark, size: int) -> Mark | None:
    """The mark cut to the text; None when nothing of it is inside (offsets from a record that does
    not match its text must never raise or mark the wrong place past the end)."""
    start, end = max(0, mark.start), min(size, mark.end)
    if start >= end:
        return None
    if (start, end) == (mark.start, mark.end):
        return mark
    return Mark(start, end, mark.css, mark.tip, mark.anchor, mark.label, mark.focus)


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """`text` cut into consecutive segments (joined, they are `text` again), each with the marks that
    cover it, in the order the marks were given. Empty and out-of-range marks are dropped."""
    kept = [m for m in (_clamp(m, len(text)) for m in marks) if m is not None]
    cuts = sorted({0, len(text), *(m.start for m in kept), *(m.end for m in kept)})
    # A sweep over the cuts: the marks starting at each cut join the active set, those ending leave
    # it; linear in marks and cuts, for long articles with many marks.
    by_start: dict[int, list[int]] = {}
    for index, mark in enumerate(kept):
        by_start.setdefault(mark.start, []).append(index)
    active: set[int] = set()
    out: list[Segment] = []
    for start, end in pairwise(cuts):
        active = {i for i in active if kept[i].end > start}
        active.update(by_start.get(start, ()))
        covering = [kept[i] for i in sorted(active)]
        out.append(
            Segment(
                text[start:end],
                covering,
                anchors=[m.anchor for m in covering if m.anchor and m.start == start],
                labels=[(m.css, m.label) for m in covering if m.label and m.end == end],
            )
        )
    return out
