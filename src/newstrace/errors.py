"""How a failure is told: on one line, so a batch's list of what was skipped stays one row each."""

from __future__ import annotations


def one_line(exc: BaseException) -> str:
    """The exception's message with its whitespace (line breaks too) collapsed, else its type's name."""
    return " ".join(str(exc).split()) or type(exc).__name__
