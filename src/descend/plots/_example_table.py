"""The table the per-example pictures (data map, class losses, gallery) draw from a run."""

from __future__ import annotations

from typing import Any

from ..examples import ExampleTable, examples

__all__ = ["example_table"]


def example_table(run: Any) -> ExampleTable:
    """``run``'s :class:`~descend.examples.ExampleTable` (``run`` itself where it is one)."""
    return run if isinstance(run, ExampleTable) else examples(run)
