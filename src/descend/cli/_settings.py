"""The settings of a training run, checked by pydantic: :class:`RunConfig` and :class:`TrainOptions`.

Their defaults are :func:`descend.train`'s, read from its signature (a default changed
there changes the command line's); only the settings ``train`` does not take (``out``,
``nproc``) have defaults of their own here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import torch
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from .. import optim, schedules
from .._names import choice
from ..train import train
from ..training import losses, models
from ..training.data import names as data_names
from ..training.precision import PRECISIONS
from ..training.tasks import task_of
from ._data_settings import data_setting, val_data_setting
from ._parsers import NONE_WORDS, parse_batch_size, parse_ints, parse_lr, parse_schedule, parse_tensorboard_every
from ._resolve import keyword_defaults

__all__ = ["RunConfig", "TrainOptions", "default_lr"]

# train's keyword parameters and their defaults: the one source of the settings' defaults.
_TRAIN_DEFAULTS = keyword_defaults(train)

# What the numeric settings take; true/false is none of them (pydantic would read true as 1).
_NUMBERS = {
    "epochs": "an integer >= 1",
    "patience": "an integer >= 1",
    "accumulate": "an integer >= 1",
    "nproc": "an integer >= 1",
    "seed": "an integer >= 0",
    "tol": "a number >= 0 or 'none'",
    "time_budget": "a number of seconds > 0 or 'none'",
    "clip_grad_norm": "a number > 0 or 'none'",
    "clip_grad_value": "a number > 0 or 'none'",
}
# The optional settings that a word of NONE_WORDS turns off (or makes the default: a constant
# rate, no validation file).
_OFF_WORDS_TAKEN = ("tol", "time_budget", "clip_grad_norm", "clip_grad_value", "schedule", "val_data")
_DEVICE = re.compile(r"auto|cpu|cuda(:\d+)?")


def _as_in_train(name: str, **field: Any) -> Any:
    """A field whose default is ``train``'s for its parameter ``name``, checked as a value
    given would be (so ``model_options=None`` is ``{}``, as ``train`` reads it)."""
    return Field(_TRAIN_DEFAULTS[name], validate_default=True, **field)


def _a_name(value: Any, allowed: Iterable[str]) -> str:
    """``value`` if it is text; a number or a list (from a config file) is refused as a bad value
    (the name checks' ``TypeError`` would escape pydantic as a failure naming no file or key)."""
    if not isinstance(value, str):
        raise ValueError(f"expected one of {', '.join(allowed)}, got {value!r}")
    return value


def _not_bool(value: Any, key: str) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"expected {_NUMBERS[key]}, got {value!r}")
    return value


def default_lr(optimizer: str, hyper: Mapping[str, Any]) -> float:
    """The learning rate ``optimizer`` uses when none is given (its constructor's default).

    >>> default_lr("adam", {})
    0.001
    """
    probe = torch.zeros(1, requires_grad=True)
    return float(optim.create(optimizer, [probe], **hyper).param_groups[0]["lr"])


class RunConfig(BaseModel):
    """What defines a training run: the keys of a run folder's ``config.yaml`` (but ``lr_used``).

    >>> RunConfig(data="iris", model="Softmax", batch_size="full").model
    'softmax'
    """

    model_config = ConfigDict(extra="forbid", protected_namespaces=())

    data: str = Field(description="a built-in data set or the path of a CSV file")
    target: str | None = _as_in_train("target", description="the label column of a CSV file")
    val_data: str | None = _as_in_train(
        "val_data",
        description="'split' to hold out 20% of a CSV "
        "file, or the path of a validation CSV file (built-in "
        "data is always split)",
    )
    standardize: bool | None = _as_in_train(
        "standardize",
        strict=True,
        description="scale features (and a regression target) to mean 0 and standard deviation 1 "
        "with the training part's statistics (default: yes for built-in data sets, no for CSV files)",
    )
    model: str = Field(description="the model to train")
    model_options: dict[str, Any] = _as_in_train(
        "model_options", description="options of the model (hidden, activation, dropout, channels)"
    )
    loss: str | None = _as_in_train(
        "loss",
        description="the loss (by default cross-entropy for classification, bce for logistic, mse for regression)",
    )
    optimizer: str = _as_in_train("optimizer", description="the update rule")
    lr: float | Literal["auto"] | None = _as_in_train(
        "lr", description="learning rate, or 'auto' for an LR range test first"
    )
    batch_size: int | Literal["auto"] | None = _as_in_train(
        "batch_size",
        description="'full' (full-batch), 1 (stochastic), N (mini-batch) or 'auto' (from the gradient noise scale)",
    )
    epochs: int = _as_in_train("epochs", ge=1, description="the most epochs to train")
    schedule: str | None = _as_in_train("schedule", description="a learning-rate schedule over the run")
    seed: int = _as_in_train("seed", ge=0, description="fixes the initial weights, the split and the batch order")
    tol: float | None = _as_in_train(
        "tol",
        ge=0,
        description="stop when the training loss changes "
        "by less than this (relative) over --patience epochs; 'none' "
        "turns it off",
    )
    patience: int = _as_in_train("patience", ge=1, description="epochs without progress before stopping")
    time_budget: float | None = _as_in_train("time_budget", gt=0, description="stop after this many seconds")
    device: str = _as_in_train("device", description="'auto', 'cpu', 'cuda' or 'cuda:N'")
    hyper: dict[str, Any] = Field(default_factory=dict, description="optimizer hyper-parameters")
    accumulate: int = _as_in_train(
        "accumulate",
        ge=1,
        description="batches whose gradients make one update (the update of one batch that many times larger)",
    )
    clip_grad_norm: float | None = _as_in_train(
        "clip_grad_norm", gt=0, description="rescale each update's gradient to this global L2 norm at most"
    )
    clip_grad_value: float | None = _as_in_train(
        "clip_grad_value", gt=0, description="clamp each gradient component to [-v, v]"
    )
    precision: str = _as_in_train(
        "precision", description="'fp32', 'bf16' (autocast, CPU or GPU) or 'fp16' (with loss scaling, GPU only)"
    )
    instruments: bool = _as_in_train(
        "instruments",
        strict=True,
        description="record sampled readings of the run (sharpness against the stability threshold, "
        "gradient noise scale, step quality) in the history",
    )
    track_examples: bool | Literal["auto"] = _as_in_train(
        "track_examples",
        description="record each training example's loss, probability of its label, margin and "
        "prediction per epoch (examples.npz, for `descend examples`); 'auto': for training sets "
        "of at most 50,000 examples",
    )
    tensorboard_every: int | Literal["auto"] = _as_in_train(
        "tensorboard_every",
        description="TensorBoard events for every N-th step, the first and the last (steps.csv holds every step); "
        "'auto': the first 1000, then as often as 1% of the run's time allows (every step when steps take 5 ms or more)",
    )

    @model_validator(mode="before")
    @classmethod
    def _off_in_yaml(cls, values: Any) -> Any:
        # YAML 1.1 reads `tol: off` (or no) as false before any check sees the word, which the
        # help offers ('none' or 'off' turns it off): false is that word for these settings.
        if not isinstance(values, Mapping):
            return values
        return {k: None if v is False and k in _OFF_WORDS_TAKEN else v for k, v in values.items()}

    @field_validator("track_examples", mode="before")
    @classmethod
    def _track_examples(cls, value: Any) -> bool | str:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() == "auto":
            return "auto"
        raise ValueError(f"expected true, false or 'auto', got {value!r}")

    @field_validator("tensorboard_every", mode="before")
    @classmethod
    def _tensorboard_every(cls, value: Any) -> int | str:
        return parse_tensorboard_every(value)

    @field_validator("data", mode="before")
    @classmethod
    def _data(cls, value: Any) -> str:
        return data_setting(value)

    @field_validator("val_data", mode="before")
    @classmethod
    def _val_data(cls, value: Any, info: ValidationInfo) -> str | None:
        return val_data_setting(value, info.data.get("data"))

    @field_validator("model", mode="before")
    @classmethod
    def _model(cls, value: Any) -> str:
        return choice(_a_name(value, models.names()), tuple(models.names()), "model")

    @field_validator("loss", mode="before")
    @classmethod
    def _loss(cls, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and value.strip().lower() in ("auto", *NONE_WORDS)):
            return None
        return choice(_a_name(value, losses.names()), tuple(losses.names()), "loss")

    @field_validator("optimizer", mode="before")
    @classmethod
    def _optimizer(cls, value: Any) -> str:
        return choice(_a_name(value, optim.names()), optim.names(), "optimizer")

    @field_validator("schedule", mode="before")
    @classmethod
    def _schedule(cls, value: Any) -> str | None:
        return parse_schedule(value if value is None else _a_name(value, schedules.run_names()))

    @field_validator("lr", mode="before")
    @classmethod
    def _lr(cls, value: Any) -> float | str | None:
        return parse_lr(value)

    @field_validator("batch_size", mode="before")
    @classmethod
    def _batch_size(cls, value: Any) -> int | str | None:
        return parse_batch_size(value)

    @field_validator("precision", mode="before")
    @classmethod
    def _precision(cls, value: Any) -> str:
        return choice(_a_name(value, PRECISIONS), PRECISIONS, "precision")

    @field_validator("device", mode="before")
    @classmethod
    def _device(cls, value: Any) -> str:
        text = value.strip().lower() if isinstance(value, str) else None
        if text is None or not _DEVICE.fullmatch(text):
            raise ValueError(f"expected 'auto', 'cpu', 'cuda' or 'cuda:N', got {value!r}")
        return text

    @field_validator("tol", "time_budget", "clip_grad_norm", "clip_grad_value", mode="before")
    @classmethod
    def _optional_number(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() in NONE_WORDS:
            return None
        return value

    @field_validator(*_NUMBERS.keys() - {"nproc"}, mode="before")
    @classmethod
    def _number_not_bool(cls, value: Any, info: ValidationInfo) -> Any:
        return _not_bool(value, info.field_name)

    @field_validator("model_options", mode="before")
    @classmethod
    def _model_options(cls, value: Any) -> Any:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise ValueError(f"expected a mapping such as {{hidden: [64, 64], activation: tanh}}, got {value!r}")
        options = dict(value)
        if "hidden" in options:
            options["hidden"] = parse_ints(options["hidden"])
        if "channels" in options:
            options["channels"] = parse_ints(options["channels"])
        return options

    @model_validator(mode="after")
    def _optimizer_takes_hyper(self) -> RunConfig:
        # Building the optimizer on a dummy parameter checks the hyper-parameters' names
        # and values now, before any data is loaded.
        if "lr" in self.hyper:
            raise ValueError("hyper: the learning rate is a setting of its own: use --lr (or 'lr:')")
        try:
            default_lr(self.optimizer, self.hyper)
        except (TypeError, ValueError) as err:
            raise ValueError(f"hyper: {err}") from None
        return self

    @model_validator(mode="after")
    def _model_takes_options(self) -> RunConfig:
        # Building the model for a stand-in size (64 features: an 8x8 image for the cnn) checks
        # the options' names and values now, as a usage error, before any data is loaded. The
        # cnn's image_shape is checked against the data's features, later.
        options = dict(self.model_options)
        if self.model == "cnn":
            options.pop("image_shape", None)
        try:
            models.build_model(self.model, 64, 2, task="classification", **options)
        except (TypeError, ValueError) as err:
            raise ValueError(f"model_options: {err}") from None
        return self

    @model_validator(mode="after")
    def _settings_agree(self) -> RunConfig:
        # Settings that contradict each other: usage errors now, not failures after the data
        # is loaded. Each message starts with the key it is reported under.
        if self.target is not None and self.data in data_names():
            raise ValueError(
                f"target: {self.target!r} would name the label column of a CSV file; the built-in data set "
                f"{self.data!r} comes with its labels: leave {{target}} out"
            )
        if self.val_data not in (None, "split") and self.data in data_names():
            raise ValueError(
                f"val_data: the built-in data set {self.data!r} holds out its own validation part (20%), so a "
                f"validation file is not taken; leave {{val_data}} out, or train on a CSV file to validate on "
                f"{Path(self.val_data).name}"
            )
        if self.clip_grad_norm is not None and self.clip_grad_value is not None:
            raise ValueError(
                "clip_grad_value: give {clip_grad_norm} or {clip_grad_value}, not both: "
                "they are two ways of bounding the same gradient"
            )
        if self.precision == "fp16" and self.device == "cpu":
            raise ValueError(
                "precision: 'fp16' needs a CUDA device (float16 training relies on "
                "loss scaling on the GPU), and the device is 'cpu': use 'bf16', which "
                "works on the CPU too, or 'fp32'"
            )
        return self

    def train_kwargs(self) -> dict[str, Any]:
        """The arguments of :func:`descend.train` these settings stand for."""
        return {**self.model_dump(exclude={"hyper"}), **self.hyper}

    def task(self) -> str | None:
        """The task the model or loss says, as ``train`` reads the data with it
        (:func:`~descend.training.tasks.task_of`): ``"regression"`` for ``loss: mse`` on class
        labels, whose model then has one output; ``None`` where the labels decide.

        >>> RunConfig(data="iris", model="mlp", loss="mse").task(), RunConfig(data="iris", model="mlp").task()
        ('regression', None)
        """
        return task_of(self.model, self.loss)


class TrainOptions(RunConfig):
    """Everything ``descend train`` takes: a run's settings, and where and how to run it.

    >>> TrainOptions(data="iris", model="linear", out="runs/x").resume
    False
    """

    out: str | None = Field(None, description="the run folder")
    nproc: int = Field(
        1,
        ge=1,
        description="worker processes training data-parallel (started "
        "through torchrun; the batch size is the global batch)",
    )
    # strict: "no" or 1 for true/false is a mistake, not a spelling to guess at
    resume: bool = _as_in_train("resume", strict=True, description="continue the run in --out from its last checkpoint")
    progress: bool = _as_in_train("progress", strict=True, description="show a progress bar")

    @field_validator("nproc", mode="before")
    @classmethod
    def _nproc_not_bool(cls, value: Any) -> Any:
        return _not_bool(value, "nproc")

    def run_config(self) -> RunConfig:
        """The settings that define the run (what ``config.yaml`` holds)."""
        return RunConfig.model_validate(self.model_dump(include=set(RunConfig.model_fields)))
