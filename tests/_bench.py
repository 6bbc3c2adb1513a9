"""Loading a benchmark script (benchmarks/NAME.py) as a module, for the tests of its pure parts, and
reading the project's gold files (benchmarks/gold/NAME/*.jsonl)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load_benchmark(name: str) -> ModuleType:
    """benchmarks/NAME.py as the module `NAME_benchmark`, registered in sys.modules first (dataclasses
    look their module up while the class is built); loaded once."""
    module_name = f"{name}_benchmark"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def gold_rows(folder: str, *names: str) -> dict[str, list[dict]]:
    """benchmarks/gold/FOLDER/NAME for each name: its JSON lines (blank lines skipped), by name."""
    rows = {}
    for name in names:
        lines = (BENCHMARKS / "gold" / folder / name).read_text(encoding="utf-8").splitlines()
        rows[name] = [json.loads(line) for line in lines if line.strip()]
    return rows
