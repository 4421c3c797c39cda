r"""What a larger learning rate gains, measured: a counterfactual probe of the run's own regime.

From the run's current state :math:`\theta_0` (weights, the optimizer's state), take the same
:math:`m` mini-batch updates twice, once at the run's rate :math:`\eta` and once at
:math:`k\eta`, with the run's own optimizer (its momentum, its Adam moments), and read the loss
:math:`f` on a fixed probe batch after each:

.. math:: \Delta_1 = f(\theta_0) - f(\theta^{(\eta)}_m), \qquad
          \Delta_k = f(\theta_0) - f(\theta^{(k\eta)}_m), \qquad
          \text{speedup} = \Delta_k / \Delta_1 .

Both branches see the same batches (common random numbers), so the gradient noise of a
mini-batch run enters both alike. With rate as time (a rate :math:`k` times larger follows the
same path :math:`k` times faster, as long as the steps are small next to the curvature and the
noise does not set the level; e.g. Smith & Le, "A Bayesian Perspective on Generalization and
Stochastic Gradient Descent", 2018; Malladi et al., "On the SDEs and Scaling Rules for Adaptive
Gradient Algorithms", 2022), the speedup is :math:`k` where the run is held by its rate and
falls towards 1, or below, where the noise floor (a larger rate settles higher: the stationary
loss of SGD grows with :math:`\eta`), the curvature (steps past the stable limit) or the end of
the descent (little left) holds it instead. The speedup is where the doctor's "too small" rests:
a run whose larger rate moves no faster than its own is not held by its rate, whatever headroom
the stability ratio leaves (:mod:`descend.doctor._progress`).

The loss is read in evaluation mode (no dropout mask to tell the branches apart), and both
branches draw the same dropout masks in their updates. The probe leaves no trace: the weights, their ``.grad``, the optimizer's state and rates, the
buffers (BatchNorm's running statistics), the model's mode and every random state are restored
bit for bit afterwards, so a run with the probe is the run without it. It costs :math:`2m`
updates (and :math:`2m + 1` forward passes on the probe), once per run.
"""

from __future__ import annotations

import contextlib
import copy
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor

from .._checks import InvalidArgument, number
from ..optim import step_unhooked
from ..training.backward_pass import backward
from ..training.callbacks import Callback
from ..training.run import Run

__all__ = ["RateGain", "rate_gain", "RateProbe", "FACTOR", "STEPS"]

FACTOR = math.sqrt(10.0)  # the larger rate: one step of a half-decade grid of rates
# The updates of each branch: 2 * STEPS updates once per run (a 200-update run: 8%; the bench's
# digits MLP and CNN, about 900: under 2%). Fewer read a mini-batch run's fall through more of its
# noise: at 4 updates a branch the doctor's veto cost too-small calls 10 times as often (session 21).
STEPS = 8


@dataclass(frozen=True)
class RateGain:
    """A reading of :func:`rate_gain`: the probe loss at the start (``start``) and after each
    of the ``steps`` updates at the run's rate (``at_rate``) and at ``factor`` times it
    (``at_factor``).

    >>> gain = RateGain(start=1.0, at_rate=(0.95, 0.9), at_factor=(0.85, 0.7), factor=3.0, steps=2)
    >>> round(gain.speedup, 6)  # Δ_k / Δ_1 = (1 - 0.7) / (1 - 0.9): held by its rate
    3.0
    >>> gain.as_dict()["at_factor"]
    [0.85, 0.7]
    """

    start: float
    at_rate: tuple[float, ...]
    at_factor: tuple[float, ...]
    factor: float
    steps: int

    @property
    def speedup(self) -> float:
        """:math:`\\Delta_k / \\Delta_1` after all the steps: ``factor`` where the larger rate moves
        as much faster as it is larger, 1 where it moves no faster, below 1 (or ``-inf`` where
        the run's own rate did not lower the loss while the larger one did not either) where it
        loses; ``inf`` where the larger rate lowered the loss and the run's own did not."""
        return speedup(self.start, self.at_rate[-1], self.at_factor[-1])

    def as_dict(self) -> dict[str, Any]:
        """The reading as plain values (``History.rate_probe``)."""
        return {
            "start": self.start,
            "at_rate": list(self.at_rate),
            "at_factor": list(self.at_factor),
            "factor": self.factor,
            "steps": self.steps,
        }


def speedup(start: float, at_rate: float, at_factor: float) -> float:
    """``(start - at_factor) / (start - at_rate)``, the larger rate's fall over the run's own
    (see :attr:`RateGain.speedup`); ``nan`` where a loss is not finite.

    >>> round(speedup(1.0, 0.9, 0.7), 6), round(speedup(1.0, 0.9, 0.95), 6), speedup(1.0, 1.0, 0.9)
    (3.0, 0.5, inf)
    """
    if not all(math.isfinite(v) for v in (start, at_rate)):
        return math.nan
    if not math.isfinite(at_factor):
        return -math.inf  # the larger rate blew up
    own, large = start - at_rate, start - at_factor
    if own > 0:
        return large / own
    return math.inf if large > 0 else -math.inf


def rate_gain(
    model: torch.nn.Module,
    loss_fn: Callable[[Tensor, Tensor], Tensor],
    optimizer: torch.optim.Optimizer,
    batches: list[tuple[Tensor, Tensor]],
    probe: tuple[Tensor, Tensor],
    *,
    factor: float = FACTOR,
    seed: int = 0,
    each: bool = True,
) -> RateGain:
    """The counterfactual probe (module docstring): ``len(batches)`` updates of ``optimizer``
    from the model's current state at its own rates and at ``factor`` times them, each
    followed by the loss on ``probe``; everything restored exactly afterwards.

    Args:
        model, loss_fn: the model and ``loss_fn(output, target) -> mean loss``.
        optimizer: the run's optimizer over the model's parameters (its state is used, then
            restored); every parameter group's ``lr`` is scaled by ``factor`` in the second branch.
        batches: the updates' mini-batches ``(x, y)``, the same in both branches
            (:func:`probe_batches` draws them from the probe).
        probe: the batch ``(x, y)`` the loss is read on.
        factor: the larger rate over the run's, above 1.
        seed: torch's random state inside the probe (dropout masks), forked: the caller's
            generator is untouched.
        each: read the probe loss after every update (``at_rate`` and ``at_factor`` one per
            update); ``False``: after each branch's last update only (one each; what
            :attr:`RateGain.speedup` reads, at ``2 len(batches) - 2`` fewer forward passes).

    >>> torch.manual_seed(0)  # doctest: +ELLIPSIS
    <torch._C.Generator object at ...>
    >>> x = torch.randn(64, 3)
    >>> y = x @ torch.tensor([1.0, -2.0, 0.5])
    >>> model = torch.nn.Linear(3, 1, bias=False)
    >>> opt = torch.optim.SGD(model.parameters(), lr=1e-3)  # far too small: a rate-held run
    >>> mse = lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()
    >>> before = model.weight.detach().clone()
    >>> found = rate_gain(model, mse, opt, probe_batches((x, y), 16, 4), (x, y))
    >>> round(found.speedup, 2)  # about the factor, 3.16: the larger rate moves that much faster
    3.13
    >>> torch.equal(model.weight, before), opt.param_groups[0]["lr"]  # nothing changed
    (True, 0.001)
    """
    factor = number("factor", factor, gt=1)
    if not batches:
        raise InvalidArgument("rate_gain needs at least one batch")
    with _restored(model, optimizer, seed) as reset:
        start = _loss(model, loss_fn, probe)
        at_rate = _branch(model, loss_fn, optimizer, batches, probe, 1.0, each)
        reset()  # the same weights, state and random state (dropout masks) for the larger rate
        at_factor = _branch(model, loss_fn, optimizer, batches, probe, factor, each)
    return RateGain(start, tuple(at_rate), tuple(at_factor), factor, len(batches))


def probe_batches(probe: tuple[Tensor, Tensor], batch_size: int | None, steps: int = STEPS, seed: int = 0):
    """``steps`` mini-batches of ``batch_size`` examples of ``probe`` (all of it where
    ``batch_size`` is ``None`` or not smaller: full-batch updates), drawn without replacement
    in a seeded order (wrapping round where the probe is short) by a generator of their own.

    >>> x, y = torch.arange(10.0).unsqueeze(1), torch.arange(10)
    >>> [len(b[0]) for b in probe_batches((x, y), 4, 3)], len(probe_batches((x, y), None, 2)[0][0])
    ([4, 4, 4], 10)
    """
    x, y = probe
    n = len(x)
    if batch_size is None or batch_size >= n:
        return [(x, y)] * steps
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    need = steps * batch_size
    index = order.repeat(-(-need // n))[:need].to(x.device)
    return [(x[index[i : i + batch_size]], y[index[i : i + batch_size]]) for i in range(0, need, batch_size)]


def _loss(model: torch.nn.Module, loss_fn: Callable[[Tensor, Tensor], Tensor], probe: tuple[Tensor, Tensor]) -> float:
    """The probe loss in evaluation mode (no dropout mask: the readings of the two branches
    compare the weights, not two draws of a mask), the model's modes put back."""
    modes = [(m, m.training) for m in model.modules()]
    model.eval()
    try:
        with torch.no_grad():
            value = float(loss_fn(model(probe[0]), probe[1]))
    finally:
        for m, training in modes:
            m.training = training
    return value if math.isfinite(value) else math.inf


def _branch(model, loss_fn, optimizer, batches, probe, scale: float, each: bool) -> list[float]:
    for group in optimizer.param_groups:
        group["lr"] = group["lr"] * scale
    clear = _gradients_cleared(optimizer)
    losses = []
    for i, (x, y) in enumerate(batches):
        if not _gradients(model, loss_fn, x, y, clear):
            return losses + [math.inf] * ((len(batches) if each else 1) - len(losses))
        step_unhooked(optimizer)  # the engine's own step: hooks and profiler marks only where there are any
        if each or i == len(batches) - 1:
            losses.append(_loss(model, loss_fn, probe))
    return losses


def _gradients(model, loss_fn, x: Tensor, y: Tensor, clear: Callable[[], None]) -> bool:
    """An update's gradients on ``(x, y)`` into the parameters' ``.grad`` (cleared first); whether
    the loss was finite (else no backward pass)."""
    clear()
    with torch.enable_grad():
        loss = loss_fn(model(x), y)
    if not math.isfinite(float(loss.detach())):  # as torch.isfinite(loss), in one host read
        return False
    backward(loss)  # loss.backward(), by the engine's direct call where that is the same call
    return True


def _gradients_cleared(optimizer: torch.optim.Optimizer) -> Callable[[], None]:
    """``optimizer.zero_grad(set_to_none=True)``; for torch's own ``zero_grad`` (not overridden),
    its effect directly, every ``.grad`` of the groups set to ``None``, without its profiler mark."""
    if type(optimizer).zero_grad is not torch.optim.Optimizer.zero_grad:
        return lambda: optimizer.zero_grad(set_to_none=True)
    params = [p for group in optimizer.param_groups for p in group["params"]]

    def clear() -> None:
        for p in params:
            p.grad = None

    return clear


_IMMUTABLE = (bool, int, float, str, type(None))


def _clone(value: Any) -> Any:
    if isinstance(value, Tensor):
        return value.detach().clone()
    return value if type(value) in _IMMUTABLE else copy.deepcopy(value)


def _copy(noted: Any) -> Any:
    """A copy of a value :func:`_clone` noted (a tensor already detached: its clone alone)."""
    return noted.clone() if isinstance(noted, Tensor) else _clone(noted)


@contextlib.contextmanager
def _restored(model: torch.nn.Module, optimizer: torch.optim.Optimizer, seed: int) -> Iterator[Callable[[], None]]:
    """Note the model's and the optimizer's state; yield a ``reset()`` that puts it back and seeds
    torch's generators with ``seed`` (forked: the caller's are restored on leaving), autocast off;
    put it back on leaving (the noted copies themselves: nothing needs them after)."""
    params = list(model.parameters())
    weights = [p.detach().clone() for p in params]
    grads = [None if p.grad is None else p.grad.detach().clone() for p in params]
    buffers = [(b, b.detach().clone()) for b in model.buffers()]
    state = {p: {k: _clone(v) for k, v in s.items()} for p, s in optimizer.state.items()}
    groups = [{k: _clone(v) for k, v in g.items() if k != "params"} for g in optimizer.param_groups]
    mode = [(m, m.training) for m in model.modules()]
    device = params[0].device if params else torch.device("cpu")
    devices = [device] if device.type == "cuda" else []

    def reset(last: bool = False) -> None:
        copied = (lambda noted: noted) if last else _copy
        with torch.no_grad():
            for p, w in zip(params, weights, strict=True):
                p.copy_(w)
            for b, saved in buffers:
                b.copy_(saved)
        for p, g in zip(params, grads, strict=True):
            p.grad = None if g is None else copied(g)
        optimizer.state.clear()
        for p, s in state.items():
            optimizer.state[p] = {k: copied(v) for k, v in s.items()}
        for group, saved in zip(optimizer.param_groups, groups, strict=True):
            group.update({k: copied(v) for k, v in saved.items()})
        for m, training in mode:
            m.training = training
        # Not torch.manual_seed: it also queues a seed for CUDA, noting a traceback each time.
        torch.default_generator.manual_seed(seed)
        if device.type == "cuda":
            with torch.cuda.device(device):  # the forked generator, not the current device's
                torch.cuda.manual_seed(seed)

    with torch.random.fork_rng(devices=devices), torch.autocast(device.type, enabled=False):
        try:
            reset()
            yield reset
        finally:
            reset(last=True)


class RateProbe(Callback):
    """The probe of :func:`rate_gain` once, at the end of a ``descend.train`` run's updates
    (``on_updates_end``, before any best-weights restore), on ``steps`` batches of
    ``batch_size`` drawn from ``probe``; the reading goes to ``History.rate_probe``
    (:meth:`RateGain.as_dict`). Nothing where the run made no update or its loss is not finite,
    nor where ``wanted`` (called with the run's ``History`` as recorded) says no reading is needed:
    ``train`` passes :func:`descend.doctor.wants_rate_probe`, so only runs the doctor would call
    too small pay for the probe.

    >>> import descend as ds
    >>> from descend.training.data import prepare
    >>> from descend.training.losses import get
    >>> probe = prepare("iris", seed=0).train.head(64)
    >>> h = ds.train(
    ...     "softmax", "iris", lr=1e-3, epochs=2, batch_size=32, callbacks=[RateProbe(probe, get("cross_entropy"), 32)],
    ...     instruments=False, progress=False,
    ... )
    >>> h.rate_probe["factor"] > 1 and h.rate_probe["steps"] == 8 and len(h.rate_probe["at_factor"]) == 1
    True
    """

    def __init__(
        self,
        probe: tuple[Tensor, Tensor],
        loss_fn: Callable[[Tensor, Tensor], Tensor],
        batch_size: int | None,
        *,
        steps: int = STEPS,
        factor: float = FACTOR,
        seed: int = 0,
        wanted: Callable[[Any], bool] | None = None,
    ) -> None:
        self.probe, self.loss_fn, self.batch_size, self.wanted = probe, loss_fn, batch_size, wanted
        self.steps = number("steps", steps, integer=True, ge=1)
        self.factor, self.seed = number("factor", factor, gt=1), seed

    def on_updates_end(self, run: Run) -> None:
        if run.rank != 0 or run.step == 0 or run.history.non_finite_step is not None:
            return
        if self.wanted is not None and not self.wanted(run.history):
            return
        device = next(run.model.parameters()).device
        probe = (self.probe[0].to(device), self.probe[1].to(device))
        batches = probe_batches(probe, self.batch_size, self.steps, self.seed)
        try:
            found = rate_gain(
                run.model, self.loss_fn, run.optimizer, batches, probe, factor=self.factor, seed=self.seed, each=False
            )
        except (RuntimeError, NotImplementedError):
            return  # a reading must not end the run it watches
        if math.isfinite(found.start):
            run.history.rate_probe = found.as_dict()
