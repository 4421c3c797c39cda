"""One pilot run of ``lr="auto"`` (:mod:`.pilots`): train from where the pilot stopped at a constant
rate, by ``train``'s own update (:func:`update`), and estimate the loss of the model a run of that
many steps would return, from the probe batch (:func:`probe_loss`) over the pilot's last steps
(:func:`pilot_loss`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
from torch import Tensor

from .._checks import InvalidArgument
from .clipping import clip_gradients
from .closure_step import batch_closure, needs_closure

__all__ = ["pilot_loss", "probe_loss", "update"]

_PILOT_TAIL = 0.25  # the pilot loss is the mean probe loss over this last share of the pilot


def pilot_loss(module, opt, source, loss_fn, probe, lr, done, until, clip, tail_out=None) -> float:
    r"""Train from step ``done`` to step ``until`` at the constant rate ``lr`` (the batches of
    a run that took ``done`` steps already) and estimate the loss of the model that a run of
    ``until`` steps would return: the mean probe loss over the last ``_PILOT_TAIL`` of the
    ``until`` steps, plus, when an epoch's last batch is at most half the size of the others
    (a run returns the model right after that noisier step), the median of how much more that step
    raised the probe loss than the step before it did, over the epoch ends passed, floored at
    zero; the probes right after such a step are then left out of the mean. ``inf`` if any loss
    is not finite. ``tail_out``, a list if given, receives the probe losses the mean is taken over.

    With :math:`\bar L` the tail's mean and :math:`L^e_{-2}, L^e_{-1}, L^e` the probe losses
    before the epoch's last two steps and right after its last, the estimate is

    .. math:: \hat L = \bar L + \max\Bigl(0,\ \operatorname{median}_e
        \bigl[(L^e - L^e_{-1}) - (L^e_{-1} - L^e_{-2})\bigr]\Bigr).

    The term is a penalty, never a credit: a smaller batch changes a step only by adding gradient
    noise, whose expected effect on the loss is a rise (for a quadratic with Hessian :math:`H`
    and per-example gradient covariance :math:`\Sigma`, a step of rate :math:`\eta` on
    :math:`b` rows raises the expected loss by :math:`\eta^2 \operatorname{tr}(H\Sigma)/(2b)`
    over a full-gradient step, so the last step's expected extra rise over an ordinary step's,
    :math:`\eta^2 \operatorname{tr}(H\Sigma)(1/b' - 1/b)/2` for :math:`b' < b` rows, is never
    negative). A
    negative median is the pilot's own oscillation read at the epoch ends, not an effect of the
    smaller batch, and crediting it could put the estimate below every loss the pilot measured
    (a cross-entropy pilot at rate 10 read -147 from a tail averaging 0.74, and won its round).

    >>> from descend.training.data import prepare
    >>> X = torch.linspace(-1, 1, 64).reshape(-1, 1)
    >>> source = prepare((X, 3 * X[:, 0]), batch_size=16).train
    >>> torch.manual_seed(0) and None
    >>> model = torch.nn.Linear(1, 1)
    >>> opt = torch.optim.SGD(model.parameters(), lr=0.1)
    >>> mse = lambda out, t: ((out[:, 0] - t) ** 2).mean()
    >>> start = probe_loss(model, opt, source.head(64), mse)
    >>> pilot_loss(model, opt, source, mse, source.head(64), 0.5, 0, 40, (None, None)) < start / 100
    True
    """
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
                before.append(probe_loss(module, opt, probe, loss_fn))
            value = loss_fn(module(xb), yb)
            if not math.isfinite(value.item()):
                return math.inf
            update(opt, value, clip, (xb, yb), module, loss_fn)
            done += 1
            if done > tail_from or ends_epoch:
                after = probe_loss(module, opt, probe, loss_fn)
                if not math.isfinite(after):
                    return math.inf
                if done > tail_from and not ends_epoch:
                    tail.append(after)
                if ends_epoch and len(before) == 2:
                    excess.append((after - before[1]) - (before[1] - before[0]))
            if done == until:
                break
    if tail_out is not None:
        tail_out.extend(tail)
    if not tail:  # the tail is one step, and it ends an epoch: its loss is the estimate
        return after
    return float(np.mean(tail)) + (max(0.0, float(np.median(excess))) if excess else 0.0)


def update(
    opt: torch.optim.Optimizer,
    loss: Tensor,
    clip: tuple[float | None, float | None],
    batch: tuple[Tensor, Tensor] | None = None,
    module: torch.nn.Module | None = None,
    loss_fn: Any = None,
) -> None:
    """One update as ``train`` takes it: the gradient of ``loss``, clipped to a global norm of
    ``clip[0]`` or to values within ``clip[1]`` if given, then the optimizer's step. A rule
    that evaluates the loss itself (LBFGS, SAM: :func:`~descend.training.closure_step.needs_closure`)
    steps through the closure of ``loss_fn(module(x), y)`` on ``batch = (x, y)``, as the
    training loop gives it (:func:`~descend.training.closure_step.batch_closure`, whose first
    call returns ``loss`` and its gradient).

    >>> w = torch.nn.Parameter(torch.tensor([3.0, 4.0]))
    >>> update(torch.optim.SGD([w], lr=0.1), (w**2).sum() / 2, (1.0, None))  # |g| = 5 clipped to 1
    >>> w.detach().tolist()
    [2.940000057220459, 3.9200000762939453]
    """
    opt.zero_grad(set_to_none=True)
    loss.backward()
    params = [p for group in opt.param_groups for p in group["params"]]
    clip_gradients([p for p in params if p.grad is not None], clip)
    if not needs_closure(opt):
        opt.step()
        return
    if batch is None or module is None or loss_fn is None:
        raise InvalidArgument(
            f"{type(opt).__name__} steps through a closure: update() needs the batch, the module and loss_fn"
        )
    opt.step(batch_closure(module, module, loss_fn, params, batch, clip=clip, loss=float(loss.detach())))


@torch.no_grad()
def probe_loss(module: torch.nn.Module, opt: torch.optim.Optimizer, probe: tuple[Tensor, Tensor], loss_fn) -> float:
    """The loss on the probe batch in evaluation mode, at the point a schedule-free optimizer
    would return (``opt.eval()``), as a run's model is evaluated.

    >>> model = torch.nn.Dropout(0.5)
    >>> probe_loss(model, torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))]), (torch.ones(4), torch.ones(4)),
    ...            lambda out, y: (out - y).abs().mean())  # no dropout in evaluation mode
    0.0
    """
    switch = callable(getattr(opt, "eval", None))
    module.eval()
    if switch:
        opt.eval()
    value = loss_fn(module(probe[0]), probe[1]).item()
    if switch:
        opt.train()
    module.train()
    return value
