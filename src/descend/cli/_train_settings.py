"""``descend train``'s settings, merged from their layers (a resumed run's ``config.yaml`` < the
``--config`` file < the options typed), and the resume refused where those layers would change the
run: its data, target, validation data or model."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from .. import optim
from ..training import models
from ..training.data.checks import TRAIN_BATCH_SIZE
from ..training.run_folder import CONFIG
from ._app import Failure
from ._config_files import settings_file
from ._options import model_options_from, typed
from ._resolve import option_name, resolve
from ._run_folder import check_free, read_config
from ._settings import RunConfig, TrainOptions
from ._workers import training_examples

__all__ = ["train_settings", "default_batch"]

# The settings that make a run what it is: a resume may not change them.
_RUN_DEFINING = ("data", "target", "val_data", "model")
# The settings typed as options; the rest of TrainOptions come from files.
_OPTIONS = (
    "data",
    "target",
    "val_data",
    "standardize",
    "model",
    "loss",
    "optimizer",
    "lr",
    "batch_size",
    "epochs",
    "schedule",
    "seed",
    "tol",
    "patience",
    "time_budget",
    "device",
    "out",
    "resume",
    "progress",
    "hidden",
    "hyper",
    "accumulate",
    "clip_grad_norm",
    "clip_grad_value",
    "precision",
    "instruments",
    "track_examples",
    "tensorboard_every",
    "nproc",
)


def train_settings(ctx: click.Context, config_file: str | None) -> TrainOptions:
    """The merged settings: a resumed run's config.yaml < the --config file < the options."""
    typed_here = model_options_from(typed(ctx, _OPTIONS))
    from_file = model_options_from(settings_file(config_file)) if config_file else {}
    layers: list[tuple[str, dict[str, Any]]] = []
    saved: RunConfig | None = None
    resume = typed_here.get("resume", from_file.get("resume", False))
    out = typed_here.get("out", from_file.get("out"))
    if resume is True:
        if not out:
            raise click.UsageError("--resume needs --out: the folder of the run to continue", ctx=ctx)
        check_free(Path(out), resume=True)  # no run to resume there: say so, before its settings are read
        saved, _ = read_config(Path(out))
        _refuse_another_run(Path(out), saved, [from_file, typed_here])
        layers.append((f"config {Path(out) / CONFIG}", saved.model_dump()))
    if config_file:
        layers.append((f"config {config_file}", from_file))
    layers.append(("command line", typed_here))
    options = resolve(TrainOptions, layers)
    if saved is not None and options.model_options != saved.model_options:
        options = options.model_copy(update={"model_options": _same_model(Path(out), saved, options.model_options)})
    if not any("batch_size" in settings for _, settings in layers):
        options = options.model_copy(update={"batch_size": default_batch(options)})
    return options


def _refuse_another_run(out: Path, saved: RunConfig, layers: list[dict[str, Any]]) -> None:
    """Refuse a resume whose data, target, validation data or model (given in ``layers``, the
    --config file's settings then the options typed) is not the run's: the checkpoint's check
    sees only the weights' shapes and the count of examples, so another CSV file of that size, or
    another target column, would train on silently."""
    for key in _RUN_DEFINING:
        given = [layer[key] for layer in layers if key in layer]
        if given and _compared(given[-1]) != _compared(getattr(saved, key)):
            was, now = (
                f"no {option_name(key)}" if v is None else f"{option_name(key)} {v}"
                for v in (getattr(saved, key), given[-1])
            )
            raise Failure(
                f"cannot resume the run in {out}: it was trained with {was}, this call has {now}; the data, target, "
                "validation data and model define a run: give the same ones (or none: its config.yaml supplies "
                "them), or another --out"
            )


def _same_model(out: Path, saved: RunConfig, given: dict[str, Any]) -> dict[str, Any]:
    """The resumed run's own ``model_options`` where ``given`` spells the same model (--hidden 64
    for an mlp saved with none: its default), which the checkpoint compares as written; a model
    ``given`` makes otherwise is refused in the command line's words."""
    was, now = (_with_defaults(saved.model, options) for options in (saved.model_options, given))
    if was == now:
        return saved.model_options
    keys = [key for key in dict.fromkeys([*was, *now]) if was.get(key) != now.get(key)]
    was_said, now_said = (
        ", ".join(_model_option_words(key, options.get(key)) for key in keys) for options in (was, now)
    )
    raise Failure(
        f"cannot resume the run in {out}: it was trained with {was_said}, this call has {now_said}; the model "
        "defines a run: give the same one (or none: its config.yaml supplies it), or another --out"
    )


def _with_defaults(model: str, options: dict[str, Any]) -> dict[str, Any]:
    """``options`` of the built-in ``model`` with the defaults it takes for the others, tuples as lists."""
    filled = models.filled_options(model, options)
    return {key: list(value) if isinstance(value, tuple) else value for key, value in filled.items()}


def _model_option_words(key: str, value: Any) -> str:
    """A model option as the command line gives it: ``--hidden 64,64``, else the config file's key."""
    if key == "hidden":
        return f"--hidden {','.join(map(str, value))}" if value else "--hidden ''"
    return f"model_options {key}: {value}"


def _compared(value: Any) -> Any:
    """A data set's name or path as a run compares it: ``data/t.csv`` and ``./data/t.csv`` alike."""
    return os.path.normpath(value) if isinstance(value, (str, os.PathLike)) else value


def default_batch(config: RunConfig) -> int | None:
    """The batch of a run whose batch size no layer gave: ``descend.train``'s default, 32, or the
    full batch (``None``) on fewer training examples or for a rule of full-batch gradients
    (lbfgs, rprop), as ``train`` takes it (silently), so that ``config.yaml`` says the batch the
    run took and a resume or ``--config`` takes it again.

    >>> default_batch(RunConfig(data="digits", model="mlp")), default_batch(RunConfig(data="iris", model="mlp", optimizer="lbfgs"))
    (32, None)
    """
    if optim.full_batch_rule(config.optimizer) or training_examples(config) < TRAIN_BATCH_SIZE:
        return None
    return int(TRAIN_BATCH_SIZE)
