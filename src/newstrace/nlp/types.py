"""What the newstrace components leave on a spaCy Doc.

Each component writes one list on the Doc (`doc._.attributions`, `doc._.sources`,
`doc._.events`); the items are small dataclasses holding spaCy Spans, so a user's own
pipeline can read them with the usual Span API. `newstrace.nlp.to_record` turns them into
the plain-data Record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token


@dataclass
class AttributionMention:
    cue: Span
    content: list[Span]
    kind: str  # record.AttributionKind
    source: Span | None = None
    via: int | None = None  # index of the enclosing attribution in doc._.attributions
    source_index: int | None = None  # index into doc._.sources, set by newstrace_sources


@dataclass
class SourceGroupInfo:
    text: str
    count: int | None = None
    affiliation: str | None = None


@dataclass
class SourceEntity:
    type: str  # record.SourceType
    mentions: list[Span] = field(default_factory=list)
    name: str | None = None
    normalized_name: str | None = None
    anonymous: bool = False
    count: int | None = None
    includes: list[SourceGroupInfo] = field(default_factory=list)
    affiliation: str | None = None
    role: str | None = None


@dataclass
class EventMention:
    trigger: Span
    category: str = "OTHER"  # record.EventCategory
    mode: str | None = None  # PLOVER mode, e.g. ASSAULT "aerial"
    actors: list[Span] = field(default_factory=list)
    targets: list[Span] = field(default_factory=list)
    location: Span | None = None
    time: Span | None = None
    time_value: str | None = None  # ISO date resolved against doc._.published
    time_end: str | None = None
    status: str = "unknown"  # record.EventStatus, set by newstrace_status
    factuality: float | None = None  # -3..+3, set by newstrace_status
    attributed_to: int | None = None  # index into doc._.attributions


@dataclass
class FramingCue:
    """One piece of evidence that a passage argues rather than reports."""

    span: Span
    cue: str  # first_person, evaluative, unattributed_motive, rhetorical_question, call_to_action, ...
    weight: float


@dataclass
class FramingPassage:
    span: Span  # the paragraph
    label: str  # reporting | opinion | mixed
    score: float  # 0..1, how strongly the outlet's own voice argues here
    cues: list[FramingCue] = field(default_factory=list)


@dataclass
class FramingSpan:
    span: Span
    technique: str  # a PTC technique, e.g. Loaded_Language
    score: float
    triggers: list[str] = field(default_factory=list)


@dataclass
class PredicateStatus:
    """A clause's main verb and the status of what the clause states (`newstrace_status`)."""

    verb: Token
    status: str


@dataclass
class FramingResult:
    passages: list[FramingPassage] = field(default_factory=list)
    spans: list[FramingSpan] = field(default_factory=list)
    model: str = ""


def register_extensions() -> None:
    """Declare the Doc extensions once; safe to call many times."""
    for name in ("attributions", "sources", "events", "predicates", "framing"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    # The model behind each step, e.g. {"attribution": "fast", "factuality": "fast"}; each component
    # adds its own entry (set_model), never mutates a shared default.
    if not Doc.has_extension("models"):
        Doc.set_extension("models", default=None)
    # The article's publication date (ISO string), set before the pipeline runs so that
    # relative times ("last week") can be resolved.
    if not Doc.has_extension("published"):
        Doc.set_extension("published", default=None)
    # Set by newstrace_framing on each paragraph (a FramingPassage) and each loaded span (a
    # FramingSpan), so `span._.framing` answers for any Span with the same offsets.
    if not Span.has_extension("framing"):
        Span.set_extension("framing", default=None)


register_extensions()


def set_model(doc: Doc, step: str, name: str) -> None:
    """Record on the Doc which model did `step` ("attribution", "factuality")."""
    doc._.models = {**(doc._.models or {}), step: name}
