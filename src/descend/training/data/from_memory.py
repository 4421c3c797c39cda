"""In-memory data (arrays, a CSV file, a built-in data set) made ready for the loop: labels
encoded, the validation part split off or attached, features (and regression targets)
standardised with training statistics, and tensor sources built."""

from __future__ import annotations

import math
from typing import Any

from torch import Tensor

from .builtin import IMAGE_SHAPES
from .checks import check_batch_size, check_same_input, describe_value
from .identify import identify, is_split
from .labels import Labels
from .prepared import Prepared
from .sources import Source, TensorSource, val_batch
from .split import fit_scaler, split
from .standardize import standardize as scaled
from .tables import Table, match_columns
from .torch_inputs import torch_val_source

__all__ = ["prepare_memory"]


def prepare_memory(
    table: Table,
    name: str,
    val_data: Any,
    *,
    target: str | None,
    batch_size: int | None,
    seed: int,
    val_fraction: float,
    standardize: bool | None,
    task: str | None,
    sized_by_labels: bool = True,
) -> Prepared:
    """The :class:`Prepared` of an in-memory ``table`` called ``name``, with the arguments of
    :func:`~descend.training.data.prepare` (already checked).

    >>> table = Table([[0.0], [1.0], [2.0], [3.0]], [0, 1, 0, 1], None, "data")
    >>> p = prepare_memory(table, "arrays", "split", target=None, batch_size=None, seed=0,
    ...                    val_fraction=0.5, standardize=None, task=None)
    >>> p.task, p.train.n, p.val.n, p.feature_mean
    ('classification', 2, 2, None)
    """
    builtin = table.builtin is not None
    if builtin and not (val_data is None or is_split(val_data)):
        raise ValueError(
            f"the built-in data set {name!r} is split automatically; val_data "
            f"must be None or 'split', got {describe_value(val_data)}"
        )
    if standardize is None:
        standardize = builtin
    labels = Labels(table.y, f"{table.what} y", task, table.lines, table.X.dtype)
    labels.check_two_classes()
    column = f"the target column {target!r} of {table.what}" if target is not None else f"{table.what} y"
    labels.check_class_labels(f"the built-in data set {name!r}" if builtin else column, sized_by_labels)
    X, y = table.X, labels.values

    val_X = val_y = val_source = None
    rows: dict[str, Any] = {}
    if builtin or is_split(val_data):
        train_idx, val_idx = split(len(X), labels.stratify(), seed, val_fraction)
        X, val_X = X[train_idx], X[val_idx]
        y, val_y = y[train_idx], y[val_idx]
        rows = {"train_rows": train_idx.numpy(), "val_rows": val_idx.numpy()}
    elif val_data is not None:
        val_X, val_y, val_source = _validation(val_data, target, table, labels, X, y, standardize)

    stats: dict[str, Tensor] = {}
    if standardize:
        X, val_X, stats["feature_mean"], stats["feature_scale"] = _standardize(X, val_X)
        if labels.task == "regression":
            y, val_y, stats["target_mean"], stats["target_scale"] = _standardize(y, val_y)

    batch_size = check_batch_size(batch_size, len(X))
    train = TensorSource(X, y, batch_size, shuffle=batch_size is not None, seed=seed)
    if val_X is not None:
        val_source = TensorSource(val_X, val_y, val_batch(len(val_X)), shuffle=False, seed=seed)
    input_shape = tuple(X.shape[1:])
    return Prepared(
        train=train,
        val=val_source,
        task=labels.task,
        n_features=math.prod(input_shape),
        input_shape=input_shape,
        n_outputs=labels.n_outputs,
        classes=labels.classes,
        image_shape=IMAGE_SHAPES.get(name, input_shape if len(input_shape) == 3 else None),
        name=name,
        columns=table.columns,
        index_labels=table.index_labels,
        **rows,
        **stats,
    )


def _validation(
    val_data: Any, target: str | None, table: Table, labels: Labels, X: Tensor, y: Tensor, standardize: bool
) -> tuple[Tensor | None, Tensor | None, Source | None]:
    """Given validation data: its features and encoded labels where it is in memory, else its
    source (a Dataset or DataLoader, which widens the class count where it has more)."""
    kind, payload, _ = identify(val_data, target, "val_data", table.X.dtype)
    if kind == "memory":
        val_X = match_columns(payload, table)
        val_y = labels.encode_more(payload.y, "val_data y")
        check_same_input(val_X.shape[1:], X.shape[1:])
        if len(val_y) and labels.task == "regression":
            check_same_input(val_y.shape[1:], y.shape[1:], what="targets")
        return val_X, val_y, None
    if standardize:
        raise ValueError(f"standardize=True needs in-memory validation data too, not a {kind}")
    if labels.text_classes:
        raise ValueError(
            f"val_data is a {kind} with numeric labels, but the training labels "
            f"are text ({', '.join(map(repr, labels.classes[:3]))}, ...)"
        )
    source, info = torch_val_source(kind, payload, labels.task)
    check_same_input(info.input_shape, tuple(X.shape[1:]))
    if labels.task == "classification":
        labels.n_outputs = max(labels.n_outputs, info.n_outputs)
    return None, None, source


def _standardize(train: Tensor, val: Tensor | None) -> tuple[Tensor, Tensor | None, Tensor, Tensor]:
    """``train`` and ``val`` scaled with ``train``'s mean and standard deviation, and those."""
    mean, scale = fit_scaler(train)
    return scaled(train, mean, scale), None if val is None else scaled(val, mean, scale), mean, scale
