"""One set of settings from several layers: merged, validated once, and a bad value explained.

Settings come from, lowest precedence first: the settings' defaults (``descend.train``'s), a
run folder's ``config.yaml`` (when resuming), a ``--config`` file, and the options typed on
the command line. :func:`resolve` merges them and validates the result once, so that a bad
value gets the same message wherever it came from, prefixed by where that was (``--epochs``
or ``config run.yaml: epochs``).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from .._names import did_you_mean
from .._plural import counted
from ._app import ConfigError

__all__ = ["resolve", "option_name", "keyword_defaults"]


def keyword_defaults(fn: Callable[..., Any]) -> dict[str, Any]:
    """The defaults of ``fn``'s parameters that have one: the one source of a command's settings'
    defaults (``descend.train``'s for a run, ``descend.tune``'s for a study).

    >>> keyword_defaults(lambda data, epochs=20, *, lr="auto": None)
    {'epochs': 20, 'lr': 'auto'}
    """
    return {
        name: p.default
        for name, p in inspect.signature(fn).parameters.items()
        if p.default is not inspect.Parameter.empty
    }


def option_name(key: str) -> str:
    """The command-line spelling of a setting.

    >>> option_name("batch_size")
    '--batch-size'
    """
    return "--" + key.replace("_", "-")


def resolve(model: type[BaseModel], layers: list[tuple[str, Mapping[str, Any]]], files: bool = True) -> Any:
    """Merge ``layers`` (``(source, settings)``, lowest precedence first) and validate them.

    ``source`` is ``"command line"`` or ``"config FILE"`` and names where a bad value came
    from in the one-line :class:`ConfigError`. ``model_options`` and ``hyper`` merge key by key.
    ``files`` says whether the command reads a ``--config`` file (for the hint on a missing key).

    >>> from descend.cli._settings import RunConfig
    >>> resolve(RunConfig, [("config run.yaml", {"data": "iris", "model": "mlp", "epochs": 5}),
    ...                     ("command line", {"epochs": "3"})]).epochs
    3
    >>> resolve(RunConfig, [("command line", {"data": "iris", "model": "mlp", "epochs": "0"})])
    Traceback (most recent call last):
    ...
    descend.cli._app.ConfigError: --epochs: input should be greater than or equal to 1, got '0'
    """
    merged: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for source, settings in layers:
        for key, value in settings.items():
            if (
                key in ("model_options", "hyper")
                and isinstance(value, Mapping)
                and isinstance(merged.get(key), Mapping)
            ):
                value = {**merged[key], **value}
            merged[key] = value
            origin[key] = source
    try:
        return model(**merged)
    except ValidationError as err:
        raise ConfigError(_explain(err, model, origin, files)) from None


def _explain(err: ValidationError, model: type[BaseModel], origin: Mapping[str, str], files: bool) -> str:
    """The first problem in one line, saying where it came from and what is allowed."""
    problems = err.errors()
    first = problems[0]
    key = str(first["loc"][0]) if first["loc"] else ""
    source = origin.get(key, "")
    if first["type"] == "extra_forbidden":
        known = list(model.model_fields)
        message = f"unknown key {key!r}.{did_you_mean(key, known)} Known keys: {', '.join(known)}."
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
        message = _FIELD.sub(lambda m: _spelt(m[1], origin) if m[1] in model.model_fields else m[0], message)
    more = ""
    if len(problems) > 1:  # named, so that a second run does not meet them one at a time
        others = [
            _where(str(p["loc"][0]), origin) + (" missing" if p["type"] == "missing" else " invalid")
            for p in problems[1:]
            if p["loc"]
        ]
        more = f" (and {counted(len(problems) - 1, 'more problem')}: {', '.join(others) or 'see --help'})"
    if source == "command line":
        return f"{_typed_as(key)}: {message}{more}"
    if source:
        return f"{source}: {key}: {message}{more}"
    return f"{key}: {message}{more}"


# A setting named in a model validator's message, {clip_grad_norm}: spelt as its source spells it.
_FIELD = re.compile(r"\{([a-z_]+)\}")


def _spelt(key: str, origin: Mapping[str, str]) -> str:
    """``key`` as the user gave it: ``--clip-grad-norm`` on the command line, else ``clip_grad_norm``."""
    return _typed_as(key) if origin.get(key) == "command line" else key


def _where(key: str, origin: Mapping[str, str]) -> str:
    """A setting as its source spells it: ``--batch-size`` on the command line, else ``run.yaml: batch_size``."""
    source = origin.get(key, "command line")
    return _typed_as(key) if source == "command line" else f"{source}: {key}"


# Settings typed as an option of another name: the command line's model options are its --hidden.
_TYPED_AS = {"model_options": "--hidden"}


def _typed_as(key: str) -> str:
    """The option that gives the setting ``key`` on the command line.

    >>> _typed_as("batch_size"), _typed_as("model_options")
    ('--batch-size', '--hidden')
    """
    return _TYPED_AS.get(key) or option_name(key)
