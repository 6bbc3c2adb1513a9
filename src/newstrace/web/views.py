"""What the HTML pages show, built from the store and the linking views: a story's claims with their
sourcing badges and chains, its timeline laid out on a date axis, its sources; an article's marks;
the store-wide source counts. Plain data: the templates only place it."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from newstrace.link.labels import article_label
from newstrace.link.sourcing import claim_badge, reported_as, source_label
from newstrace.link.views import SourceRow, StorySourcing, story_sources
from newstrace.record import Record, Source
from newstrace.store import Store, StoreError
from newstrace.web.highlight import Mark, Segment, segments

STATUSES = ("occurred", "ongoing", "planned", "possible", "threatened", "denied", "negated", "unknown")
# One shape per status in the timeline, so colour is never the only cue (the label is another).
SHAPES = {
    "occurred": "circle",
    "ongoing": "square",
    "planned": "diamond",
    "possible": "triangle",
    "threatened": "triangle-down",
    "denied": "cross",
    "negated": "cross",
    "unknown": "ring",
}
KIND_LABELS = {
    "original": "first report",
    "independent": "independent confirmation",
    "same_source": "same source",
    "echo": "echo",
    "wire_copy": "wire copy",
    "denial": "denial",
    "unsourced": "unsourced",
}


def status_class(status: str | None) -> str:
    return status if status in STATUSES else "unknown"


# -- sources -----------------------------------------------------------------------------------------


def source_tip(source: Source) -> str:
    """The tooltip of a marked source: what the record says about it."""
    lines = [f"Source: {source_label(source)}", f"type: {source.type}"]
    if source.mentions:
        lines.append("written as: " + ", ".join(dict.fromkeys(m.text for m in source.mentions[:4])))
    return "\n".join(lines)


# -- claims ------------------------------------------------------------------------------------------


@dataclass
class ChainStep:
    article_id: str
    outlet: str
    kind: str
    label: str
    published: str | None
    source: str | None
    echo_of: str | None  # the article this mention re-reports, or shares its source with
    echo_of_outlet: str | None
    relation: str  # "re-reports" or "same source as"


@dataclass
class ClaimView:
    id: str
    statement: str
    status: str
    independent: int
    badge: str
    level: str  # single / corroborated / disputed: the badge's style
    mentions: int
    chain: list[ChainStep]  # the first `steps` of it when `claim_view` was given `steps`
    n_steps: int = 0  # the whole chain's length
    reported_as: str | None = None  # what a denied claim's supporters reported (`sourcing.reported_as`)


def claim_view(
    claim: Any,
    records: dict[str, Record],
    outlet_of: dict[str, str],
    steps: int | None = None,
    badge: tuple[str, str] | None = None,
) -> ClaimView:
    """The claim with its badge (`badge`, the (badge, level) linking stored, else computed from
    `records`) and its chain (the first `steps` of it, when given)."""
    badge, level = badge if badge is not None else claim_badge(claim, records)
    chain = []
    for step in claim.chain[:steps]:
        outlet = step.get("outlet") or outlet_of.get(step["article_id"]) or step["article_id"]
        echo_of = step.get("echo_of") or step.get("same_source_as")
        relation = "re-reports" if step.get("echo_of") else "same source as"
        chain.append(
            ChainStep(
                article_id=step["article_id"],
                outlet=outlet,
                kind=step.get("kind") or "",
                label=KIND_LABELS.get(step.get("kind") or "", step.get("kind") or ""),
                published=step.get("published"),
                source=step.get("source"),
                echo_of=echo_of if echo_of != step["article_id"] else None,
                echo_of_outlet=outlet_of.get(echo_of) if echo_of else None,
                relation=relation,
            )
        )
    return ClaimView(
        id=claim.id,
        statement=claim.statement,
        status=claim.status,
        independent=claim.independent_sources,
        badge=badge,
        level=level,
        mentions=len(claim.chain),  # one step per mention (read without them)
        chain=chain,
        n_steps=len(claim.chain),
        reported_as=reported_as(claim.status, claim.asserted_status),
    )


# -- the timeline on a date axis ---------------------------------------------------------------------

WIDTH = 760
MAX_POINTS = 300  # dated events drawn; a longer timeline is listed in full in the table below it
ROW = 28
TOP = 40
LEFT = 16
RIGHT = 16


@dataclass
class Point:
    id: str
    x: float
    x_end: float | None
    y: float
    status: str
    shape: str
    label: str
    text_x: float
    anchor: str  # SVG text-anchor: the label sits on the side with room


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class TimelineLayout:
    width: int
    height: int
    axis_y: float
    points: list[Point]
    ticks: list[Tick]
    undated: list[Any]
    left_out: int = 0  # dated events past MAX_POINTS, not drawn


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def event_label(row: Any) -> str:
    kind = f"{row.category}/{row.mode}" if row.mode else row.category
    return f"{row.trigger} ({kind}): {row.status}"


def timeline_layout(rows: list[Any]) -> TimelineLayout:
    """One row per dated event, x by date (a bar from date to end for ranges), ticks on the axis;
    events without a date are listed apart."""
    dated = [(row, _day(row.date), _day(row.end)) for row in rows]
    undated = [row for row, day, _ in dated if day is None]
    dated = [(row, day, end) for row, day, end in dated if day is not None]
    left_out = max(0, len(dated) - MAX_POINTS)
    dated = dated[:MAX_POINTS]
    days = [d for _, day, end in dated for d in (day, end) if d is not None]
    height = TOP + ROW * max(1, len(dated)) + 10
    if not days:
        return TimelineLayout(WIDTH, height, TOP - 18, [], [], undated)
    first, last = min(days), max(days)
    span = max(1, (last - first).days)
    usable = WIDTH - LEFT - RIGHT

    def x_of(day: date) -> float:
        return round(LEFT + usable * (day - first).days / span, 1)

    points = []
    for n, (row, day, end) in enumerate(dated):
        x = x_of(day)
        x_end = x_of(end) if end is not None and end > day else None
        right_side = x < WIDTH / 2
        points.append(
            Point(
                id=row.id,
                x=x,
                x_end=x_end,
                y=TOP + ROW * n + ROW / 2,
                status=status_class(row.status),
                shape=SHAPES.get(status_class(row.status), "circle"),
                label=f"{day.isoformat()} {event_label(row)}",
                # over a range bar rather than past its end, which may be the axis's end
                text_x=x + 10 if right_side else x - 10,
                anchor="start" if right_side else "end",
            )
        )
    count = min(6, span + 1)
    ticks = []
    for i in range(count):
        offset = round(span * i / max(1, count - 1))
        day = date.fromordinal(first.toordinal() + offset)
        ticks.append(Tick(x_of(day), day.isoformat()))
    return TimelineLayout(WIDTH, height, TOP - 18, points, ticks, undated, left_out)


# -- a whole story, cached ---------------------------------------------------------------------------


# What the story page shows of a big story; the rest is a page at a time (`/stories/ID?part=...`).
CLAIMS_SHOWN = 20  # claims (the first, as linking ranks them)
STEPS_SHOWN = 12  # steps of a claim's chain, reports of an event's status
SOURCES_SHOWN = 40  # named sources, and anonymous ones
PART_SIZE = 50  # claims, events or sources on a page of one part


@dataclass
class StoryView:
    story: dict[str, Any]
    claims: list[ClaimView]  # those shown: all, or a page of them (`claims_offset`, `n_claims`)
    events: list[Any]
    layout: TimelineLayout
    named: list[SourceRow]
    anonymous: list[SourceRow]
    outlets: list[tuple[str, int]]
    n_claims: int = 0
    claims_offset: int = 0


def build_story_view(
    story: dict[str, Any],
    records: list[Record] | None,
    claims: list,
    events: list,
    n_claims: int | None = None,
    claims_offset: int = 0,
    steps: int | None = None,
    sourcing: StorySourcing | None = None,
) -> StoryView:
    """The story page from its linked claims (all, or a page of `n_claims` from `claims_offset`; the
    first `steps` of each chain when given), its timeline rows, and its sourcing: as linking stored it
    (`sourcing`, its badges those of `claims`), else computed from its records (`Store.story_sourcing`
    is enough)."""
    if sourcing is not None:
        outlet_of = sourcing.labels
        views = [
            claim_view(c, {}, outlet_of, steps, badge=badge)
            for c, badge in zip(claims, sourcing.badges, strict=True)
        ]
        named, anonymous = sourcing.named, sourcing.anonymous
    else:
        records = records or []
        by_id = {r.article.id: r for r in records}
        outlet_of = {r.article.id: article_label(r.article) for r in records}
        views = [claim_view(c, by_id, outlet_of, steps) for c in claims]
        named, anonymous = story_sources(records)
    outlets = Counter(a["outlet"] for a in story["articles"] if a.get("outlet"))
    return StoryView(
        story=story,
        claims=views,
        events=events,
        layout=timeline_layout(events),
        named=named,
        anonymous=anonymous,
        outlets=outlets.most_common(),
        n_claims=len(views) if n_claims is None else n_claims,
        claims_offset=claims_offset,
    )


# -- an article's marks ------------------------------------------------------------------------------


@dataclass
class ArticleView:
    record: Record
    segments: list[Segment]
    has_framing: bool
    opinion_passages: int
    loaded_spans: list[dict[str, Any]]
    events_by_status: list[tuple[str, list[Any]]]
    sources: list[tuple[Source, int]]
    source_of: dict[str, Source]


def _num(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def framing_marks(framing: Any) -> tuple[list[Mark], int, list[dict[str, Any]]]:
    """Marks for opinion passages, their cues, and loaded spans. `framing` comes from another analysis
    and may be null, partial or of another shape: anything unexpected is skipped, never an error."""
    marks: list[Mark] = []
    opinions = 0
    loaded: list[dict[str, Any]] = []
    if hasattr(framing, "model_dump"):  # the record's Framing model; older records may hold a dict
        framing = framing.model_dump()
    if not isinstance(framing, dict):
        return marks, opinions, loaded
    passages = framing.get("passages")
    for passage in passages if isinstance(passages, list) else []:
        if not isinstance(passage, dict):
            continue
        start, end, label = _num(passage.get("start")), _num(passage.get("end")), passage.get("label")
        if start is None or end is None or label not in ("opinion", "mixed"):
            continue
        opinions += 1
        score = passage.get("score")
        tip = f"{label} passage" + (f" (score {score:.2f})" if isinstance(score, int | float) else "")
        marks.append(Mark(start, end, f"frame-{label}", tip, label=label))
        cues = passage.get("cues")
        for cue in cues if isinstance(cues, list) else []:
            if isinstance(cue, dict) and _num(cue.get("start")) is not None and _num(cue.get("end")):
                marks.append(
                    Mark(cue["start"], cue["end"], "frame-cue", f"opinion cue: {cue.get('cue', '')}")
                )
    spans = framing.get("spans")
    for span in spans if isinstance(spans, list) else []:
        if not isinstance(span, dict):
            continue
        start, end = _num(span.get("start")), _num(span.get("end"))
        if start is None or end is None:
            continue
        technique = str(span.get("technique") or "loaded language")
        marks.append(Mark(start, end, "loaded", f"loaded: {technique}", label=technique.replace("_", " ")))
        loaded.append({"text": str(span.get("text") or ""), "technique": technique, "start": start})
    return marks, opinions, loaded


def article_view(record: Record) -> ArticleView:
    """The article's text cut into marked segments: attributions (source, cue, content), events with
    their status, opinion passages and loaded terms."""
    sources = {s.id: s for s in record.sources}
    marks: list[Mark] = []
    frame, opinions, loaded = framing_marks(record.framing)
    marks.extend(frame)  # first: the widest marks, so their classes come first
    for a in record.attributions:
        source = sources.get(a.source_id or "")
        tip = source_tip(source) if source else "Source: not characterised"
        for n, span in enumerate(a.content):
            marks.append(
                Mark(
                    span.start,
                    span.end,
                    "att-content",
                    f"Content ({a.kind}) of {a.id}",
                    anchor=f"{a.id}-content" if n == 0 else None,
                )
            )
        marks.append(Mark(a.cue.start, a.cue.end, "att-cue", f"Cue: {a.cue.text}"))
        if a.source is not None:
            marks.append(Mark(a.source.start, a.source.end, "att-source", tip, anchor=a.id, focus=True))
    for event in record.events:
        status = status_class(event.status)
        tip = f"Event {event.category}: {event.status}"
        marks.append(Mark(event.trigger.start, event.trigger.end, f"ev ev-{status}", tip, label=status))
    by_status: dict[str, list[Any]] = {}
    for event in record.events:
        by_status.setdefault(status_class(event.status), []).append(event)
    cited = Counter(a.source_id for a in record.attributions if a.source_id)
    return ArticleView(
        record=record,
        segments=segments(record.article.text, marks),
        has_framing=record.framing is not None,
        opinion_passages=opinions,
        loaded_spans=loaded,
        events_by_status=[(s, by_status[s]) for s in STATUSES if s in by_status],
        sources=[(s, cited[s.id]) for s in record.sources],
        source_of=sources,
    )


# -- store-wide source counts ------------------------------------------------------------------------

_CITED = """
WITH cited AS (
    SELECT t.article_id, a.outlet, s.anonymous, s.type,
           CASE WHEN s.anonymous THEN
               trim(coalesce(s.affiliation, '') || ' ' || coalesce(s.role, 'unnamed source'))
           ELSE coalesce(s.name, m.text, s.type) END AS label,
           CASE WHEN s.anonymous THEN
               'anonymous:' || coalesce(nullif(
                   lower(trim(coalesce(s.affiliation, '') || ' ' || coalesce(s.role, ''))), ''), 'unnamed')
           ELSE coalesce(s.normalized_name, lower(s.name), lower(m.text), s.type) END AS key
    FROM attributions t
    JOIN articles a ON a.id = t.article_id
    JOIN sources s ON s.article_id = t.article_id AND s.id = t.source_id
    LEFT JOIN spans m ON m.article_id = s.article_id AND m.owner = s.id AND m.role = 'mention' AND m.ord = 0
)
SELECT key, min(label), max(anonymous), min(type), count(*), count(DISTINCT article_id),
       json_group_array(outlet)
FROM cited GROUP BY key ORDER BY count(*) DESC, key LIMIT ? OFFSET ?
"""

_OUTLETS = """
SELECT a.outlet, count(DISTINCT a.id),
       sum(CASE WHEN s.anonymous = 0 THEN 1 ELSE 0 END),
       sum(CASE WHEN s.anonymous = 1 THEN 1 ELSE 0 END),
       sum(CASE WHEN s.id IS NULL THEN 1 ELSE 0 END)
FROM attributions t
JOIN articles a ON a.id = t.article_id
LEFT JOIN sources s ON s.article_id = t.article_id AND s.id = t.source_id
GROUP BY a.outlet ORDER BY count(*) DESC, coalesce(a.outlet, '') LIMIT ? OFFSET ?
"""


def _query(store: Store, sql: str, params: tuple) -> list[tuple]:
    try:
        return store.conn.execute(sql, params).fetchall()
    except sqlite3.Error as exc:
        raise StoreError(f"store {store.path}: cannot read the web view: {exc}") from None


def cited_sources(store: Store, limit: int, offset: int) -> list[dict[str, Any]]:
    """Who is cited across the store, most cited first: named sources by name (titles dropped),
    anonymous ones by their description (affiliation and role), with citations, articles, outlets."""
    import json

    rows = _query(store, _CITED, (limit, offset))
    out = []
    for key, label, anonymous, type_, citations, articles, outlets in rows:
        counts = Counter(o for o in json.loads(outlets) if o)
        out.append(
            {
                "key": key,
                "name": label if not anonymous else f"anonymous {label}".strip(),
                "type": type_,
                "anonymous": bool(anonymous),
                "citations": citations,
                "articles": articles,
                "outlets": dict(counts.most_common()),
            }
        )
    return out


def stories_of(store: Store, article_ids: list[str]) -> dict[str, str]:
    """article id -> its story id, for those of the given articles that are linked."""
    if not article_ids:
        return {}
    marks = ", ".join("?" * len(article_ids))
    sql = f"SELECT article_id, story_id FROM story_articles WHERE article_id IN ({marks})"
    return dict(_query(store, sql, tuple(article_ids)))


def outlet_sourcing(store: Store, limit: int, offset: int) -> list[dict[str, Any]]:
    """Per outlet: its articles with attributions, and its citations of named sources, anonymous
    sources, and attributions with no source found; most citations first."""
    rows = _query(store, _OUTLETS, (limit, offset))
    return [
        {"outlet": outlet, "articles": n, "named": named or 0, "anonymous": anon or 0, "unsourced": none or 0}
        for outlet, n, named, anon, none in rows
    ]


@dataclass
class Bar:
    label: str
    y: float
    named: float
    anonymous: float
    unsourced: float
    counts: dict[str, int]


def sourcing_chart(rows: list[dict[str, Any]], width: int = 560, row: int = 30) -> tuple[list[Bar], int, int]:
    """Stacked bars (named, anonymous, unsourced) per outlet, scaled to the largest total."""
    top = max((r["named"] + r["anonymous"] + r["unsourced"] for r in rows), default=0) or 1
    bars = [
        Bar(
            label=r["outlet"] or "(no outlet)",
            y=10 + n * row,
            named=round(width * r["named"] / top, 1),
            anonymous=round(width * r["anonymous"] / top, 1),
            unsourced=round(width * r["unsourced"] / top, 1),
            counts={k: r[k] for k in ("named", "anonymous", "unsourced")},
        )
        for n, r in enumerate(rows)
    ]
    return bars, width, 20 + row * max(1, len(rows))
