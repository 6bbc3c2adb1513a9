"""Resolve a DATE/TIME expression to ISO dates against the publication date.

Conventions (value = start, end = last day when the expression is a range, both inclusive):

* "today"/"tonight" -> published; "yesterday"/"tomorrow" -> +-1 day.
* weekday ("Tuesday", "on Tuesday night"): past -> the latest such day ON OR BEFORE published (news
  style: "said Tuesday" in a Tuesday article is the same day); future -> the first on or after;
  "last"/"next Tuesday" -> strictly before / after. Direction unknown -> past.
* "last/this/next week" -> Monday..Sunday of that ISO week; "earlier this week" -> Monday..published;
  "later this week" -> published..Sunday. Same for month and year.
* "N days/weeks/months/years ago" -> one date; "the past N weeks", "recent weeks" -> start..published.
* "within (the next) several weeks", "in the coming weeks", "within weeks" -> published..published + N
  units, where several / a few / coming / no number = 3 ("within the next several weeks" -> +21 days).
* "the end of the week/month/year" (also "year-end", "the end of November") -> Friday..Sunday, the
  21st..last day, December; "early/mid/late next week/month/year" -> Mon-Wed/Wed-Fri/Fri-Sun, the
  first/middle/last ten days, Jan-Apr/May-Aug/Sep-Dec.
  With "by", "before" or "until" it is a deadline: published..the period's last day ("by the end of
  the year" -> published..Dec 31), unless that day is already past.
* "the following day/week", "the next day" depend on the narrative, not on published -> nothing.
* "Nov. 3" (no year): past -> the latest one on or before published; future -> the first on or
  after; unknown -> the nearest. "March" / "early March": the month (or its first/middle/last
  ten days) chosen the same way; "March 2025" and "2024" -> the whole month / year.
* Anything else with a month name or a digit goes to dateparser (cached); clock times alone
  ("3 p.m.") resolve to nothing.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from newstrace.nlp.lexicon import NUMBER_WORDS

Direction = str | None  # "past", "future" or None
Resolved = tuple[str | None, str | None]

_NONE: Resolved = (None, None)
WEEKDAYS = {
    name: i
    for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
# Counts in relative expressions: "within two weeks"; vague ones ("several", "the coming
# weeks") are read as three units.
NUMBERS = {
    **NUMBER_WORDS,
    "a": 1,
    "an": 1,
    "several": 3,
    "few": 3,
    "a few": 3,
    "couple": 2,
    "a couple of": 2,
    "couple of": 2,
    "coming": 3,
    "next": 3,
    "recent": 3,
    "past": 3,
}
_UNITS = {
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM_RE = (
    r"(?:\d+|a couple of|couple of|a few|few|several|a|an|one|two|three|four|five|six|seven|eight|nine"
    r"|ten|eleven|twelve)"
)
_LEADING = re.compile(r"^(?:on|in|at|by|since|from|until|till|during|for|of|as of|over|within|the)\s+")
_PART_OF_DAY = re.compile(r"\s+(?:morning|afternoon|evening|night|overnight)$|^(?:early|late)\s+(?=\w+day\b)")
_MONTH_DAY = re.compile(rf"^({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?$")
_DAY_MONTH = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?$")
_MONTH_ONLY = re.compile(rf"^(?:(early|mid|late|earlier|later)[\s-]+)?({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?$")
_YEAR = re.compile(r"^(?:(early|mid|late)[\s-]+)?(\d{4})$")
_AGO = re.compile(rf"^({_NUM_RE})\s+(days?|weeks?|months?|years?)\s+ago$")
_SPAN_BACK = re.compile(
    rf"^(?:the\s+)?(?:(?:past|last|previous|recent)\s+(?:({_NUM_RE})\s+)?(days|weeks|months|years)"
    rf"|past\s+(day|week|month|year))$"
)
# Forward spans need a forward word: "within weeks", "the coming days", "the next two weeks".
_SPAN_FORWARD = re.compile(
    rf"^(?:within\s+|over\s+)?(?:the\s+)?(?:(?:next|coming|following)\s+)?(?:({_NUM_RE})\s+)?"
    r"(days|weeks|months|years|day|week|month|year)(?:\s+ahead|\s+to\s+come)?$"
)
_FORWARD_CUE = re.compile(r"^(?:in\s+|within\s+)|\b(?:next|coming|following|ahead)\b")
_RELATIVE_PERIOD = re.compile(
    r"^(?:(earlier|later|early|mid|late)[\s-]+)?(last|this|next|previous|coming)\s+(week|month|year)$"
)
# "the end of the year", "the end of next month", "year-end", "the end of November"
_END_OF = re.compile(
    rf"^(?:the\s+)?end\s+of\s+(?:(the|this|last|next|previous|coming)\s+)?(week|month|year|\d{{4}}|{_MONTH_RE})"
    r"(?:\s+(\d{4}))?$|^(?:the\s+)?(year|month|week)(?:-end|'s end|\s+end)$"
)
_DEADLINE = re.compile(r"^\s*(?:by|before|until|till)\s")
# Anaphoric: counted from a time the story set, not from publication.
_ANAPHORIC = re.compile(r"^(?:following|next|previous|preceding|same)\s+(?:day|week|month|year)$")
_WEEKDAY = re.compile(
    r"^(?:(last|next|this|past|coming)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$"
)


def parse_published(published: str | None) -> date | None:
    """The date part of an ISO date or date-time; None when absent or unparsable."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def _number(text: str | None) -> int:
    if not text:
        return 3
    return int(text) if text.isdigit() else NUMBERS.get(text, 3)


def _shift(d: date, n: int, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(weeks=n)
    if unit == "month":
        month0 = d.month - 1 + n
        year, month = d.year + month0 // 12, month0 % 12 + 1
        return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))
    year = d.year + n
    return date(year, d.month, min(d.day, calendar.monthrange(year, d.month)[1]))


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _range(start: date, end: date) -> Resolved:
    return (start.isoformat(), end.isoformat())


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _pick_year(candidates: list[tuple[date, date]], pub: date, direction: Direction) -> tuple[date, date]:
    """Among the same day/month in adjacent years, the one the tense points to."""
    if direction == "past":
        past = [c for c in candidates if c[0] <= pub]
        return max(past) if past else min(candidates)
    if direction == "future":
        future = [c for c in candidates if c[1] >= pub]
        return min(future) if future else max(candidates)
    return min(candidates, key=lambda c: abs((c[0] - pub).days))


def _weekday(m: re.Match[str], pub: date, direction: Direction) -> Resolved:
    which, name = m.group(1), m.group(2)
    target = WEEKDAYS[name]
    back = (pub.weekday() - target) % 7
    forward = (target - pub.weekday()) % 7
    if which in ("last", "past"):
        return _iso(pub - timedelta(days=back or 7)), None
    if which in ("next", "coming"):
        return _iso(pub + timedelta(days=forward or 7)), None
    if direction == "future":
        return _iso(pub + timedelta(days=forward)), None
    return _iso(pub - timedelta(days=back)), None


def _weekend(t: str, pub: date, direction: Direction) -> Resolved:
    """Saturday..Sunday: the last one on or before published, or the next one for the future."""
    saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
    if t.startswith("next") or (direction == "future" and not t.startswith(("last", "past"))):
        saturday = saturday + timedelta(days=7) if saturday < pub - timedelta(days=1) else saturday
    return _range(saturday, saturday + timedelta(days=1))


def _relative_period(m: re.Match[str], pub: date) -> Resolved:
    part, which, unit = m.groups()
    offset = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[which]
    start, end = _relative_bounds(pub, unit, offset)
    if part == "earlier" and offset == 0:
        end = pub
    elif part == "later" and offset == 0:
        start = pub
    elif part in ("early", "mid", "late"):
        start, end = _period_part(start, end, unit, part)
    return _range(start, end)


def _period_part(start: date, end: date, unit: str, part: str) -> tuple[date, date]:
    """The first, middle or last part of a week (Mon-Wed, Wed-Fri, Fri-Sun), month or year."""
    if unit == "week":
        offsets = {"early": (0, 2), "mid": (2, 4), "late": (4, 6), "end": (4, 6)}[part]
        return start + timedelta(days=offsets[0]), start + timedelta(days=offsets[1])
    if unit == "month":
        return _month_part(start, end, "late" if part == "end" else part, end)
    year = start.year
    return {
        "early": (date(year, 1, 1), date(year, 4, 30)),
        "mid": (date(year, 5, 1), date(year, 8, 31)),
        "late": (date(year, 9, 1), date(year, 12, 31)),
        "end": (date(year, 12, 1), date(year, 12, 31)),
    }[part]


def _end_of(m: re.Match[str], pub: date, direction: Direction, deadline: bool) -> Resolved:
    which, unit, year, bare_unit = m.group(1), m.group(2), m.group(3), m.group(4)
    if bare_unit:  # "year-end": this one
        which, unit = "this", bare_unit
    if unit.isdigit():  # "the end of 2025"
        start, end = date(int(unit), 12, 1), date(int(unit), 12, 31)
    elif unit in MONTHS:
        month = MONTHS[unit]
        if year:
            start, end = _month_bounds(int(year), month)
        else:
            prefer = "future" if deadline else direction
            start, end = _pick_year(
                [_month_bounds(y, month) for y in (pub.year - 1, pub.year, pub.year + 1)], pub, prefer
            )
        start, end = _month_part(start, end, "late", end)
    else:
        offset = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(which or "this", 0)
        start, end = _relative_bounds(pub, unit, offset)
        start, end = _period_part(start, end, unit, "end")
    if deadline and end >= pub:
        return _range(pub, end)
    return _range(start, end)


def _relative_bounds(pub: date, unit: str, offset: int) -> tuple[date, date]:
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=offset)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        shifted = _shift(pub.replace(day=1), offset, "month")
        return _month_bounds(shifted.year, shifted.month)
    return date(pub.year + offset, 1, 1), date(pub.year + offset, 12, 31)


def _month_part(start: date, end: date, part: str | None, pub: date) -> tuple[date, date]:
    if part == "early":
        return start, start.replace(day=10)
    if part == "mid":
        return start.replace(day=11), start.replace(day=20)
    if part == "late":
        return start.replace(day=21), end
    if part == "earlier":
        return start, min(end, pub)
    if part == "later":
        return max(start, pub), end
    return start, end


def _normalise(text: str) -> str:
    text = " ".join(text.lower().replace("\u2019", "'").split())
    text = text.strip(" ,.;:'\"")
    for _ in range(3):
        new = _LEADING.sub("", text)
        if new == text:
            break
        text = new
    return _PART_OF_DAY.sub("", text).strip()


@lru_cache(maxsize=4096)
def resolve(text: str, published: date | None, direction: Direction = None) -> Resolved:
    """(value, end) ISO dates for `text`, resolved against `published`; (None, None) if unknown."""
    if published is None:
        return _NONE
    t = _normalise(text)
    pub = published
    if t in ("today", "tonight", "this morning", "this afternoon", "this evening", "now", "so far"):
        return pub.isoformat(), None
    if t in ("yesterday", "last night", "overnight"):
        return _iso(pub - timedelta(days=1)), None
    if t == "tomorrow":
        return _iso(pub + timedelta(days=1)), None
    if t in ("weekend", "the weekend", "this weekend", "last weekend", "next weekend", "past weekend"):
        return _weekend(t, pub, direction)
    if m := _WEEKDAY.match(t):
        return _weekday(m, pub, direction)
    if m := _RELATIVE_PERIOD.match(t):
        return _relative_period(m, pub)
    if m := _END_OF.match(t):
        return _end_of(m, pub, direction, bool(_DEADLINE.match(text.lower())))
    if _ANAPHORIC.match(t):
        return _NONE
    if m := _AGO.match(t):
        return _iso(_shift(pub, -_number(m.group(1)), _UNITS[m.group(2)])), None
    if m := _SPAN_BACK.match(t):
        if m.group(3):  # "the past week": the last 7 days, not the previous calendar week
            return _range(_shift(pub, -1, m.group(3)), pub)
        return _range(_shift(pub, -_number(m.group(1)), _UNITS[m.group(2)]), pub)
    if (m := _SPAN_FORWARD.match(t)) and _FORWARD_CUE.search(" ".join(text.lower().split())):
        unit = _UNITS.get(m.group(2), m.group(2))
        return _range(pub, _shift(pub, _number(m.group(1)), unit))
    if m := _MONTH_DAY.match(t):
        return _month_day(MONTHS[m.group(1)], int(m.group(2)), m.group(3), pub, direction)
    if m := _DAY_MONTH.match(t):
        return _month_day(MONTHS[m.group(2)], int(m.group(1)), m.group(3), pub, direction)
    if m := _MONTH_ONLY.match(t):
        part, month, year = m.group(1), MONTHS[m.group(2)], m.group(3)
        if year:
            start, end = _month_bounds(int(year), month)
        else:
            start, end = _pick_year(
                [_month_bounds(y, month) for y in (pub.year - 1, pub.year, pub.year + 1)], pub, direction
            )
        return _range(*_month_part(start, end, part, pub))
    if m := _YEAR.match(t):
        year = int(m.group(2))
        start, end = date(year, 1, 1), date(year, 12, 31)
        part = m.group(1)
        if part == "early":
            end = date(year, 4, 30)
        elif part == "mid":
            start, end = date(year, 5, 1), date(year, 8, 31)
        elif part == "late":
            start = date(year, 9, 1)
        return _range(start, end)
    if re.search(rf"\b(?:{_MONTH_RE})\b|\d{{1,4}}[/-]\d{{1,2}}", t):
        return _dateparser(t, pub, direction), None
    return _NONE


def _month_day(month: int, day: int, year: str | None, pub: date, direction: Direction) -> Resolved:
    try:
        if year:
            return date(int(year), month, day).isoformat(), None
        candidates = [
            (d, d) for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _safe_date(y, month, day))
        ]
    except ValueError:
        return _NONE
    if not candidates:
        return _NONE
    return _pick_year(candidates, pub, direction)[0].isoformat(), None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dateparser(text: str, pub: date, direction: Direction) -> str | None:
    # Imported lazily: dateparser costs ~0.1 s to import and is rarely needed.
    import dateparser

    prefer = {"past": "past", "future": "future"}.get(direction or "", "current_period")
    settings = {
        "RELATIVE_BASE": datetime(pub.year, pub.month, pub.day),
        "PREFER_DATES_FROM": prefer,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; an unresolved time is fine
        return None
    return parsed.date().isoformat() if parsed is not None else None
