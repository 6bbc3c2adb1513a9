"""The API's response and request models: pydantic, so the OpenAPI document describes every shape."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
# Past any real store, and keeps offset + limit inside SQLite's 64-bit integers.
MAX_OFFSET = 1_000_000_000
# A search (page or API) ranks the best matches among this many most recently stored matching articles
# (more when a page reaches further): ranking is most of a search's time, and grows with the matches
# ranked. The store's own default (`Store.search`, 2,000) cost twice the time for a common word.
SEARCH_WINDOW = 500


class ErrorOut(BaseModel):
    error: str = Field(description="One line saying what went wrong.")
    status: int = Field(description="The HTTP status code, repeated.")


class Page(BaseModel, Generic[T]):
    """One page of a list: `items`, the `limit` and `offset` asked for, and `next_offset` when more follow."""

    items: list[T]
    limit: int
    offset: int
    next_offset: int | None = Field(None, description="The offset of the next page; null on the last page.")


class StoryOut(BaseModel):
    id: str
    label: str
    first_seen: str | None
    last_seen: str | None
    n_articles: int
    outlets: list[str]


class ArticleOut(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None


class StoryDetailOut(StoryOut):
    articles: list[ArticleOut] = Field(description="The story's articles, oldest first.")


class ClaimMentionOut(BaseModel):
    article_id: str
    outlet: str | None
    published: str | None
    start: int
    end: int
    text: str
    source: str | None
    source_type: str | None
    source_name: str | None
    anonymous: bool
    cited_outlet: str | None
    denial: bool
    kind: str
    echo_of: str | None
    same_source_as: str | None
    attribution_id: str | None


class ClaimOut(BaseModel):
    id: str
    statement: str
    status: str
    asserted_status: str = Field(
        "unknown", description="What its supporters assert (occurred, planned, ...), also when it is denied."
    )
    independent_sources: int
    first_reported_by: str | None
    chain: list[dict[str, Any]]
    mentions: list[ClaimMentionOut]


class EventMentionOut(BaseModel):
    article_id: str
    outlet: str | None
    title: str | None
    published: str | None
    event_id: str
    trigger: str
    category: str
    mode: str | None
    status: str
    factuality: float | None
    date: str | None
    end: str | None
    date_source: str | None
    actors: list[str]
    targets: list[str]
    location: str | None
    source: str | None


class StatusStepOut(BaseModel):
    published: str | None
    outlet: str | None
    article_id: str
    status: str


class TimelineEventOut(BaseModel):
    id: str
    date: str | None
    end: str | None
    date_source: str | None
    category: str
    mode: str | None
    trigger: str
    actors: list[str]
    targets: list[str]
    location: str | None
    status: str
    status_change: str | None
    first_reported: str | None
    outlets: list[str]
    status_history: list[StatusStepOut]
    mentions: list[EventMentionOut]


class EntityOut(BaseModel):
    id: str
    type: str
    name: str
    key: str
    country: str | None
    n_mentions: int
    n_articles: int
    first_seen: str | None
    last_seen: str | None
    variants: dict[str, int] = Field(description="Each name as written -> its mentions.")
    outlets: dict[str, int] = Field(description="Each outlet -> its mentions.")
    articles: list[str] = Field(description="Up to 20 of the entity's articles, latest first.")


class SearchHitOut(ArticleOut):
    snippet: str = Field(description="The matching passage, matches in [brackets]. Plain text, not HTML.")


class SourceOut(BaseModel):
    key: str = Field(
        description="Named sources: the name without titles, lower-cased; anonymous ones: "
        "'anonymous:' + their affiliation and role."
    )
    name: str = Field(description="The name as written, or the anonymous source's description.")
    type: str = Field(description="person, organization, outlet, government, document, anonymous, unknown")
    anonymous: bool
    citations: int = Field(description="Attributions resting on this source.")
    articles: int = Field(description="Articles citing it.")
    outlets: dict[str, int] = Field(description="Each outlet citing it -> its citations.")


class OutletSourcingOut(BaseModel):
    outlet: str | None
    articles: int = Field(description="The outlet's articles with at least one attribution.")
    named: int = Field(description="Attributions to named sources.")
    anonymous: int = Field(description="Attributions to anonymous sources.")
    unsourced: int = Field(description="Attributions with no source found.")


class AnalyseIn(BaseModel):
    """One article to analyse; nothing is stored."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The article text (plain text).")
    title: str | None = None
    outlet: str | None = None
    published: str | None = Field(None, description="ISO 8601 date or date-time.")
