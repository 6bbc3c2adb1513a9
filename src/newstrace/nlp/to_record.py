"""Turn a processed Doc into the plain-data Record."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from newstrace import __version__
from newstrace.nlp.geo import participant_info, place_country
from newstrace.nlp.types import AttributionMention, EventMention, FramingResult, PredicateStatus, SourceEntity
from newstrace.record import (
    Article,
    Attribution,
    Event,
    EventLocation,
    EventTime,
    Framing,
    FramingCue,
    FramingPassage,
    FramingSpan,
    Participant,
    Predicate,
    Record,
    Source,
    SourceGroup,
    Span,
)


def span_of(span: SpacySpan) -> Span:
    return Span(start=span.start_char, end=span.end_char, text=span.text)


def _ref(prefix: str, index: int | None) -> str | None:
    return None if index is None else f"{prefix}{index + 1}"


def _attribution(i: int, m: AttributionMention) -> Attribution:
    return Attribution(
        id=_ref("a", i),
        kind=m.kind,
        cue=span_of(m.cue),
        source=span_of(m.source) if m.source is not None else None,
        source_id=_ref("s", m.source_index),
        content=[span_of(c) for c in m.content],
        via=_ref("a", m.via),
    )


def _source(i: int, s: SourceEntity) -> Source:
    return Source(
        id=_ref("s", i),
        type=s.type,
        name=s.name,
        normalized_name=s.normalized_name,
        anonymous=s.anonymous,
        count=s.count,
        includes=[SourceGroup(text=g.text, count=g.count, affiliation=g.affiliation) for g in s.includes],
        affiliation=s.affiliation,
        role=s.role,
        mentions=[span_of(m) for m in s.mentions],
    )


def _participant(span: SpacySpan) -> Participant:
    name, country, sector = participant_info(span)
    return Participant(span=span_of(span), name=name, country=country, sector=sector)


def _location(span: SpacySpan) -> EventLocation:
    return EventLocation(span=span_of(span), name=span.text, country=place_country(span.text))


def _event(i: int, e: EventMention) -> Event:
    return Event(
        id=_ref("e", i),
        trigger=span_of(e.trigger),
        category=e.category,
        mode=e.mode,
        actors=[_participant(a) for a in e.actors],
        targets=[_participant(t) for t in e.targets],
        location=_location(e.location) if e.location else None,
        time=EventTime(span=span_of(e.time), value=e.time_value, end=e.time_end) if e.time else None,
        status=e.status,
        factuality=e.factuality,
        attributed_to=_ref("a", e.attributed_to),
    )


def _framing(result: FramingResult | None) -> Framing | None:
    if result is None:
        return None
    passages = [
        FramingPassage(
            start=p.span.start_char,
            end=p.span.end_char,
            label=p.label,
            score=p.score,
            cues=[
                FramingCue(start=c.span.start_char, end=c.span.end_char, text=c.span.text, cue=c.cue)
                for c in p.cues
            ],
        )
        for p in result.passages
    ]
    spans = [
        FramingSpan(**span_of(s.span).model_dump(), technique=s.technique, score=s.score, triggers=s.triggers)
        for s in result.spans
    ]
    return Framing(passages=passages, spans=spans, model=result.model)


def _predicate(p: PredicateStatus) -> Predicate:
    verb = p.verb
    depth = sum(1 for _ in verb.ancestors)
    return Predicate(trigger=span_of(verb.doc[verb.i : verb.i + 1]), status=p.status, depth=depth)


def doc_to_record(doc: Doc, article: Article) -> Record:
    return Record(
        newstrace_version=__version__,
        models=dict(doc._.models or {}),
        article=article,
        attributions=[_attribution(i, m) for i, m in enumerate(doc._.attributions or [])],
        sources=[_source(i, s) for i, s in enumerate(doc._.sources or [])],
        events=[_event(i, e) for i, e in enumerate(doc._.events or [])],
        predicates=[_predicate(p) for p in doc._.predicates or []],
        framing=_framing(doc._.framing),
    )
