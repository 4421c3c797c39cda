"""``descend compare``: several optimizers on one function, or on one data set and model."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click
import torch
from click.core import ParameterSource

from .. import optim, plots
from .._plural import counted
from ..functions import TestFunction
from ..minimize import minimize
from ..minimize.quasi_newton import METHODS
from ..train import train
from ..training.run_folder import run_outcome, with_non_finite
from ._app import Failure, error_line, long_options
from ._functions import load_function
from ._options import (
    FUNCTION_HELP,
    check_hyper,
    check_pictured,
    check_surface,
    checked,
    function_optimizer,
    function_start,
    hidden_option,
    model_options_from,
    optimizer_names,
    setting,
    typed,
)
from ._parsers import parse_lr, parse_picture
from ._resolve import resolve
from ._run_folder import holds_files, prepared_data, rebuild
from ._settings import RunConfig
from ._tables import findings, number, table
from .minimize import function_options, to_tolerance
from .train import StartingRate, default_batch, run_training

__all__ = ["compare_command"]

_FUNCTION_OPTIMIZERS = "gd,momentum,nesterov,adam,rmsprop"
_DATA_OPTIMIZERS = "sgd,adam"
_FUNCTION_ONLY = ("x0", "max_iter", "gtol", "tol", "surface")
_DATA_ONLY = ("data", "target", "val_data", "model", "hidden", "loss", "batch_size", "epochs", "seed", "device", "out")


@click.command(
    "compare", epilog=FUNCTION_HELP, short_help="Compare optimizers on a function, or on a data set and model."
)
@click.argument("function", metavar="[FUNCTION]", required=False, callback=checked(load_function))
@click.option(
    "--optimizers",
    default=None,
    metavar="NAME,NAME,...",
    callback=checked(optimizer_names),
    show_default=f"{_FUNCTION_OPTIMIZERS} (a function), {_DATA_OPTIMIZERS} (a data set)",
    help="the optimizers to compare",
)
@click.option(
    "--lr",
    default="auto",
    show_default=True,
    metavar="FLOAT|auto",
    callback=checked(parse_lr),
    help="one learning rate for all, or 'auto': each optimizer's own (curvature or "
    "probe for a function, LR range test for a data set)",
)
@function_options
@click.option(
    "--tol",
    type=click.FloatRange(min=0),
    default=1e-6,
    show_default=True,
    help="'iters to tol' counts the iterations until f - f* <= tol (f* known) or --gtol holds (your own function)",
)
@setting("data", help="compare on a data set (a built-in name or PATH.csv) instead of a function")
@setting("target")
@setting("val_data")
@setting("model")
@hidden_option()
@setting("loss")
@setting("batch_size", default="32")
@setting("epochs")
@setting("seed")
@setting("device")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="with --data: write a run folder per optimizer into OUT/NAME, and the curves "
    "to OUT/curves.png; OUT must be new or empty",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=checked(parse_picture),
    default=None,
    show_default="OUT/curves.png with --out, else none",
    help="save the trajectories on one contour plot (a function) or the training "
    "curves on one plot (a data set); a file of that name is replaced",
)
@click.option("--surface", is_flag=True, default=False, help="add a 3-D surface to --plot (a function)")
@click.pass_context
def compare_command(
    ctx: click.Context, function: TestFunction | None, optimizers: list[str] | None, **options: Any
) -> None:
    """Run several optimizers on FUNCTION, or train a model with each on --data; print a table.

    \b
    Examples:
      descend compare rosenbrock --optimizers gd,momentum,nesterov,adam,rmsprop --plot paths.png
      descend compare --data digits --model mlp --optimizers sgd,adam --epochs 5
    """
    given = set(typed(ctx, ctx.params))
    if (function is None) == (options["data"] is None):
        raise click.UsageError("give a FUNCTION or --data (with --model), not both or neither", ctx=ctx)
    if function is not None:
        _no_options(ctx, given & set(_DATA_ONLY), "a data set (--data)")
        _compare_functions(function, optimizers or optimizer_names(_FUNCTION_OPTIMIZERS), options)
    else:
        _no_options(ctx, given & set(_FUNCTION_ONLY), "a FUNCTION")
        methods = [name for name in optimizers or [] if name in METHODS and name not in optim.names()]
        if methods:
            raise click.BadParameter(
                f"{', '.join(methods)}: quasi-Newton {'methods' if len(methods) > 1 else 'method'} of descend "
                "minimize, for a FUNCTION; on a data set give optimizers of descend train (lbfgs among them)",
                param_hint="'--optimizers'",
            )
        _compare_training(ctx, optimizers or optimizer_names(_DATA_OPTIMIZERS), options)


def _no_options(ctx: click.Context, names: set[str], what: str) -> None:
    if names:
        listed = ", ".join("--" + n.replace("_", "-") for n in sorted(names))
        raise click.UsageError(
            f"{listed} only {'applies' if len(names) == 1 else 'apply'} when comparing on {what}", ctx=ctx
        )


def _compare_functions(spec: TestFunction, optimizers: list[str], options: dict[str, Any]) -> None:
    plot = options["plot"]
    check_surface(options["surface"], plot)
    fn, x0 = function_start(spec, options["x0"])
    for name in optimizers:
        try:
            function_optimizer(name)
        except ValueError as err:
            raise click.BadParameter(str(err), param_hint="'--optimizers'") from None
    check_hyper(optimizers, options["hyper"])
    check_pictured(x0.numel(), plot, options["surface"])
    results, rows = {}, []
    for name in optimizers:
        start = time.perf_counter()
        res = minimize(
            fn,
            x0,
            optimizer=name,
            lr=None if name in METHODS else options["lr"],  # lbfgs searches its own step
            max_iter=options["max_iter"],
            gtol=options["gtol"],
            **options["hyper"],
        )
        seconds = time.perf_counter() - start
        results[name] = res
        reached = to_tolerance(res.history.loss, fn.minimum_value, options["tol"])
        if reached is None and not fn.minima and res.converged:
            reached = res.nit
        rows.append(
            [
                name,
                "searched" if name in METHODS else number(res.history.lr[0] if res.nit else None, 3),
                f"{res.fun:.4g}",
                "-" if reached is None else str(reached),
                str(res.nit),
                f"{seconds * 1e3:.0f}",
                f"{'yes' if res.converged else 'no'} ({res.status})",
            ]
        )
    click.echo(
        f"{fn.name} from x0 = {[round(v, 6) for v in x0.tolist()]}, at most {counted(options['max_iter'], 'iteration')}\n"
    )
    click.echo(table(["optimizer", "lr", "final loss", "iters to tol", "iterations", "ms", "converged"], rows))
    if plot is not None:
        plots.trajectories(fn, results, plot, surface=options["surface"])
        click.echo(f"\nplot: {plot}")


def _compare_training(ctx: click.Context, optimizers: list[str], options: dict[str, Any]) -> None:
    keys = ("data", "target", "val_data", "model", "hidden", "loss", "batch_size", "epochs", "seed", "device")
    settings = model_options_from({k: options[k] for k in keys if options.get(k) is not None})
    chosen_batch = ctx.get_parameter_source("batch_size") is not ParameterSource.DEFAULT
    if not chosen_batch:
        settings.pop("batch_size", None)
    out, plot = options["out"], options["plot"]
    configs = {
        name: resolve(
            RunConfig,
            [("command line", {**settings, "optimizer": name, "lr": options["lr"], "hyper": options["hyper"]})],
            files=False,
        )
        for name in optimizers
    }  # every setting checked before anything is written
    if not chosen_batch:  # each run's batch as descend train takes it (lbfgs and rprop: the full batch)
        configs = {name: c.model_copy(update={"batch_size": default_batch(c)}) for name, c in configs.items()}
    _check_sparse_rules(configs)
    if out is not None:
        _check_new_folder(out)
        if plot is None:
            plot = out / "curves.png"
    histories, rows, failed = {}, [], {}
    for name, config in configs.items():
        start = time.perf_counter()
        try:
            if out is not None:
                history, summary, _ = run_training(config, out / name, progress=False, pictures=False)
                lr_used = summary["lr_used"]
            else:
                starting = StartingRate()
                history = train(**config.train_kwargs(), progress=False, callbacks=[starting])
                lr_used = starting.lr
        except Exception as err:  # the others' runs go on, and are shown: a later failure loses none
            if ctx.find_root().params.get("debug"):
                raise
            said = err.format_message() if isinstance(err, click.ClickException) else None
            failed[name] = said or error_line(err, long_options(ctx.command))
            continue
        seconds = time.perf_counter() - start
        histories[name] = history
        rows.append(_training_row(name, lr_used, history, seconds))
    if histories:
        _show_runs(histories, rows, plot, out)
    if failed:
        _refuse_failed(failed, len(configs))


def _refuse_failed(failed: dict[str, str], runs: int) -> None:
    """One error for the runs that failed (optimizer name -> its error line), each message once
    with the optimizers it stopped; alone where it stopped every run (the data's, say)."""
    by_line: dict[str, list[str]] = {}
    for name, line in failed.items():
        by_line.setdefault(line, []).append(name)
    if len(failed) == runs and len(by_line) == 1:
        raise Failure(next(iter(by_line)))
    others = " (the others' are shown above)" if len(failed) < runs else ""
    said = "; ".join(f"{', '.join(names)}: {line}" for line, names in by_line.items())
    raise Failure(f"{counted(len(failed), 'run')} of {runs} failed{others}: {said}")


def _check_sparse_rules(configs: dict[str, RunConfig]) -> None:
    """Refuse, before any run, an optimizer that takes sparse gradients only (``sparse_adam``)
    where the model's gradients are dense, as ``train`` would once the runs before it were done."""
    for name, config in configs.items():
        if optim.sparse_only(name):
            with torch.random.fork_rng():  # the runs' own seeding is untouched
                model, _ = rebuild(config, prepared_data(config))
            optim.refuse_sparse_rule_on_dense_gradients(name, model)


def _show_runs(histories: dict[str, Any], rows: list[list[str]], plot: Path | None, out: Path | None) -> None:
    """The table of the runs that finished, their doctors' findings and curves, and their folders."""
    metric = "val accuracy" if next(iter(histories.values())).task == "classification" else "val r2"
    click.echo(table(["optimizer", "lr", "final loss", "val loss", metric, "epochs", "s", "stopped by"], rows))
    for name, history in histories.items():
        if any(d.kind != "converged" for d in history.diagnoses):
            click.echo()
            findings(history.diagnoses, title=f"doctor ({name})")
    if plot is not None:
        plot.parent.mkdir(parents=True, exist_ok=True)
        plots.curves(histories, plot)
        click.echo(f"\nplot: {plot}")
    if out is not None:
        click.echo(f"run folders: {', '.join(str(out / n) for n in histories)}")


def _check_new_folder(out: Path) -> None:
    """Refuse an --out that already holds anything, as ``descend train`` does: the run folders
    and curves.png written into it would replace the files there."""
    if holds_files(out):
        raise Failure(
            f"{out} already holds files; nothing was changed. compare --out writes a "
            "new run folder per optimizer and curves.png into it: choose another --out "
            "(a new or empty folder)"
        )


def _training_row(name: str, lr: float, history: Any, seconds: float) -> list[str]:
    epochs = history.epochs
    last = {k: v[-1] for k, v in epochs.items() if v}
    shown = with_non_finite(run_outcome(history), history)  # an R² of fewer than 2 rows said undefined, not nan
    metric = shown.get("val_accuracy", shown.get("val_r2"))
    return [
        name,
        number(lr, 3),
        number(last.get("loss")),
        number(last.get("val_loss")),
        metric if isinstance(metric, str) else number(metric),
        str(len(history.loss)),
        f"{seconds:.1f}",
        history.stopped_because.split(":")[0],
    ]
