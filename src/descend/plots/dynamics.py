"""The training dynamics of one run: loss, metric, learning rate, gradient norm and
update-to-weight ratio, a panel each, with the doctor's findings marked."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ._common import METRIC_LABEL, METRICS, finish, integer_ticks, spans_decades

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn, not with descend
    from matplotlib.figure import Figure

__all__ = ["training"]

_FINDING_COLOR = {"converged": "C2"}  # every other kind of finding is drawn in red
_LEGEND_MAX_LAYERS = 8  # more layers than this: no legend on the ratio panel


def training(history: Any, path: str | os.PathLike | None = None, diagnoses: Sequence[Any] | None = None) -> Figure:
    """The training dynamics of a :class:`descend.History`, a panel each:

    - training and validation loss per epoch (log scale when positive and spanning more than
      a decade);
    - the metric (accuracy or R²) per epoch, training and validation;
    - the learning rate per step, a line per parameter group;
    - the global gradient norm per step (log scale);
    - the update-to-weight ratio :math:`\\|\\Delta\\theta\\| / \\|\\theta\\|` of each parameter
      tensor at the sampled steps (log scale).

    The doctor's findings (``history.diagnoses`` unless ``diagnoses`` is given) are drawn as
    vertical lines labelled with their kind: at their step on the per-step panels, at that
    step's epoch on the per-epoch ones. A panel without data is left out.

    >>> import tempfile, descend as ds
    >>> h = ds.train("softmax", "iris", lr=0.05, epochs=5, progress=False)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     fig = training(h, path=f"{tmp}/training.png")
    >>> [ax.get_title() for ax in fig.axes]
    ['loss', 'accuracy', 'learning rate', 'gradient norm', 'update / weight ratio']
    """
    from matplotlib.figure import Figure

    findings = list(history.diagnoses if diagnoses is None else diagnoses)
    steps, epochs = history.steps, history.epochs
    panels: list[Callable[[Any], str]] = []
    epoch_x = epochs.get("epoch") or list(range(len(epochs.get("loss", []))))
    if epochs.get("loss") or epochs.get("val_loss"):
        panels.append(lambda ax: _loss_panel(ax, epoch_x, epochs))
    metric = next((m for m in METRICS if epochs.get(m) or epochs.get(f"val_{m}")), None)
    if metric is not None:
        panels.append(lambda ax: _metric_panel(ax, epoch_x, epochs, metric))
    if steps.get("lr"):
        panels.append(lambda ax: _lr_panel(ax, steps))
    if any(math.isfinite(g) and g > 0 for g in steps.get("grad_norm", [])):
        panels.append(lambda ax: _grad_norm_panel(ax, steps))
    if history.update_ratios:
        panels.append(lambda ax: _ratio_panel(ax, history.update_ratios))
    if not panels:
        raise ValueError("the history has nothing to draw: no epoch and no step was recorded")
    cols = 1 if len(panels) == 1 else 2
    rows = math.ceil(len(panels) / cols)
    fig = Figure(figsize=(5.5 * cols, 3.3 * rows), layout="constrained")
    for i, draw in enumerate(panels):
        ax = fig.add_subplot(rows, cols, i + 1)
        per = draw(ax)
        marks = {}
        for d in findings:
            if d.step is None:
                continue
            x = d.step if per == "step" else _epoch_of_step(history, d.step)
            if x is not None:
                marks.setdefault(x, []).append(d.kind)
        for x, kinds in marks.items():
            _mark(ax, x, kinds)
    return finish(fig, path)


def _loss_panel(ax, epoch_x, epochs) -> str:
    train, val = epochs.get("loss", []), epochs.get("val_loss", [])
    if train:
        ax.plot(epoch_x[: len(train)], train, color="C0", label="training")
    if val:
        ax.plot(epoch_x[: len(val)], val, color="C1", label="validation")
    if spans_decades([*train, *val]):
        ax.set_yscale("log")
    ax.set(title="loss", xlabel="epoch", ylabel="loss")
    integer_ticks(ax)
    ax.legend(fontsize="small")
    return "epoch"


def _metric_panel(ax, epoch_x, epochs, metric) -> str:
    for key, color, label in ((metric, "C0", "training"), (f"val_{metric}", "C1", "validation")):
        if epochs.get(key):
            ax.plot(epoch_x[: len(epochs[key])], epochs[key], color=color, label=label)
    ax.set(title=METRIC_LABEL[metric], xlabel="epoch", ylabel=METRIC_LABEL[metric])
    integer_ticks(ax)
    ax.legend(fontsize="small")
    return "epoch"


def _lr_panel(ax, steps) -> str:
    rates = np.array([np.atleast_1d(row) for row in steps["lr"]], dtype=float)
    x = steps["step"][: len(rates)]
    for g in range(rates.shape[1]):
        ax.plot(x, rates[:, g], color=f"C{g}", label=f"group {g}" if rates.shape[1] > 1 else None)
    if spans_decades(rates.ravel()):
        ax.set_yscale("log")
    ax.set(title="learning rate", xlabel="step", ylabel="lr")
    if rates.shape[1] > 1:
        ax.legend(fontsize="small")
    return "step"


def _grad_norm_panel(ax, steps) -> str:
    norms = steps["grad_norm"]
    ax.plot(steps["step"][: len(norms)], norms, color="C0", lw=1)
    ax.set(title="gradient norm", xlabel="step", ylabel="‖∇L‖", yscale="log")
    return "step"


def _ratio_panel(ax, rows) -> str:
    names = [k for k in rows[0] if k != "step"]
    x = [row["step"] for row in rows]
    for i, name in enumerate(names):
        ax.plot(x, [row.get(name, math.nan) for row in rows], marker="o", ms=3, lw=1, color=f"C{i % 10}", label=name)
    ax.set(title="update / weight ratio", xlabel="step", ylabel="‖Δθ‖ / ‖θ‖", yscale="log")
    if len(names) <= _LEGEND_MAX_LAYERS:
        ax.legend(fontsize="x-small")
    return "step"


def _epoch_of_step(history, step: int) -> int | None:
    """The epoch in which optimizer step ``step`` (1-based) happened, as far as recorded."""
    step_epochs = history.steps.get("epoch", [])
    if not step_epochs or step < 1:
        return None
    epoch = step_epochs[min(step, len(step_epochs)) - 1]
    recorded = history.epochs.get("epoch")
    return min(epoch, recorded[-1]) if recorded else epoch


def _mark(ax, x, kinds: list[str]) -> None:
    color = _FINDING_COLOR.get(kinds[0], "C3") if len(set(kinds)) == 1 else "C3"
    ax.axvline(x, color=color, ls="--", lw=1, gid="finding")
    ax.text(
        x,
        0.98,
        " " + ", ".join(dict.fromkeys(kinds)),
        transform=ax.get_xaxis_transform(),
        rotation=90,
        va="top",
        ha="right",
        fontsize=7,
        color=color,
    )
