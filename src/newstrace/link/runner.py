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


def load_index(store: Store) -> StoryIndex:
    state = store.load_story_state()
    if state is None:
        return StoryIndex()
    return StoryIndex.from_dict({**state.index, "df": state.df, "stories": state.profiles})


def _save(store: Store, index: StoryIndex, terms: set[str], stories: set[str], links: list) -> None:
    ordered = sorted(stories)
    state = StoryState(
        index=index.state_meta(),
        df={t: index.df[t] for t in terms},
        profiles=[index.stories[s].to_dict() for s in ordered],
    )
    store.save_story_state(state, [index.summary(s) for s in ordered], links)


def link_store(store: Store, batch: int = 500, on_done: Callable[[], None] | None = None) -> LinkSummary:
    """Give every stored article without a story its story, and every article not yet canonicalised
    its entities; see the module docstring."""
    index = load_index(store)
    summary = LinkSummary()
    before = len(index.stories)
    terms_seen: set[str] = set()
    touched: set[str] = set()
    links: list[tuple[str, str]] = []
    for record in store.unlinked_records():
        article = record.article
        terms = story_terms(article.text, article.title, record_names(record))
        story_id = index.add(
            terms=terms, title=article.title, published=article.published, outlet=article.outlet
        )
        terms_seen.update(terms)
        touched.add(story_id)
        links.append((article.id, story_id))
        summary.linked += 1
        if on_done is not None:
            on_done()
        if len(links) >= batch:
            _save(store, index, terms_seen, touched, links)
            terms_seen, touched, links = set(), set(), []
    if links:
        _save(store, index, terms_seen, touched, links)
    summary.new_stories = len(index.stories) - before
    summary.stories = len(index.stories)
    entities = canonicalise_store(store, batch=batch)
    summary.entity_mentions, summary.new_entities = entities.mentions, entities.new_entities
    summary.story_views = update_story_views(store)
    return summary


def update_story_views(store: Store) -> int:
    """Compute and store the claims and timeline of every story whose stored view is missing or older
    than the story; one transaction per story, so an interrupted run keeps what it did."""
    from newstrace.link.claims import link_claims
    from newstrace.link.timeline import timeline

    if "story_views" not in store.tables():
        return 0  # a store kept at an older schema (as the migration tests make)
    done = 0
    while stale := store.stale_story_views():
        for story_id in stale:
            version = store.story_version(story_id)
            records = store.story_records(story_id)
            claims = [c.to_dict() for c in link_claims(records, story_id=story_id)]
            rows = [r.to_dict() for r in timeline(records, story_id=story_id)]
            store.save_story_view(version, claims, rows)
            done += 1
    return done
