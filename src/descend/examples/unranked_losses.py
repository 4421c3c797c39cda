"""A regression whose per-example losses are not finite (a run stopped at an infinite loss: the
examples of the batches seen after the blow-up have loss inf, their variability NaN) ranks no
examples: an order of inf and NaN says nothing about which the model fits worst. No ranking from
the last finite epoch either: its weights are not the run's. ``report.html``, ``descend examples``
and :meth:`~descend.examples.ExampleTable.top` say so in one sentence."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["LOSS_COLUMNS", "unranked_because"]

# A regression table's columns of losses: what a blow-up leaves inf or NaN.
LOSS_COLUMNS = ("mean_loss", "loss_variability", "final_loss")


def unranked_because(table: Any) -> str | None:
    """Why the examples of ``table`` (an :class:`~descend.examples.ExampleTable`) are not ranked
    by their losses: it is a regression's, and some example's final or mean loss is not finite.
    ``None`` where they are all finite, or for a classification.

    >>> from descend.examples import ExampleTable
    >>> unranked_because(ExampleTable({"final_loss": [0.5, np.inf], "mean_loss": [0.5, 2.0]}, task="regression"))
    'No ranking of the training examples the run fits worst: the per-example losses are not finite after the blow-up (inf or NaN for 1 of the 2 examples), so no order of them says which the model fits worst.'
    >>> unranked_because(ExampleTable({"final_loss": [0.5]}, task="regression")) is None
    True
    """
    if table.task != "regression":
        return None
    losses = [
        np.asarray(table[name], dtype=np.float64) for name in ("final_loss", "mean_loss") if name in table.columns
    ]
    blown = int(np.logical_or.reduce([~np.isfinite(values) for values in losses]).sum()) if losses else 0
    if not blown:
        return None
    return (
        "No ranking of the training examples the run fits worst: the per-example losses are not finite after the "
        f"blow-up (inf or NaN for {blown} of the {len(table)} examples), so no order of them says which the model "
        "fits worst."
    )
