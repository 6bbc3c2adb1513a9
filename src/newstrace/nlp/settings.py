"""Process-wide analysis settings, kept free of heavy imports so the CLI can read them at start-up."""

from __future__ import annotations

# Which attribution model `newstrace analyze` and `ingest` use unless told otherwise; why it is
# this one is in BENCHMARKS.md (attribution: operating points).
DEFAULT_ATTRIBUTION = "rules"
ATTRIBUTION_CHOICES = ("rules", "fast", "accurate")
_settings = {"attribution": DEFAULT_ATTRIBUTION}


def use_attribution(name: str) -> None:
    """Set the attribution model this process's pipelines use (`newstrace analyze --attribution`)."""
    _settings["attribution"] = name


def attribution_setting() -> str:
    return _settings["attribution"]
