"""Run settings: read from YAML/TOML files and the command line, checked by pydantic.

Settings come from, lowest precedence first: the defaults of :class:`TrainOptions`, a run
folder's ``config.yaml`` (when resuming), a ``--config`` file, and the options typed on the
command line. :func:`resolve` merges them and validates the result once, so that a bad value
gets the same message wherever it came from, prefixed by where that was (``--epochs`` or
``config run.yaml: epochs``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import click
import torch
import yaml
from pydantic import (BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator,
                      model_validator)

from .. import optim, schedules
from .._names import choice, did_you_mean
from ..training.data import DATASETS
from ..training import losses
from ..training import models
from ..training.precision import PRECISIONS

__all__ = ["RunConfig", "TrainOptions", "ConfigError", "read_config_file", "resolve",
           "parse_lr", "parse_batch_size", "parse_ints", "parse_floats", "parse_hyper",
           "default_lr", "option_name"]


class ConfigError(click.ClickException):
    """A setting that cannot be used; a usage error (exit code 2), shown as one line."""

    exit_code = 2


# --- values that have a command-line spelling -----------------------------------------------

_NONE_WORDS = ("none", "null", "off", "")


def parse_lr(value: Any) -> float | str | None:
    """``"auto"``, a number > 0, or ``None`` (the optimizer's default).

    >>> parse_lr("1e-3"), parse_lr("AUTO"), parse_lr(None)
    (0.001, 'auto', None)
    """
    if value is None:
        return None
    if isinstance(value, str):
        if value.strip().lower() == "auto":
            return "auto"
        if value.strip().lower() in _NONE_WORDS:
            return None
    number = _number(value, "a learning rate > 0 or 'auto'")
    if not number > 0:
        raise ValueError(f"a learning rate must be > 0 or 'auto', got {value!r}")
    return number


def parse_batch_size(value: Any) -> int | None:
    """``"full"`` (or ``None``) for full-batch gradient descent, else an integer >= 1.

    >>> parse_batch_size("full"), parse_batch_size("32"), parse_batch_size(1)
    (None, 32, 1)
    """
    if value is None or (isinstance(value, str) and value.strip().lower() in ("full", *_NONE_WORDS)):
        return None
    number = _integer(value, "'full' or an integer >= 1")
    if number < 1:
        raise ValueError(f"expected 'full' or an integer >= 1, got {value!r}")
    return number


def parse_ints(value: Any) -> list[int]:
    """Layer widths: ``"64,64"`` or a list; ``""`` is no hidden layer.

    >>> parse_ints("64, 32"), parse_ints([16]), parse_ints("")
    ([64, 32], [16], [])
    """
    items = _items(value)
    return [_integer(v, "comma-separated integers such as 64,64") for v in items]


def parse_floats(value: Any) -> list[float]:
    """A point: ``"-1.5,2"`` or a list of numbers.

    >>> parse_floats("-1.5,2")
    [-1.5, 2.0]
    """
    items = _items(value)
    if not items:
        raise ValueError("expected comma-separated numbers such as -1.5,2, got nothing")
    return [_number(v, "comma-separated numbers such as -1.5,2") for v in items]


def parse_hyper(pairs: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """``("momentum=0.9", "betas=[0.9, 0.99]")`` -> ``{"momentum": 0.9, "betas": [0.9, 0.99]}``.

    Values are read as YAML scalars or lists (``yaml.safe_load``: data, never code).

    >>> parse_hyper(["momentum=0.9", "nesterov=true"])
    {'momentum': 0.9, 'nesterov': True}
    """
    hyper: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"expected NAME=VALUE such as momentum=0.9, got {pair!r}")
        try:
            hyper[key.strip()] = yaml.safe_load(text)
        except yaml.YAMLError:
            raise ValueError(f"cannot read the value of {pair!r}: give a number, true/false or "
                             "a list such as [0.9, 0.999]") from None
    return hyper


def _items(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [v for v in (p.strip() for p in value.split(",")) if v]
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [value]
    raise ValueError(f"expected a comma-separated list or a list, got {value!r}")


def _number(value: Any, expected: str) -> float:
    if isinstance(value, bool):
        raise ValueError(f"expected {expected}, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected {expected}, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"expected {expected}, got {value!r}")
    return number


def _integer(value: Any, expected: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"expected {expected}, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise ValueError(f"expected {expected}, got {value!r}")


def default_lr(optimizer: str, hyper: Mapping[str, Any]) -> float:
    """The learning rate ``optimizer`` uses when none is given (its constructor's default).

    >>> default_lr("adam", {})
    0.001
    """
    probe = torch.zeros(1, requires_grad=True)
    return float(optim.create(optimizer, [probe], **hyper).param_groups[0]["lr"])


# --- the settings ----------------------------------------------------------------------------

# What the numeric settings take; true/false is none of them (pydantic would read true as 1).
_NUMBERS = {
    "epochs": "an integer >= 1", "patience": "an integer >= 1", "accumulate": "an integer >= 1",
    "nproc": "an integer >= 1", "seed": "an integer", "tol": "a number >= 0 or 'none'",
    "time_budget": "a number of seconds > 0 or 'none'", "clip_grad_norm": "a number > 0 or 'none'",
    "clip_grad_value": "a number > 0 or 'none'",
}
_DEVICE = re.compile(r"auto|cpu|cuda(:\d+)?")


def _not_bool(value: Any, key: str) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"expected {_NUMBERS[key]}, got {value!r}")
    return value


class RunConfig(BaseModel):
    """What defines a training run: the keys of a run folder's ``config.yaml`` (but ``lr_used``).

    >>> RunConfig(data="iris", model="Softmax", batch_size="full").model
    'softmax'
    """

    model_config = ConfigDict(extra="forbid", protected_namespaces=())

    data: str = Field(description="a built-in data set or the path of a CSV file")
    target: str | None = Field(None, description="the label column of a CSV file")
    val_data: str | None = Field(None, description="'split' to hold out 20% of a CSV file, or "
                                 "the path of a validation CSV file (built-in data is always split)")
    model: str = Field(description="the model to train")
    model_options: dict[str, Any] = Field(default_factory=dict,
                                          description="options of the model (hidden, activation, dropout, channels)")
    loss: str | None = Field(None, description="the loss (by default cross-entropy for "
                             "classification, bce for logistic, mse for regression)")
    optimizer: str = Field("adam", description="the update rule")
    lr: float | Literal["auto"] | None = Field(None, description="learning rate, or 'auto' for "
                                                "an LR range test first")
    batch_size: int | None = Field(None, description="'full' (full-batch), 1 (stochastic) or N (mini-batch)")
    epochs: int = Field(10, ge=1, description="the most epochs to train")
    schedule: str | None = Field(None, description="a learning-rate schedule over the run")
    seed: int = Field(0, description="fixes the initial weights, the split and the batch order")
    tol: float | None = Field(1e-4, ge=0, description="stop when the training loss changes by "
                              "less than this (relative) over --patience epochs; 'none' turns it off")
    patience: int = Field(5, ge=1, description="epochs without progress before stopping")
    time_budget: float | None = Field(None, gt=0, description="stop after this many seconds")
    device: str = Field("auto", description="'auto', 'cpu', 'cuda' or 'cuda:N'")
    hyper: dict[str, Any] = Field(default_factory=dict, description="optimizer hyper-parameters")
    accumulate: int = Field(1, ge=1, description="batches whose gradients make one update (the "
                            "update of one batch that many times larger)")
    clip_grad_norm: float | None = Field(None, gt=0, description="rescale each update's gradient "
                                         "to this global L2 norm at most")
    clip_grad_value: float | None = Field(None, gt=0, description="clamp each gradient component "
                                          "to [-v, v]")
    precision: str = Field("fp32", description="'fp32', 'bf16' (autocast, CPU or GPU) or 'fp16' "
                           "(with loss scaling, GPU only)")

    @field_validator("data", mode="before")
    @classmethod
    def _data(cls, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"expected a built-in data set ({', '.join(DATASETS)}) or the path "
                             f"of a CSV file, got {value!r}")
        key = value.strip().lower().replace("-", "_")
        if key in DATASETS:
            return key
        path = Path(value).expanduser()
        if path.is_file():
            return str(path.resolve())  # the run folder may be read from another directory
        if path.exists():
            raise ValueError(f"{value!r} is a directory, not a CSV file")
        raise ValueError(f"{value!r} is neither a built-in data set nor a CSV file."
                         f"{did_you_mean(key, DATASETS)} Built-in data sets: {', '.join(DATASETS)}.")

    @field_validator("val_data", mode="before")
    @classmethod
    def _val_data(cls, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and value.strip().lower() in _NONE_WORDS):
            return None
        if isinstance(value, str) and value.strip().lower() == "split":
            return "split"
        path = Path(str(value)).expanduser()
        if not path.is_file():
            raise ValueError(f"expected 'split' or the path of a CSV file, got {value!r}")
        return str(path.resolve())

    @field_validator("model", mode="before")
    @classmethod
    def _model(cls, value: Any) -> str:
        return choice(value, tuple(models.names()), "model")

    @field_validator("loss", mode="before")
    @classmethod
    def _loss(cls, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and value.strip().lower() in ("auto", *_NONE_WORDS)):
            return None
        return choice(value, tuple(losses.names()), "loss")

    @field_validator("optimizer", mode="before")
    @classmethod
    def _optimizer(cls, value: Any) -> str:
        return choice(value, optim.names(), "optimizer")

    @field_validator("schedule", mode="before")
    @classmethod
    def _schedule(cls, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and value.strip().lower() in ("constant", *_NONE_WORDS)):
            return None
        return choice(value, schedules.run_names(), "schedule")

    @field_validator("lr", mode="before")
    @classmethod
    def _lr(cls, value: Any) -> float | str | None:
        return parse_lr(value)

    @field_validator("batch_size", mode="before")
    @classmethod
    def _batch_size(cls, value: Any) -> int | None:
        return parse_batch_size(value)

    @field_validator("precision", mode="before")
    @classmethod
    def _precision(cls, value: Any) -> str:
        return choice(value, PRECISIONS, "precision")

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
        if isinstance(value, str) and value.strip().lower() in _NONE_WORDS:
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
            raise ValueError(f"expected a mapping such as {{hidden: [64, 64], activation: tanh}}, "
                             f"got {value!r}")
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
    def _settings_agree(self) -> RunConfig:
        # Settings that contradict each other: usage errors now, not failures after the data
        # is loaded. Each message starts with the key it is reported under.
        if self.clip_grad_norm is not None and self.clip_grad_value is not None:
            raise ValueError("clip_grad_value: give clip_grad_norm or clip_grad_value, not both: "
                             "they are two ways of bounding the same gradient")
        if self.precision == "fp16" and self.device == "cpu":
            raise ValueError("precision: 'fp16' needs a CUDA device (float16 training relies on "
                             "loss scaling on the GPU), and the device is 'cpu': use 'bf16', which "
                             "works on the CPU too, or 'fp32'")
        return self

    def train_kwargs(self) -> dict[str, Any]:
        """The arguments of :func:`descend.train` these settings stand for."""
        return {**self.model_dump(exclude={"hyper"}), **self.hyper}

    def classifier(self) -> bool:
        """Whether the model or loss says the targets are classes (as ``train`` decides)."""
        return self.model in ("logistic", "softmax") or self.loss in ("bce", "cross_entropy")


class TrainOptions(RunConfig):
    """Everything ``descend train`` takes: a run's settings, and where and how to run it.

    >>> TrainOptions(data="iris", model="linear", out="runs/x").resume
    False
    """

    out: str | None = Field(None, description="the run folder")
    nproc: int = Field(1, ge=1, description="worker processes training data-parallel (started "
                       "through torchrun; the batch size is the global batch)")
    # strict: "no" or 1 for true/false is a mistake, not a spelling to guess at
    resume: bool = Field(False, strict=True, description="continue the run in --out from its last checkpoint")
    progress: bool = Field(True, strict=True, description="show a progress bar")

    @field_validator("nproc", mode="before")
    @classmethod
    def _nproc_not_bool(cls, value: Any) -> Any:
        return _not_bool(value, "nproc")

    def run_config(self) -> RunConfig:
        """The settings that define the run (what ``config.yaml`` holds)."""
        return RunConfig.model_validate(self.model_dump(include=set(RunConfig.model_fields)))


# --- files -----------------------------------------------------------------------------------


def read_config_file(path: str | Path) -> dict[str, Any]:
    """The mapping in a YAML (``.yaml``/``.yml``) or TOML (``.toml``) file; keys may use ``-``.

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "run.toml")
    ...     _ = open(p, "w").write('data = "iris"\\nbatch-size = 16\\n')
    ...     read_config_file(p)
    {'data': 'iris', 'batch_size': 16}
    """
    path = Path(path)
    where = f"config {path}"
    if not path.is_file():
        raise ConfigError(f"{where}: no such file")
    text = path.read_text()
    suffix = path.suffix.lower()
    if suffix == ".toml":
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            raise ConfigError(f"{where}: TOML files need Python 3.11 or later; use YAML") from None
        try:
            content = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{where}: not valid TOML: {err}") from None
    elif suffix in (".yaml", ".yml"):
        try:
            content = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader: data, never code
        except _DuplicateKey as err:
            raise ConfigError(f"{where}: {err.key} is given twice (the second time on line "
                              f"{err.line}): keep one") from None
        except yaml.YAMLError as err:
            raise ConfigError(f"{where}: not valid YAML: {' '.join(str(err).split())}") from None
    else:
        raise ConfigError(f"{where}: expected a .yaml, .yml or .toml file")
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise ConfigError(f"{where}: expected a mapping of settings (key: value), got a "
                          f"{type(content).__name__}")
    settings: dict[str, Any] = {}
    spelled: dict[str, str] = {}
    for k, v in content.items():
        key = str(k).replace("-", "_")
        if key in settings:
            raise ConfigError(f"{where}: {key} is given twice, as {spelled[key]!r} and {str(k)!r}: "
                              "keep one")
        settings[key], spelled[key] = v, str(k)
    return settings


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: Any, line: int) -> None:
        super().__init__(f"{key} is given twice")
        self.key, self.line = key, line


class _UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a key given twice in one mapping (PyYAML keeps the
    last one silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, (str, int, float, bool)) and key in seen:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def option_name(key: str) -> str:
    """The command-line spelling of a setting: ``batch_size`` -> ``--batch-size``."""
    return "--" + key.replace("_", "-")


def resolve(model: type[BaseModel], layers: list[tuple[str, Mapping[str, Any]]],
            files: bool = True) -> Any:
    """Merge ``layers`` (``(source, settings)``, lowest precedence first) and validate them.

    ``source`` is ``"command line"`` or ``"config FILE"`` and names where a bad value came
    from in the one-line :class:`ConfigError`. ``model_options`` and ``hyper`` merge key by key.
    ``files`` says whether the command reads a ``--config`` file (for the hint on a missing key).

    >>> resolve(RunConfig, [("config run.yaml", {"data": "iris", "model": "mlp", "epochs": 5}),
    ...                     ("command line", {"epochs": "3"})]).epochs
    3
    >>> resolve(RunConfig, [("command line", {"data": "iris", "model": "mlp", "epochs": "0"})])
    Traceback (most recent call last):
    ...
    descend.cli._config.ConfigError: --epochs: input should be greater than or equal to 1, got '0'
    """
    merged: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for source, settings in layers:
        for key, value in settings.items():
            if key in ("model_options", "hyper") and isinstance(value, Mapping) \
                    and isinstance(merged.get(key), Mapping):
                value = {**merged[key], **value}
            merged[key] = value
            origin[key] = source
    try:
        return model(**merged)
    except ValidationError as err:
        raise ConfigError(_explain(err, model, origin, files)) from None


def _explain(err: ValidationError, model: type[BaseModel], origin: Mapping[str, str],
             files: bool) -> str:
    """The first problem in one line, saying where it came from and what is allowed."""
    problems = err.errors()
    first = problems[0]
    key = str(first["loc"][0]) if first["loc"] else ""
    source = origin.get(key, "")
    if first["type"] == "extra_forbidden":
        known = list(model.model_fields)
        message = (f"unknown key {key!r}.{did_you_mean(key, known)} "
                   f"Known keys: {', '.join(known)}.")
        return f"{source}: {message}"
    if first["type"] == "missing":
        hint = f" or put '{key}:' in a --config file" if files else ""
        return f"no {key} given: use {option_name(key)}{hint}"
    if first["type"] == "value_error":
        message = str(first["ctx"]["error"])
    else:
        message = first["msg"]
        message = f"{message[0].lower()}{message[1:]}, got {first['input']!r}"
    if key == "" and message.partition(": ")[0] in model.model_fields:  # raised by a model validator
        key, _, message = message.partition(": ")
        source = origin.get(key, "")
    more = f" (and {len(problems) - 1} more problem{'s' * (len(problems) > 2)})" if len(problems) > 1 else ""
    if source == "command line":
        return f"{option_name(key)}: {message}{more}"
    if source:
        return f"{source}: {key}: {message}{more}"
    return f"{key}: {message}{more}"
