"""What :func:`~descend.minimize.minimize` accepts, checked before the first step: the start
point, the options, and a function that is a finite, differentiable scalar at ``x0``."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch import Tensor

from .. import optim, schedules
from .._checks import InvalidArgument, number
from ..optim import rule_class, sparse_only
from ..training.closure_step import needs_closure

__all__: list[str] = []


def as_start_point(x0: Any, name: str = "x0") -> Tensor:
    """``x0`` as a fresh floating-point tensor that requires grad: finite, real, not empty
    (``name`` says which start point in the messages: ``x0['w']`` for a part of a dict).

    A tensor keeps its dtype (an integer one takes torch's default); a list or NumPy array
    becomes float64, as in ``scipy.optimize.minimize`` (converted by NumPy, so that a decimal
    such as 0.1 is not first rounded to float32)."""
    if isinstance(x0, Tensor):
        _refuse_valueless(x0, name)
        x = x0.detach()
    else:
        try:
            x = torch.from_numpy(np.array(x0))
        except (TypeError, ValueError, RuntimeError) as err:
            parts = " (or a dict, list or tuple of tensors)" if name == "x0" else ""
            raise TypeError(
                f"{name} must be a tensor or an array-like of numbers{parts}, got {type(x0).__name__}: {x0!r}"
            ) from err
        if not x.is_complex():
            x = x.to(torch.float64)
    if x.is_complex():
        raise TypeError(f"{name} must be real, got dtype {x.dtype}")
    if not x.is_floating_point():
        x = x.to(torch.get_default_dtype())
    if x.numel() == 0:
        raise ValueError(f"{name} is empty: give at least one coordinate")
    if not torch.isfinite(x).all():
        bad = (~torch.isfinite(x)).nonzero().flatten().tolist()
        raise ValueError(f"{name} must be finite, got {x.tolist()} (non-finite at index {bad})")
    return x.clone().requires_grad_(True)


def _refuse_valueless(x0: Tensor, name: str) -> None:
    """Refuse a tensor whose values minimize cannot step: a sparse one (torch has no
    elementwise update of it) or one on the meta device (no values at all).

    >>> _refuse_valueless(torch.ones(2).to_sparse(), "x0")
    Traceback (most recent call last):
    TypeError: x0 must be a dense tensor, got a sparse_coo one: give x0.to_dense()
    """
    if x0.layout != torch.strided:
        layout = str(x0.layout).removeprefix("torch.")
        raise TypeError(f"{name} must be a dense tensor, got a {layout} one: give {name}.to_dense()")
    if x0.is_meta:
        raise ValueError(f"{name} is on the meta device, which holds no values: give a tensor on the CPU or a GPU")


def check_function(fn: Any) -> None:
    """``fn`` is callable; a name is pointed to its test function (the CLI takes names, Python functions).

    >>> check_function("rosenbrock")
    Traceback (most recent call last):
    TypeError: fn must be a function of a tensor returning a scalar, got str 'rosenbrock'; for the test function 'rosenbrock' pass ds.functions.get('rosenbrock')
    """
    if not callable(fn):
        hint = f"; for the test function {fn!r} pass ds.functions.get({fn!r})" if isinstance(fn, str) else ""
        raise TypeError(f"fn must be a function of a tensor returning a scalar, got {type(fn).__name__} {fn!r}{hint}")


# scipy.optimize.minimize's keywords that descend's minimize does not take, and what to do instead.
_SCIPY_KEYWORDS = {
    "args": "bind them in fn instead: minimize(lambda x: f(x, *args), x0)",
    "jac": "the gradient is fn's, taken by autograd: return the value alone, computed with torch from x",
    "hess": "no method here uses a Hessian (method='bfgs' or 'lbfgs' builds curvature from gradients): leave it out",
    "hessp": "no method here uses a Hessian (method='bfgs' or 'lbfgs' builds curvature from gradients): leave it out",
    "options": "give its entries as keywords of their own (max_iter=..., gtol=...)",
    "tol": "give gtol (the gradient norm), ftol (the change of fn) or xtol (the step)",
    "maxiter": "its name here is max_iter",
    "constraints": "only bounds are taken (bounds=[(low, high), ...]); constraints beyond them are not",
}


def refuse_scipy_keywords(hyper: dict[str, Any]) -> None:
    """Refuse a keyword of ``scipy.optimize.minimize`` that :func:`~descend.minimize.minimize`
    does not take, saying what it takes instead, before ``fn`` is called (``args`` left
    unbound would otherwise fail as Python's "missing 1 required positional argument").

    >>> refuse_scipy_keywords({"momentum": 0.9})
    >>> refuse_scipy_keywords({"args": (3.0,)})
    Traceback (most recent call last):
    TypeError: minimize() takes no keyword 'args' (scipy.optimize.minimize's): bind them in fn instead: minimize(lambda x: f(x, *args), x0)
    """
    for key in hyper:
        if key in _SCIPY_KEYWORDS:
            raise TypeError(f"minimize() takes no keyword {key!r} (scipy.optimize.minimize's): {_SCIPY_KEYWORDS[key]}")


def refuse_instance(optimizer: Any) -> None:
    """Refuse an optimizer instance: :func:`~descend.minimize.minimize` steps a tensor of its own,
    made from ``x0``, which no instance built beforehand can hold (``optim.build``'s words were
    "the optimizer instance does not hold this model's parameters").

    >>> refuse_instance(torch.optim.Adam([torch.zeros(1, requires_grad=True)], lr=0.01))
    Traceback (most recent call last):
    TypeError: minimize builds its optimizer over its own copy of x0, so it takes the optimizer's class or name, not an instance: optimizer=Adam (the class) or 'adam', with its settings as keywords (lr=..., betas=...)
    """
    if isinstance(optimizer, torch.optim.Optimizer):
        kind = type(optimizer).__name__
        name = f" or {kind.lower()!r}" if kind.lower() in optim.names() else ""
        raise TypeError(
            "minimize builds its optimizer over its own copy of x0, so it takes the optimizer's class or "
            f"name, not an instance: optimizer={kind} (the class){name}, with its settings as keywords "
            "(lr=..., betas=...)"
        )


def refuse_closure_rule(optimizer: Any) -> None:
    """Refuse an ``optimizer`` that steps only through ``step(closure)`` (L-BFGS, SAM): gradient
    descent in :func:`~descend.minimize.minimize` hands each step one gradient and no closure.

    >>> refuse_closure_rule("adam")
    >>> refuse_closure_rule(torch.optim.LBFGS)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: optimizer LBFGS evaluates fn itself, several times a step (its line search), through step(closure), which minimize's gradient descent does not call; give method='lbfgs' instead (L-BFGS with a strong-Wolfe search), with no optimizer
    """
    if not needs_closure(optimizer):
        return
    rule = rule_class(optimizer)
    if issubclass(rule, (optim.LBFGS, torch.optim.LBFGS)):
        why = "several times a step (its line search)"
        fix = "give method='lbfgs' instead (L-BFGS with a strong-Wolfe search), with no optimizer"
    else:
        why = "at a second point every step"
        fix = "give another optimizer, or train a model on data with ds.train, which calls it so"
    raise InvalidArgument(
        f"optimizer {rule.__name__} evaluates fn itself, {why}, through step(closure), which "
        f"minimize's gradient descent does not call; {fix}"
    )


def refuse_sparse_rule(optimizer: Any) -> None:
    """Refuse an ``optimizer`` that takes sparse gradients only (SparseAdam): the gradient of
    ``fn`` by autograd through one tensor is dense (torch's words were "SparseAdam does not
    support dense gradients", from inside its step).

    >>> refuse_sparse_rule("adam")
    >>> refuse_sparse_rule("sparse_adam")
    Traceback (most recent call last):
    descend._checks.InvalidArgument: optimizer SparseAdam takes sparse gradients only (an nn.Embedding(sparse=True)'s, in training), and the gradient of fn by autograd is dense: give optimizer='adam', the same rule on every coordinate
    """
    if sparse_only(optimizer):
        raise InvalidArgument(
            f"optimizer {rule_class(optimizer).__name__} takes sparse gradients only (an nn.Embedding(sparse=True)'s, in training), "
            "and the gradient of fn by autograd is dense: give optimizer='adam', the same rule on every coordinate"
        )


def check_options(max_iter: Any, gtol: Any, ftol: Any, xtol: Any, line_search: Any, callback: Any) -> None:
    """The stopping rules and per-iteration options of :func:`~descend.minimize.minimize`."""
    number("max_iter", max_iter, integer=True, ge=0)
    for name, value in (("gtol", gtol), ("ftol", ftol), ("xtol", xtol)):
        number(name, value, ge=0)
    if line_search not in (None, "armijo"):
        raise ValueError(f"line_search must be None or 'armijo', got {line_search!r}")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable, got {callback!r}")


def first_value_and_grad(
    fn: Callable[[Tensor], Tensor], x: Tensor, project: Callable[[Tensor], Tensor] | None
) -> tuple[Tensor, Tensor]:
    """``fn(x0)`` and its gradient, checking that ``fn`` is a differentiable scalar function,
    finite at ``x0`` with a finite gradient (within ``bounds``: a finite projected gradient, so
    that sqrt at its lower bound 0 is a minimum, not an error)."""
    try:
        f = fn(x)
    except RuntimeError as err:
        if x.dtype == torch.float64 and mixes_float64_and_float32(str(err)):
            err.add_note(
                "minimize called fn with x0 as a float64 tensor (a list or NumPy x0 is computed in "
                "float64, as in scipy) and fn mixed it with float32 tensors: give x0 as a float32 "
                "tensor (torch.tensor(x0, dtype=torch.float32)), or make fn's tensors x.dtype"
            )
            raise
        if "numpy()" not in str(err):
            raise
        # scipy's habit, np.asarray(x) or x.numpy() in fn: torch's words advise .detach(), which loses the gradient.
        raise TypeError(
            "fn must compute with torch on x (a tensor that autograd follows): it called NumPy on x, "
            "which autograd cannot follow (nor a detached copy); write fn with torch operations "
            "(torch.sum, torch.sin, x ** 2, ...)"
        ) from None
    check_output(f)
    (g,) = torch.autograd.grad(f, x, allow_unused=True)
    if g is None:
        raise ValueError("fn's output does not depend on x: its gradient is undefined")
    fk = f.item()
    if not math.isfinite(fk):
        raise ValueError(f"fn(x0) is {fk}: start from a point where fn is finite")
    if project is not None:
        with torch.no_grad():
            bad = ~torch.isfinite(x - project(x - g))
    else:
        bad = ~torch.isfinite(g)
    if bad.any():
        where = bad.flatten().nonzero().flatten().tolist()
        values = sorted({str(v) for v in g.flatten()[bad.flatten()].tolist()})
        raise ValueError(
            f"the gradient of fn at x0 is not finite ({' and '.join(values)} at flat index "
            f"{where[:5]}{'...' if len(where) > 5 else ''}) although fn(x0) = {fk:.6g} is: fn is "
            "not differentiable there (sqrt or log at 0, say); start from a point where fn and "
            "its gradient are finite"
        )
    return f, g


def mixes_float64_and_float32(message: str) -> bool:
    """Whether torch's ``message`` says that an operation met float64 and float32 tensors.

    >>> mixes_float64_and_float32("dot : expected both vectors to have same dtype, but found Double and Float")
    True
    >>> mixes_float64_and_float32("expected m1 and m2 to have the same dtype, but got: double != float")
    True
    """
    words = message.lower()
    return "dtype" in words and "double" in words and "float" in words


def check_output(f: Any, what: str = "fn") -> None:
    """``f`` is what ``fn`` must return: a real floating-point scalar tensor with a graph;
    ``what`` names the function in the message (the command line's ``FILE.py:name``)."""
    if not isinstance(f, Tensor):
        raise TypeError(f"{what} must return a scalar torch.Tensor computed from x, got {type(f).__name__}: {f!r}")
    if f.numel() != 1:
        raise ValueError(f"{what} must return a scalar, got a tensor of shape {tuple(f.shape)}")
    if f.is_complex() or not f.is_floating_point():
        raise TypeError(f"{what} must return a real floating-point scalar, got dtype {f.dtype}")
    if not f.requires_grad:
        raise ValueError(
            f"{what} is not differentiable with respect to x (its result has no gradient): "
            "compute it from x with torch operations, without .detach(), .item() or NumPy"
        )


def refuse_ended_schedule(schedule: Any, max_iter: int) -> None:
    """Refuse a schedule object whose rate is 0 at the run's last iteration: it ends before
    ``max_iter``, and the iterations after its end would take no step (such a run stopped 20
    iterations later as stalled at its dtype's resolution, advised to "try a larger lr").

    >>> refuse_ended_schedule(schedules.cosine(0.05, total_steps=100), 100)
    >>> refuse_ended_schedule(schedules.cosine(0.05, total_steps=100), 3000)
    Traceback (most recent call last):
    ValueError: schedule=cosine(lr=0.05, total_steps=100, final_lr=0.0) sets the rate to 0 from iteration 101 on, before max_iter=3000 ends the run: those iterations would take no step; size it to the run (total_steps=3000), give max_iter=100, or give its name (schedule='cosine', sized to max_iter and lr)
    """
    if not isinstance(schedule, schedules.Schedule) or max_iter == 0 or schedule(max_iter - 1) != 0:
        return
    low, high = 0, max_iter - 1  # the first update from which the rate stays 0: schedule(high) == 0
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if schedule(middle) == 0 else (middle + 1, high)
    fixes = [f"size it to the run (total_steps={max_iter})"] if "total_steps" in schedule.config else []
    fixes.append(f"give max_iter={high}" if high > 0 else "give it a rate above 0")
    if schedule.name in schedules.run_names():
        fixes.append(f"or give its name (schedule={schedule.name!r}, sized to max_iter and lr)")
    raise ValueError(
        f"schedule={schedule!r} sets the rate to 0 from iteration {high + 1} on, before max_iter={max_iter} "
        f"ends the run: those iterations would take no step; {', '.join(fixes)}"
    )
