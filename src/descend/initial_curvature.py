"""The curvature at a model's initial weights that ``lr="auto"``'s pilots build their bracket
on (:mod:`descend.training.pilots`): the largest rate the optimizer's update is stable at along
the Hessian's top direction (:func:`stable_lr`), and the share of the loss's curvature in the
outputs that the initial outputs keep (:func:`output_curvature_ratio`). ``train(lr="auto")``,
the estimators and :func:`descend.lr_find.lr_find` read both through :func:`initial_readings`;
:mod:`descend.lr_find` re-exports the three."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
from torch import Tensor

from . import optim
from .instruments.sharpness import sharpness
from .instruments.thresholds import AVERAGING_RULES, SUMMING_RULES, stability_rule
from .training.loss_modules import probability_logits, takes_probabilities
from .training.range_test import RANGE_PROBE_EXAMPLES

__all__ = ["initial_readings", "stable_lr", "output_curvature_ratio"]

_STABLE_TOL = 1e-2  # λ_max to 1%: the bracket it sets spans a factor of 64
_PRECONDITION_STEPS = 100  # an adaptive rule's preconditioner is read after this many updates (Adam's β1^100 ~ 3e-5)


def initial_readings(
    module: torch.nn.Module, source: Any, loss_fn: Callable[[Tensor, Tensor], Tensor], optimizer: str, **hyper: Any
) -> dict[str, float | None]:
    """What the pilots' bracket reads at the initial weights, on the range test's probe batch
    (the first ``RANGE_PROBE_EXAMPLES`` of ``source``): the stable rate (:func:`stable_lr`) and
    the share of the output curvature the initial outputs keep (:func:`output_curvature_ratio`),
    as :func:`~descend.training.range_test.range_test`'s keywords ``stable_lr`` and
    ``curvature_ratio``. ``train(lr="auto")``, the estimators and :func:`descend.lr_find.lr_find`
    read them so.

    >>> from descend.training.data.sources import TensorSource
    >>> torch.manual_seed(0) and None
    >>> X = torch.randn(64, 2)
    >>> source = TensorSource(X, X @ torch.tensor([1.0, 2.0]), None, False, 0)
    >>> mse = lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()
    >>> found = initial_readings(torch.nn.Linear(2, 1), source, mse, "sgd")
    >>> found["curvature_ratio"], found["stable_lr"] > 0  # mean squared error keeps all its curvature
    (1.0, True)
    """
    probe = source.head(RANGE_PROBE_EXAMPLES)
    return {
        "stable_lr": stable_lr(module, probe, loss_fn, optimizer, **hyper),
        "curvature_ratio": output_curvature_ratio(module, probe, loss_fn),
    }


def stable_lr(
    module: torch.nn.Module,
    batch: tuple[Tensor, Tensor],
    loss_fn: Callable[[Tensor, Tensor], Tensor],
    optimizer: str | type | torch.optim.Optimizer,
    **hyper: Any,
) -> float | None:
    r"""The largest learning rate at which ``optimizer``'s update is stable along the top
    direction of the Hessian of ``loss_fn`` on ``batch`` at ``module``'s current weights: with
    :math:`\lambda_{max}` the top eigenvalue and :math:`T(\eta)` the rule's stability threshold
    (:mod:`descend.instruments.thresholds`), the :math:`\eta` with
    :math:`\lambda_{max} = T(\eta)`: :math:`2/\lambda_{max}` for GD and SGD,
    :math:`(2+2\beta)/\lambda_{max}` for heavy-ball momentum :math:`\beta` (Cohen et al.,
    2021, "Gradient Descent on Neural Networks Typically Occurs at the Edge of Stability").
    For a rule whose threshold is in a preconditioned metric (Adam, RMSprop: Cohen et al.,
    2022, "Adaptive Gradient Methods at the Edge of Stability"), :math:`\lambda_{max}` is that
    of :math:`P^{-1}H`, with :math:`P` the preconditioner the rule holds after
    ``_PRECONDITION_STEPS`` updates at rate 0 whose gradient is ``batch``'s (Adam's
    :math:`(2+2\beta_1)/((1-\beta_1)\lambda_{max})`; an optimizer instance is read with the
    state it has). Adagrad's preconditioner :math:`\sqrt{s}` is a running sum with no steady
    state; it only grows, so the update is least stable at the first step, and a fresh Adagrad
    is read with the state one update leaves (:math:`s = g^2`: its first step,
    :math:`\eta\, g/|g|`, is Adam's), the stable rate of the run's first update and a lower
    bound on those of the steps after it (bench ``lr_quality``, session 21: on a raw fishery-catch
    regression with Adagrad the pilots' brackets began at 0.3-0.5, 30x above the best rate, and
    without a reading the probe below them, :mod:`descend.training.pilot_below`, never ran). ``None`` for a rule whose threshold is unknown, when
    the curvature is not positive, and when the model has an operation without a double
    backward. :math:`\lambda_{max}` is read to 1%
    (Lanczos on Hessian-vector products, :func:`descend.instruments.sharpness.sharpness`: at
    most 20 products, each about two backward passes over ``batch``). The model is evaluated in
    evaluation mode (as the range test's probe); its weights, buffers, gradients, modes and
    the global random state are left as they were.

    >>> torch.manual_seed(0) and None
    >>> X = torch.randn(256, 3) * torch.tensor([1.0, 1.0, 10.0])
    >>> mse = lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()
    >>> eta = stable_lr(torch.nn.Linear(3, 1, bias=False), (X, torch.zeros(256)), mse, "momentum")
    >>> lam = float(torch.linalg.eigvalsh(2 * X.T @ X / 256)[-1])  # the Hessian of the mean squared error
    >>> round(eta * lam, 2)  # 2 + 2 * 0.9
    3.8
    >>> g = 2 * X.T @ (X @ torch.ones(3)) / 256  # the gradient at weights of ones: Adagrad's first s = g^2
    >>> ones = torch.nn.Linear(3, 1, bias=False)
    >>> _ = torch.nn.init.ones_(ones.weight)
    >>> eta = stable_lr(ones, (X, torch.zeros(256)), mse, "adagrad")
    >>> pre = torch.linalg.eigvals(torch.diag(1 / g.abs()) @ (2 * X.T @ X / 256)).real.max()  # of P^-1 H
    >>> round(eta * float(pre), 2)  # 2 / lr on P = diag(|g|)
    2.0
    """
    _check_probe(module, batch, loss_fn)
    params = [p for p in module.parameters() if p.requires_grad]
    if not params:
        return None
    if isinstance(optimizer, torch.optim.Optimizer):
        opt, rate = optimizer, float(optimizer.param_groups[0]["lr"])
    else:
        opt, rate = optim.build(optimizer, params, lr=1.0, **hyper), 1.0
    dev = params[0].device
    x, y = batch[0].to(dev), batch[1].to(dev)
    modes = [(m, m.training) for m in module.modules()]
    module.eval()
    try:
        with torch.random.fork_rng(devices=[dev] if dev.type == "cuda" else []):
            rule = stability_rule(opt)
            if math.isnan(rule.threshold) and opt is not optimizer and isinstance(opt, AVERAGING_RULES + SUMMING_RULES):
                # No preconditioner before an update; a running sum's is read at the first update.
                steps = _PRECONDITION_STEPS if isinstance(opt, AVERAGING_RULES) else 1
                _precondition(opt, module, loss_fn, x, y, steps)
                rule = stability_rule(opt)
            if not math.isfinite(rule.threshold):
                return None
            measured = sharpness(module, loss_fn, x, y, opt, tol=_STABLE_TOL)
    except RuntimeError as err:
        if not any(words in str(err) for words in ("derivative", "twice", "double backward")):
            raise
        return None  # an operation without a double backward: no Hessian-vector products
    finally:
        for m, training in modes:
            m.training = training
    if not (measured.value > 0 and math.isfinite(measured.value)):
        return None
    return rule.threshold * rate / measured.value


def output_curvature_ratio(
    module: torch.nn.Module, batch: tuple[Tensor, Tensor], loss_fn: Callable[[Tensor, Tensor], Tensor]
) -> float:
    r"""How much of the loss's curvature in the model's outputs the outputs on ``batch`` keep:
    :math:`\operatorname{tr} \nabla_z^2 L(z) / \operatorname{tr} \nabla_z^2 L(0)` at the
    outputs :math:`z` (the diagonal of the per-example Hessians, one Hessian-vector product per
    output column), at most 1; 1 where the loss has no curvature at zero outputs or no second
    derivative. Mean squared error keeps all of it; cross-entropy at saturated logits almost
    none (:math:`p(1-p) \approx 0` against :math:`1/4` at zero logits): there the Hessian of the
    weights reads far flatter than the one the run meets once the logits leave saturation. A
    model of probabilities (``torch.nn.BCELoss``) is read in its logits ``logit(p)``, as
    ``BCEWithLogitsLoss``'s (in ``p`` the curvature grows as ``p`` saturates, and at ``p = 0`` it
    is BCELoss's clamp). The model is evaluated in evaluation mode; its modes are left as they were.

    >>> logits = torch.nn.Linear(1, 1, bias=False)
    >>> torch.nn.init.constant_(logits.weight, 5.0) and None
    >>> bce = torch.nn.functional.binary_cross_entropy_with_logits
    >>> x, y = torch.ones(4, 1), torch.ones(4, 1)
    >>> round(output_curvature_ratio(logits, (x, y), bce), 4)  # 4 p (1 - p) at a logit of 5
    0.0266
    >>> output_curvature_ratio(logits, (x, y), torch.nn.functional.mse_loss)
    1.0
    """
    _check_probe(module, batch, loss_fn)
    x, y = batch
    modes = [(m, m.training) for m in module.modules()]
    module.eval()
    try:
        with torch.no_grad():
            out = module(x)
    finally:
        for m, training in modes:
            m.training = training
    of_probabilities = takes_probabilities(loss_fn)  # read in the logits z, the loss of sigmoid(z)
    if of_probabilities:
        out = probability_logits(out)

    def trace(at: Tensor) -> float:
        z = at.detach().clone().requires_grad_(True)
        with torch.enable_grad():
            (g,) = torch.autograd.grad(loss_fn(torch.sigmoid(z) if of_probabilities else z, y), z, create_graph=True)
            if not g.requires_grad:  # linear in the outputs
                return 0.0
            columns = z.reshape(len(z), -1)
            total = 0.0
            for k in range(columns.shape[1]):
                v = torch.zeros_like(columns)
                v[:, k] = 1.0
                (hv,) = torch.autograd.grad(g, z, v.reshape(z.shape), retain_graph=True, allow_unused=True)
                if hv is not None:
                    total += float(hv.reshape(len(z), -1)[:, k].sum())
        return total

    try:
        at_zero = trace(torch.zeros_like(out))
        return min(1.0, max(0.0, trace(out) / at_zero)) if at_zero > 0 else 1.0
    except RuntimeError:  # an operation without a double backward
        return 1.0


def _precondition(
    opt: torch.optim.Optimizer, module: torch.nn.Module, loss_fn, x: Tensor, y: Tensor, steps: int = _PRECONDITION_STEPS
) -> None:
    """Give a fresh optimizer the state ``steps`` updates at rate 0 leave when
    every gradient is that of ``loss_fn(module(x), y)`` (an adaptive rule's preconditioner,
    its averages past their zero start); the weights and gradients are put back as they were
    (a rule that moves them even at rate 0 changes nothing). Its rates are then 1 again."""
    params = [p for group in opt.param_groups for p in group["params"]]
    saved = [(p, p.detach().clone(), p.grad) for p in params]
    rates = [group["lr"] for group in opt.param_groups]
    try:
        with torch.enable_grad():
            grads = torch.autograd.grad(loss_fn(module(x), y), params, allow_unused=True)
        for group in opt.param_groups:
            group["lr"] = 0.0
        for _ in range(steps):
            for p, g in zip(params, grads, strict=True):
                p.grad = None if g is None else g.clone()
            opt.step()
    finally:
        with torch.no_grad():
            for p, value, grad in saved:
                p.copy_(value)
                p.grad = grad
        for group, rate in zip(opt.param_groups, rates, strict=True):
            group["lr"] = rate


def _check_probe(module: Any, batch: Any, loss_fn: Any) -> None:
    """The model, the ``(x, y)`` batch and the loss the curvature is read from are what they
    must be: a lone tensor would be read as the pair of its first two rows."""
    if not isinstance(module, torch.nn.Module):
        raise TypeError(f"module must be a torch.nn.Module, got {type(module).__name__}")
    if not (isinstance(batch, (tuple, list)) and len(batch) == 2 and all(isinstance(v, Tensor) for v in batch)):
        if isinstance(batch, Tensor):
            got = f"a tensor of shape {tuple(batch.shape)}"
        elif isinstance(batch, (tuple, list)):
            got = f"a {type(batch).__name__} of {', '.join(type(v).__name__ for v in batch) or 'nothing'}"
        else:
            got = type(batch).__name__
        raise TypeError(f"batch must be an (x, y) pair of tensors, got {got}")
    if not callable(loss_fn):
        raise TypeError(f"loss_fn must be a callable (output, target) -> loss, got {loss_fn!r}")
