"""Linking articles across the store. Stories (`newstrace.link.stories`): articles about the same
real-world happening, grouped incrementally."""

from newstrace.link.features import story_terms
from newstrace.link.metrics import Scores, bcubed, pairwise
from newstrace.link.stories import Match, Params, Story, StoryIndex

__all__ = ["Match", "Params", "Scores", "Story", "StoryIndex", "bcubed", "pairwise", "story_terms"]
