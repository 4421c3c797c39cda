"""A training run's own options, checked before any work: each bad value named with what is
allowed."""

from __future__ import annotations

import os
from typing import Any

from .._checks import InvalidArgument, flag, number
from .._plural import counted
from .callbacks import Callback
from .clipping import check_clip
from .data import Source

__all__ = ["check_run_options", "check_folder", "check_callbacks", "check_accumulate"]


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


def check_accumulate(accumulate: int, source: Source) -> None:
    """Raise where ``accumulate`` batches per update are more than an epoch of ``source`` has:
    its every update would be the whole epoch (one update per epoch, not one per ``accumulate``
    batches), which ``accumulate=len(source)`` says plainly.

    >>> from descend.training.data import prepare
    >>> check_accumulate(8, prepare("iris", batch_size=64).train)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: accumulate=8 batches per update, but an epoch has 2 batches (120 examples in batches of 64), so every update would be the whole epoch; use accumulate=2 or fewer (2 is one update of the full batch per epoch), or a smaller batch_size
    """
    batches = len(source)
    if accumulate > batches:
        held = f"in batches of {source.batch_size}" if source.batch_size is not None else "in one batch"
        raise InvalidArgument(
            f"accumulate={accumulate} batches per update, but an epoch has {counted(batches, 'batch', 'batches')} "
            f"({source.n} examples {held}), so every update would be the whole epoch; use "
            f"{_most_batches(batches)}, or a smaller batch_size"
        )


def _most_batches(batches: int) -> str:
    """The ``accumulate`` values an epoch of ``batches`` batches allows, the largest named."""
    if batches == 1:
        return "accumulate=1 (one update of the full batch per epoch)"
    return f"accumulate={batches} or fewer ({batches} is one update of the full batch per epoch)"


def check_folder(name: str, value: Any) -> None:
    """``value`` a folder path (a ``str`` or ``os.PathLike``) or ``None``: the option ``name``
    (``checkpoint_dir``, ``log_dir``) named, not pathlib's "expected str, bytes or
    os.PathLike object, not int" from deep inside.

    >>> check_folder("log_dir", "runs/a")
    >>> check_folder("checkpoint_dir", 42)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: checkpoint_dir must be a folder path (str or os.PathLike) or None, got 42
    """
    if value is not None and not isinstance(value, (str, os.PathLike)):
        raise InvalidArgument(f"{name} must be a folder path (str or os.PathLike) or None, got {value!r}")


def check_callbacks(callbacks: Any) -> None:
    """``callbacks`` a list or tuple of :class:`~descend.training.Callback` objects; a bad
    element named by its place and type (a lone function or callback is not a list).

    >>> check_callbacks([Callback()])
    >>> check_callbacks(lambda run: None)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: callbacks must be a list or tuple of descend.training.Callback objects, got function; a single callback goes in a list: callbacks=[callback]
    >>> check_callbacks([Callback(), print])
    Traceback (most recent call last):
    descend._checks.InvalidArgument: callbacks[1] must be a descend.training.Callback (a subclass overriding its on_... methods), got <built-in function print> of type builtin_function_or_method
    """
    if not isinstance(callbacks, (list, tuple)):
        raise InvalidArgument(
            "callbacks must be a list or tuple of descend.training.Callback objects, got "
            f"{type(callbacks).__name__}; a single callback goes in a list: callbacks=[callback]"
        )
    for i, callback in enumerate(callbacks):
        if not isinstance(callback, Callback):
            raise InvalidArgument(
                f"callbacks[{i}] must be a descend.training.Callback (a subclass overriding its on_... methods), "
                f"got {callback!r} of type {type(callback).__name__}"
            )
