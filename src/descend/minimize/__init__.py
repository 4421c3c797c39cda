"""``minimize(fn, x0)``: gradient descent, L-BFGS, BFGS or nonlinear conjugate gradient on
any differentiable function of one tensor (or of a dict, list or tuple of tensors).

The gradient comes from autograd (backpropagation); the update from a ``descend.optim`` rule
(or any ``torch.optim``-style optimizer class), or from a line-search ``method``. The run stops
on the first of: gradient norm below ``gtol``, relative loss change below ``ftol``, step below
``xtol``, ``max_iter``, a diverging loss, a failed line search, no progress left at the
dtype's resolution, or a callback asking to stop. It never raises for a run that goes badly:
the returned :class:`Result` says what happened in ``status`` and ``message``.

A file per idea: ``result`` (:class:`Result`, :class:`Trace`, :class:`Iterate`), ``inputs``
(the checks before the first step), ``parts`` (a start point in parts, as one flat vector),
``bounds`` (the projection onto a box), ``line_search``
(Armijo backtracking), ``precision`` (a run stalled at its dtype's resolution),
``quasi_newton`` (the strong-Wolfe methods) and ``loop`` (the iterations and when they stop).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch import Tensor

from .. import optim, schedules
from .._names import did_you_mean
from ..doctor import Diagnosis, diagnose
from ..optim import takes_plain_steps
from .auto_rate import auto_lr
from .bounds import box, projection, start_in_box
from .decay import decay_finding, raised_without_decay
from .flat import flat_finding
from .inputs import (
    as_start_point,
    check_function,
    check_options,
    first_value_and_grad,
    refuse_closure_rule,
    refuse_ended_schedule,
    refuse_instance,
    refuse_scipy_keywords,
    refuse_sparse_rule,
)
from .line_search import UPHILL, uphill_finding
from .loop import Descent, Rules, average, averages_iterates, gradient_at, rate_to_try
from .parts import Parts, parts_of
from .precision import LARGER as _LARGER
from .precision import ROUNDED, rounding_level
from .quasi_newton import METHODS, LineSearchDescent, check_method_options, line_search_optimizer
from .readings import Readings
from .result import STATUSES, TOO_LARGE, Iterate, Recorder, Result, Trace
from .step_floor import at_floor, floor_finding

__all__ = ["minimize", "Result", "Trace", "Iterate", "STATUSES"]


def minimize(
    fn: Callable[[Tensor], Tensor],
    x0: Any,
    *,
    method: str | None = None,
    optimizer: str | Callable[..., torch.optim.Optimizer] = "gd",
    lr: float | str | None = None,
    max_iter: int = 1000,
    gtol: float = 1e-5,
    ftol: float = 0.0,
    xtol: float = 0.0,
    bounds: Any = None,
    line_search: str | None = None,
    callback: Callable[[Iterate], Any] | None = None,
    schedule: Any = None,
    **hyper: Any,
) -> Result:
    r"""Minimize ``fn(x)`` from ``x0`` by gradient descent, or by a line-search ``method``.

    Each iteration computes :math:`g = \nabla f(x)` by autograd and lets the optimizer take
    one step; with ``bounds`` the point is projected back into the box after every step
    (projected gradient descent, and ``gtol`` applies to the projected gradient
    :math:`\|x - P(x - g)\|`). ``line_search="armijo"`` backtracks along the optimizer's
    proposed step :math:`\Delta` (starting from ``lr``, halving) until
    :math:`f(x + s\Delta) \le f(x) + c\, s\, g^\top\Delta`; a non-finite trial counts as a
    failed trial.

    ``method="lbfgs"`` (:class:`descend.optim.LBFGS`, ``history_size`` pairs, 10 by default),
    ``"bfgs"`` (a dense inverse Hessian: for small problems) or ``"cg"`` (Polak–Ribière+)
    search every step for the strong Wolfe conditions instead; ``optimizer="lbfgs"`` means
    ``method="lbfgs"``. With ``bounds``, ``"lbfgs"`` and ``"bfgs"`` are projected
    quasi-Newton methods (Bertsekas' two-metric projection with L-BFGS-B's search along a
    feasible segment: :mod:`descend.minimize.bounded_quasi_newton`); ``"cg"`` takes no bounds. A list or array ``x0`` is computed in float64, as scipy does; a tensor
    keeps its dtype. A run whose point and loss repeat without progress at that dtype's
    resolution stops with status ``"precision"``, converged when the gradient is at the
    rounding level of ``fn`` (:mod:`descend.minimize.precision`). A schedule-free optimizer
    returns its average of the iterates (``opt.eval()``; projected into ``bounds``), and the
    run is judged there: it goes on past an iterate that meets ``gtol`` until the average meets
    it too, and a ``"precision"`` stop converged only where the average is at the rounding level.

    Args:
        fn: a function of a tensor shaped like ``x0`` returning a scalar tensor (of the parts,
            where ``x0`` is in parts).
        x0: the start point: a tensor, array or (nested) list of numbers; or in parts, a dict,
            list or tuple of tensors, which ``fn``, the callback and ``Result.x`` get as such
            (:mod:`descend.minimize.parts`; ``bounds`` count the parts' coordinates in order).
        method: ``None`` (gradient descent with ``optimizer``), ``"lbfgs"``, ``"bfgs"`` or
            ``"cg"`` (in any case; scipy's ``"L-BFGS-B"`` is ``"lbfgs"``); a method takes no
            ``optimizer``, ``lr``, ``line_search`` or ``schedule``, and ``"cg"`` no ``bounds``.
        optimizer: a name known to ``descend.optim.create`` ("gd", "momentum", "adam", ...)
            or an optimizer class such as ``torch.optim.SGD``.
        lr: the learning rate (the optimizer's default when ``None``); ``"auto"`` picks
            ``1/L`` from the largest curvature ``L`` at ``x0`` (Hessian-vector products by
            autograd) for "gd", "sgd", "momentum" and "nesterov"; for "lion" and "nadam", whose
            steps move every coordinate by about ``lr`` whatever the gradient (Lion's always,
            NAdam's first), the largest rate at which a run of ``max_iter/4`` steps still
            reaches a lower ``f`` in each quarter of it (:func:`descend.minimize.auto_rate.sign_step_lr`;
            its runs cost about 1.5 to 2 times ``max_iter`` more calls of ``fn``, and a larger
            ``max_iter`` gets a lower rate, which covers the distance in more steps); and a
            backtracking probe of the first step for the other rules. With ``max_iter=0``,
            Lion and NAdam probe nothing (no step is taken; ``history.lr`` holds ``nan``).
        max_iter: the most optimizer steps to take.
        gtol: stop when the gradient norm is at most ``gtol``.
        ftol: stop when :math:`|f_{k-1} - f_k| \le` ``ftol`` :math:`\cdot\max(|f_k|, |f_{k-1}|, 1)`
            (0 turns it off).
        xtol: stop when :math:`\|x_k - x_{k-1}\| \le` ``xtol`` (0 turns it off).
        bounds: ``(lower, upper)`` scalars for every coordinate, or one ``(lower, upper)``
            pair per coordinate of the flattened ``x0``; ``None`` means unbounded on that side.
            An ``x0`` outside the box is moved into it (each coordinate clipped to its bounds)
            with a warning naming the coordinates moved (scipy's Nelder-Mead and Powell warn
            too; its L-BFGS-B clips without a word).
        line_search: ``None`` or ``"armijo"``.
        callback: called with an :class:`Iterate` after every iteration; returning ``True``
            stops the run (status ``"callback"``).
        schedule: a ``descend.schedules`` schedule (or its name, sized to ``max_iter`` and
            ``lr``) that sets the learning rate of every iteration (beside an object, an
            ``lr`` other than its first rate is refused: it would go unused); a
            reduce-on-plateau one observes ``f`` after every iteration (each is a full pass
            over the objective).
        **hyper: further optimizer hyper-parameters (``momentum=0.9``, ``betas=...``;
            ``history_size`` for ``method="lbfgs"``).

    >>> import descend as ds
    >>> res = ds.minimize(ds.functions.booth, [0.0, 0.0], optimizer="gd", lr=0.05)
    >>> res.converged, [round(v, 4) for v in res.x.tolist()]
    (True, [1.0, 3.0])
    >>> res = ds.minimize(ds.functions.rosenbrock, [-1.2, 1.0], method="lbfgs")
    >>> res.status, res.nit, res.nfev, [round(v, 4) for v in res.x.tolist()]
    ('gtol', 35, 44, [1.0, 1.0])
    >>> import torch
    >>> res = ds.minimize(lambda p: ((p["w"] - 2) ** 2).sum() + p["b"] ** 2, {"w": torch.ones(2), "b": torch.tensor(1.0)},
    ...                   lr=0.25)
    >>> {k: v.round(decimals=4).tolist() for k, v in res.x.items()}
    {'w': [2.0, 2.0], 'b': 0.0}
    """
    check_function(fn)
    if method is None and isinstance(optimizer, str) and optimizer.lower() in METHODS:
        method, optimizer = optimizer.lower(), "gd"  # L-BFGS steps through a closure: the method
    if method is not None:
        method = _method_name(method)
    parts = parts_of(x0)
    x = as_start_point(x0 if parts is None else parts.flat)
    check_options(max_iter, gtol, ftol, xtol, line_search, callback)
    if method is not None:
        _check_method(method, optimizer, lr, line_search, schedule, bounds)
    # Keywords before fn is called: a misplaced one fails as itself, not inside fn.
    refuse_scipy_keywords(hyper)
    if method is not None:
        check_method_options(method, hyper)
    else:
        refuse_instance(optimizer)
        optim.check_keywords(minimize, optimizer, hyper)
        refuse_closure_rule(optimizer)
        refuse_sparse_rule(optimizer)
        optim.refuse_maximize(optimizer, hyper, _MAXIMUM)
        schedules.refuse_lr_beside_object(lr, schedule)
        refuse_ended_schedule(schedule, max_iter)
    limits = box(bounds, x)
    project = projection(limits, x)
    start_in_box(x, project)
    if parts is not None:  # the descent runs on the flat vector; fn and callback see the parts
        fn, callback = parts.function(fn), parts.callback(callback)
    f, g = first_value_and_grad(fn, x, project)  # first: 'auto' needs a finite fn and gradient
    rules = Rules(max_iter, gtol, ftol, xtol, line_search, callback)
    if method is not None:
        opt = line_search_optimizer(method, x, hyper, limits)
        record = Recorder(x, plain_steps=False, gtol=float(gtol), method=method)
        readings = Readings(fn, x, opt, max_iter, threshold=False)
        descent: Descent = LineSearchDescent(fn, x, f, g, opt, rules, record, readings, project)
        return _in_parts(_finish(descent, opt, record, readings, max_iter=max_iter), parts)
    optim.check_rate_name(lr)
    if lr == "auto":
        lr = auto_lr(fn, x, optimizer, hyper, max_iter)
    opt = optim.build(optimizer, [x], lr=lr, **hyper)
    scheduler = schedules.for_run(schedule, opt, max(max_iter, 1))
    # A schedule object's rates are not its lr's: the doctor advises the schedule, scaled.
    given = schedule if isinstance(schedule, schedules.Schedule) else None
    record = Recorder(
        x, plain_steps=takes_plain_steps(opt), gtol=float(gtol), schedule=given, averaged=averages_iterates(opt)
    )
    readings = Readings(fn, x, opt, max_iter)
    descent = Descent(fn, x, f, g, opt, scheduler, project, rules, record, readings)
    return _in_parts(_finish(descent, opt, record, readings), parts)


def _in_parts(result: Result, parts: Parts | None) -> Result:
    """``result`` with its ``x`` in the parts ``x0`` came in (each part its own tensor)."""
    if parts is not None:
        result.x = parts.unflat(result.x)
    return result


def _finish(
    descent: Descent, opt: torch.optim.Optimizer, record: Recorder, readings: Readings, max_iter: int | None = None
) -> Result:
    """Run ``descent`` to its stop; the :class:`Result` with the doctor's findings (for a
    line-search method, given its ``max_iter``, in the method's own settings)."""
    status, detail = descent.run()
    averaged = descent.averaged
    if averaged:
        opt.eval()  # schedule-free: the answer is the averaged point, not the one gradients saw
        average(descent.x, descent.project)
    x = descent.x
    result = record.result(
        x, descent.nit, descent.nfev, status, detail, readings.rows, descent.converged, readings.skipped
    )
    # a diverged run returns its last finite iterate instead
    at_average = _at_the_average(result, descent.fn, descent.project) if averaged and status != "diverged" else ""
    held = _held_by_a_setting(result, descent, detail, record.gtol)
    if descent.flat:  # the doctor would read a run that never moved as converged
        held = flat_finding(result.nit, detail)
    result.diagnoses = [held] if held is not None else diagnose(result)
    result.diagnoses = raised_without_decay(result.diagnoses, descent.decay, record.lr)
    if ROUNDED in detail:
        result.diagnoses = _rounded_away(result.diagnoses, result, record.lr[-1])
        result.message = _grew_before_rounding(result, record.lr[-1])
    if detail.endswith(TOO_LARGE):
        result.message += rate_to_try(result.diagnoses, record.lr[-1])
    result.message += at_average
    if max_iter is not None:
        result.diagnoses = [_method_finding(d, result, max_iter) for d in result.diagnoses]
    return result


def _held_by_a_setting(result: Result, descent: Descent, detail: str, gtol: float) -> Diagnosis | None:
    """The finding on a run that a setting of its optimizer, not its rate, held short of
    ``gtol``: a decay that made it minimize fn plus a penalty (:mod:`.decay`), Rprop's step
    floor it cycled at (:mod:`.step_floor`), or momentum that pointed the step of an Armijo
    search uphill (:func:`.line_search.uphill_finding`); ``None`` for any other run, which the
    doctor reads. The doctor's findings on such a run would read it as a rate's fault."""
    if result.status == "line_search" and detail.endswith(UPHILL):
        return uphill_finding(result.nit, detail.removesuffix(f"; {UPHILL}"))
    if result.converged or result.status not in ("max_iter", "precision"):
        return None
    if result.status == "precision" and at_floor(descent.stall.jump, descent.sizes):
        return floor_finding(result, descent.sizes)
    if descent.decay is None or detail.endswith(TOO_LARGE):  # a cycle: the rate's, whatever the decay
        return None
    return decay_finding(result, descent.decay, gtol)


def _rounded_away(findings: list[Diagnosis], result: Result, lr: float) -> list[Diagnosis]:
    """``findings`` on a run whose steps rounded away at its dtype's resolution, less those
    that advise a smaller rate than ``lr`` (read on rounding's flip-flops, which reverse the
    steps as a swing does: a bfloat16 GD run on Rosenbrock at lr=0.001 was told lr=0.0005),
    with the stop's own finding in their place: the message's advice, a finer dtype or a
    larger rate."""
    kept = [d for d in findings if not _lowers_the_rate(d, lr)]
    if len(kept) == len(findings) or any(d.kind == "divergence" for d in findings):
        return findings  # a loss that blew up before the stall: the rate was too large after all
    dtype = str(result.x.dtype).removeprefix("torch.")
    finer = "compute in float64 (x0 as a list, or a float64 tensor)" if dtype != "float64" else "rescale fn or x"
    return [
        Diagnosis(
            "slow_progress",
            result.nit,
            result.message,
            f"the steps round away at {dtype} resolution, so a smaller rate cannot help: {finer}, or take a larger lr",
        ),
        *kept,
    ]


def _grew_before_rounding(result: Result, lr: float) -> str:
    """The message of a run whose steps rounded away, where a divergence finding was kept: the
    loss grew before the stall, and the message's own advice, a larger rate, would contradict
    the finding's smaller one (bfloat16 LARS on Himmelblau at lr=0.1: the loss 170 -> 2.2e5, then
    'try a larger lr' beside 'try lr=0.01'); it quotes the findings' rate instead
    (:func:`rate_to_try`). Any other run's message as it was."""
    if not any(d.kind == "divergence" for d in result.diagnoses):
        return result.message
    loss = result.history.loss
    grew = float(np.nanmax(loss)) / max(abs(float(loss[0])), 1e-12)
    return (
        f"{result.message.removesuffix(_LARGER)}; but the loss grew {grew:.3g} times before it stalled: "
        f"{TOO_LARGE}{rate_to_try(result.diagnoses, lr)}"
    )


def _lowers_the_rate(d: Diagnosis, lr: float) -> bool:
    """Whether finding ``d`` advises a smaller rate than ``lr`` (or a schedule scaled down)."""
    rate, schedule = d.change.get("lr"), d.change.get("schedule")
    return (rate is not None and rate < lr) or getattr(schedule, "rate_factor", 1.0) < 1


def _at_the_average(result: Result, fn: Callable[[Tensor], Tensor], project: Callable[[Tensor], Tensor] | None) -> str:
    """``result``'s ``fun`` and ``grad_norm`` at its ``x``, a schedule-free optimizer's average of
    the iterates, and the words the message ends with to say so: the run's record, and the stop,
    are at the points where it took the gradients, where fn is another value (one more
    evaluation). A stop on ``gtol`` was met at the average too (:meth:`Descent._gtol`); a
    ``"precision"`` stop counts as converged only where the average is at the rounding level of
    ``fn`` as well (Booth within (0, 2) at lr=0.5: the iterate was, the average is not, its
    gradient norm 2.01)."""
    x, f, g, norm = gradient_at(fn, result.x, project)
    result.fun, result.grad_norm, result.nfev = f.item(), norm, result.nfev + 1
    words = (
        f"; x is the optimizer's average of its iterates (schedule-free), where fn = {result.fun:.6g} "
        f"and the gradient norm is {result.grad_norm:.3g}"
    )
    if result.status == "precision" and result.converged:
        result.converged, level = rounding_level(x, g, result.fun, project)
        if not result.converged:
            result.message = result.message.replace("converged after", "stopped after", 1)
            words += f" ({level}): the average has not settled where the iterates did"
    return words


# How to find a maximum with minimize (maximize=True is refused).
_MAXIMUM = "minimize minimizes fn: to find a maximum of fn, minimize its negative, minimize(lambda x: -fn(x), x0)"

# Settings of gradient descent that a line-search method rejects (_check_method).
_DESCENT_SETTINGS = ("lr", "momentum", "schedule", "optimizer", "line_search", "bounds")


def _method_finding(d: Diagnosis, result: Result, max_iter: int) -> Diagnosis:
    """``d`` with advice a line-search method takes: the doctor reads the searched step as a
    learning rate, which a method has none of. A change that sets a rate (or momentum, a
    schedule) becomes more iterations for a run stopped at ``max_iter``, float64 for one
    computed in a narrower dtype, and nothing to set otherwise."""
    if not any(name in d.change for name in _DESCENT_SETTINGS):
        return d
    own = "a line-search method searches its own step, so no learning rate applies"
    if result.status == "max_iter":
        more = 2 * max_iter
        return Diagnosis(
            d.kind, d.step, d.evidence, f"{own}: allow more iterations (max_iter={more})", {"max_iter": more}
        )
    if result.x.dtype != torch.float64:
        advice = f"{own}: compute in float64 (x0 as a list, or a float64 tensor), where rounding is finer"
    else:
        advice = f"{own}: the function may be ill-conditioned or not smooth along the path"
    return Diagnosis(d.kind, d.step, d.evidence, advice)


def _method_name(method: Any) -> str:
    """``method``'s name in ``METHODS``, in any case and in scipy's spellings (``"L-BFGS-B"``,
    ``"BFGS"``, ``"CG"``), as the optimizer names and ``descend minimize --method`` are read."""
    key = method.strip().lower().replace("-", "") if isinstance(method, str) else None
    key = {"lbfgsb": "lbfgs"}.get(key, key)
    if key not in METHODS:
        hint = did_you_mean(key, METHODS) if key else ""
        if key in optim.names():  # a gradient-descent rule, which minimize takes as optimizer
            hint = f" {method!r} is an optimizer: give optimizer={key!r} (method is for the line-search methods)"
        raise ValueError(
            f"method must be None (gradient descent) or one of {', '.join(map(repr, METHODS))}, got {method!r}{'.' + hint if hint else ''}"
        )
    return key


def _check_method(method: Any, optimizer: Any, lr: Any, line_search: Any, schedule: Any, bounds: Any) -> None:
    """``method`` is a line-search method, and no gradient-descent setting came with it."""
    given = {"optimizer": optimizer != "gd", "lr": lr is not None, "line_search": line_search is not None}
    given |= {"schedule": schedule is not None}
    extra = [name for name, there in given.items() if there]
    if extra:
        raise ValueError(
            f"method={method!r} searches its own step (strong Wolfe) along its own direction: "
            f"{', '.join(extra)} {'is a setting' if len(extra) == 1 else 'are settings'} "
            "of gradient descent (method=None) only"
        )
    if method == "cg" and bounds is not None:
        raise ValueError(
            "method='cg' takes no bounds: a bound that clips a step breaks the conjugacy of the "
            "directions (the Polak-Ribiere+ recurrence assumes unconstrained steps); use "
            "method='lbfgs' or 'bfgs' (projected quasi-Newton) or gradient descent for a box"
        )
