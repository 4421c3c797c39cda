"""The learning-rate range test and its pilot runs, on a prepared source and a module (the
data and model a run already holds); :func:`descend.lr_find` is the public way in.

The test grows the learning rate exponentially over mini-batches through ``train``'s own
step and watches the smoothed loss (Smith, 2017, "Cyclical Learning Rates"; the finders of
fastai and pytorch-lightning do the same). Everything it touched — weights, buffers such as
batch-norm statistics, optimizer state, random generators, gradients, submodule modes, the
module's device — is put back as it was, even when it raises.
"""

from __future__ import annotations

import copy
import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import Tensor

from .. import optim
from .._checks import InvalidArgument, number
from .clipping import check_clip, clip_gradients
from .data import Source
from .losses import check_batch

__all__ = ["LRFinderResult", "range_test"]

_SMOOTHING = 0.98  # weight of the past in the moving average of the mini-batch losses
_PROBE_SMOOTHING = 0.6  # the same for the probe-batch curve, which has little noise to remove
_RANGE_END = 4.0  # stop once the smoothed loss exceeds its best by this factor (sign-safe)
_MIN_DROP = 0.05  # the curve must fall by this share of its start to be trusted
_PROBE = 1024  # examples in the fixed batch the curve is measured on
_PILOT_SHARE = 0.05  # the first round of pilot runs trains this share of the run's budget ...
_PILOT_MIN, _PILOT_MAX = 5, 50  # ... but at least / at most this many steps
_PILOT_GROWTH = 8  # each round of successive halving trains this many times longer ...
_PILOT_HORIZON = 1000  # ... and the finalists train the run's whole budget, up to this many steps
_PILOT_TAIL = 0.25  # the pilot loss is the mean probe loss over this last share of the pilot
_TIE = 0.10  # pilot losses within this share of the best count as tied


@dataclass
class LRFinderResult:
    """The range test's curve and what it suggests.

    ``suggestion`` is ``None`` when the curve gives no reliable answer; ``reason`` then says
    why. ``rule`` says how the suggestion was picked.
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
    pilot_steps: int = 0  # steps the finalists' pilots ran
    _extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def warn_without_suggestion(self, who: str, optimizer: str, stacklevel: int) -> None:
        """What ``lr="auto"`` (of ``who``) says when the curve gave no suggestion: why, and
        that ``optimizer``'s default rate is used instead."""
        if self.suggestion is None:
            warnings.warn(
                f"{who}: the range test gave no suggestion ({self.reason}); using {optimizer}'s default learning rate",
                UserWarning,
                stacklevel=stacklevel + 1,
            )

    def apply(self, optimizer: torch.optim.Optimizer) -> None:
        """Set every param group's learning rate to the suggestion."""
        if self.suggestion is None:
            raise ValueError(f"no learning rate to apply: {self.reason}")
        for group in optimizer.param_groups:
            group["lr"] = self.suggestion

    def plot(self, ax: Any = None) -> Any:
        """Loss against learning rate (log scale), with the suggestion marked; returns the axes.

        Draws on ``ax``, or on the axes of a new :class:`matplotlib.figure.Figure` made without
        ``pyplot`` (no window, no global list of open figures; ``ax.figure.savefig(path)``).
        """
        from matplotlib.figure import Figure  # matplotlib is imported when a picture is drawn

        if ax is None:
            ax = Figure(figsize=(6, 4)).add_subplot()
        ax.plot(self.lrs, self.raw_losses, color="0.75", lw=1, label="loss per batch")
        ax.plot(self.lrs, self.losses, color="C0", lw=2, label="smoothed")
        if self.suggestion is not None:
            ax.axvline(self.suggestion, color="C3", ls="--", label=f"suggestion {self.suggestion:.2g}")
        ax.set(xscale="log", xlabel="learning rate", ylabel="loss", title=f"LR range test ({self.rule})")
        ax.legend()
        return ax


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
    **hyper: Any,
) -> LRFinderResult:
    """The range test of ``module`` on ``source`` (see :func:`descend.lr_find`, which prepares
    both from raw inputs and documents the rule), with pilot runs sized to ``budget`` steps
    when it is given. ``train(lr="auto")`` calls it on the data and model it already holds.

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
            lrs, raw, probed, why = _range_test(
                module, opt, source, loss_name, loss_fn, check_batch, start, end, num, clip
            )
            smoothed = _smooth(probed, _PROBE_SMOOTHING)
            suggestion, reason = _steepest_before_minimum(lrs, smoothed)
            found = LRFinderResult(lrs, smoothed, raw, suggestion, "steepest descent before the minimum", reason, why)
            if budget is not None and suggestion is not None:
                restore()
                _choose_by_pilots(found, module, opt, source, loss_fn, budget, pilots, restore, clip)
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


def _bracket(found: LRFinderResult, pilots: int) -> list[float]:
    """``pilots`` log-spaced rates from a third of the steepest-descent rate to the rate at
    the smoothed curve's minimum (the upper end at least 3x the steepest one)."""
    finite = [i for i, v in enumerate(found.losses) if math.isfinite(v)]
    lowest = min(finite, key=lambda i: found.losses[i])
    lo = found.suggestion / 3
    hi = max(found.lrs[lowest], 3 * found.suggestion)
    return [float(v) for v in np.geomspace(lo, hi, pilots)]


def _choose_by_pilots(found, module, opt, source, loss_fn, budget, pilots, restore, clip) -> None:
    """Successive halving over the bracket (see :func:`descend.lr_find`): every candidate trains
    ``p`` steps, the round's winner and the rates below it continue (from where they stopped) to
    ``8p`` steps, and so on until three or fewer are left; those finalists train to the run's
    whole budget (at most ``_PILOT_HORIZON`` steps) and :func:`_final_choice` picks among them."""
    horizon = min(budget, _PILOT_HORIZON)
    first = min(_PILOT_MAX, max(_PILOT_MIN, math.ceil(_PILOT_SHARE * budget)), horizon)
    probe = source.head(_PROBE)  # a fixed batch, the same after every step
    candidates = _bracket(found, pilots)
    scores = [math.inf] * len(candidates)
    states: list[Any] = [None] * len(candidates)
    alive, done, until = list(range(len(candidates))), 0, first
    while True:
        for i in alive:
            if states[i] is None:
                restore()
            else:
                module.load_state_dict(states[i][0])
                opt.load_state_dict(states[i][1])
                torch.set_rng_state(states[i][2])
            scores[i] = pilot_loss(module, opt, source, loss_fn, probe, candidates[i], done, until, clip)
            states[i] = (copy.deepcopy(module.state_dict()), copy.deepcopy(opt.state_dict()), torch.get_rng_state())
        if len(alive) <= 3 or until >= horizon:
            break
        # Short pilots favour large rates (the short-horizon bias of Wu et al., 2018), so the
        # better half is the round's winner and the rates just below it, not the lowest scores.
        win = alive.index(min(alive, key=scores.__getitem__))
        keep = math.ceil(len(alive) / 2)
        first_kept = max(0, min(win - keep + 1, len(alive) - keep))
        alive = alive[first_kept : first_kept + keep]
        # The finalists run as long as the run itself (stopped at 40% of it, they favoured
        # rates 1.5x too large for the whole run).
        done, until = until, horizon if len(alive) <= 3 else min(horizon, _PILOT_GROWTH * until)
    best = min(alive, key=scores.__getitem__)
    found._extra["steepest"] = found.suggestion
    found.candidates, found.pilot_losses, found.pilot_steps = candidates, scores, until
    if not math.isfinite(scores[best]):
        found.suggestion = None
        found.reason = "every pilot run diverged"
        return
    found.suggestion, how = final_choice([candidates[i] for i in alive], [scores[i] for i in alive])
    found.rule = f"successive halving of {pilots} pilot rates in [steepest/3, minimum], {first} to {until} steps, {how}"


def final_choice(lrs: list[float], losses: list[float]) -> tuple[float, str]:
    """The finalists' winner (``lrs`` ascending, log-spaced) and how it was picked: the
    smallest rate whose pilot loss is within ``_TIE`` of the lowest (a larger rate's small lead
    is within one run's noise, and its final step is the likelier to land on a spike: without
    this rule breast_cancer's auto loss was 1.13x the best grid rate's); when that is the
    middle one of three, the minimum of the parabola through their losses.

    >>> final_choice([0.1, 0.2, 0.4], [1.05, 1.0, 2.0])
    (0.1, 'the smallest within 10% of the best')
    >>> final_choice([0.1, 0.2, 0.4], [3.0, 1.0, 3.0])
    (0.2, 'a parabola through the last three')
    """
    best = min(range(len(lrs)), key=losses.__getitem__)
    smallest = next(i for i in range(len(lrs)) if losses[i] - losses[best] <= _TIE * abs(losses[best]))
    if smallest != best:
        return lrs[smallest], f"the smallest within {_TIE:.0%} of the best"
    if len(lrs) == 3 and best == 1:
        return _parabola_vertex(lrs, losses), "a parabola through the last three"
    return lrs[best], "the lowest pilot loss"


def _parabola_vertex(lrs: list[float], losses: list[float]) -> float:
    r"""The minimum of the parabola through three points :math:`(\log\eta_i, \ell_i)` equally
    spaced in :math:`\log\eta`, the middle one lowest: :math:`\log\eta_1 - \frac{h}{2}
    \frac{\ell_2 - \ell_0}{\ell_0 - 2\ell_1 + \ell_2}` with :math:`h` the spacing, which lies
    within half a spacing of the middle.

    >>> round(_parabola_vertex([0.1, 1.0, 10.0], [3.0, 1.0, 2.0]), 3)
    1.468
    """
    h = math.log(lrs[1] / lrs[0])
    curvature = losses[0] - 2 * losses[1] + losses[2]
    shift = 0.0 if curvature <= 0 else -0.5 * h * (losses[2] - losses[0]) / curvature
    return float(lrs[1] * math.exp(shift))


def pilot_loss(module, opt, source, loss_fn, probe, lr, done, until, clip) -> float:
    """Train from step ``done`` to step ``until`` at the constant rate ``lr`` (the batches of
    a run that took ``done`` steps already) and estimate the loss of the model that a run of
    ``until`` steps would return: the mean probe loss over the last ``_PILOT_TAIL`` of the
    ``until`` steps, plus, when an epoch's last batch is at most half the size of the others
    (a run returns the model right after that noisier step), the median of how much more that step
    raised the probe loss than the step before it did, over the epoch ends passed; the probes
    right after such a step are then left out of the mean. ``inf`` if any loss is not finite."""
    base = [g["lr"] for g in opt.param_groups]
    for group, b in zip(opt.param_groups, base):
        group["lr"] = lr * (b / base[0] if base[0] else 1.0)
    tail_from = until - min(until - done, max(1, math.ceil(_PILOT_TAIL * until)))
    per_epoch = len(source)
    last, full = source.rows(per_epoch - 1), source.rows(0)
    # A batch of half the size or less has at least twice the gradient noise (29 rows of 32
    # would add only noise to the estimate); the step before the last must itself follow an
    # ordinary step: three batches at least.
    partial = per_epoch >= 3 and last is not None and full is not None and 2 * last <= full
    tail: list[float] = []
    excess: list[float] = []  # (rise at the epoch's last step) - (rise at the step before)
    module.train()
    while done < until:
        epoch, start = divmod(done, per_epoch)
        before: list[float] = []  # probe losses before the epoch's last two steps
        for b, (xb, yb) in enumerate(source.batches(epoch, start), start=start):
            ends_epoch = partial and b == per_epoch - 1
            if partial and b >= per_epoch - 2:
                before.append(_probe_loss(module, opt, probe, loss_fn))
            value = loss_fn(module(xb), yb)
            if not math.isfinite(value.item()):
                return math.inf
            _update(opt, value, clip)
            done += 1
            if done > tail_from or ends_epoch:
                after = _probe_loss(module, opt, probe, loss_fn)
                if not math.isfinite(after):
                    return math.inf
                if done > tail_from and not ends_epoch:
                    tail.append(after)
                if ends_epoch and len(before) == 2:
                    excess.append((after - before[1]) - (before[1] - before[0]))
            if done == until:
                break
    if not tail:  # the tail is one step, and it ends an epoch: its loss is the estimate
        return after
    return float(np.mean(tail)) + (float(np.median(excess)) if excess else 0.0)


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
    probe = source.head(_PROBE)  # a fixed batch, the same after every step
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
                return lrs, raw, probed, f"the loss became {v} at lr={lr:.3g}"
            lrs.append(lr)
            raw.append(v)
            smoothed = _smooth(raw)[-1]
            best = min(best, smoothed)
            if smoothed > best + (_RANGE_END - 1) * abs(best):
                probed.append(_probe_loss(module, opt, probe, loss_fn))
                return lrs, raw, probed, f"the smoothed loss blew up ({smoothed:.3g}, best {best:.3g}) at lr={lr:.3g}"
            _update(opt, value, clip)
            probed.append(_probe_loss(module, opt, probe, loss_fn))
            if len(lrs) == num:
                break
        epoch += 1
    return lrs, raw, probed, f"reached end={end:g} after {num} steps"


def _update(opt: torch.optim.Optimizer, loss: Tensor, clip: tuple[float | None, float | None]) -> None:
    """One update as ``train`` takes it: the gradient of ``loss``, clipped to a global norm of
    ``clip[0]`` or to values within ``clip[1]`` if given, then the optimizer's step."""
    opt.zero_grad(set_to_none=True)
    loss.backward()
    clip_gradients([p for group in opt.param_groups for p in group["params"] if p.grad is not None], clip)
    opt.step()


@torch.no_grad()
def _probe_loss(module: torch.nn.Module, opt: torch.optim.Optimizer, probe: tuple[Tensor, Tensor], loss_fn) -> float:
    """The loss on the probe batch in evaluation mode, at the point a schedule-free optimizer
    would return (``opt.eval()``), as a run's model is evaluated."""
    switch = callable(getattr(opt, "eval", None))
    module.eval()
    if switch:
        opt.eval()
    value = loss_fn(module(probe[0]), probe[1]).item()
    if switch:
        opt.train()
    module.train()
    return value


def _smooth(values: list[float], beta: float = _SMOOTHING) -> list[float]:
    """Exponential moving average with bias correction (as Adam's first moment)."""
    out, avg = [], 0.0
    for i, v in enumerate(values, start=1):
        if not math.isfinite(v):
            out.append(v)
            continue
        avg = beta * avg + (1 - beta) * v
        out.append(avg / (1 - beta**i))
    return out


def _steepest_before_minimum(lrs: list[float], losses: list[float]) -> tuple[float | None, str]:
    finite = [i for i, v in enumerate(losses) if math.isfinite(v)]
    if len(finite) < 5:
        return None, f"only {len(finite)} finite points: start the range lower than {lrs[0]:.3g}"
    y = np.asarray([losses[i] for i in finite])
    x = np.log(np.asarray([lrs[i] for i in finite]))
    lowest = int(np.argmin(y))
    drop = y[0] - y[lowest]
    if drop <= _MIN_DROP * abs(y[0]):
        return None, (
            f"the loss never fell by {_MIN_DROP:.0%} of its start ({y[0]:.4g} -> lowest "
            f"{y[lowest]:.4g}): the range may be too low, the model unable to learn, or the "
            "data unsuitable"
        )
    # Slopes over a window of 5% of the points either side: a single noisy batch cannot make
    # the steepest point; the first tenth is skipped while the moving average settles.
    w = max(2, len(y) // 20)
    first = max(w, len(y) // 10)
    if lowest - w <= first:
        return None, (
            f"the loss was lowest near the start of the range (lr={math.exp(x[lowest]):.3g}): begin the range lower"
        )
    i = np.arange(first, lowest - w + 1)
    slope = (y[i + w] - y[i - w]) / (x[i + w] - x[i - w])
    steepest = int(i[np.argmin(slope)])
    if slope.min() >= 0:
        return None, "the smoothed loss never decreased steadily before its minimum"
    return float(np.exp(x[steepest])), ""


def _check_range(start: float, end: float, num: int) -> None:
    number("start", start, gt=0)
    number("end", end, gt=0)
    if not end > start:
        raise InvalidArgument(f"end must be larger than start, got start={start:g}, end={end:g}")
    number("num", num, integer=True, ge=5)
