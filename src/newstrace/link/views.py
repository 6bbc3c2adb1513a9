"""A story's claims and timeline rows (`to_dict` form): computed from its records, or read as stored
when the story was linked. The one place the CLI, `newstrace serve` and linking get them from.

Linking also stores what the story page shows of the story's sourcing (`compute_story_view`): each
claim's badge and level (`newstrace.link.sourcing.claim_badge`), the story's named and anonymous
sources table (`story_sources`) and each article's label (`article_label`), so the page is built
from stored rows without reading the story's sources again."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from newstrace.link.labels import article_label
from newstrace.link.sourcing import source_label
from newstrace.record import Record
from newstrace.store.store import Store

StoryRows = tuple[list[dict], list[dict]]  # (claims, timeline)


@dataclass
class SourceRow:
    label: str
    type: str
    anonymous: bool
    citations: int = 0
    outlets: list[str] = field(default_factory=list)
    articles: list[tuple[str, str]] = field(default_factory=list)  # (article id, outlet or title)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceRow:
        return cls(
            label=data["label"],
            type=data["type"],
            anonymous=data["anonymous"],
            citations=data["citations"],
            outlets=list(data["outlets"]),
            articles=[(a[0], a[1]) for a in data["articles"]],
        )


def story_sources(records: list[Record]) -> tuple[list[SourceRow], list[SourceRow]]:
    """A story's named sources (one row per name across its articles) and anonymous ones (one row per
    article's source: anonymous sources are never merged across articles), most cited first."""
    named: dict[str, SourceRow] = {}
    anonymous: list[SourceRow] = []
    for record in records:
        cited = Counter(a.source_id for a in record.attributions if a.source_id)
        where = (record.article.id, record.article.outlet or record.article.title or record.article.id)
        for source in record.sources:
            if source.anonymous:
                row = SourceRow(source_label(source, None), source.type, True, cited[source.id])
                first = source.mentions[0].text if source.mentions else ""
                if first:
                    row.label = f"“{first}” — {row.label}"
                anonymous.append(row)
            else:
                key = (source.normalized_name or source.name or source_label(source)).lower()
                row = named.setdefault(key, SourceRow(source_label(source), source.type, False))
                row.citations += cited[source.id]
            if record.article.outlet and record.article.outlet not in row.outlets:
                row.outlets.append(record.article.outlet)
            if where not in row.articles:
                row.articles.append(where)
    by_citations = sorted(named.values(), key=lambda r: (-r.citations, r.label.lower()))
    return by_citations, sorted(anonymous, key=lambda r: -r.citations)


@dataclass
class StorySourcing:
    """What the story page shows of a story's sourcing, as linking stores it: each claim's badge and
    level, in the claims' order (`badges`), the sources table, and each article's label (`labels`)."""

    badges: list[tuple[str, str]]
    named: list[SourceRow]
    anonymous: list[SourceRow]
    labels: dict[str, str]

    def sources_item(self) -> dict[str, Any]:
        """The story's one stored "sources" item: its sources table and its articles' labels."""
        return {
            "named": [asdict(r) for r in self.named],
            "anonymous": [asdict(r) for r in self.anonymous],
            "labels": self.labels,
        }


@dataclass
class StoryViewRows:
    claims: list[dict]
    timeline: list[dict]
    sourcing: StorySourcing


def compute_story_rows(records: list[Record], story_id: str) -> StoryRows:
    view = compute_story_view(records, story_id, sourcing=False)
    return view.claims, view.timeline


def compute_story_view(records: list[Record], story_id: str, sourcing: bool = True) -> StoryViewRows:
    """The story's claims and timeline rows, and (unless `sourcing` is False) its sourcing as the story
    page shows it."""
    from newstrace.link.claims import link_claims
    from newstrace.link.sourcing import claim_badge
    from newstrace.link.timeline import timeline

    claims = link_claims(records, story_id=story_id)
    rows = [r.to_dict() for r in timeline(records, story_id=story_id)]
    found = StorySourcing([], [], [], {})
    if sourcing:
        by_id = {r.article.id: r for r in records}
        named, anonymous = story_sources(records)
        found = StorySourcing(
            badges=[claim_badge(c, by_id) for c in claims],
            named=named,
            anonymous=anonymous,
            labels={r.article.id: article_label(r.article) for r in records},
        )
    return StoryViewRows([c.to_dict() for c in claims], rows, found)


def story_rows(store: Store, version: tuple[str, int, str | None]) -> StoryRows:
    """The rows of this version (`Store.story_version`) of a story: as stored, else computed (a store
    linked by an older newstrace, or linking still under way)."""
    stored = store.story_view(version) if store.has_table("story_view_items") else None
    if stored is not None:
        return stored
    return compute_story_rows(store.story_records(version[0]), version[0])
