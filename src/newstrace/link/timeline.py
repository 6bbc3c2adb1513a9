"""Timelines: the events of one story, one row per happening, with how their status changed over coverage.

`timeline(records)` takes the Records of one story's articles and returns its events ordered by
their resolved date, then by when they were first reported. Each row gathers the mentions of the
same event across the articles (and within one article) and keeps, in publication order, the
status each article gave it: a strike `planned` on Monday and `occurred` on Thursday is one row
with the status change "planned -> occurred".

Dates. A mention's date is its event time (`time.value`, `time.end` for a range) when the extractor
resolved one (`date_source` "event"); otherwise the article's published date stands in for it
(`date_source` "reported": the event was reported then, it may have happened earlier or be planned
for later). A row's date is the event date of its latest mention that has one (later coverage
knows better), else the date it was first reported.

Grouping (greedy, in publication order). Mentions are taken in publication order (then article
order, then text order); each joins the row holding the most mentions it matches (the earliest such
row on a tie), else starts a row. Two mentions match when
* their PLOVER category is the same, and their modes do not differ (both set and unequal);
* their dates are compatible: two event dates (ranges) overlap within `Params.slack_days`; when
  one or both only have a reported date, that date counts as a range of +- `Params.window_days`;
  a mention with no date at all is compatible with any date;
* and they name the happening alike: their triggers share a crude stem ('strike' ~ 'strikes' ~
  'striking': suffixes and a final e cut, six letters kept); or, more strongly tied than by a
  word, both have their own event date (not a reported one), those agree, and they share a
  participant (an actor or target name, accents folded, one name containing the other: 'dock
  workers' ~ 'thousands of dock workers'), as a 'walkout' and a 'strike' of the dock workers on
  one Thursday.

A shared participant alone does not make one event: a story's actors take part in many of its
events (the police arrest, search and charge). On ECB+ (benchmarks/ecb_events.py, odd dev topics)
found mentions sharing a participant but not a trigger stem were coreferent in at most a third of
the pairs, those sharing a stem in half to three quarters; the earlier rule (any shared participant,
the first row holding any match) merged different events and let rows grow by chaining.

An article's status for a row is the first status other than `unknown` among its mentions (else
`unknown`). `status_change` joins the articles' statuses, `unknown` left out and repeats collapsed,
when there is more than one ("planned -> occurred", "occurred -> denied"); `status` is the latest.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from newstrace.link.claims import STOP, _stem
from newstrace.nlp.lexicon import fold
from newstrace.nlp.timex import parse_published
from newstrace.record import Event, Record


@dataclass(frozen=True)
class Params:
    window_days: int = 7  # a reported date stands for the event +- this many days
    slack_days: int = 1  # two event dates may be this far apart ('overnight', time zones)


DEFAULT = Params()


@dataclass
class EventMention:
    """One event of one article, as that article tells it."""

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
    date: str | None  # the event date, else the published date (see date_source)
    end: str | None
    date_source: str | None  # "event" (resolved from the text), "reported" (published), None
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    location: str | None = None
    source: str | None = None  # the source of the attribution holding the event, as written

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class StatusStep:
    """The status one article gave the event."""

    published: str | None
    outlet: str | None
    article_id: str
    status: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class TimelineEvent:
    id: str
    date: str | None
    end: str | None
    date_source: str | None  # "event" or "reported" (no article resolved the event's own date)
    category: str
    mode: str | None
    trigger: str
    actors: list[str]
    targets: list[str]
    location: str | None
    status: str  # the latest status other than unknown (else unknown)
    status_change: str | None  # "planned -> occurred" when the status changed over coverage
    first_reported: str | None
    outlets: list[str]
    status_history: list[StatusStep]
    mentions: list[EventMention]

    def to_dict(self) -> dict:
        data = asdict(self)
        data["status_history"] = [s.to_dict() for s in self.status_history]
        data["mentions"] = [m.to_dict() for m in self.mentions]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> TimelineEvent:
        """A row as `to_dict` wrote it (e.g. stored with its story)."""
        return cls(
            **{
                **data,
                "status_history": [StatusStep(**s) for s in data["status_history"]],
                "mentions": [EventMention(**m) for m in data["mentions"]],
            }
        )


# -- dates ---------------------------------------------------------------------------------------


# Dates are compared for every pair of event mentions (a million pairs in a story of hundreds of
# articles): each written date is parsed once.
_parse_date = lru_cache(maxsize=8192)(parse_published)


def _interval(mention: EventMention, params: Params) -> tuple[date, date] | None:
    lo = _parse_date(mention.date)
    if lo is None:
        return None
    if mention.date_source == "event":
        hi = _parse_date(mention.end) or lo
        slack = timedelta(days=params.slack_days)
        return lo - slack, max(lo, hi) + slack
    window = timedelta(days=params.window_days)
    return lo - window, lo + window


def _dates_compatible(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    """Undated mentions match any date; dated ones when their intervals overlap."""
    return a is None or b is None or (a[0] <= b[1] and b[0] <= a[1])


# -- matching ------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def _name(name: str) -> str:
    return _SPACE.sub(" ", fold(name).lower()).strip()


def _names_overlap(a: list[str], b: list[str]) -> bool:
    return _normalized_overlap(_names(a), _names(b))


def _names(names: list[str]) -> frozenset[str]:
    return frozenset(_name(n) for n in names if n.strip())


def _normalized_overlap(left: frozenset[str], right: frozenset[str]) -> bool:
    if left & right:
        return True
    for x in left:
        for y in right:
            if re.search(rf"\b{re.escape(x)}\b", y) or re.search(rf"\b{re.escape(y)}\b", x):
                return True
    return False


_WORD = re.compile(r"[a-z]+")


def _trigger_stems(trigger: str) -> set[str]:
    """Crude stems of the trigger's words: 'strike', 'strikes', 'striking' -> 'strik'; 'agree', 'agreed',
    'agreement' -> 'agr'."""
    stems = set()
    for word in _WORD.findall(fold(trigger).lower()):
        if word in STOP or len(word) < 3:
            continue
        stem = _stem(word[:-4] if word.endswith("ment") and len(word) >= 8 else word)
        stems.add((stem.rstrip("e") if len(stem) > 3 else stem)[:6])
    return stems


@dataclass(frozen=True)
class _Key:
    """What matching compares of a mention, worked out once: a story of hundreds of articles has
    thousands of mentions and millions of pairs."""

    category: str
    mode: str | None
    interval: tuple[date, date] | None
    own_date: bool  # the interval is the event's own date (resolved from the text), not a reported one
    names: frozenset[str]
    stems: frozenset[str]


def _key(mention: EventMention, params: Params) -> _Key:
    return _Key(
        mention.category,
        mention.mode,
        _interval(mention, params),
        mention.date_source == "event",
        _names(mention.actors + mention.targets),
        frozenset(_trigger_stems(mention.trigger)),
    )


def _keys_match(a: _Key, b: _Key) -> bool:
    if a.category != b.category:
        return False
    if a.mode and b.mode and a.mode != b.mode:
        return False
    if not _dates_compatible(a.interval, b.interval):
        return False
    if a.stems & b.stems:
        return True
    return a.own_date and b.own_date and _normalized_overlap(a.names, b.names)


def matches(a: EventMention, b: EventMention, params: Params = DEFAULT) -> bool:
    """Whether two mentions tell of the same event (see the module docstring)."""
    return _keys_match(_key(a, params), _key(b, params))


# -- building ------------------------------------------------------------------------------------


def mentions_of(record: Record) -> list[EventMention]:
    """The record's events as mentions, in text order."""
    attributions = {a.id: a for a in record.attributions}
    return [_mention(record, e, attributions) for e in sorted(record.events, key=lambda e: e.trigger.start)]


def _mention(record: Record, event: Event, attributions: dict) -> EventMention:
    article = record.article
    if event.time is not None and parse_published(event.time.value) is not None:
        when, end, source_of_date = event.time.value, event.time.end, "event"
    elif parse_published(article.published) is not None:
        when, end, source_of_date = article.published[:10], None, "reported"
    else:
        when, end, source_of_date = None, None, None
    attribution = attributions.get(event.attributed_to) if event.attributed_to else None
    return EventMention(
        article_id=article.id,
        outlet=article.outlet,
        title=article.title,
        published=article.published,
        event_id=event.id,
        trigger=event.trigger.text,
        category=event.category,
        mode=event.mode,
        status=event.status,
        factuality=event.factuality,
        date=when,
        end=end,
        date_source=source_of_date,
        actors=[p.name for p in event.actors],
        targets=[p.name for p in event.targets],
        location=event.location.name if event.location else None,
        source=attribution.source.text if attribution and attribution.source else None,
    )


def _unique(values) -> list:
    seen: dict = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return list(seen)


def status_change(statuses: list[str]) -> str | None:
    """'planned -> occurred' for statuses that changed (unknown left out, repeats collapsed)."""
    steps: list[str] = []
    for status in statuses:
        if status != "unknown" and (not steps or steps[-1] != status):
            steps.append(status)
    return " -> ".join(steps) if len(steps) > 1 else None


def _row(number: int, story_id: str, mentions: list[EventMention]) -> TimelineEvent:
    history: list[StatusStep] = []
    for mention in mentions:
        step = next((s for s in history if s.article_id == mention.article_id), None)
        if step is None:
            history.append(StatusStep(mention.published, mention.outlet, mention.article_id, mention.status))
        elif step.status == "unknown":
            step.status = mention.status
    known = [s.status for s in history if s.status != "unknown"]
    dated = [m for m in mentions if m.date_source == "event"]
    if dated:
        when, end, source_of_date = dated[-1].date, dated[-1].end, "event"
    else:
        reported = sorted(m.date for m in mentions if m.date)
        when, end, source_of_date = (reported[0], None, "reported") if reported else (None, None, None)
    first = mentions[0]
    return TimelineEvent(
        id=f"{story_id}-e{number}",
        date=when,
        end=end,
        date_source=source_of_date,
        category=first.category,
        mode=next((m.mode for m in mentions if m.mode), None),
        trigger=first.trigger,
        actors=_unique(n for m in mentions for n in m.actors),
        targets=_unique(n for m in mentions for n in m.targets),
        location=next((m.location for m in mentions if m.location), None),
        status=known[-1] if known else "unknown",
        status_change=status_change([s.status for s in history]),
        first_reported=next((m.published for m in mentions if m.published), None),
        outlets=_unique(m.outlet for m in mentions),
        status_history=history,
        mentions=mentions,
    )


def group(mentions: list[EventMention], params: Params = DEFAULT) -> list[list[EventMention]]:
    """The mentions (in publication order) as rows: each joins the row holding the most mentions it
    matches (the earliest on a tie), else starts one."""
    rows: list[tuple[list[EventMention], list[_Key]]] = []
    by_category: dict[str, list[int]] = {}  # row numbers by category: only those can match
    for mention in mentions:
        key = _key(mention, params)
        candidates = by_category.setdefault(key.category, [])
        home, most = None, 0
        for number in candidates:
            count = sum(_keys_match(k, key) for k in rows[number][1])
            if count > most:
                home, most = number, count
        if home is None:
            candidates.append(len(rows))
            rows.append(([mention], [key]))
        else:
            rows[home][0].append(mention)
            rows[home][1].append(key)
    return [r[0] for r in rows]


def timeline(records: list[Record], params: Params = DEFAULT, story_id: str = "story") -> list[TimelineEvent]:
    """The events of one story's records, one row per event, ordered by date then first report."""
    ordered = sorted(enumerate(records), key=lambda p: (p[1].article.published or "9999", p[0]))
    mentions = [m for _, record in ordered for m in mentions_of(record)]
    rows = [_row(0, story_id, g) for g in group(mentions, params)]
    rows.sort(key=lambda r: (parse_published(r.date) or date.max, r.first_reported or "9999"))
    for number, row in enumerate(rows, start=1):
        row.id = f"{story_id}-e{number}"
    return rows
