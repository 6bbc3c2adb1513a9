"""Language detection, so non-English articles are skipped with a reason instead of mis-analysed."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Enough of an article to decide; detection cost grows with length.
_SAMPLE_CHARS = 3000
# Below this many letters a guess is noise (headlines, captions): assume the requested language.
_MIN_LETTERS = 40
SKIP_CONFIDENCE = 0.8


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """Return (ISO 639-1 code, probability), or (None, 0.0) when the text is too short to tell."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return None, 0.0
    code, prob = _identifier().classify(sample)
    return str(code), float(prob)
