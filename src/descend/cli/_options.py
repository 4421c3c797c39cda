"""Command-line options shared by the subcommands, with their defaults taken from the settings.

Every setting is read as text and checked by the pydantic models of ``_settings``, so that a
bad value gets the same message from the command line as from a config file. Only the options
actually typed on the command line override the other layers (:func:`typed`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import click
from click.core import ParameterSource

from .. import functions, optim, schedules
from .._names import choice
from .._plural import counted
from ..minimize.inputs import check_output, mixes_float64_and_float32, refuse_sparse_rule
from ..minimize.quasi_newton import METHODS as QUASI_NEWTON_METHODS
from ..minimize.quasi_newton import check_method_options
from ..training import losses, models
from ..training.closure_step import needs_closure
from ..training.data import names as data_names
from ._functions import start_point
from ._parsers import parse_hyper, parse_ints, parse_lr
from ._resolve import option_name
from ._settings import TrainOptions, default_lr

__all__ = [
    "setting",
    "setting_default",
    "typed",
    "model_options_from",
    "hidden_option",
    "hyper_option",
    "standardize_option",
    "checked",
    "optimizer_names",
    "check_hyper",
    "check_pictured",
    "check_surface",
    "function_start",
    "optimizer_option",
    "lr_option",
    "FUNCTION_HELP",
]

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

# Shown in the help where a default is "whatever the library picks".
_SHOWN: dict[str, str] = {
    "lr": "the optimizer's default",
    "loss": "by task",
    "schedule": "constant",
    "time_budget": "none",
    "clip_grad_norm": "none",
    "clip_grad_value": "none",
    "target": "none",
    "val_data": "none",
    "out": "runs/DATA-MODEL",
}

_METAVARS: dict[str, str] = {
    "data": "NAME|PATH.csv",
    "target": "COLUMN",
    "val_data": "split|PATH.csv",
    "model": "|".join(models.names()),
    "loss": "|".join(losses.names()),
    "optimizer": "NAME",
    "lr": "FLOAT|auto",
    "batch_size": "full|auto|1|N",
    "epochs": "N",
    "schedule": "NAME",
    "seed": "N",
    "tol": "FLOAT|none",
    "patience": "N",
    "time_budget": "SECONDS",
    "device": "auto|cpu|cuda",
    "out": "DIR",
    "accumulate": "K",
    "clip_grad_norm": "FLOAT",
    "clip_grad_value": "FLOAT",
    "precision": "fp32|bf16|fp16",
    "nproc": "N",
    "tensorboard_every": "auto|N",
}

_EXTRA_HELP: dict[str, str] = {
    "data": f"; built-in: {', '.join(data_names())}",
    "optimizer": f"; one of {', '.join(optim.names())}",
    "schedule": f"; one of {', '.join(schedules.run_names())}",
}

FUNCTION_HELP = (
    f"FUNCTION is a built-in test function ({', '.join(functions.names())}) or "
    "your own, as path/to/file.py:function or package.module:function: a function "
    "of a 1-D tensor returning a scalar tensor (give --x0)."
)


def setting_default(key: str) -> Any:
    """The default of the setting ``key`` of :class:`TrainOptions` (``descend.train``'s, for
    the settings ``train`` takes); ``None`` for a setting that must be given.

    >>> setting_default("data") is None, setting_default("out") is None
    (True, True)
    """
    field = TrainOptions.model_fields[key]
    return None if field.is_required() else field.get_default(call_default_factory=True)


def setting(
    key: str,
    *,
    default: Any = ...,
    shown: str | None = None,
    help: str | None = None,
    metavar: str | None = None,
    required: bool = False,
) -> Decorator:
    """A text option for the setting ``key`` of :class:`TrainOptions`, its default shown in the help."""
    field = TrainOptions.model_fields[key]
    if default is ...:
        default = setting_default(key)
    text = help or (field.description or "") + _EXTRA_HELP.get(key, "")
    show: Any = shown or _SHOWN.get(key, True)
    if default is not None and shown is None:
        show = True
    # An explicit default=None would satisfy `required` in click 8.3+: leave it out instead.
    extra = {"default": default} if default is not None else {}
    return click.option(
        option_name(key),
        key,
        type=str,
        show_default=show,
        required=required,
        metavar=metavar or _METAVARS.get(key, "VALUE"),
        help=text,
        **extra,
    )


def hidden_option(default_shown: str = ",".join(map(str, models.default_options("mlp")["hidden"]))) -> Decorator:
    return click.option(
        "--hidden",
        "hidden",
        default=None,
        type=str,
        metavar="N,N,...",
        show_default=default_shown,
        callback=checked(parse_ints),
        help="hidden layer widths of the mlp, e.g. 64,64 ('' for none)",
    )


def standardize_option() -> Decorator:
    return click.option(
        "--standardize/--no-standardize",
        default=None,
        show_default="yes for built-in data sets, no for CSV files",
        help="scale the features (and a regression target) to mean 0 and standard deviation 1 "
        "with the training part's statistics",
    )


def hyper_option() -> Decorator:
    return click.option(
        "--hyper",
        "hyper",
        multiple=True,
        metavar="NAME=VALUE",
        callback=checked(parse_hyper),
        help="an optimizer hyper-parameter such as momentum=0.9 or betas=0.9,0.99 (repeatable)",
    )


def typed(ctx: click.Context, names: Iterable[str]) -> dict[str, Any]:
    """The options among ``names`` that were given on the command line, not defaulted."""
    given = {}
    for name in names:
        source = ctx.get_parameter_source(name)
        if source in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT):
            given[name] = ctx.params[name]
    return given


def model_options_from(settings: dict[str, Any]) -> dict[str, Any]:
    """``settings`` with ``hidden`` (``--hidden``, or a ``hidden:`` key in a ``--config`` file)
    folded into ``model_options`` (whose other keys it keeps), and ``hyper`` (``--hyper``) left
    out when empty.

    >>> model_options_from({"hidden": [8], "model_options": {"activation": "tanh"}, "hyper": {}})
    {'model_options': {'activation': 'tanh', 'hidden': [8]}}
    """
    settings = dict(settings)
    hidden = settings.pop("hidden", None)
    if hidden is not None:
        options = settings.get("model_options")
        settings["model_options"] = {**(options if isinstance(options, dict) else {}), "hidden": hidden}
    if not settings.get("hyper", True):
        del settings["hyper"]
    return settings


def checked(parse: Callable[[Any], Any]) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """A click callback that reads an option with ``parse``; its ``ValueError`` is a usage error."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None:
            return value
        try:
            return parse(value)
        except (ValueError, TypeError, FileNotFoundError) as err:
            raise click.BadParameter(str(err), ctx=ctx, param=param) from None

    return callback


def optimizer_names(value: str) -> list[str]:
    """``"gd,Adam"`` -> ``["gd", "adam"]``, each a name ``descend.optim.create`` knows, or a
    quasi-Newton method ``minimize`` takes as its optimizer (``bfgs``, ``cg``: on a function only)."""
    names = [choice(v.strip(), _known(), "optimizer") for v in value.split(",") if v.strip()]
    if not names:
        raise ValueError("expected comma-separated optimizer names such as gd,adam")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"{', '.join(map(repr, twice))} listed twice in {value!r}: name each optimizer once")
    return names


# A trailing aside that holds a Python call: advice for the library's users.
_PYTHON_ASIDE = re.compile(r" \([^()]*\w\([^()]*\)[^()]*\)$")


def function_optimizers() -> list[str]:
    """The optimizer names gradient descent on a function takes (``minimize``, ``compare``):
    all but those that step at a second point of their own (``sam``), which it does not
    compute, and those that take sparse gradients only (``sparse_adam``), which no function's
    are; ``lbfgs`` there is the quasi-Newton method of that name, beside ``bfgs`` and ``cg``.

    >>> "sam" in function_optimizers(), "lbfgs" in function_optimizers(), "bfgs" in function_optimizers()
    (False, True, True)
    """
    return [
        name
        for name in _known()
        if name in QUASI_NEWTON_METHODS or not (needs_closure(name) or optim.sparse_only(name))
    ]


def _known() -> list[str]:
    """The optimizer names, then the quasi-Newton methods that are none (``bfgs``, ``cg``)."""
    names = optim.names()
    return names + [m for m in QUASI_NEWTON_METHODS if m not in names]


def function_optimizer(name: str) -> str:
    """``name``, an optimizer :func:`optimizer_names` knows, if gradient descent on a function
    takes it (:func:`function_optimizers`); a ``ValueError`` in the command line's words otherwise."""
    refuse_sparse_rule(name)
    if name not in function_optimizers():
        raise ValueError(
            f"{name} takes each step from a gradient at a second, perturbed point, which gradient "
            f"descent on a function does not compute: it trains models (descend train --optimizer {name}); "
            f"on a function use one of {', '.join(function_optimizers())}"
        )
    return name


def function_start(spec: functions.TestFunction, x0: list[float] | None) -> tuple[functions.TestFunction, Any]:
    """:func:`start_point`, with a missing ``--x0`` for the user's own function, or one that a
    built-in function does not take (a point of the wrong dimension), a usage error (exit code
    2), not a failure of the run."""
    if x0 is None and not spec.start:
        raise click.UsageError(
            f"{spec.description or spec.name} is your own function: give its start point with --x0, e.g. --x0=1.5,-2"
        )
    fn, x = start_point(spec, x0)
    if x0 is not None and spec.minima:  # built-in: its only ValueError is a point of the wrong shape
        try:
            fn(x)
        except ValueError as err:  # less the Python call that makes another (quadratic(..., dim=d))
            raise click.BadParameter(_PYTHON_ASIDE.sub("", str(err)), param_hint="'--x0'") from None
    if not spec.minima:  # the user's own: what it returns, named as given (not minimize's "fn")
        try:
            check_output(fn(x.clone().requires_grad_()), what=spec.description)
        except (TypeError, ValueError) as err:
            raise click.BadParameter(str(err), param_hint="'FUNCTION'") from None
        except RuntimeError as err:
            if not mixes_float64_and_float32(str(err)):
                raise
            raise click.BadParameter(
                f"{spec.description} mixes its x, a float64 tensor (descend minimize computes in float64), "
                f"with float32 tensors ({err}): make its tensors x.dtype, e.g. torch.tensor(..., dtype=x.dtype)",
                param_hint="'FUNCTION'",
            ) from None
    return fn, x


def check_surface(surface: bool, plot: Any) -> None:
    """``--surface`` without ``--plot``, a usage error (exit code 2): it has no picture to add to."""
    if surface and plot is None:
        raise click.UsageError("--surface adds a 3-D surface to the picture --plot saves: give --plot FILE too")


def check_pictured(coordinates: int, plot: Any, surface: bool, animate: Any = None) -> None:
    """The pictures asked of a run in ``coordinates`` dimensions, before it runs (a usage error,
    exit code 2): ``--plot`` draws 1 (the function's curve) or 2 (its contour), ``--surface``
    and ``--animate`` 2."""
    seen = f"x0 has {counted(coordinates, 'coordinate')}"
    if plot is not None and coordinates > 2:
        raise click.UsageError(f"--plot draws a function of 1 variable (its curve) or 2 (its contour); {seen}")
    for flag, asked in (("--surface", surface), ("--animate", animate)):
        if asked and coordinates != 2:
            raise click.UsageError(f"{flag} draws a function of 2 variables; {seen}")


def check_hyper(optimizers: Iterable[str], hyper: dict[str, Any]) -> None:
    """``--hyper`` checked against each of ``optimizers`` before anything runs: a name or
    value it does not take is a usage error (exit code 2), as in ``descend train``."""
    if "lr" in hyper:
        raise click.BadParameter("the learning rate is an option of its own: use --lr", param_hint="'--hyper'")
    for name in optimizers:
        try:
            if name in optim.names():
                default_lr(name, hyper)
            else:  # bfgs, cg: a quasi-Newton method's own options
                check_method_options(name, hyper)
        except (TypeError, ValueError) as err:
            raise click.BadParameter(str(err), param_hint="'--hyper'") from None


def optimizer_option(default: str = "gd", on_function: bool = False) -> Decorator:
    """``--optimizer``: any name of :mod:`descend.optim`, or ``on_function`` those gradient
    descent on a function takes (:func:`function_optimizers`)."""

    def parse(value: str) -> str:
        return (
            function_optimizer(choice(value, _known(), "optimizer"))
            if on_function
            else choice(value, optim.names(), "optimizer")
        )

    return click.option(
        "--optimizer",
        default=default,
        show_default=True,
        metavar="NAME",
        callback=checked(parse),
        help=f"the update rule; one of {', '.join(function_optimizers() if on_function else optim.names())}",
    )


def lr_option(default: str | None = None) -> Decorator:
    return click.option(
        "--lr",
        default=default,
        metavar="FLOAT|auto",
        callback=checked(parse_lr),
        show_default=True if default is not None else "the optimizer's default",
        help="learning rate; 'auto' picks one (1/L from the curvature at x0 for "
        "gd, sgd, momentum and nesterov; a backtracking probe of the first "
        "step for the others)",
    )
