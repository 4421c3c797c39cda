"""``descend minimize``: gradient descent, or a quasi-Newton method, on a test function or the
user's own function."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import click
import torch

from .. import plots, schedules
from ..functions import TestFunction
from ..minimize import minimize
from ..minimize.quasi_newton import METHODS as LINE_SEARCH_METHODS
from ..minimize.quasi_newton import line_search_optimizer
from ._functions import load_function
from ._options import (
    FUNCTION_HELP,
    check_hyper,
    check_pictured,
    check_surface,
    checked,
    function_start,
    hyper_option,
    lr_option,
    optimizer_option,
)
from ._parsers import parse_animation, parse_floats, parse_picture, parse_schedule
from ._tables import fields, findings, number

__all__ = ["minimize_command", "function_options", "to_tolerance"]

METHODS = ["gd", "lbfgs", "bfgs", "cg"]  # gd: gradient descent with --optimizer


def function_options(command: Any) -> Any:
    """The options ``minimize`` and ``compare`` share for a function."""
    for decorator in reversed(
        [
            click.option(
                "--x0",
                "x0",
                default=None,
                metavar="X,Y,...",
                callback=checked(parse_floats),
                show_default="the function's classic start",
                help="the start point, e.g. --x0=-1.5,2 (write it with '=' when it begins with '-')",
            ),
            click.option(
                "--max-iter",
                type=click.IntRange(min=0),
                default=1000,
                show_default=True,
                help="the most optimizer steps",
            ),
            click.option(
                "--gtol",
                type=click.FloatRange(min=0),
                default=1e-5,
                show_default=True,
                help="stop when the gradient norm is at most this",
            ),
            hyper_option(),
        ]
    ):
        command = decorator(command)
    return command


@click.command(
    "minimize",
    epilog=FUNCTION_HELP,
    short_help="Minimize a test function, or your own, by gradient descent or a quasi-Newton method.",
)
@click.argument("function", metavar="FUNCTION", callback=checked(load_function))
@click.option(
    "--method",
    type=click.Choice(METHODS, case_sensitive=False),
    default="gd",
    show_default=True,
    help="gd: gradient descent with --optimizer; lbfgs, bfgs, cg: L-BFGS, BFGS or nonlinear conjugate "
    "gradient, each with a strong-Wolfe line search (they take no --optimizer, --lr, --line-search or "
    "--schedule; --hyper history_size=N for lbfgs)",
)
@optimizer_option("gd", on_function=True)
@lr_option()
@function_options
@click.option(
    "--ftol",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    help="stop when the relative change of f is at most this (0: off)",
)
@click.option(
    "--xtol",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    help="stop when the step is at most this long (0: off)",
)
@click.option(
    "--line-search",
    type=click.Choice(["none", "armijo"], case_sensitive=False),
    default="none",
    show_default=True,
    help="backtracking line search along each step",
)
@click.option(
    "--schedule",
    default="constant",
    show_default=True,
    metavar="NAME",
    callback=checked(parse_schedule),
    help=f"learning-rate schedule over --max-iter; one of {', '.join(schedules.run_names())}",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=checked(parse_picture),
    default=None,
    help="save the trajectory on the function's contour (2-D) or curve (1-D); a file of that name is replaced",
)
@click.option("--surface", is_flag=True, default=False, help="add a 3-D surface to --plot")
@click.option(
    "--animate",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=checked(parse_animation),
    default=None,
    help="save the trajectory as an animation (.gif, or .mp4 with ffmpeg); a file of that name is replaced",
)
def minimize_command(
    function: TestFunction,
    method: str,
    optimizer: str,
    lr: Any,
    x0: list[float] | None,
    max_iter: int,
    gtol: float,
    hyper: dict[str, Any],
    ftol: float,
    xtol: float,
    line_search: str,
    schedule: str | None,
    plot: Path | None,
    surface: bool,
    animate: Path | None,
) -> None:
    """Minimize FUNCTION by gradient descent, or by --method lbfgs, bfgs or cg, from --x0 (in
    float64).

    \b
    Examples:
      descend minimize rosenbrock --optimizer momentum --lr 1e-3 --x0=-1.5,2 --plot path.png
      descend minimize my_functions.py:bowl --optimizer adam --lr auto --x0=3,4
      descend minimize rosenbrock --method lbfgs
    """
    check_surface(surface, plot)
    fn, x = function_start(function, x0)
    method, named = method.lower(), f"--method {method.lower()}"
    if method == "gd" and optimizer.lower() in LINE_SEARCH_METHODS:  # as minimize(optimizer="lbfgs"): the method
        method, optimizer, named = optimizer.lower(), "gd", f"--optimizer {optimizer}"
    if method == "gd":
        check_hyper([optimizer], hyper)
    else:
        _check_method(method, optimizer, lr, line_search, schedule, hyper, named)
    check_pictured(x.numel(), plot, surface, animate)
    res = minimize(
        fn,
        x,
        method=None if method == "gd" else method,
        optimizer=optimizer,
        lr=lr,
        max_iter=max_iter,
        gtol=gtol,
        ftol=ftol,
        xtol=xtol,
        line_search=None if line_search == "none" else line_search,
        schedule=schedule,
        **hyper,
    )
    lr_used = res.history.lr[0] if len(res.history.lr) > 1 else lr
    how = [("method", method)] if method != "gd" else []
    how = how or [("optimizer", optimizer), ("lr", number(lr_used) + (" (auto)" if lr == "auto" else ""))]
    click.echo(
        fields(
            [
                ("function", fn.description if fn.minima == () else fn.name),
                *how,
                ("x", "[" + ", ".join(f"{v:.6g}" for v in res.x.flatten().tolist()) + "]"),
                ("f(x)", f"{res.fun:.6g}"),
                ("gradient norm", f"{res.grad_norm:.3g}"),
                ("iterations", res.nit),
                ("status", f"{res.status} ({'converged' if res.converged else 'not converged'})"),
                ("message", res.message),
            ]
        )
    )
    findings(res.diagnoses)
    if plot is not None:
        plots.trajectories(fn, {optimizer if method == "gd" else method: res}, plot, surface=surface)
        click.echo(f"plot: {plot}")
    if animate is not None:
        click.echo(f"animation: {plots.animate(fn, res, animate)}")


def _check_method(
    method: str, optimizer: str, lr: Any, line_search: str, schedule: str | None, hyper: dict, named: str
) -> None:
    """A quasi-Newton ``method`` (``named`` as the user gave it: ``--method lbfgs`` or
    ``--optimizer lbfgs``) came without gradient-descent options, and with ``--hyper`` options
    it takes: a usage error (exit code 2) otherwise."""
    given = [("--optimizer", optimizer != "gd"), ("--lr", lr is not None), ("--line-search", line_search != "none")]
    extra = [name for name, there in [*given, ("--schedule", schedule is not None)] if there]
    if extra:
        raise click.UsageError(
            f"{named} searches its own step (strong Wolfe) along its own direction; "
            f"{', '.join(extra)} {'is' if len(extra) == 1 else 'are'} for --method gd only"
        )
    try:
        line_search_optimizer(method, torch.zeros(1, requires_grad=True), hyper)
    except (TypeError, ValueError) as err:
        raise click.BadParameter(str(err), param_hint="'--hyper'") from None


def to_tolerance(losses: Any, minimum: float, tol: float) -> int | None:
    """The first iteration whose loss is within ``tol`` of ``minimum`` (``None``: never).

    >>> to_tolerance([3.0, 1.0, 0.01, 0.0], 0.0, 0.1)
    2
    """
    if not math.isfinite(minimum):
        return None
    for k, value in enumerate(losses):
        if value - minimum <= tol:
            return k
    return None
