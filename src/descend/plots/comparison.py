"""Several runs on one figure, and the learning-rate range test."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..minimize import Result
from ._common import (
    METRIC_LABEL,
    METRICS,
    check_history,
    epoch_line,
    finish,
    integer_ticks,
    row_axis,
    row_positions,
)
from .marks import mark_non_finite, mark_zeros, spans_decades, without_zeros

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn, not with descend
    from matplotlib.figure import Figure

__all__ = ["curves", "lr_find"]


def curves(histories: Mapping[str, Any], path: str | os.PathLike | None = None) -> Figure:
    """Several runs' curves on one figure, a colour per run: the loss per epoch (training
    solid, validation dashed; log scale when positive (but for zeros) and spanning more than a
    decade) and, when the runs have one, the metric per epoch. The legend names the runs.

    Rows that evaluations closed (:meth:`descend.watch.Monitor.evaluated`, every N updates)
    are drawn at their step on an axis named step. When one run has such rows, every run is
    drawn against steps, an epoch's row at its last update, so that the runs line up on one
    axis (rather than an epoch of one run at an evaluation of another).

    >>> import descend as ds
    >>> runs = {name: ds.train("softmax", "iris", optimizer=name, lr=0.05, epochs=4, progress=False)
    ...         for name in ("sgd", "adam")}
    >>> fig = curves(runs)
    >>> [len(ax.get_lines()) for ax in fig.axes]   # training and validation, per run
    [4, 4]

    The runs may instead be :func:`descend.minimize` results, to compare optimizers on one
    function: then ``f`` per iteration (row 0 the start), log scale when positive (but for
    zeros) and spanning more than a decade.

    >>> f = ds.functions.rosenbrock
    >>> fig = curves({name: ds.minimize(f, f.start, optimizer=name, lr=1e-3, max_iter=50)
    ...               for name in ("gd", "momentum")})
    >>> fig.axes[0].get_xlabel(), fig.axes[0].get_yscale()
    ('iteration', 'log')
    """
    from matplotlib.figure import Figure

    if not isinstance(histories, Mapping):
        raise TypeError(
            "curves takes a mapping of names to runs, such as {'sgd': h1, 'adam': h2} (the names "
            f"label the legend), got {type(histories).__name__}"
        )
    if not histories:
        raise ValueError("curves needs at least one run: a mapping name -> History")
    descents = [name for name, h in histories.items() if isinstance(h, Result)]
    if descents and len(descents) < len(histories):
        others = [name for name in histories if name not in descents]
        raise TypeError(
            f"curves draws either minimize Results (f per iteration) or Histories (loss per epoch), not both: "
            f"{', '.join(map(repr, descents))} minimize, {', '.join(map(repr, others))} not"
        )
    if descents:
        return _iteration_curves(histories, path)
    for name, h in histories.items():
        check_history(h, f"curves (run {name!r})")
        if not h.epochs.get("loss"):
            raise ValueError(
                f"curves draws each run's loss per epoch, but run {name!r} recorded none "
                "(descend.plots.training(history) draws a run's per-step logs)"
            )
    metric = next((m for m in METRICS for h in histories.values() if h.epochs.get(m) or h.epochs.get(f"val_{m}")), None)
    fig = Figure(figsize=(11 if metric else 6, 4), layout="constrained")
    loss_ax = fig.add_subplot(1, 2 if metric else 1, 1)
    metric_ax = fig.add_subplot(1, 2, 2) if metric else None
    row = row_axis(histories.values())
    log = spans_decades(
        [v for h in histories.values() for key in ("loss", "val_loss") for v in h.epochs.get(key, [])], zeros=True
    )
    for i, (name, h) in enumerate(histories.items()):
        color = f"C{i % 10}"
        row_x = row_positions(h, row)
        for ax, keys in ((loss_ax, ("loss", "val_loss")), (metric_ax, (metric, f"val_{metric}"))):
            if ax is None:
                continue
            for key, style in zip(keys, ("-", "--")):
                values = h.epochs.get(key, [])
                if values:
                    x = row_x[: len(values)]
                    shown = without_zeros(values, log and ax is loss_ax)
                    epoch_line(ax, x, shown, style, color=color, label=name if style == "-" else None)
                    if ax is loss_ax:
                        mark_non_finite(ax, x, values, color, f"{name}: {key}", validation=style == "--")
                        if log:
                            mark_zeros(ax, x, values, color, f"{name}: {key}")
    if log:
        loss_ax.set_yscale("log")
    loss_ax.set(title="loss (dashed: validation)", xlabel=row, ylabel="loss")
    if metric_ax is not None:
        metric_ax.set(title=f"{METRIC_LABEL[metric]} (dashed: validation)", xlabel=row, ylabel=METRIC_LABEL[metric])
    for ax in filter(None, (loss_ax, metric_ax)):
        integer_ticks(ax)
        ax.legend(fontsize="small")
    return finish(fig, path)


def _iteration_curves(results: Mapping[str, Any], path: str | os.PathLike | None) -> Figure:
    """:func:`curves` of :func:`descend.minimize` results: ``f`` per iteration, a colour per run."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 4), layout="constrained")
    ax = fig.add_subplot()
    log = spans_decades([v for res in results.values() for v in res.history.loss.tolist()], zeros=True)
    for i, (name, res) in enumerate(results.items()):
        values = res.history.loss.tolist()
        x = list(range(len(values)))
        epoch_line(ax, x, without_zeros(values, log), "-", color=f"C{i % 10}", label=name)
        mark_non_finite(ax, x, values, f"C{i % 10}", f"{name}: f")
        if log:
            mark_zeros(ax, x, values, f"C{i % 10}", f"{name}: f")
    if log:
        ax.set_yscale("log")
    ax.set(title="f per iteration", xlabel="iteration", ylabel="f")
    integer_ticks(ax)
    ax.legend(fontsize="small")
    return finish(fig, path)


def lr_find(result: Any, path: str | os.PathLike | None = None) -> Figure:
    """The learning-rate range test of :func:`descend.lr_find`: loss against learning rate,
    with the suggestion marked (drawn by :meth:`descend.LRFinderResult.plot`).

    >>> import descend as ds
    >>> found = ds.lr_find("softmax", "iris", num=30, batch_size=16)
    >>> fig = lr_find(found)
    >>> fig.axes[0].get_xscale()
    'log'
    """
    from matplotlib.figure import Figure

    if not (hasattr(result, "lrs") and hasattr(result, "plot")):
        raise TypeError(
            "lr_find draws the result of descend.lr_find (a run with lr='auto' keeps one in "
            f"History.lr_finder), got {type(result).__name__}"
        )
    fig = Figure(figsize=(6, 4), layout="constrained")
    result.plot(fig.add_subplot())
    return finish(fig, path)
