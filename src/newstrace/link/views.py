"""A story's claims and timeline rows (`to_dict` form): computed from its records, or read as stored
when the story was linked. The one place the CLI, `newstrace serve` and linking get them from."""

from __future__ import annotations

from newstrace.record import Record
from newstrace.store.store import Store

StoryRows = tuple[list[dict], list[dict]]  # (claims, timeline)


def compute_story_rows(records: list[Record], story_id: str) -> StoryRows:
    from newstrace.link.claims import link_claims
    from newstrace.link.timeline import timeline

    return (
        [c.to_dict() for c in link_claims(records, story_id=story_id)],
        [r.to_dict() for r in timeline(records, story_id=story_id)],
    )


def story_rows(store: Store, version: tuple[str, int, str | None]) -> StoryRows:
    """The rows of this version (`Store.story_version`) of a story: as stored, else computed (a store
    linked by an older newstrace, or linking still under way)."""
    stored = store.story_view(version) if "story_view_items" in store.tables() else None
    if stored is not None:
        return stored
    return compute_story_rows(store.story_records(version[0]), version[0])
