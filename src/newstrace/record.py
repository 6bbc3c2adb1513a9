"""The sourced record of one article, and its JSON Schema.

The record is plain data: it does not depend on spaCy, so programs can load and validate
records without the NLP stack. Character offsets index `article.text`.

Schema evolution: `schema_version` is bumped only on a breaking change; new optional fields
may be added within a version, so consumers must ignore fields they do not know.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).parent / "schema" / "record.schema.json"

AttributionKind = Literal["direct", "indirect", "mixed", "according_to", "other"]
SourceType = Literal["person", "organization", "outlet", "government", "document", "anonymous", "unknown"]
EventStatus = Literal[
    "occurred", "ongoing", "planned", "possible", "threatened", "denied", "negated", "unknown"
]
# PLOVER's 16 current categories, plus OTHER for events outside them.
EventCategory = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "OTHER",
]


class _Model(BaseModel):
    # Unknown fields are ignored, not refused: a record written by a later release of the same
    # schema version (which may add optional fields) still loads.
    model_config = ConfigDict(extra="ignore")


class Span(_Model):
    """A stretch of the article text: `article.text[start:end] == text`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Article(_Model):
    id: str = Field(description="Given id, or a stable hash of the text when none was given.")
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="ISO 8601 date or date-time, as given or extracted.")
    authors: list[str] = Field(default_factory=list)
    language: str | None = Field(None, description="ISO 639-1 code, detected from the text.")
    text: str


class SourceGroup(_Model):
    """A sub-group of a source: 'including two U.S. officials' -> count 2, affiliation 'U.S. officials'."""

    text: str
    count: int | None = None
    affiliation: str | None = None


class Source(_Model):
    """One source cited by the article; several attributions may rest on the same source."""

    id: str
    type: SourceType
    name: str | None = Field(None, description="The name as written, when the source is named.")
    normalized_name: str | None = Field(None, description="The name without titles, accents folded.")
    anonymous: bool = False
    count: int | None = Field(None, description="How many, when the text says: 'four unnamed sources' -> 4.")
    includes: list[SourceGroup] = Field(default_factory=list)
    affiliation: str | None = None
    role: str | None = None
    mentions: list[Span] = Field(default_factory=list, description="Every span that refers to this source.")


class Attribution(_Model):
    id: str
    kind: AttributionKind
    cue: Span
    source: Span | None = Field(
        None, description="The source as written at this attribution (may be a pronoun)."
    )
    source_id: str | None = Field(None, description="The characterised source in `sources`.")
    content: list[Span] = Field(min_length=1)
    via: str | None = Field(None, description="The id of the attribution this one is reported inside.")


Sector = Literal["government", "military", "police", "rebel", "criminal", "civilian", "media", "business"]


class Participant(_Model):
    span: Span
    name: str = Field(description="The normalised name: no leading article or title, accents kept.")
    country: str | None = Field(
        None, description="ISO 3166-1 alpha-3 code when the participant is or belongs to a country."
    )
    sector: Sector | None = Field(None, description="The sector, when the text gives it.")


class EventTime(_Model):
    span: Span
    value: str | None = Field(None, description="ISO date the expression resolves to, against `published`.")
    end: str | None = Field(None, description="ISO end date when the expression is a range.")


class EventLocation(_Model):
    span: Span
    name: str
    country: str | None = Field(None, description="ISO 3166-1 alpha-3 code of the place, from the gazetteer.")


class Event(_Model):
    id: str
    trigger: Span
    category: EventCategory
    mode: str | None = Field(None, description="The PLOVER mode, where one applies (ASSAULT: 'aerial', ...).")
    actors: list[Participant] = Field(default_factory=list)
    targets: list[Participant] = Field(default_factory=list)
    location: EventLocation | None = None
    time: EventTime | None = None
    status: EventStatus
    factuality: float | None = Field(
        None, ge=-3, le=3, description="-3 (certainly did not happen) to +3 (certainly happened)."
    )
    attributed_to: str | None = Field(None, description="The attribution whose content holds this event.")


class Predicate(_Model):
    """A clause's main verb and the status of what the clause states, by the rules events follow: how a
    statement that names no event of the lexicon is read as happened, planned, possible, ..."""

    trigger: Span
    status: EventStatus
    depth: int = Field(
        ge=0, description="Heads above it in its sentence: the least in a span is that span's main clause."
    )


PassageLabel = Literal["reporting", "opinion", "mixed"]
FramingCueKind = Literal[
    "first_person",
    "evaluative",
    "editorial_voice",
    "unattributed_motive",
    "rhetorical_question",
    "call_to_action",
    "prescriptive",
    "loaded_language",
]


class FramingCue(Span):
    """A word or phrase in the outlet's own voice that argues rather than reports."""

    cue: FramingCueKind


class FramingPassage(_Model):
    """A paragraph: `article.text[start:end]`, labelled with the cues that decided it."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    label: PassageLabel
    score: float = Field(ge=0, le=1, description="How strongly the outlet's own voice argues here, 0..1.")
    cues: list[FramingCue] = Field(default_factory=list)


class FramingSpan(Span):
    """A span using a propaganda technique (PTC names, e.g. Loaded_Language, Name_Calling,Labeling)."""

    technique: str
    score: float = Field(ge=0, le=1, description="The tagger's probability for the span, 0..1.")
    triggers: list[str] = Field(default_factory=list, description="The words that triggered the technique.")


class Framing(_Model):
    """Reporting versus opinion per paragraph, and loaded language, each with its evidence."""

    passages: list[FramingPassage] = Field(default_factory=list)
    spans: list[FramingSpan] = Field(default_factory=list)
    model: str = Field("", description="The loaded-language model ('fast', a folder, or 'rules').")


class Record(_Model):
    schema_version: Literal[1] = SCHEMA_VERSION
    newstrace_version: str
    models: dict[str, str] = Field(
        default_factory=dict,
        description="The model behind each analysis step, e.g. {'attribution': 'fast'}.",
    )
    article: Article
    attributions: list[Attribution] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    predicates: list[Predicate] = Field(
        default_factory=list, description="Every clause's main verb with its status (the claims read it)."
    )
    framing: Framing | None = Field(
        None, description="Reporting/opinion passages and loaded language, with their evidence."
    )

    def to_json(self, indent: int | None = None) -> str:
        return self.model_dump_json(indent=indent)


def json_schema() -> dict:
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://newstrace.invalid/schema/record-v{SCHEMA_VERSION}.json"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
