"""Relative times resolved against the publication date (newstrace.nlp.timex)."""

from __future__ import annotations

from datetime import date

import pytest

from newstrace.nlp.timex import resolve

PUBLISHED = date(2026, 11, 12)  # a Thursday


@pytest.mark.parametrize(
    ("text", "direction", "expected"),
    [
        ("last week", None, ("2026-11-02", "2026-11-08")),
        ("on Tuesday", "past", ("2026-11-10", None)),
        ("on Tuesday", "future", ("2026-11-17", None)),
        ("within the next several weeks", None, ("2026-11-12", "2026-12-03")),
        ("in the coming days", None, ("2026-11-12", "2026-11-15")),
        ("earlier this month", None, ("2026-11-01", "2026-11-12")),
        ("next month", None, ("2026-12-01", "2026-12-31")),
        # the end of a period, and "by" the end of it (a deadline: from publication on)
        ("the end of the year", None, ("2026-12-01", "2026-12-31")),
        ("by the end of the year", None, ("2026-11-12", "2026-12-31")),
        ("by year-end", None, ("2026-11-12", "2026-12-31")),
        ("by the end of the month", None, ("2026-11-12", "2026-11-30")),
        ("the end of the week", None, ("2026-11-13", "2026-11-15")),
        ("the end of last year", None, ("2025-12-01", "2025-12-31")),
        ("by the end of next year", None, ("2026-11-12", "2027-12-31")),
        ("the end of November", None, ("2026-11-21", "2026-11-30")),
        ("by the end of March", None, ("2026-11-12", "2027-03-31")),
        ("the end of 2025", None, ("2025-12-01", "2025-12-31")),
        # parts of a relative period
        ("early next year", None, ("2027-01-01", "2027-04-30")),
        ("late last year", None, ("2025-09-01", "2025-12-31")),
        ("late next month", None, ("2026-12-21", "2026-12-31")),
        ("early this week", None, ("2026-11-09", "2026-11-11")),
        # counted from a time the story sets, not from publication
        ("the following day", None, (None, None)),
        ("the next day", None, (None, None)),
    ],
)
def test_resolve(text: str, direction: str | None, expected: tuple[str | None, str | None]) -> None:
    assert resolve(text, PUBLISHED, direction) == expected
