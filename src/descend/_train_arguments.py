"""``train``'s arguments checked before any work (no data read, no model built, no file
written): one clear error each, naming the value and what is allowed, in the order ``train``
lists them; and the values they stand for (the batch for the rule, the instruments' sampling,
the model's options)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import optim, schedules
from ._checks import flag
from .instruments.batch_size import check_batch_size
from .instruments.sampling import check_sampling
from .training.callbacks import Callback
from .training.data.checks import is_default_batch
from .training.data.default_batch import rule_batch
from .training.examples_tracking import wants_tracking
from .training.models import check_model_options
from .training.run_options import check_callbacks, check_folder, check_run_options
from .training.tensorboard_steps import check_tensorboard_every

__all__ = ["checked_arguments"]


def checked_arguments(
    train: Callable[..., Any],
    *,
    optimizer: Any,
    lr: Any,
    batch_size: Any,
    epochs: int,
    schedule: Any,
    tol: float | None,
    patience: int,
    checkpoint_dir: str | Path | None,
    resume: bool,
    callbacks: Sequence[Callback],
    log_dir: str | Path | None,
    tensorboard_every: int | str,
    standardize: bool | None,
    time_budget: float | None,
    checkpoint_every: int | None,
    model_options: dict[str, Any] | None,
    accumulate: int,
    clip_grad_norm: float | None,
    clip_grad_value: float | None,
    instruments: bool | int,
    track_examples: bool | str,
    hyper: dict[str, Any],
) -> tuple[Any, bool | int, dict[str, Any]]:
    """Check the arguments of ``train`` (the function, whose signature names a misspelt keyword
    of its own as such) and return ``(batch_size, instruments, model_options)``: the batch for
    the rule (the full batch for L-BFGS and Rprop), the instruments' sampling and the model's
    options, checked."""
    check_run_options(
        epochs,
        tol,
        patience,
        checkpoint_every,
        time_budget,
        resume,
        checkpoint_dir,
        accumulate,
        clip_grad_norm,
        clip_grad_value,
    )
    check_folder("checkpoint_dir", checkpoint_dir)
    check_folder("log_dir", log_dir)
    check_tensorboard_every(tensorboard_every)
    check_callbacks(callbacks)
    optim.check_keywords(train, optimizer, hyper)  # a misspelt keyword of train's own, named as such
    optim.refuse_maximize(optimizer, hyper)
    optim.check_rate_name(lr)
    schedules.refuse_lr_beside_object(lr, schedule)
    batch_size = rule_batch(batch_size, optimizer)
    if not is_default_batch(batch_size):
        batch_size = check_batch_size(batch_size)
    flag("standardize", standardize, none=True)
    instruments = check_sampling(instruments, "instruments")
    wants_tracking(track_examples, 0)  # the value checked before any work
    return batch_size, instruments, check_model_options(model_options)
