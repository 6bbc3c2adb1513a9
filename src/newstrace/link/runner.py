"""Link stored articles into stories, incrementally: what `newstrace link` (and `ingest`) runs.

The story index (`newstrace.link.stories.StoryIndex`) is loaded from the store, every article
without a story is added to it in insertion order, and what changed (the stories touched, the
document frequencies of the terms seen, the links) is written back every `batch` articles, each
batch in one transaction, so an interrupted run keeps what it linked and the next run goes on
from there. Earlier assignments never change.

Then the articles not yet canonicalised get their canonical entities (`newstrace.link.canonical`:
named sources and participants matched to the people, bodies and countries of earlier articles),
incrementally in the same way. Last, every story that gained articles (or has no stored view yet,
as after an upgrade) gets its claims and timeline computed and stored (`update_story_views`), so
reading them is one row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from newstrace.link.canonical import canonicalise_store
from newstrace.link.features import story_terms
from newstrace.link.stories import StoryIndex
from newstrace.record import Record
from newstrace.store.store import Store, StoryState


@dataclass
class LinkSummary:
    linked: int = 0  # articles given a story in this run
    new_stories: int = 0  # stories this run started
    stories: int = 0  # stories in the store afterwards
    entity_mentions: int = 0  # names given a canonical entity in this run
    new_entities: int = 0  # canonical entities this run made
    story_views: int = 0  # stories whose claims and timeline were computed and stored


def record_names(record: Record) -> list[str]:
    """Entity names the record found: named sources, event participants and places."""
    names = [s.normalized_name or s.name for s in record.sources if s.name]
    for event in record.events:
        names += [p.name for p in (*event.actors, *event.targets) if p.country or p.name[:1].isupper()]
        if event.location:
            names.append(event.location.name)
    return names


def load_index(store: Store) -> tuple[StoryIndex, dict | None]:
    """The saved story index and its saved counters (None before the first link run)."""
    state = store.load_story_state()
    if state is None:
        return StoryIndex(), None
    return StoryIndex.from_dict({**state.index, "df": state.df, "stories": state.profiles}), state.index


def _save(
    store: Store, index: StoryIndex, terms: set[str], stories: set[str], links: list, before: dict | None
) -> bool:
    ordered = sorted(stories)
    state = StoryState(
        index=index.state_meta(),
        df={t: index.df[t] for t in terms},
        profiles=[index.stories[s].to_dict() for s in ordered],
    )
    return store.save_story_state(state, [index.summary(s) for s in ordered], links, before)


def link_store(store: Store, batch: int = 500, on_done: Callable[[], None] | None = None) -> LinkSummary:
    """Give every stored article without a story its story, and every article not yet canonicalised
    its entities; see the module docstring. When another run (another `ingest` into the same store)
    saves first, this one reloads the index and goes on from what that run linked."""
    summary = LinkSummary()
    while not _link_pass(store, batch, on_done, summary):
        pass
    entities = canonicalise_store(store, batch=batch)
    summary.entity_mentions, summary.new_entities = entities.mentions, entities.new_entities
    summary.story_views = update_story_views(store)
    return summary


def _link_pass(store: Store, batch: int, on_done: Callable[[], None] | None, summary: LinkSummary) -> bool:
    """Link the unlinked articles from the saved index, counting into `summary` what was saved;
    False when another run saved in between (nothing of this pass's unsaved batch is kept)."""
    index, before = load_index(store)
    terms_seen: set[str] = set()
    touched: set[str] = set()
    links: list[tuple[str, str]] = []
    created = 0
    for record in store.unlinked_records():
        article = record.article
        terms = story_terms(article.text, article.title, record_names(record))
        known = len(index.stories)
        story_id = index.add(
            terms=terms, title=article.title, published=article.published, outlet=article.outlet
        )
        created += len(index.stories) - known
        terms_seen.update(terms)
        touched.add(story_id)
        links.append((article.id, story_id))
        if len(links) >= batch:
            if not _save(store, index, terms_seen, touched, links, before):
                return False
            _count(summary, on_done, len(links), created)
            before, terms_seen, touched, links, created = index.state_meta(), set(), set(), [], 0
    if links:
        if not _save(store, index, terms_seen, touched, links, before):
            return False
        _count(summary, on_done, len(links), created)
    summary.stories = len(index.stories)
    return True


def _count(summary: LinkSummary, on_done: Callable[[], None] | None, linked: int, created: int) -> None:
    summary.linked += linked
    summary.new_stories += created
    if on_done is not None:
        for _ in range(linked):
            on_done()


def update_story_views(store: Store) -> int:
    """Compute and store the claims and timeline of every story whose stored view is missing or older
    than the story, with what the story page shows of its sourcing (each claim's badge, the sources
    table, the articles' labels: `newstrace.link.views.compute_story_view`); one transaction per story,
    so an interrupted run keeps what it did."""
    from newstrace.link.views import compute_story_view

    if not store.has_table("story_views"):
        return 0  # a store kept at an older schema (as the migration tests make)
    done = 0
    while stale := store.stale_story_views():
        for story_id in stale:
            version = store.story_version(story_id)
            view = compute_story_view(store.story_records(story_id), story_id)
            badges = [{"badge": badge, "level": level} for badge, level in view.sourcing.badges]
            store.save_story_view(version, view.claims, view.timeline, badges, view.sourcing.sources_item())
            done += 1
    return done
