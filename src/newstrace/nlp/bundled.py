"""Where the bundled models live, and how a model name becomes a folder."""

from __future__ import annotations

from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"


def model_folder(step: str, name: str, bundled: tuple[str, ...]) -> Path:
    """`models/{step}-{name}` for a bundled name (e.g. "fast"), else `name` taken as a folder."""
    folder = MODELS_DIR / f"{step}-{name}" if name in bundled else Path(name)
    if not folder.is_dir():
        raise FileNotFoundError(f"no {step} model at {folder}")
    return folder
