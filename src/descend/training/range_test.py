"""The learning-rate range test, on a prepared source and a module (the data and model a run
already holds), then its pilot runs (:mod:`.pilots`); :func:`descend.lr_find` is the public
way in. The curve is read (its suggestion, or why none) in :mod:`._range_curve`.

The test grows the learning rate exponentially over mini-batches through ``train``'s own
step and watches the smoothed loss (Smith, 2017, "Cyclical Learning Rates"; the finders of
fastai and pytorch-lightning do the same). Everything it touched — weights, buffers such as
batch-norm statistics, optimizer state, random generators, gradients, submodule modes, the
module's device — is put back as it was, even when it raises.
"""

from __future__ import annotations

import copy
import functools
import math
import os
import textwrap
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from .. import optim
from .._checks import InvalidArgument, number
from .._plural import counted
from ._range_curve import blew_up, probe_moved, ramp_moves, smooth, steepest_before_minimum, why_no_fall
from .clipping import check_clip
from .data import Source
from .losses import check_batch
from .pilots import choose_by_pilots, probe_loss, update

__all__ = ["LRFinderResult", "range_test", "RANGE_PROBE_EXAMPLES"]

_PROBE_SMOOTHING = 0.6  # smooth()'s beta for the probe-batch curve, which has little noise to remove
_RANGE_END = 4.0  # stop once the mini-batch losses' moving average exceeds its best (once probe_moved) by this factor (sign-safe)
_TITLE_WIDTH = 70  # characters a line of the picture's title holds (6 inches at medium size)
RANGE_PROBE_EXAMPLES = 1024  # examples in the fixed batch the curve is measured on


@dataclass(repr=False)
class LRFinderResult:
    r"""The range test's curve and what it suggests.

    ``suggestion`` is ``None`` when the curve gives no reliable answer; ``reason`` then says
    why. ``rule`` says how the suggestion was picked. Step :math:`k` trains at
    :math:`\eta_k = \eta_0 (\eta_{end} / \eta_0)^{k / (num - 1)}` (``lrs``) until the moving
    average of the mini-batch losses (``raw_losses``) blows up, or the loss goes non-finite, or
    ``num`` steps are done. ``losses``, the curve plotted and read for the suggestion, is the loss
    on a fixed probe batch after each step, smoothed.

    >>> import torch, descend as ds
    >>> X = torch.linspace(-1, 1, 64).unsqueeze(1)
    >>> found = ds.lr_find("linear", (X, 2 * X + 1), optimizer="sgd", num=40, batch_size=8)
    >>> len(found.lrs), found.lrs[0]
    (39, 1e-07)
    >>> print(found.stopped_because)  # the rule's curve, then the one plotted (found.losses)
    the mini-batch loss blew up: its moving average rose to 17.4 from a best of 1.3 (of raw_losses; the probe batch's curve plotted, losses, ended at 272, lowest 0.372) at lr=6.24
    >>> round(found.losses[-1]), round(min(found.losses), 3)
    (272, 0.372)
    >>> found.rule, round(found.suggestion, 2)
    ('steepest descent before the minimum', 0.37)
    >>> opt = torch.optim.SGD(torch.nn.Linear(1, 1).parameters(), lr=1.0)
    >>> found.apply(opt); round(opt.param_groups[0]["lr"], 2)
    0.37
    """

    lrs: list[float]
    losses: list[float]  # on the fixed probe batch after each step, smoothed
    raw_losses: list[float]  # of each training mini-batch
    suggestion: float | None
    rule: str
    reason: str
    stopped_because: str
    candidates: list[float] = field(default_factory=list)  # the pilot runs' learning rates
    pilot_losses: list[float] = field(default_factory=list)  # and their pilot losses (inf: diverged)
    probe_below: tuple[float, float] | None = None  # (rate, pilot loss) of the probe below the bracket
    pilot_steps: int = 0  # steps the finalists' pilots ran
    pilot_cost: int = 0  # training steps of all pilot runs together (the cost of the choice)
    stable_lr: float | None = None  # the largest rate stable along the top Hessian direction at the start
    curvature_ratio: float = 1.0  # the loss's curvature in the initial outputs / at zero outputs (at most 1)
    steepest_lr: float | None = None  # the curve's steepest-descent rate, before the pilots chose
    blowup_lr: float | None = None  # the last rate trained at when the loss blew up or went non-finite

    def warn_without_suggestion(self, who: str, optimizer: str, stacklevel: int, instead: str | None = None) -> None:
        """What ``lr="auto"`` (of ``who``) says when the curve gave no suggestion: why, and
        the rate used instead (``instead``; by default ``optimizer``'s default rate)."""
        if self.suggestion is None:
            instead = instead or f"{optimizer}'s default learning rate"
            warnings.warn(
                f"{who}: the range test gave no suggestion ({self.reason}); using {instead}",
                UserWarning,
                stacklevel=stacklevel + 1,
            )

    def __repr__(self) -> str:
        """The suggestion and the range in one line (the dataclass's listed every rate and loss).

        >>> LRFinderResult([1e-5, 1.0], [2.0, 1.0], [2.0, 1.0], 0.1, "steepest descent", "", "reached end=1")
        LRFinderResult(suggestion 0.1 by steepest descent; 2 rates from 1e-05 to 1; reached end=1)
        """
        found = f"suggestion {self.suggestion:.4g} by {self.rule}" if self.suggestion is not None else "no suggestion"
        why = f" ({self.reason})" if self.suggestion is None and self.reason else ""
        pilots = f"; {counted(len(self.candidates), 'pilot rate')}" if self.candidates else ""
        span = (
            f"{counted(len(self.lrs), 'rate')} from {self.lrs[0]:.4g} to {self.lrs[-1]:.4g}" if self.lrs else "no rates"
        )
        return f"LRFinderResult({found}{why}; {span}{pilots}; {self.stopped_because})"

    def apply(self, optimizer: torch.optim.Optimizer) -> None:
        """Set every param group's learning rate to the suggestion."""
        if self.suggestion is None:
            raise ValueError(f"no learning rate to apply: {self.reason}")
        for group in optimizer.param_groups:
            group["lr"] = self.suggestion

    def plot(self, ax: Any = None) -> Any:
        """Loss against learning rate (log scale), with the suggestion marked; returns the axes.
        Where the loss blew up past the descent (more than twice the descent above its start),
        the loss axis stops at the start plus half the descent, and the peak is said at the top.

        Draws on ``ax``, or on the axes of a new :class:`matplotlib.figure.Figure` made without
        ``pyplot`` (no window, no global list of open figures; ``ax.figure.savefig(path)``).
        """
        from matplotlib.figure import Figure  # matplotlib is imported when a picture is drawn

        if isinstance(ax, (str, os.PathLike)):  # was "'str' object has no attribute 'plot'"
            raise TypeError(
                f"plot draws on matplotlib axes (ax), got the file name {str(ax)!r}: "
                f"descend.plots.lr_find(result, {str(ax)!r}) draws the range test and saves it there"
            )
        if ax is None:
            ax = Figure(figsize=(6, 4)).add_subplot()
        ax.plot(self.lrs, self.raw_losses, color="0.75", lw=1, label="loss per batch")
        ax.plot(self.lrs, self.losses, color="C0", lw=2, label="smoothed")
        if self.suggestion is not None:
            ax.axvline(self.suggestion, color="C3", ls="--", label=f"suggestion {self.suggestion:.2g}")
        ax.set(xscale="log", xlabel="learning rate", ylabel="loss")
        # Wrapped: lr='auto''s rule (150 characters: 'successive halving of 6 pilot rates in ...') ran off
        # both sides of the picture on one line.
        ax.set_title(textwrap.fill(f"LR range test ({self.rule})", _TITLE_WIDTH), fontsize="medium")
        self._clip_blowup(ax)
        ax.legend()
        return ax

    def _clip_blowup(self, ax: Any) -> None:
        """Cut the loss axis where the curve blew up: its top at the descent's (the smoothed
        loss up to its minimum) plus half the descent, the rest off the top and each curve's peak said
        there. A blow-up to thousands had put the descent, where the suggestion is read, flat
        along the foot of a linear axis."""
        smoothed = np.asarray(self.losses, dtype=float)
        if not np.isfinite(smoothed).any():
            return
        low = int(np.nanargmin(np.where(np.isfinite(smoothed), smoothed, np.nan)))
        top, bottom = float(np.nanmax(smoothed[: low + 1])), float(smoothed[low])
        seen = np.asarray([*self.losses, *self.raw_losses], dtype=float)
        seen = seen[np.isfinite(seen)]
        descent = top - bottom
        if not descent > 0 or seen.max() <= top + 2 * descent:  # no descent (a curve that only rose): all of it
            return
        ax.set_ylim(min(bottom, float(seen.min())) - 0.1 * descent, top + 0.5 * descent)
        # Each curve's own peak, by the names of its legend: one number, the larger of the two,
        # read as the smoothed curve's beside a stop reason that quotes that curve's end.
        finite = {
            name: values[np.isfinite(values)]
            for name, values in (("per batch", np.asarray(self.raw_losses, dtype=float)), ("smoothed", smoothed))
        }
        peaks = [f"{name} to {values.max():.3g}" for name, values in finite.items() if values.size]
        ax.text(0.99, 0.97, f"the loss blew up beyond the top: {', '.join(peaks)}", transform=ax.transAxes,
                ha="right", va="top", fontsize="small", color="C3")  # fmt: skip


def range_test(
    module: torch.nn.Module,
    source: Source,
    loss_name: Any,
    loss_fn: Any,
    optimizer: Any = "adam",
    *,
    device: torch.device,
    seed: int = 0,
    start: float = 1e-7,
    end: float = 10.0,
    num: int = 100,
    budget: int | None = None,
    pilots: int = 6,
    clip: tuple[float | None, float | None] = (None, None),
    stable_lr: float | None = None,
    curvature_ratio: float = 1.0,
    **hyper: Any,
) -> LRFinderResult:
    """The range test of ``module`` on ``source`` (see :func:`descend.lr_find`, which prepares
    both from raw inputs and documents the rule), with pilot runs sized to ``budget`` steps
    when it is given. ``train(lr="auto")`` calls it on the data and model it already holds.
    ``stable_lr``: the stable rate of the rule at the initial weights
    (:func:`descend.lr_find.stable_lr` measures it, in a layer above this one); the pilots'
    bracket is widened to reach it. ``curvature_ratio``: how much of the loss's curvature in
    the model's outputs the initial outputs keep (:func:`descend.lr_find.output_curvature_ratio`);
    the bracket's floor from ``stable_lr`` is scaled by it.

    >>> import descend as ds
    >>> prepared = ds.training.prepare("iris", batch_size=16)
    >>> module = ds.training.build_model("softmax", 4, 3, task="classification")
    >>> found = range_test(module, prepared.train, "cross_entropy", ds.training.losses.get("cross_entropy"),
    ...                    "sgd", device=torch.device("cpu"), num=60)
    >>> found.suggestion is not None
    True
    """
    check_settings(start, end, num, budget, pilots, clip)
    dev = device
    with torch.random.fork_rng(devices=[dev] if dev.type == "cuda" else []):
        torch.manual_seed(seed)
        # Where the caller's model lives, each submodule's mode and each parameter's gradient,
        # as they were: all of it comes back.
        home = next((p.device for p in module.parameters()), dev)
        modes = [(m, m.training) for m in module.modules()]
        grads = [(p, None if p.grad is None else p.grad.detach().clone()) for p in module.parameters()]
        module.to(dev)
        opt = optim.build(optimizer, module.parameters(), **hyper)
        saved_model = copy.deepcopy(module.state_dict())
        saved_opt = copy.deepcopy(opt.state_dict())
        source = source.to(dev)

        def restore() -> None:
            module.load_state_dict(saved_model)
            opt.load_state_dict(saved_opt)
            torch.manual_seed(seed)

        try:
            lrs, raw, probed, why, blew_up = _range_test(
                module, opt, source, loss_name, loss_fn, check_batch, start, end, num, clip
            )
            smoothed = smooth(probed, _PROBE_SMOOTHING)
            # measured only where the loss never fell (a copy of every weight, twice, in float64)
            moves = functools.partial(ramp_moves, module, saved_model)
            no_fall = functools.partial(why_no_fall, lrs, probed, blew_up, opt, source, moves)
            suggestion, reason = steepest_before_minimum(lrs, smoothed, no_fall)
            found = LRFinderResult(lrs, smoothed, raw, suggestion, "steepest descent before the minimum", reason, why)
            found.stable_lr, found.curvature_ratio = stable_lr, curvature_ratio
            if blew_up and lrs:
                found.blowup_lr = lrs[-1]
            # Without a suggestion the pilots still run: their bracket is then read from the ramp's
            # last rate alone (pilots._bracket).
            if budget is not None and lrs:
                restore()
                probe = source.head(RANGE_PROBE_EXAMPLES)  # a fixed batch, the same after every step
                choose_by_pilots(found, module, opt, source, loss_fn, probe, budget, pilots, restore, clip)
        finally:
            module.to(home)  # first: the optimizer's state follows its parameters' device
            restore()
            for m, training in modes:
                m.training = training
            for p, g in grads:
                p.grad = g
    return found


def check_settings(start: Any, end: Any, num: Any, budget: Any, pilots: Any, clip: tuple[Any, Any]) -> None:
    """The range test's own settings, checked before any data is read."""
    _check_range(start, end, num)
    _check_budget(budget, pilots)
    check_clip(*clip)


def _check_budget(budget: int | None, pilots: int) -> None:
    number("budget", budget, integer=True, ge=1, none=True)
    number("pilots", pilots, integer=True, ge=2)


def _range_test(module, opt, source, loss_name, loss_fn, check_batch, start, end, num, clip):
    ratio = (end / start) ** (1 / max(num - 1, 1))
    base = [g["lr"] for g in opt.param_groups]
    scale = [b / base[0] if base[0] else 1.0 for b in base]
    lrs: list[float] = []
    raw: list[float] = []
    probed: list[float] = []
    probe = source.head(RANGE_PROBE_EXAMPLES)  # a fixed batch, the same after every step
    best = math.inf
    module.train()
    epoch, checked = 0, False
    while len(lrs) < num:
        for xb, yb in source.batches(epoch):
            lr = start * ratio ** len(lrs)
            for group, s in zip(opt.param_groups, scale):
                group["lr"] = lr * s
            out = module(xb)
            if not checked:
                check_batch(loss_name, out, yb)
                checked = True
            value = loss_fn(out, yb)
            v = value.item()
            if not math.isfinite(v):
                return lrs, raw, probed, f"the loss became {v} at lr={lr:.3g}", True
            lrs.append(lr)
            raw.append(v)
            smoothed = smooth(raw)[-1]
            if probe_moved(probed):
                best = min(best, smoothed)
            if blew_up(best, smoothed, _RANGE_END):
                probed.append(probe_loss(module, opt, probe, loss_fn))
                # The rule watches the mini-batch losses; the curve returned and plotted is the probe's.
                curve = smooth(probed, _PROBE_SMOOTHING)
                lowest = min((v for v in curve if math.isfinite(v)), default=math.nan)
                why = (
                    f"the mini-batch loss blew up: its moving average rose to {smoothed:.3g} from a best of "
                    f"{best:.3g} (of raw_losses; the probe batch's curve plotted, losses, ended at {curve[-1]:.3g}, "
                    f"lowest {lowest:.3g}) at lr={lr:.3g}"
                )
                return lrs, raw, probed, why, True
            update(opt, value, clip, (xb, yb), module, loss_fn)
            probed.append(probe_loss(module, opt, probe, loss_fn))
            if best == math.inf and blew_up(probed[0], probed[-1], _RANGE_END):
                why = f"the probe loss blew up ({probed[-1]:.3g}, first {probed[0]:.3g}) at lr={lr:.3g}, the first step that moved the model"
                return lrs, raw, probed, why, True
            if len(lrs) == num:
                break
        epoch += 1
    return lrs, raw, probed, f"reached end={end:g} after {num} steps", False


def _check_range(start: float, end: float, num: int) -> None:
    number("start", start, gt=0)
    number("end", end, gt=0)
    if not end > start:
        raise InvalidArgument(f"end must be larger than start, got start={start:g}, end={end:g}")
    number("num", num, integer=True, ge=5)
