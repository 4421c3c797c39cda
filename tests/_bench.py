"""The bench's modules in the tests: ``bench/`` is no package, and its modules import each other
by their bare names, as ``bench/run.py`` runs them."""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent.parent / "bench"


@contextlib.contextmanager
def bench_on_path() -> Iterator[None]:
    """``bench/`` first on ``sys.path`` while the block runs, taken off after."""
    sys.path.insert(0, str(BENCH))
    try:
        yield
    finally:
        sys.path.remove(str(BENCH))


def bench_module(name: str) -> ModuleType:
    """``bench/<name>.py``, imported with the bench folder on the path for the import only."""
    with bench_on_path():
        return importlib.import_module(name)
