"""The data as a run reads them for its model and loss: one rule for ``train`` and ``lr_find``
(a user finds a rate, then trains with the same arguments), so that both read the same labels
and give the model data of its own dtype."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from .data import Prepared
from .loss_modules import module_kind
from .models import floating_dtype
from .tasks import check_model_loss, task_of

__all__ = ["read_for", "reading_dtype", "in_model_dtype", "check_measurable"]


def read_for(read: Callable[..., Prepared], model: Any, loss: Any) -> Prepared:
    """``read(task=...)`` (the run's own ``prepare``) with the task the run's ``model`` and
    ``loss`` say (:func:`~descend.training.tasks.task_of`); read again as classification where a
    ``CrossEntropyLoss()`` meets one float per example: the module takes floats as one
    probability per class, so one number per example is a class label stored as a float (0/1),
    as the name ``"cross_entropy"`` reads it. A named classifier with a regression loss is
    refused first (:func:`~descend.training.tasks.check_model_loss`).

    >>> import functools
    >>> from descend.training.data import prepare
    >>> read = functools.partial(prepare, (torch.zeros(4, 2), torch.tensor([0.0, 1.0, 1.0, 0.0])))
    >>> read_for(read, "mlp", torch.nn.CrossEntropyLoss()).task, read_for(read, "mlp", None).task
    ('classification', 'regression')
    """
    check_model_loss(model, loss)
    # Integer labels that leave most of 0..max without an example are refused only where they
    # size the model (a name): a module of the user's has its own number of classes.
    sized = isinstance(model, str)
    prepared = read(task=task_of(model, loss), sized_by_labels=sized)
    if module_kind(loss) == "cross_entropy" and prepared.task == "regression" and prepared.n_outputs == 1:
        prepared = read(task="classification", sized_by_labels=sized)
    return prepared


def reading_dtype(model: Any) -> torch.dtype:
    """The dtype a run reads its data in (``prepare``'s ``dtype``): float64 for a float64 model
    given as a module, so that float64 data keep their precision end to end; else float32 (a
    model built by name is float32, and :func:`in_model_dtype` casts for any other).

    >>> reading_dtype(torch.nn.Linear(2, 1).double()), reading_dtype(torch.nn.Linear(2, 1)), reading_dtype("mlp")
    (torch.float64, torch.float32, torch.float32)
    """
    if isinstance(model, torch.nn.Module) and floating_dtype(model) == torch.float64:
        return torch.float64
    return torch.float32


def in_model_dtype(prepared: Prepared, module: torch.nn.Module) -> Prepared:
    """``prepared`` with floating inputs and targets of ``module``'s floating dtype
    (:meth:`Prepared.in_dtype`): a ``.double()`` model is given float64 data.

    >>> from descend.training.data import prepare
    >>> data = prepare((torch.zeros(4, 2), torch.zeros(4)))
    >>> in_model_dtype(data, torch.nn.Linear(2, 1).double()).train.head(1)[0].dtype
    torch.float64
    """
    dtype = floating_dtype(module) or torch.float32
    return prepared if dtype == torch.float32 else prepared.in_dtype(dtype)


def check_measurable(prepared: Prepared, instruments: Any) -> None:
    """Raise where the instruments (``instruments`` not ``False``) would read the run on fewer
    than the 2 training examples their probe needs (a 1-row CSV file, or 2 rows of which
    ``val_data="split"`` holds 1 out), naming the data and both ways out, rather than a
    probe the user never set.

    >>> from descend.training.data import prepare
    >>> check_measurable(prepare(([[1.0]], [0.5])), instruments=True)
    Traceback (most recent call last):
    ValueError: data has 1 example to train on, but the instruments (on by default) read the run on at least 2; give more rows, or instruments=False to train without them
    """
    n = prepared.train.n
    if instruments is False or n is None or n >= 2:
        return
    what = f"data ({prepared.name[4:]})" if prepared.name.startswith("csv:") else "data"
    held = ""
    if prepared.val_rows is not None:
        rows = len(prepared.train_rows) + len(prepared.val_rows)
        held = f" once val_data='split' holds out {len(prepared.val_rows)} of its {rows} rows"
    raise ValueError(
        f"{what} has {n} example{'' if n == 1 else 's'} to train on{held}, but the instruments (on by default) read "
        "the run on at least 2; give more rows, or instruments=False to train without them"
    )
