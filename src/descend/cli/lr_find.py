"""``descend lr-find``: the learning-rate range test on a data set and model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from .. import plots
from ..lr_find import lr_find
from ..training.data.checks import DEFAULT_BATCH_SIZE
from ._app import Failure
from ._cli_words import cli_words
from ._options import (
    checked,
    hidden_option,
    hyper_option,
    model_options_from,
    optimizer_option,
    setting,
    standardize_option,
)
from ._parsers import parse_picture
from ._resolve import resolve
from ._settings import RunConfig
from ._tables import fields, number

__all__ = ["lr_find_command"]


@click.command("lr-find", short_help="Run the LR range test and suggest a learning rate.")
@setting("data", required=True)
@setting("target")
@standardize_option()
@setting("model", required=True)
@hidden_option()
@setting("loss")
@optimizer_option("adam")
@hyper_option()
@setting(
    "batch_size",
    default="32",
    shown="32; the full batch for lbfgs or rprop",
    metavar="full|1|N",
    help="'full' (full-batch), 1 (stochastic) or N (mini-batch): the batch the range test steps on",
)
@setting("seed")
@setting("device")
@click.option(
    "--start",
    type=click.FloatRange(min=0, min_open=True),
    default=1e-7,
    show_default=True,
    help="the first learning rate of the range",
)
@click.option(
    "--end",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="the last learning rate of the range",
)
@click.option(
    "--num", type=click.IntRange(min=5), default=100, show_default=True, help="steps (learning rates) in the range"
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=checked(parse_picture),
    default=Path("lr_find.png"),
    show_default=True,
    help="where the range-test curve goes; a file named with --plot is replaced, the default one never",
)
@click.pass_context
def lr_find_command(ctx: click.Context, start: float, end: float, num: int, plot: Path, **options: Any) -> None:
    """Run the LR range test: train with a learning rate growing from --start to --end and
    suggest the one where the loss falls fastest (Smith, 2017). The model's weights are
    put back after the test.

    \b
    Example:
      descend lr-find --data digits --model mlp --optimizer adam --batch-size 32
    """
    if start >= end:
        raise click.BadParameter(f"must be below --end ({end:g}), got {start:g}", param_hint="'--start'")
    settings = model_options_from({k: v for k, v in options.items() if v is not None})
    config = resolve(RunConfig, [("command line", settings)], files=False)
    if config.batch_size == "auto":
        raise click.BadParameter(
            "the range test steps on one batch size: give 'full' or an integer >= 1, got 'auto' "
            "(descend train --lr auto --batch-size auto runs it at the batch it picks)",
            param_hint="'--batch-size'",
        )
    if ctx.get_parameter_source("plot") is ParameterSource.DEFAULT and plot.exists():
        raise Failure(
            f"{plot} already exists; nothing was changed. Name the file with --plot (--plot {plot} replaces it)"
        )
    found = lr_find(
        config.model,
        config.data,
        loss=config.loss,
        optimizer=config.optimizer,
        start=start,
        end=end,
        num=num,
        batch_size=DEFAULT_BATCH_SIZE  # lr_find's own default: the full batch for lbfgs and rprop
        if ctx.get_parameter_source("batch_size") is ParameterSource.DEFAULT
        else config.batch_size,
        seed=config.seed,
        device=config.device,
        target=config.target,
        standardize=config.standardize,
        model_options=config.model_options,
        **config.hyper,
    )
    plot.parent.mkdir(parents=True, exist_ok=True)
    plots.lr_find(found, plot)
    if found.suggestion is None:
        options_here = {name for param in ctx.command.params for name in param.opts if name.startswith("--")}
        click.echo(f"no suggestion: {cli_words(found.reason, options_here)}")
        rows = []
    else:
        rows = [("suggestion", number(found.suggestion, 3)), ("rule", found.rule)]
    click.echo(fields([*rows, ("range test", found.stopped_because), ("plot", str(plot))]))
