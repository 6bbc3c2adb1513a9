"""From tagged Source / Cue / Content spans to attributions.

The learned taggers (`fast`, `accurate`) find the three roles' spans independently; this module
ties them together the way PolNeAR's annotators did: every Content belongs to the nearest cue of
its paragraph (a quote split by its cue gives one attribution with two Content spans), a cue
left without Content takes the nearest one, and a cue's Source is the nearest Source of its
sentence outside its Content. Nested attributions (a cue inside another's Content) point to the
outer one through `via`, as the rule-based component does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from newstrace.nlp.attribution_model import ROLES, CharSpan
from newstrace.nlp.types import AttributionMention

_QUOTE_CHARS = frozenset('"“”«»')
_ACCORDING = ("according to", "according")
# Contents farther than this from every cue of their paragraph are dropped (characters).
MAX_CONTENT_GAP = 400


@dataclass
class _Group:
    cue: Span
    content: list[Span] = field(default_factory=list)
    source: Span | None = None


def to_spans(doc: Doc, spans: dict[str, list[CharSpan]]) -> dict[str, list[Span]]:
    """Character spans -> token Spans (widened to whole tokens), sorted, duplicates dropped."""
    out: dict[str, list[Span]] = {}
    for role in ROLES:
        seen: dict[tuple[int, int], Span] = {}
        for a, b in spans.get(role, []):
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None and len(span) > 0:
                seen.setdefault((span.start, span.end), span)
        out[role] = [seen[k] for k in sorted(seen)]
    return out


def _gap(a: Span, b: Span) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a.start_char, b.start_char) - min(a.end_char, b.end_char))


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start_char <= inner.start_char and inner.end_char <= outer.end_char


def _paragraph(doc: Doc, span: Span) -> int:
    """Index of the paragraph holding the span: the count of blank-line breaks before it."""
    return doc.text.count("\n\n", 0, span.start_char)


def assemble(doc: Doc, spans: dict[str, list[CharSpan]]) -> list[AttributionMention]:
    """Attributions from the three roles' character spans, ordered by cue."""
    by_role = to_spans(doc, spans)
    cues = by_role["Cue"]
    if not cues:
        return []
    groups = [_Group(cue) for cue in cues]
    para = {id(s): _paragraph(doc, s) for role in ROLES for s in by_role[role]}

    contents = [
        c for c in by_role["Content"] if not any(_inside(cue, c) and len(cue) == len(c) for cue in cues)
    ]
    for content in contents:
        near = _nearest(content, [g for g in groups if not _inside(g.cue, content)], para)
        if near is not None and _gap(near.cue, content) <= MAX_CONTENT_GAP:
            near.content.append(content)
    for g in groups:
        if not g.content and contents:
            best = min(contents, key=lambda c: (para[id(c)] != para[id(g.cue)], _gap(g.cue, c)))
            if para[id(best)] == para[id(g.cue)]:
                g.content.append(best)
    groups = [g for g in groups if g.content]

    for source in by_role["Source"]:
        sent = source.sent
        candidates = [
            g
            for g in groups
            if g.source is None
            and g.cue.sent.start == sent.start
            and not any(_inside(source, c) for c in g.content)
        ]
        if candidates:
            min(candidates, key=lambda g: _gap(g.cue, source)).source = source
    return _mentions(groups)


def _nearest(span: Span, groups: list[_Group], para: dict[int, int]) -> _Group | None:
    same = [g for g in groups if para[id(g.cue)] == para[id(span)]]
    if not same:
        return None
    return min(same, key=lambda g: _gap(g.cue, span))


def _kind(group: _Group) -> str:
    cue = group.cue.text.lower()
    if cue.startswith(_ACCORDING):
        return "according_to"
    if cue.startswith("cit"):
        return "other"
    text = group.content[0].doc.text
    quoted = [
        (c.start_char > 0 and text[c.start_char - 1] in _QUOTE_CHARS)
        or (c.end_char < len(text) and text[c.end_char] in _QUOTE_CHARS)
        or c.text[:1] in _QUOTE_CHARS
        for c in group.content
    ]
    if all(quoted):
        return "direct"
    if any(ch in _QUOTE_CHARS for c in group.content for ch in c.text):
        return "mixed"
    return "indirect"


def _mentions(groups: list[_Group]) -> list[AttributionMention]:
    groups = sorted(groups, key=lambda g: (g.cue.start, g.cue.end))
    for g in groups:
        g.content.sort(key=lambda s: s.start)
    out = []
    for g in groups:
        outer = [
            j
            for j, h in enumerate(groups)
            if h is not g
            and any(_inside(g.cue, c) for c in h.content)
            and not any(_inside(h.cue, c) for c in g.content)  # no cycles
        ]
        # The innermost enclosing attribution: the one with the shortest Content around the cue.
        via = min(outer, key=lambda j: sum(len(c) for c in groups[j].content)) if outer else None
        out.append(AttributionMention(cue=g.cue, content=g.content, kind=_kind(g), source=g.source, via=via))
    return out
