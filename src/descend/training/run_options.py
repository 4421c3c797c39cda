"""A training run's own options, checked before any work: each bad value named with what is
allowed."""

from __future__ import annotations

from typing import Any

from .._checks import InvalidArgument, flag, number
from .clipping import check_clip

__all__ = ["check_run_options"]


def check_run_options(
    epochs: Any,
    tol: Any,
    patience: Any,
    checkpoint_every: Any,
    time_budget: Any,
    resume: Any,
    checkpoint_dir: Any,
    accumulate: Any,
    clip_grad_norm: Any,
    clip_grad_value: Any,
) -> None:
    """The options of :func:`descend.train` of these names: whole numbers of epochs, patience,
    steps between checkpoints and batches per update, at least 1; ``tol`` at least 0, a time
    budget above 0 (both or ``None``); the clipping; ``resume`` a boolean, and ``True`` only
    with a ``checkpoint_dir``.

    >>> check_run_options(10, 1e-4, 5, None, None, False, None, 1, None, None)
    >>> check_run_options(10, 1e-4, 5, None, None, True, None, 1, None, None)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: resume=True needs checkpoint_dir: the folder of the run to continue
    """
    number("epochs", epochs, integer=True, ge=1)
    number("patience", patience, integer=True, ge=1)
    number("checkpoint_every", checkpoint_every, integer=True, ge=1, none=True)
    number("tol", tol, ge=0, none=True)
    number("time_budget", time_budget, gt=0, none=True, unit="seconds")
    number("accumulate", accumulate, integer=True, ge=1)
    check_clip(clip_grad_norm, clip_grad_value)
    flag("resume", resume)  # resume="no" is truthy: it must not mean yes
    if resume and checkpoint_dir is None:
        raise InvalidArgument("resume=True needs checkpoint_dir: the folder of the run to continue")
