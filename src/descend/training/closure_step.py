"""Rules that evaluate the loss themselves, in the training loop: ``LBFGS`` (a line search:
several losses and gradients per step) and ``SAM`` (the gradient at ``w`` and at
``w + epsilon``) take ``optimizer.step(closure)``; the engine gives them a closure that
recomputes the update's loss and gradients (zero the gradients, forward, loss, backward) on
the same examples: the update's batch, or each of the batches an update accumulates (a full
batch read in pieces), weighted as the loop weighs them.

The loss the loop records is the one of its own first forward pass (as for every rule); the
rule's first evaluation, where it stands, is that pass (its loss and gradients, not computed
again), the others are the closure's. BatchNorm's running statistics move only in that first
pass, not in the rule's further evaluations (as Foret et al.'s reference implementations of
SAM do). A setting under which a closure would not recompute the update's gradient is refused
before the run starts (:func:`check_closure_settings`), and again by the loop at the first
update, before any change to the weights (:func:`refusal`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import torch
from torch import Tensor

from .._checks import InvalidArgument
from ..optim import LBFGS, SAM, rule_class
from .clipping import clip_gradients

__all__ = ["needs_closure", "refusal", "check_closure_settings", "update_closure", "batch_closure"]

_CLOSURE_RULES = (LBFGS, SAM, torch.optim.LBFGS)


def needs_closure(optimizer: Any) -> bool:
    """Whether ``optimizer`` (an instance, a class or a name) steps only through
    ``step(closure)`` (LBFGS, SAM).

    >>> import descend as ds
    >>> w = [torch.nn.Parameter(torch.zeros(2))]
    >>> needs_closure(ds.optim.SAM(w)), needs_closure(torch.optim.LBFGS), needs_closure("sgd")
    (True, True, False)
    """
    rule = rule_class(optimizer)
    return rule is not None and issubclass(rule, _CLOSURE_RULES)


def refusal(
    optimizer: Any,
    *,
    workers: int,
    precision: str,
    clip: tuple[float | None, float | None],
) -> str | None:
    """Why a run cannot drive ``optimizer`` (an instance, a class or a name) through a closure,
    in words; ``None`` when it can.

    - several ``workers``: LBFGS's line search would take a different number of evaluations
      on each worker (each sees its own loss), and SAM's would all-reduce twice per update:
      neither is supported;
    - ``precision="fp16"``: the gradient scaler cannot step through a closure (torch's
      ``GradScaler`` refuses one);
    - ``clip`` with LBFGS: its line search compares the loss with its gradient, and a
      clipped gradient is not the loss's (SAM clips each of its two gradients).

    >>> import descend as ds
    >>> opt = ds.optim.SAM([torch.nn.Parameter(torch.zeros(2))])
    >>> refusal(opt, workers=2, precision="fp32", clip=(None, None))[:60]
    'SAM takes the loss and its gradients again through a closure'
    """
    rule = rule_class(optimizer)
    name = rule.__name__
    lead = f"{name} takes the loss and its gradients again through a closure on the update's batch"
    if workers > 1:
        return (
            f"{lead}; with {workers} data-parallel workers its evaluations would differ between "
            "workers: train it in one process"
        )
    if precision == "fp16":
        return f"{lead}, and fp16's gradient scaler cannot step through a closure: use precision='bf16' or precision='fp32'"
    if clip != (None, None) and issubclass(rule, (LBFGS, torch.optim.LBFGS)):
        return (
            f"{lead}; its line search compares the loss with its gradient, which clipping would "
            "change: train LBFGS without clip_grad_norm= or clip_grad_value="
        )
    return None


def check_closure_settings(
    optimizer: Any, *, workers: int, precision: str, clip: tuple[float | None, float | None]
) -> None:
    """Refuse, before the run starts (its range test, its workers), settings under which
    ``optimizer`` (an instance, a class or a name) could not step through a closure; the
    words are :func:`refusal`'s. A rule that takes plain steps passes.

    >>> check_closure_settings("adam", workers=2, precision="fp32", clip=(None, None))
    >>> check_closure_settings("lbfgs", workers=2, precision="fp32", clip=(None, None))
    Traceback (most recent call last):
    descend._checks.InvalidArgument: LBFGS takes the loss and its gradients again through a closure on the update's batch; with 2 data-parallel workers its evaluations would differ between workers: train it in one process
    """
    if not needs_closure(optimizer):
        return
    why = refusal(optimizer, workers=workers, precision=precision, clip=clip)
    if why is not None:
        raise InvalidArgument(why)


@contextlib.contextmanager
def _running_stats_frozen(model: torch.nn.Module) -> Iterator[None]:
    """BatchNorm layers normalise by the batch as in training, without updating their running
    statistics (momentum 0) or their count of batches inside the block: the count is the
    cumulative average's weight under ``momentum=None``, so only the loop's passes count."""
    norms = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    saved = [(m.momentum, None if m.num_batches_tracked is None else m.num_batches_tracked.clone()) for m in norms]
    for m in norms:
        m.momentum = 0.0
    try:
        yield
    finally:
        for m, (momentum, count) in zip(norms, saved):
            m.momentum = momentum
            if count is not None:
                m.num_batches_tracked.copy_(count)


def update_closure(
    forward: Callable[[Tensor], Tensor],
    model: torch.nn.Module,
    loss_fn: Callable[..., Tensor],
    params: Sequence[Tensor],
    batches: Callable[[], Iterable[tuple[Sequence[Any], float]]],
    *,
    autocast: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext,
    clip: tuple[float | None, float | None] = (None, None),
    loss: float | None = None,
) -> Callable[[], Tensor]:
    r"""The closure of one update of several batches: zero the gradients of ``params``, then
    for each ``(batch, weight)`` that ``batches()`` yields, ``batch = (x, y, *extra)``, the
    loss :math:`L_b = ` ``loss_fn(forward(x), y, *extra)`` (under ``autocast``) and the
    backward pass of :math:`w_b L_b`, the gradients summed; clip as the run clips; returns
    :math:`\sum_b w_b L_b`, the update's loss (its batches' mean where ``w_b`` is batch
    ``b``'s share of the update's examples).

    ``batches`` is called at each evaluation and must yield the same examples each time (a
    rule such as LBFGS evaluates several times a step); one batch at a time is in memory.
    Given the ``loss`` the loop already took at these weights (with the gradients of
    ``params`` it left), the first call returns it and those gradients instead of computing
    them again (each rule evaluates first where it stands: SAM then costs two passes per
    update, as in the paper, not three).

    >>> model = torch.nn.Linear(2, 1, bias=False)
    >>> x, y = torch.ones(4, 2), torch.zeros(4, 1)
    >>> halves = lambda: [((x[:2], y[:2]), 0.5), ((x[2:], y[2:]), 0.5)]
    >>> f = update_closure(model, model, torch.nn.functional.mse_loss, [model.weight], halves)()
    >>> torch.allclose(f, torch.nn.functional.mse_loss(model(x), y))
    True
    """
    # A copy: the rule may zero the gradients in place before its first call.
    given = None if loss is None else [None if p.grad is None else p.grad.clone() for p in params]
    taken = loss

    def closure() -> Tensor:
        nonlocal given
        if given is not None:  # the first call, at the weights the loop took them at
            for p, g in zip(params, given):
                p.grad = g
            given = None
            return torch.tensor(taken, dtype=torch.float64)  # float32 would round a float64 model's loss
        for p in params:
            p.grad = None
        total = None
        with torch.enable_grad(), _running_stats_frozen(model):
            for (x, y, *extra), weight in batches():
                with autocast():
                    loss = loss_fn(forward(x), y, *extra)
                weighted = loss * weight
                weighted.backward()
                total = weighted.detach() if total is None else total + weighted.detach()
        if clip != (None, None):
            clip_gradients([p for p in params if p.grad is not None], clip)
        return total

    return closure


def batch_closure(
    forward: Callable[[Tensor], Tensor],
    model: torch.nn.Module,
    loss_fn: Callable[..., Tensor],
    params: Sequence[Tensor],
    batch: Sequence[Any],
    *,
    autocast: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext,
    clip: tuple[float | None, float | None] = (None, None),
    loss: float | None = None,
) -> Callable[[], Tensor]:
    """The closure of an update of one batch: zero the gradients of ``params``, ``loss_fn(forward(x),
    y, *extra)`` on ``batch = (x, y, *extra)`` (under ``autocast``), backward, clip as the run
    clips; returns the loss. The first call returns the ``loss`` given, and the gradients
    ``params`` hold, as :func:`update_closure`'s.

    >>> model = torch.nn.Linear(2, 1)
    >>> x, y = torch.ones(4, 2), torch.zeros(4, 1)
    >>> closure = batch_closure(model, model, torch.nn.functional.mse_loss, list(model.parameters()), (x, y))
    >>> loss = closure(); model.weight.grad is not None
    True
    """
    return update_closure(
        forward, model, loss_fn, params, lambda: ((batch, 1.0),), autocast=autocast, clip=clip, loss=loss
    )
