"""The data a study's levels are measured on: the training part and the part its metric scores,
with the loss, split and prepared as ``train`` would have them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..training.data import prepare
from ..training.losses import default_loss
from ..training.losses import get as get_loss
from ..training.tasks import is_classifier


def level_data(model: Any, data: Any, settings: Mapping[str, Any], metric: str) -> tuple | None:
    """``(train, scored, loss_fn, width)``: the prepared training part, the part ``metric``
    scores (``"val_loss"``: the validation part; ``"loss"``: the training part), the run's loss
    and the output width a constant or affine prediction has; ``None`` for another metric or data
    not held in memory.

    >>> import numpy as np
    >>> X, y = np.zeros((8, 2)), np.array([0, 0, 0, 1, 0, 0, 0, 1])
    >>> level_data("mlp", (X, y), {"val_data": (X, y)}, "val_loss")[3]  # two classes' logits
    2
    """
    if metric not in ("val_loss", "loss"):
        return None
    loss = settings.get("loss")
    prepared = prepare(
        data,
        settings.get("val_data"),
        target=settings.get("target"),
        batch_size=None,
        seed=settings.get("seed", 0),
        standardize=settings.get("standardize"),
        task="classification" if is_classifier(model, loss) else None,
    )
    scored = prepared.val if metric == "val_loss" else prepared.train
    if scored is None or not all(hasattr(s, "X") and hasattr(s, "y") for s in (prepared.train, scored)):
        return None
    loss_name = default_loss(prepared.task, model=model) if loss is None else loss
    width = 1 if loss_name == "bce" else prepared.n_outputs
    return prepared.train, scored, get_loss(loss_name), width
