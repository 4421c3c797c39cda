"""``Instruments``: sampled readings of a training run from any loop — the probe loss, the
sharpness against the optimizer's stability threshold, the gradient noise scale and where the
update landed (Cockpit's α) — without changing the run.

A reading is taken on a fixed probe batch at sampled steps. It leaves the weights, their
``.grad``, the optimizer's state, the buffers (BatchNorm's running statistics) and every
random state as they were, so that a run with instruments is bit for bit the run without
them: the model runs in its current mode (the loss the optimizer descends, dropout included)
with torch's generator forked and seeded with ``seed`` (the same dropout masks at every
reading), its buffers restored afterwards, in float32 without autocast.
"""

from __future__ import annotations

import contextlib
import functools
import math
import warnings
from collections.abc import Callable
from typing import Any

import torch
from torch import Tensor

from .._checks import InvalidArgument, flag, number
from .._wrappers import inner_module
from ..training.backward_pass import gradients
from .decrease import probe_decrease
from .example_norms import example_noise_scale
from .held_params import refuse_outside_model
from .probe_context import checked_probe, traceless
from .sampling import planned_steps
from .sharpness import Sharpness, sharpness_from_gradient
from .step_quality import step_alpha
from .thresholds import RULE_COLUMNS, rule_columns, stability_rule

__all__ = ["Instruments", "COLUMNS"]

# The default sampling's cost, held to 5% of the training time of a small model on a CPU
# (bench/train.py, section 4d: the digits MLP and CNN), where a reading costs about as much as
# 10-20 training steps: the readings of descend.instruments.sampling.default_steps, a few
# Lanczos products (warm-started from the previous reading's top direction, so they refine it
# instead of searching for it), and the examples of the noise scale's per-example gradients.
ITERATIONS = 4
TOL = 2e-2
NOISE_EXAMPLES = 32
# The loss still to be had (descend.instruments.decrease): at the last reading of the default
# sampling only, where the doctor judges a run's progress; conjugate-gradient products until CG
# converges (then the reading is exact) or meets negative curvature, at most this many.
DECREASE_ITERATIONS = 100
COLUMNS = (
    "step",
    "probe_loss",
    "sharpness",
    "threshold",
    "stability",
    "noise_scale",
    "batch_size",
    "alpha",
    "decrease",
    "decrease_exact",  # 1.0 where the decrease is the model's (CG converged), 0.0 a lower bound
    *RULE_COLUMNS,  # threshold_lr, gain, preconditioned, base_lr: the rule, as its readers need it
)


class Instruments:
    """Readings of a run at sampled steps, from any training loop.

    Call :meth:`after_step` after every optimizer update (and :meth:`before_step` just
    before it, for α), or :meth:`attach` them to the optimizer's step hooks. At a sampled
    step it appends to ``rows`` the reading ``{"step", "probe_loss", "sharpness",
    "threshold", "stability", "noise_scale", "batch_size", "alpha", "decrease",
    "decrease_exact"}`` (``nan`` where a reading was not taken: no threshold without an
    optimizer or for a rule without one, no α without :meth:`before_step`; the decrease still
    to be had on the probe, :func:`~descend.instruments.remaining_decrease`, only at the last
    step of the default sampling, or at the run's end by :meth:`close`, with ``decrease_exact``
    ``1.0`` where CG converged, the model's decrease and not a lower bound) and the rule's
    ``{"threshold_lr", "gain", "preconditioned", "base_lr"}``
    (:func:`~descend.instruments.thresholds.rule_columns`).

    Args:
        model, loss_fn: the model and ``loss_fn(output, target) -> mean loss``.
        probe: a fixed batch ``(x, y)`` of at least 2 examples.
        optimizer: the run's optimizer, for the stability threshold and the preconditioned
            sharpness of adaptive rules (:func:`descend.instruments.stability_rule`).
        every: ``True`` (the default sampling over ``total_steps``:
            :func:`default_steps`) or ``N``, every ``N``-th step.
        batch_size: examples per update, recorded in the rows (``nan`` when not given).
        noise_scale: whether to measure the gradient noise scale (McCandlish et al. 2018),
            from the per-example gradients of the first ``noise_examples`` probe examples.
        iterations, tol: the Lanczos budget and tolerance of the sharpness (a few products:
            the stability ratio needs a few percent, and each product costs a backward pass),
            warm-started from the previous reading's top direction (``vector``).
        decrease_iterations: the most conjugate-gradient products of the decrease still to be
            had, read at the last step of the default sampling (``0``: not read).
        seed: the random state of the readings (dropout masks, Lanczos start).
        step: the updates done before the first :meth:`after_step` (a resumed run's).

    >>> model = torch.nn.Linear(2, 1)
    >>> opt = torch.optim.SGD(model.parameters(), lr=0.1)
    >>> x, y = torch.randn(16, 2), torch.randn(16)
    >>> mse = lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()
    >>> inst = Instruments(model, mse, (x, y), optimizer=opt, every=2)
    >>> for _ in range(4):
    ...     opt.zero_grad(); mse(model(x), y).backward()
    ...     inst.before_step(); opt.step(); _ = inst.after_step()
    >>> [row["step"] for row in inst.rows], inst.rows[0]["threshold"]
    ([2, 4], 20.0)
    """

    def __init__(
        self,
        model: torch.nn.Module,
        loss_fn: Callable[[Tensor, Tensor], Tensor],
        probe: tuple[Tensor, Tensor],
        *,
        optimizer: torch.optim.Optimizer | None = None,
        every: bool | int = True,
        total_steps: int | None = None,
        batch_size: int | None = None,
        noise_scale: bool = True,
        noise_examples: int = NOISE_EXAMPLES,
        iterations: int = ITERATIONS,
        tol: float = TOL,
        decrease_iterations: int = DECREASE_ITERATIONS,
        seed: int = 0,
        step: int = 0,
    ) -> None:
        if not isinstance(model, torch.nn.Module):
            raise InvalidArgument(f"model must be a torch.nn.Module, got {type(model).__name__}")
        if not callable(loss_fn):
            raise InvalidArgument(f"loss_fn must be a callable (output, target) -> loss, got {loss_fn!r}")
        if optimizer is not None and not isinstance(optimizer, torch.optim.Optimizer):
            raise InvalidArgument(f"optimizer must be a torch.optim.Optimizer or None, got {type(optimizer).__name__}")
        # A torch.compile'd model's readings run eagerly: its compiled backward refuses create_graph.
        self.model, self.loss_fn, self.optimizer = inner_module(model), loss_fn, optimizer
        self.steps = planned_steps(every, total_steps)
        self.every = every
        self.batch_size = number("batch_size", batch_size, integer=True, ge=1, none=True)
        self.iterations = number("iterations", iterations, integer=True, ge=1)
        self.tol = number("tol", tol, gt=0)
        self.decrease_iterations = number("decrease_iterations", decrease_iterations, integer=True, ge=0)
        self.seed = number("seed", seed, integer=True)
        self.step = number("step", step, integer=True, ge=0)
        self.noise_scale = flag("noise_scale", noise_scale)
        self.noise_examples = number("noise_examples", noise_examples, integer=True, ge=2)
        self.rows: list[dict[str, Any]] = []
        self.params = [p for p in model.parameters() if p.requires_grad]
        if not self.params:
            raise InvalidArgument("model has no trainable parameters: there is nothing to measure")
        if optimizer is not None:
            refuse_outside_model((p for g in optimizer.param_groups for p in g["params"]), self.params)
        self.probe = checked_probe(self.model, self.loss_fn, probe, self.params[0].device, self.seed)
        self._start: tuple[int, float, list[Tensor], list[Tensor]] | None = None
        self._failed: set[str] = set()
        # The last reading's top Ritz vector: the next reading's Lanczos starts from it (a warm
        # start, see descend.instruments.sharpness); a resumed run restores it.
        self.vector: Tensor | None = None

    # -- sampling ---------------------------------------------------------------------------

    def due(self, step: int) -> bool:
        """Whether the reading is taken after update ``step`` (1-based)."""
        if self.steps is not None:
            return step in self.steps
        return step % self.every == 0

    def next_due(self, step: int) -> int | None:
        """The first update after ``step`` whose reading is due (``None``: none is planned).

        >>> probe = (torch.ones(2, 1), torch.ones(2, 1))
        >>> inst = Instruments(torch.nn.Linear(1, 1), torch.nn.functional.mse_loss, probe, every=5)
        >>> inst.next_due(0), inst.next_due(5), inst.next_due(7)
        (5, 10, 10)
        """
        if self.steps is not None:
            return min((s for s in self.steps if s > step), default=None)
        return (step // self.every + 1) * self.every

    def before_step(self) -> None:
        """Before an update: when the next step is sampled, note the weights, the probe loss
        and its gradient there (the start of α's fit)."""
        if not self.due(self.step + 1):
            return
        with self._quiet():
            loss = self.loss_fn(self.model(self.probe[0]), self.probe[1])
            grad = gradients(loss, self.params)
        self._start = (
            self.step,
            float(loss.detach()),
            [p.detach().clone() for p in self.params],
            [g.detach() if g is not None else torch.zeros_like(p) for g, p in zip(grad, self.params, strict=True)],
        )

    def after_step(self, decrease: bool = False) -> dict[str, Any] | None:
        """After an update: count it and, at a sampled step, take the reading (with the loss
        left to fall where ``decrease``, or at the last planned step), append it to ``rows``
        and return it (else ``None``)."""
        self.step += 1
        if not self.due(self.step):
            return None
        row = self.measure(decrease)
        self.rows.append(row)
        return row

    def attach(self) -> _Hooks:
        """Call :meth:`before_step` and :meth:`after_step` from the optimizer's step hooks
        (``register_step_pre_hook`` / ``register_step_post_hook``); ``.remove()`` on the
        returned handle detaches them."""
        if self.optimizer is None:
            raise InvalidArgument("attach() needs the optimizer: Instruments(..., optimizer=opt)")
        return _Hooks(
            self.optimizer.register_step_pre_hook(lambda *_: self.before_step()),
            self.optimizer.register_step_post_hook(lambda *_: self.after_step()),
        )

    # -- the reading ------------------------------------------------------------------------

    def measure(self, decrease: bool = False) -> dict[str, Any]:
        """The reading at the current weights, as a row (``step`` is :attr:`step`); α when
        :meth:`before_step` saw the weights one update ago; the loss left to fall at the last
        planned step, or with ``decrease``."""
        rule = stability_rule(self.optimizer) if self.optimizer is not None else None
        start, self._start = self._start, None
        with self._quiet():
            loss = self.loss_fn(self.model(self.probe[0]), self.probe[1])
            gradient = gradients(loss, self.params, create_graph=True)
            probe_loss = float(loss.detach())
            alpha = (
                self._alpha(start, probe_loss, gradient)
                if start is not None and start[0] == self.step - 1
                else math.nan
            )
            params, chosen = self.params, gradient
            if rule is not None:  # the optimizer's parameters, in its order
                where = {id(p): i for i, p in enumerate(self.params)}
                params, chosen = rule.params, [gradient[where[id(p)]] for p in rule.params]
            found = self._tried(
                "sharpness",
                functools.partial(
                    sharpness_from_gradient,
                    chosen,
                    params,
                    rule,
                    iterations=self.iterations,
                    tol=self.tol,
                    seed=self.seed,
                    start=self.vector,
                ),
            )
            if found is not None and found.vector is not None:
                self.vector = found.vector.detach()
            decrease, exact = self._decrease(gradient) if decrease or self._decrease_due() else (math.nan, math.nan)
            del gradient, chosen, loss  # the double-backward graph, before the noise scale runs
            noise = math.nan
            if self.noise_scale:
                x, y = self.probe[0][: self.noise_examples], self.probe[1][: self.noise_examples]
                ns = self._tried("noise scale", lambda: example_noise_scale(self.model, self.loss_fn, x, y))
                noise = float(ns.b_simple) if ns is not None else math.nan
        if found is None:
            found = Sharpness(math.nan, rule.threshold if rule is not None else math.nan)
        return self._row(
            rule,
            probe_loss=probe_loss,
            sharpness=float(found.value),
            threshold=float(found.threshold),
            stability=float(found.stability),
            noise_scale=noise,
            alpha=alpha,
            decrease=decrease,
            decrease_exact=exact,
        )

    def _row(self, rule: Any, **readings: float) -> dict[str, Any]:
        """A row of :data:`COLUMNS` at :attr:`step`: ``readings``, the batch size and the rule's
        columns, ``nan`` for what was not read."""
        batch_size = self.batch_size if self.batch_size is not None else math.nan
        row = {**dict.fromkeys(COLUMNS, math.nan), "step": self.step, "batch_size": batch_size, **readings}
        return {**row, **rule_columns(rule)}

    def close(self, whole: bool = False) -> dict[str, Any] | None:
        """At the end of the run: the decrease still to be had at the last weights, where the
        default sampling's last planned reading did not take it (a run stopped early, ``every=N``,
        a loop that reads when it chooses). Written into the last row when that was read at this
        step, else into a new row of the probe loss and the decrease alone (the other readings
        ``nan``: they keep their sampling), appended and returned. With ``whole``, where no
        reading was taken in the run, the new row is a whole reading (:meth:`measure`, the
        decrease with it). Nothing where no update was made, ``decrease_iterations`` is ``0``,
        or the probe loss is not finite.

        >>> model = torch.nn.Linear(1, 1, bias=False)
        >>> opt = torch.optim.SGD(model.parameters(), lr=0.1)
        >>> x, y = torch.ones(4, 1), torch.full((4,), 3.0)
        >>> mse = lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()
        >>> inst = Instruments(model, mse, (x, y), optimizer=opt, every=True, total_steps=100)
        >>> for _ in range(3):  # stopped long before the last planned reading (step 100)
        ...     opt.zero_grad(); mse(model(x), y).backward(); opt.step(); _ = inst.after_step()
        >>> row = inst.close()
        >>> row["step"], round(row["decrease"] / row["probe_loss"], 6), row["decrease_exact"], row["sharpness"]
        (3, 1.0, 1.0, nan)
        """
        if not self.decrease_iterations or self.step == 0:
            return None
        if whole and not self.rows:
            row = self.measure(decrease=True)
            if not math.isfinite(row["probe_loss"]):
                return None
            self.rows.append(row)
            return row
        last = self.rows[-1] if self.rows else None
        if last is not None and last["step"] == self.step and not math.isnan(last["decrease"]):
            return None
        with self._quiet():
            loss = self.loss_fn(self.model(self.probe[0]), self.probe[1])
            probe_loss = float(loss.detach())
            if not math.isfinite(probe_loss):
                return None
            gradient = gradients(loss, self.params, create_graph=True)
            decrease, exact = self._decrease(gradient)
        if last is not None and last["step"] == self.step:
            last["decrease"], last["decrease_exact"] = decrease, exact
            return None
        rule = stability_rule(self.optimizer) if self.optimizer is not None else None
        row = self._row(rule, probe_loss=probe_loss, decrease=decrease, decrease_exact=exact)
        self.rows.append(row)
        return row

    def _decrease_due(self) -> bool:
        return bool(self.decrease_iterations) and self.steps is not None and self.step == max(self.steps)

    def _decrease(self, gradient: Any) -> tuple[float, float]:
        """The decrease still to be had on the probe and whether it is exact (``1.0``/``0.0``),
        both ``nan`` where it cannot be read."""
        found = self._tried(
            "decrease",
            lambda: probe_decrease(
                self.model, self.loss_fn, self.probe, self.params, gradient, iterations=self.decrease_iterations
            ),
        )
        return (math.nan, math.nan) if found is None else (float(found.value), float(found.exact))

    def _tried(self, what: str, measure: Callable[[], Any]) -> Any:
        """``measure()``, or ``None`` with a warning (once per instrument) where the model cannot
        take it (an operation without a double backward or a batching rule): a reading must
        not end the run it watches."""
        try:
            return measure()
        except (RuntimeError, NotImplementedError) as err:
            if what not in self._failed:
                self._failed.add(what)
                warnings.warn(
                    f"instruments: no {what} for this model ({type(err).__name__}: {err}); recorded as nan",
                    stacklevel=3,
                )
            return None

    def _alpha(self, start, f1: float, gradient) -> float:
        _, f0, before, g0 = start
        have = [i for i, s1 in enumerate(gradient) if s1 is not None]
        with torch.no_grad():
            d = [p.detach() - b for p, b in zip(self.params, before, strict=True)]
            terms = [torch.sum(s0 * di) for s0, di in zip(g0, d, strict=True)]
            terms += [torch.sum(gradient[i].detach() * d[i]) for i in have]
            # One host read for the slopes' terms where they share a device (a GPU waits once, not
            # once per tensor): the same float32 sums, added in the same order, as float() each.
            devices = {t.device for t in terms}
            values = torch.stack(terms).tolist() if len(devices) == 1 else [float(t) for t in terms]
        # sum() adds from 0.0 left to right, as the loop over the tensors did
        return step_alpha(f0, sum(values[: len(d)], 0.0), f1, sum(values[len(d) :], 0.0))

    def _quiet(self) -> contextlib.AbstractContextManager[None]:
        """The probe run without leaving a trace (:func:`~descend.instruments.probe_context.traceless`)."""
        return traceless(self.model, self.params[0].device, self.seed)


class _Hooks:
    """The two step hooks of :meth:`Instruments.attach`."""

    def __init__(self, *handles: Any) -> None:
        self.handles = handles

    def remove(self) -> None:
        for handle in self.handles:
            handle.remove()
