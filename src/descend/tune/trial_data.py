"""The data as every trial of a train study has it: ``data`` split and prepared by
:func:`descend.training.data.prepare` with the study's fixed settings, as ``train`` prepares it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..training.data import Prepared, prepare
from ..training.tasks import is_classifier

__all__ = ["trial_data"]


def trial_data(model: Any, data: Any, settings: Mapping[str, Any]) -> Prepared:
    """``data`` (and ``settings``' ``val_data``, ``target``, ``seed``, ``standardize``, ``loss``)
    prepared as each trial's ``train(model, data, **settings)`` prepares it, batches aside.

    >>> trial_data("mlp", "iris", {"seed": 0}).train.n  # iris' 150 examples, 20% held out for validation
    120
    """
    return prepare(
        data,
        settings.get("val_data"),
        target=settings.get("target"),
        batch_size=None,
        seed=settings.get("seed", 0),
        standardize=settings.get("standardize"),
        task="classification" if is_classifier(model, settings.get("loss")) else None,
    )
