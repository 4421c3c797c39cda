"""The training dynamics of one run: loss, metric, learning rate, gradient norm,
update-to-weight ratio, stability ratio and gradient noise scale, a panel each, with the
doctor's findings marked."""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..training.cut_epoch import CutEpoch, cut_epoch
from ._common import (
    METRIC_LABEL,
    METRICS,
    check_history,
    epoch_line,
    finish,
    integer_ticks,
    row_axis,
    row_positions,
    short_repr,
)
from ._reading_panels import beyond_measure, noise_scale_panel, positive, stability_panel
from .marks import (
    cut_tail,
    loss_label,
    loss_line,
    mark_non_finite,
    mark_zeros,
    points_but_zeros,
    spans_decades,
    without_zeros,
)

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn, not with descend
    from matplotlib.figure import Figure

__all__ = ["training"]

# Every other kind of finding is drawn in red; batch-size advice (efficiency) in blue.
_FINDING_COLOR = {"converged": "C2", "batch_size": "C0"}
_LEGEND_MAX_LAYERS = 8  # more layers than this: no legend on the ratio panel


def training(history: Any, path: str | os.PathLike | None = None, diagnoses: Sequence[Any] | None = None) -> Figure:
    """The training dynamics of a :class:`descend.History`, a panel each:

    - training and validation loss per epoch (log scale when positive (but for zeros) and
      spanning more than a decade); per evaluation, at its step, where evaluations closed the rows
      (:meth:`descend.watch.Monitor.evaluated`, every N updates);
    - the metric (accuracy or R²) per epoch (or evaluation), training and validation;
    - the loss of each update's batch, labelled full-batch or mini-batch from the updates per
      epoch (log scale when it spans decades; a NaN or infinite one marked at the top);
    - the learning rate per step, a line per parameter group;
    - the global gradient norm per step (log scale);
    - the update-to-weight ratio :math:`\\|\\Delta\\theta\\| / \\|\\theta\\|` of each parameter
      tensor at the sampled steps (log scale; where none is positive, a note why: a rate of 0);
    - from the instruments (``history.instruments``, ``train(..., instruments=True)``), at the
      sampled steps: the stability ratio :math:`\\lambda_{max}` / threshold (log scale, e.g.
      :math:`\\lambda_{max} \\cdot lr / 2` for gradient descent; above the line at 1 a step is
      unstable along the sharpest direction: Cohen et al. 2021) and the gradient noise scale
      :math:`B_{simple} = tr(\\Sigma) / |G|^2` against the run's batch size (log scale;
      McCandlish et al. 2018). Readings that were not taken (NaN) are skipped; a noise scale
      beyond measure (inf: the probe's gradient lost in its noise) is marked ∞ in a band above the
      finite scale.

    The doctor's findings (``history.diagnoses`` unless ``diagnoses`` is given) are drawn as
    vertical lines labelled with their kind: at their step on the per-step panels, at that
    step's epoch on the per-epoch ones. A panel without data is left out.

    >>> import tempfile, descend as ds
    >>> h = ds.train("softmax", "iris", lr=0.05, epochs=5, progress=False)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     fig = training(h, path=f"{tmp}/training.png")
    >>> [ax.get_title() for ax in fig.axes]  # doctest: +NORMALIZE_WHITESPACE
    ['loss', 'accuracy', 'loss per step', 'learning rate', 'gradient norm', 'update / weight ratio',
     'stability ratio', 'gradient noise scale']
    >>> fig.axes[-2].get_legend_handles_labels()[1]  # Adam: (2+2β1)/((1-β1)lr) on the preconditioned λ_max
    ['λ_max·lr/38', 'stability threshold']
    """
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    check_history(history, "training")
    findings = list(history.diagnoses if diagnoses is None else _findings(diagnoses))
    steps, epochs = history.steps, history.epochs
    panels: list[Callable[[Any], str]] = []
    row = row_axis([history])
    epoch_x = row_positions(history, row)
    cut = cut_epoch(history)
    if epochs.get("loss") or epochs.get("val_loss"):
        panels.append(lambda ax: _loss_panel(ax, epoch_x, epochs, row, cut, history.scaling))
    metric = next((m for m in METRICS if epochs.get(m) or epochs.get(f"val_{m}")), None)
    if metric is not None:
        panels.append(lambda ax: _metric_panel(ax, epoch_x, epochs, metric, row, cut))
    if steps.get("loss"):
        label = loss_label(_step_loss_label(history, row, cut), history.scaling)
        panels.append(lambda ax: _step_loss_panel(ax, steps, label))
    if steps.get("lr"):
        panels.append(lambda ax: _lr_panel(ax, steps))
    if any(math.isfinite(g) and g > 0 for g in steps.get("grad_norm", [])):
        panels.append(lambda ax: _grad_norm_panel(ax, steps))
    # The sampled panels span the run's steps, as the per-step ones: a lone reading at the run's
    # last step was drawn on 57-63 of a 60-step run, as if the readings filled the run.
    span = _step_span(steps.get("step", []))
    if history.update_ratios:
        panels.append(lambda ax: _spanning(_ratio_panel(ax, history.update_ratios, steps), ax, span))
    readings = history.instruments
    if positive(readings, "stability"):
        panels.append(lambda ax: _spanning(stability_panel(ax, readings, steps), ax, span))
    if positive(readings, "noise_scale") or beyond_measure(readings):
        panels.append(lambda ax: _spanning(noise_scale_panel(ax, readings), ax, span))
    if not panels:
        raise ValueError("the history has nothing to draw: no epoch and no step was recorded")
    cols = 1 if len(panels) == 1 else 2
    rows = math.ceil(len(panels) / cols)
    fig = Figure(figsize=(5.5 * cols, 3.3 * rows), layout="constrained")
    for i, draw in enumerate(panels):
        ax = fig.add_subplot(rows, cols, i + 1)
        per = draw(ax)
        if per == "step":  # updates are counted: no tick at step 2.5 (a run of 20 full-batch steps had them)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
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


def _step_span(steps: list[Any]) -> tuple[float, float] | None:
    """The x range the per-step panels get from matplotlib (5% margins) for the run's ``steps``;
    ``None`` without two distinct ones."""
    known = [s for s in steps if isinstance(s, (int, float)) and math.isfinite(s)]
    if not known or max(known) == min(known):
        return None
    margin = 0.05 * (max(known) - min(known))
    return min(known) - margin, max(known) + margin


def _spanning(per: str, ax: Any, span: tuple[float, float] | None) -> str:
    """``ax`` over ``span``, and over its own data where they reach beyond it (in sight)."""
    if span is not None:
        low, high = ax.dataLim.intervalx
        ax.set_xlim(min(low, span[0]), max(high, span[1]))
    return per


def _findings(diagnoses: Any) -> list[Any]:
    """``diagnoses`` as a list of the doctor's findings; anything else is one error naming it
    (was "'int' object is not iterable", or an AttributeError on a finding's step)."""
    found = list(diagnoses) if isinstance(diagnoses, (list, tuple)) else None
    if found is None or not all(hasattr(d, "kind") and hasattr(d, "step") for d in found):
        raise TypeError(
            "diagnoses must be a list of the doctor's findings (descend.Diagnosis, as descend.diagnose(history) "
            f"returns them) or None for the history's own, got {short_repr(diagnoses)}"
        )
    return found


def _training_line(ax, x: list, values: list, cut: CutEpoch | None, **style: Any) -> None:
    """The training series per epoch; the last epoch's point, where the run stopped part of
    the way through it (``cut``), hollow at the end of a dotted segment and named: its value
    is the mean over those few batches, not over the training set."""
    if cut is None or len(values) < 2 or len(x) < len(values):
        epoch_line(ax, x[: len(values)], values, **style)
        return
    epoch_line(ax, x[: len(values) - 1], values[:-1], **style)
    cut_tail(
        ax, x[: len(values)], values, style["color"], f"epoch {cut.epoch}: {cut.steps} of {cut.full} steps (stopped)"
    )


def _loss_panel(ax, epoch_x, epochs, row: str, cut: CutEpoch | None = None, scaling: Any = None) -> str:
    train, val = epochs.get("loss", []), epochs.get("val_loss", [])
    log = spans_decades([*train, *val], zeros=True)
    for values, color, label in ((train, "C0", "training"), (val, "C1", "validation")):
        if values:
            # Validation is of the whole set, even in an epoch cut short: its line as it is.
            _training_line(ax, epoch_x, without_zeros(values, log), cut if label == "training" else None,
                           color=color, label=label)  # fmt: skip
            mark_non_finite(ax, epoch_x, values, color, f"{label} loss", validation=label == "validation")
            if log:
                mark_zeros(ax, epoch_x, values, color, f"{label} loss")
    if log:
        ax.set_yscale("log")
    ax.set(title="loss", xlabel=row, ylabel=loss_label("loss", scaling))
    integer_ticks(ax)
    ax.legend(fontsize="small")
    return row


def _metric_panel(ax, epoch_x, epochs, metric, row: str, cut: CutEpoch | None = None) -> str:
    if epochs.get(metric):
        _training_line(ax, epoch_x, epochs[metric], cut, color="C0", label="training")
    if epochs.get(f"val_{metric}"):
        epoch_line(ax, epoch_x[: len(epochs[f"val_{metric}"])], epochs[f"val_{metric}"], color="C1", label="validation")
    ax.set(title=METRIC_LABEL[metric], xlabel=row, ylabel=METRIC_LABEL[metric])
    integer_ticks(ax)
    ax.legend(fontsize="small")
    return row


def _step_loss_panel(ax, steps, label: str) -> str:
    """The loss of each update's batch: what the doctor reads for oscillation or a
    divergence within an epoch, and all there is of a run of one epoch (a dot per epoch)."""
    x, loss = steps["step"][: len(steps["loss"])], steps["loss"]
    loss_line(ax, x, loss, lw=0.8)
    ax.set(title="loss per step", xlabel="step", ylabel=label)
    if ax.get_legend_handles_labels()[0]:  # the marks'
        ax.legend(fontsize="x-small")
    return "step"


def _step_loss_label(history: Any, row: str, cut: CutEpoch | None) -> str:
    """What each update's loss was taken over, from the updates per epoch: one in every whole
    epoch, the full batch; more, a mini-batch (a full-batch or L-BFGS run's panel read
    'mini-batch loss'). The batch size does not say it: ``None`` is also a DataLoader's own
    batches, and a loop ``watch`` saw gives none. Without two whole epochs to count (rows that
    evaluations closed; a watched loop's one row, close() ending a loop that marked no epoch,
    may hold any updates; one cut short), the loss as given."""
    per_epoch = Counter(history.steps.get("epoch", [])[: len(history.steps["loss"])])
    if cut is not None:
        per_epoch.pop(cut.epoch, None)
    if row == "step" or len(per_epoch) < 2:
        return "loss"
    return "full-batch loss" if set(per_epoch.values()) == {1} else "mini-batch loss"


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
    """The global gradient norm per step on a log axis. A norm of exactly 0 (a saturated loss,
    a dead network) is left out of the line, which joins its neighbours, and marked at the
    foot: the line dived off the bottom of the picture there, as if the norm had plunged."""
    # The steps read (descend.watch samples them; NaN at the others: no gaps in the line).
    read = [(s, g) for s, g in zip(steps["step"], steps["grad_norm"]) if math.isfinite(g)]
    x, norms = [s for s, _ in read], [g for _, g in read]
    ax.plot(*points_but_zeros(x, norms), color="C0", lw=1)
    mark_zeros(ax, x, norms, "C0", "gradient norm")
    ax.set(title="gradient norm", xlabel="step", ylabel="‖∇L‖", yscale="log")
    if ax.get_legend_handles_labels()[0]:  # the zeros' mark
        ax.legend(fontsize="x-small")
    return "step"


def _ratio_panel(ax, rows, steps) -> str:
    """The update-to-weight ratio of each layer at its sampled steps, on a log axis; a ratio of
    exactly 0 (the first step of a warmup, rate 0) left out of the lines, which join its
    neighbours, and marked at the foot with why (the log axis clipped it, and the line from it
    drew vertical at the next reading); where no ratio is positive, a note saying so instead:
    matplotlib warned "Data has no positive values, and therefore cannot be log-scaled." and
    drew an empty panel."""
    from matplotlib.transforms import blended_transform_factory

    names = [k for k in rows[0] if k != "step"]
    x = [row["step"] for row in rows]
    ax.set(title="update / weight ratio", xlabel="step", ylabel="‖Δθ‖ / ‖θ‖")
    if not positive(rows, *names):
        for i, name in enumerate(names):
            ax.plot(x, [row.get(name, math.nan) for row in rows], marker="o", ms=3, lw=1, color=f"C{i % 10}")
        ax.text(0.5, 0.5, _unmoved(x, steps), transform=ax.transAxes, ha="center", va="center", fontsize="small")
        return "step"
    for i, name in enumerate(names):
        ratios = [row.get(name, math.nan) for row in rows]
        ax.plot(*points_but_zeros(x, ratios), marker="o", ms=3, lw=1, color=f"C{i % 10}", label=name)
    ax.set_yscale("log")
    zeros = sorted({row["step"] for row in rows for name in names if row.get(name) == 0})
    if zeros:
        why = "no step, lr = 0" if _rate_zero(zeros, steps) else "the update did not move the weights"
        foot = blended_transform_factory(ax.transData, ax.transAxes)
        ax.plot(zeros, [0.03] * len(zeros), "v", color="0.3", transform=foot, clip_on=False, ls="none",
                label=f"ratio 0 (below the log scale): {why}")  # fmt: skip
    if len(names) <= _LEGEND_MAX_LAYERS or zeros:
        ax.legend(fontsize="x-small")
    return "step"


def _rate_zero(sampled: list[int], steps: dict[str, list]) -> bool:
    """Whether every group's rate was 0 at each of the ``sampled`` steps (the first of a warmup)."""
    rates = dict(zip(steps.get("step", []), steps.get("lr", [])))
    return all(s in rates and all(float(r) == 0 for r in np.atleast_1d(rates[s])) for s in sampled)


def _unmoved(sampled: list[int], steps: dict[str, list]) -> str:
    """Why no update sampled for the ratio moved the weights: its rate was 0, or it was not
    (a zero or non-finite update)."""
    one = len(sampled) == 1
    at = f"step{'' if one else 's'} {', '.join(map(str, sampled))}"
    if _rate_zero(sampled, steps):
        return f"no ratio to show: the rate was 0 at {at}\n({'the only update' if one else 'the updates'} sampled)"
    return (
        f"no ratio to show: the update{'' if one else 's'} sampled at {at}\ndid not move the weights (0 or not finite)"
    )


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
