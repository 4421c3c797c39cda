r"""Learning-rate schedules: pure functions of the optimizer-update count (optax style).

A schedule is a callable ``schedule(step) -> lr``: the learning rate itself (not a factor) for
update number ``step + 1``, where ``step`` counts the updates already done, from 0. Step-driven
schedules hide no state, so they can be plotted before training, checked against closed forms
and resumed from the step count alone. :func:`plateau` is the one metric-driven schedule:
``observe(metric)`` shrinks a factor that multiplies any step-driven base schedule.
:func:`attach` drives the param groups of any ``torch.optim`` (or ``descend.optim``) optimizer.

>>> import torch
>>> sched = warmup(2, then=cosine(0.1, total_steps=4))
>>> [round(lr, 4) for lr in values(sched, 7)]
[0.0, 0.05, 0.1, 0.0854, 0.05, 0.0146, 0.0]
>>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(2))], lr=0.1)
>>> adapter = attach(opt, sched)      # sets the lr of update 1: sched(0)
>>> opt.step(); adapter.step()        # after every optimizer.step()
>>> adapter.last_lr
[0.05]
"""

from __future__ import annotations

import bisect
import inspect
import math
import numbers
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ._names import did_you_mean

__all__ = [
    "for_run",
    "Schedule", "constant", "step_decay", "multistep_decay", "exponential_decay", "inverse_time",
    "cosine", "one_cycle", "warmup", "join", "Plateau", "plateau", "get", "names", "run_names",
    "ScheduleAdapter", "attach", "values", "plot",
]

# --- argument checks, in descend.optim's style: the error names the parameter and its value ---


def _real(name: str, value: Any, ok: Callable[[float], bool], rule: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r} ({type(value).__name__})")
    if not math.isfinite(value) or not ok(float(value)):
        raise ValueError(f"{name} must be {rule}, got {value!r}")
    return float(value)


_GE0 = (lambda v: v >= 0, "finite and >= 0")
_GT0 = (lambda v: v > 0, "finite and > 0")


def _int(name: str, value: Any, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    if value < low:
        raise ValueError(f"{name} must be >= {low}, got {value!r}")
    return int(value)


def _choice(name: str, value: Any, options: tuple[str, ...]) -> str:
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}, got {value!r}")
    return value


def _schedule(name: str, value: Any, outermost: bool = False) -> Schedule:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return constant(value)
    if not isinstance(value, Schedule):
        raise TypeError(f"{name} must be a Schedule or a number, got {value!r}")
    if isinstance(value, Plateau) and not outermost:
        raise ValueError(f"{name} cannot be a plateau schedule: wrap the step-driven schedule in "
                         f"plateau(base=...) instead, so that observe() reaches it")
    return value


def _metric(value: Any) -> float:
    shape = getattr(value, "shape", None)
    if shape is not None and hasattr(value, "item") and math.prod(shape) == 1:
        value = value.item()  # a one-element tensor or array, as a loss often is
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"metric must be a real number or a one-element tensor, got {value!r} "
                        f"({type(value).__name__})")
    return float(value)


def _param_groups(optimizer: Any) -> list:
    groups = getattr(optimizer, "param_groups", None)
    if not isinstance(groups, list) or not groups \
            or not all(isinstance(g, dict) and "lr" in g for g in groups):
        raise TypeError(f"optimizer must be a torch.optim.Optimizer (or anything whose "
                        f"param_groups is a list of dicts with an 'lr'), got {optimizer!r} "
                        f"({type(optimizer).__name__})")
    return groups


def _plain(value: Any) -> Any:
    if isinstance(value, Schedule):
        return value.state_dict()
    return [_plain(v) for v in value] if isinstance(value, (list, tuple)) else value


class Schedule:
    """A learning rate as a pure function of the update count: ``schedule(step) -> float``.

    Built by the functions of this module, which store their (validated) arguments in
    ``config``. ``state_dict()`` is that config as plain data; ``load_state_dict`` checks a saved
    one against it and warns about every difference (a changed ``total_steps``, say), naming the
    saved and the current value: a stateless schedule has nothing else to restore. A schedule
    of your own is ``Schedule("name", fn, **config)``, ``fn`` a pure function of the step.
    """

    def __init__(self, name: str, fn: Callable[[int], float], **config: Any) -> None:
        self.name, self._fn, self.config = name, fn, config

    def __call__(self, step: int) -> float:
        return float(self._fn(_int("step", step, 0)))

    def __repr__(self) -> str:
        return f"{self.name}({', '.join(f'{k}={v!r}' for k, v in self.config.items())})"

    def state_dict(self) -> dict[str, Any]:
        return {"name": self.name, **{k: _plain(v) for k, v in self.config.items()}}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        if state.get("name") != self.name:
            raise ValueError(f"cannot load the state of a {state.get('name')!r} schedule "
                             f"into {self!r}")
        for key, value in self.config.items():
            saved = state.get(key)
            if isinstance(value, Schedule) and isinstance(saved, Mapping):
                value.load_state_dict(saved)
            elif isinstance(value, list) and value and isinstance(value[0], Schedule) \
                    and isinstance(saved, list) and len(saved) == len(value):
                for child, child_state in zip(value, saved):
                    child.load_state_dict(child_state)
            elif _plain(value) != saved:
                warnings.warn(f"{self.name} schedule: the saved state has {key}={saved!r}, this "
                              f"schedule has {key}={_plain(value)!r}; continuing with the latter",
                              stacklevel=2)


def constant(lr: float) -> Schedule:
    r"""The same rate at every step: :math:`\eta_t = \eta_0`, ``lr >= 0``.

    >>> constant(0.1)(1000)
    0.1
    """
    lr = _real("lr", lr, *_GE0)
    return Schedule("constant", lambda t: lr, lr=lr)


def step_decay(lr: float, step_size: int, gamma: float = 0.1) -> Schedule:
    r"""Decay by ``gamma`` every ``step_size`` steps, as ``torch.optim.lr_scheduler.StepLR``.

    :math:`\eta_t = \eta_0\,\gamma^{\lfloor t / s \rfloor}`; ``lr >= 0``, ``step_size >= 1``,
    ``gamma > 0`` (default 0.1).

    >>> [step_decay(1.0, step_size=2, gamma=0.5)(t) for t in range(5)]
    [1.0, 1.0, 0.5, 0.5, 0.25]
    """
    lr, step_size = _real("lr", lr, *_GE0), _int("step_size", step_size, 1)
    gamma = _real("gamma", gamma, *_GT0)
    return Schedule("step", lambda t: lr * gamma ** (t // step_size),
                    lr=lr, step_size=step_size, gamma=gamma)


def _increasing(name: str, value: Any) -> list[int]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise TypeError(f"{name} must be a sequence of integers, got {value!r}")
    out = [_int(f"{name}[{i}]", v, 1) for i, v in enumerate(value)]
    if any(b <= a for a, b in zip(out, out[1:])):
        raise ValueError(f"{name} must be strictly increasing, got {list(value)!r}")
    return out


def multistep_decay(lr: float, milestones: Sequence[int], gamma: float = 0.1) -> Schedule:
    r"""Decay by ``gamma`` at each milestone, as ``torch.optim.lr_scheduler.MultiStepLR``.

    :math:`\eta_t = \eta_0\,\gamma^{|\{m_i \le t\}|}`; ``milestones`` strictly increasing
    integers >= 1, ``gamma > 0`` (default 0.1).

    >>> [multistep_decay(1.0, milestones=[1, 3], gamma=0.5)(t) for t in range(4)]
    [1.0, 0.5, 0.5, 0.25]
    """
    lr, milestones = _real("lr", lr, *_GE0), _increasing("milestones", milestones)
    gamma = _real("gamma", gamma, *_GT0)
    return Schedule("multistep", lambda t: lr * gamma ** bisect.bisect_right(milestones, t),
                    lr=lr, milestones=milestones, gamma=gamma)


def exponential_decay(lr: float, gamma: float) -> Schedule:
    r"""Multiply by ``gamma`` every step, as ``torch.optim.lr_scheduler.ExponentialLR``.

    :math:`\eta_t = \eta_0\,\gamma^t`; ``gamma > 0`` (above 1 it grows: an lr range test).

    >>> exponential_decay(1.0, gamma=0.5)(3)
    0.125
    """
    lr, gamma = _real("lr", lr, *_GE0), _real("gamma", gamma, *_GT0)
    return Schedule("exponential", lambda t: lr * gamma**t, lr=lr, gamma=gamma)


def inverse_time(lr: float, power_t: float = 0.25) -> Schedule:
    r"""scikit-learn's ``learning_rate="invscaling"``: ``eta0 / pow(t, power_t)``.

    scikit-learn counts updates from 1, so :math:`\eta_t = \eta_0 / (t + 1)^{p}` for the
    0-based ``t`` here; ``power_t >= 0`` (default 0.25, ``SGDRegressor``'s; 0 is constant).

    >>> inverse_time(1.0, power_t=0.5)(3)
    0.5
    """
    lr, power_t = _real("lr", lr, *_GE0), _real("power_t", power_t, *_GE0)
    return Schedule("inverse_time", lambda t: lr / (t + 1) ** power_t, lr=lr, power_t=power_t)


def cosine(lr: float, total_steps: int, final_lr: float = 0.0) -> Schedule:
    r"""Half a cosine from ``lr`` to ``final_lr`` over ``total_steps``, then ``final_lr``.

    :math:`\eta_t = \eta_{min} + \tfrac12(\eta_0 - \eta_{min})(1 + \cos(\pi \min(t, T) / T))`,
    ``torch.optim.lr_scheduler.CosineAnnealingLR`` with ``eta_min=final_lr`` up to ``T`` (torch
    then climbs back up; this holds ``final_lr``). ``total_steps >= 1``, ``final_lr >= 0``
    (default 0; optax's ``alpha`` is ``final_lr / lr``).

    >>> [cosine(1.0, total_steps=2, final_lr=0.5)(t) for t in range(4)]
    [1.0, 0.75, 0.5, 0.5]
    """
    lr, total_steps = _real("lr", lr, *_GE0), _int("total_steps", total_steps, 1)
    final_lr = _real("final_lr", final_lr, *_GE0)

    def fn(t: int) -> float:
        x = min(t, total_steps) / total_steps
        return final_lr + (lr - final_lr) * (1 + math.cos(math.pi * x)) / 2

    return Schedule("cosine", fn, lr=lr, total_steps=total_steps, final_lr=final_lr)


def one_cycle(max_lr: float, total_steps: int, pct_start: float = 0.3, anneal_strategy: str = "cos",
              div_factor: float = 25.0, final_div_factor: float = 1e4,
              three_phase: bool = False) -> Schedule:
    r"""The 1cycle policy, as ``torch.optim.lr_scheduler.OneCycleLR`` (its lr; no momentum).

    From :math:`\eta_{max}/d` up to :math:`\eta_{max}` by step :math:`pT - 1`, then down to
    :math:`\eta_{max}/(d\,d_f)` at step :math:`T - 1` (held after it). With ``three_phase`` it
    first comes back to :math:`\eta_{max}/d` by step :math:`2pT - 2`. Each phase anneals by
    ``"cos"`` (:math:`b + \tfrac12(a - b)(1 + \cos \pi x)`) or ``"linear"`` (:math:`a + (b - a)x`).
    ``max_lr > 0``, ``total_steps >= 1``, ``pct_start`` in (0, 1) (default 0.3),
    ``div_factor`` :math:`d > 0` (25), ``final_div_factor`` :math:`d_f > 0` (1e4).

    >>> s = one_cycle(1.0, total_steps=5, pct_start=0.4, anneal_strategy="linear", div_factor=10)
    >>> [round(s(t), 4) for t in range(6)]
    [0.1, 1.0, 0.6667, 0.3333, 0.0, 0.0]
    """
    max_lr, total_steps = _real("max_lr", max_lr, *_GT0), _int("total_steps", total_steps, 1)
    pct_start = _real("pct_start", pct_start, lambda v: 0 < v < 1, "in (0, 1)")
    anneal_strategy = _choice("anneal_strategy", anneal_strategy, ("cos", "linear"))
    div_factor = _real("div_factor", div_factor, *_GT0)
    final_div_factor = _real("final_div_factor", final_div_factor, *_GT0)
    if not isinstance(three_phase, bool):
        raise TypeError(f"three_phase must be True or False, got {three_phase!r}")
    low = max_lr / div_factor
    up, last = float(pct_start * total_steps) - 1, total_steps - 1  # torch's phase ends, exactly
    phases = [(up, low, max_lr), (float(2 * pct_start * total_steps) - 2, max_lr, low),
              (last, low, low / final_div_factor)]
    if not three_phase:
        phases = [phases[0], (last, max_lr, low / final_div_factor)]

    def fn(t: int) -> float:
        start = 0.0
        for i, (end, a, b) in enumerate(phases):
            if t <= end or i == len(phases) - 1:
                break
            start = end
        x = min((t - start) / (end - start), 1.0) if end > start else 1.0
        if anneal_strategy == "cos":
            return b + (a - b) / 2.0 * (math.cos(math.pi * x) + 1)
        return (b - a) * x + a

    return Schedule("onecycle", fn, max_lr=max_lr, total_steps=total_steps, pct_start=pct_start,
                    anneal_strategy=anneal_strategy, div_factor=div_factor,
                    final_div_factor=final_div_factor, three_phase=three_phase)


def warmup(steps: int, then: Schedule | float, start_factor: float = 0.0) -> Schedule:
    r"""A linear warm-up over ``steps`` updates, then ``then`` (shifted to start after it).

    :math:`\eta_t = s_0\,(f + (1 - f)\,t / w)` for :math:`t < w`, :math:`s_{t - w}` after,
    where :math:`s` is ``then`` (a schedule, or a number for a constant); ``torch``'s
    ``LinearLR(start_factor=f, total_iters=w)`` then ``then`` in a ``SequentialLR`` with
    milestone ``w``. ``steps >= 1``, ``start_factor`` in [0, 1], default 0: the first update
    then has lr 0, pass ``start_factor > 0`` to make it count.

    >>> [warmup(4, then=exponential_decay(1.0, gamma=0.5))(t) for t in range(6)]
    [0.0, 0.25, 0.5, 0.75, 1.0, 0.5]
    """
    steps, then = _int("steps", steps, 1), _schedule("then", then)
    start_factor = _real("start_factor", start_factor, lambda v: 0 <= v <= 1, "in [0, 1]")

    def fn(t: int) -> float:
        if t >= steps:
            return then(t - steps)
        return then(0) * (start_factor + (1 - start_factor) * t / steps)

    return Schedule("warmup", fn, steps=steps, then=then, start_factor=start_factor)


def join(schedules: Sequence[Schedule | float], boundaries: Sequence[int]) -> Schedule:
    r"""``schedules[i]`` from step ``boundaries[i - 1]`` on, each restarted at its own step 0.

    :math:`\eta_t = s^{(i)}_{t - b_{i-1}}` for :math:`b_{i-1} \le t < b_i` (:math:`b_{-1} = 0`),
    optax's ``join_schedules``; ``boundaries`` strictly increasing integers >= 1, one fewer
    than ``schedules``.

    >>> s = join([constant(1.0), exponential_decay(0.5, gamma=0.5)], boundaries=[2])
    >>> [s(t) for t in range(4)]
    [1.0, 1.0, 0.5, 0.25]
    """
    schedules = [_schedule(f"schedules[{i}]", s) for i, s in enumerate(schedules)]
    boundaries = _increasing("boundaries", boundaries)
    if len(schedules) != len(boundaries) + 1:
        raise ValueError(f"join needs one more schedule than boundaries, got {len(schedules)} "
                         f"schedules and boundaries={boundaries!r}")

    def fn(t: int) -> float:
        i = bisect.bisect_right(boundaries, t)
        return schedules[i](t - (boundaries[i - 1] if i else 0))

    return Schedule("join", fn, schedules=schedules, boundaries=boundaries)


class Plateau(Schedule):
    """``base(step) * factor``, the factor shrinking as a metric stalls; see :func:`plateau`."""

    def __init__(self, base: Schedule, **config: Any) -> None:
        super().__init__("plateau", self._value, base=base, **config)
        self.scale, self.best, self.bad_epochs, self.cooldown_left = 1.0, None, 0, 0

    def _value(self, t: int) -> float:
        base = self.config["base"](t)
        return min(base, max(base * self.scale, self.config["min_lr"]))

    def improves(self, metric: float) -> bool:
        """Whether ``metric`` beats the best so far by more than the threshold.

        A NaN or infinite metric (a diverged loss) never does.
        """
        c, best, metric = self.config, self.best, _metric(metric)
        if not math.isfinite(metric) or best is None:
            return math.isfinite(metric)
        margin = c["threshold"] * (abs(best) if c["threshold_mode"] == "rel" else 1.0)
        return metric < best - margin if c["mode"] == "min" else metric > best + margin

    def observe(self, metric: float) -> None:
        """Record an epoch's (or evaluation's) metric; more than ``patience`` bad ones reduce.

        ``metric`` is a real number or a one-element tensor; NaN or infinite counts as bad.
        """
        metric = _metric(metric)
        if self.improves(metric):
            self.best, self.bad_epochs = metric, 0
        else:
            self.bad_epochs += 1
        if self.cooldown_left > 0:
            self.cooldown_left, self.bad_epochs = self.cooldown_left - 1, 0
        if self.bad_epochs > self.config["patience"]:
            self.scale *= self.config["factor"]
            self.cooldown_left, self.bad_epochs = self.config["cooldown"], 0

    _STATE = ("scale", "best", "bad_epochs", "cooldown_left")

    def state_dict(self) -> dict[str, Any]:
        return {**super().state_dict(), **{k: getattr(self, k) for k in self._STATE}}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        super().load_state_dict(state)
        for key in self._STATE:
            setattr(self, key, state[key])


def plateau(base: Schedule | float, mode: str = "min", factor: float = 0.1, patience: int = 10,
            threshold: float = 1e-4, threshold_mode: str = "rel", cooldown: int = 0,
            min_lr: float = 0.0) -> Plateau:
    r"""Reduce on plateau: ``torch.optim.lr_scheduler.ReduceLROnPlateau`` over any base schedule.

    :math:`\eta_t = \min(b_t, \max(b_t\,\phi^k, \eta_{min}))`, :math:`b` the step-driven ``base``
    (or a number, for a constant), :math:`\phi` = ``factor`` in (0, 1) (default 0.1), :math:`k`
    the reductions so far. ``observe(metric)`` records a metric; in ``mode="min"`` (or "max") it
    improves on the best :math:`m^*` if :math:`m < m^* - \tau|m^*|` (:math:`m > m^* + \tau|m^*|`)
    with ``threshold_mode="rel"``, :math:`m < m^* - \tau` (:math:`m > m^* + \tau`) with "abs";
    :math:`\tau` = ``threshold >= 0`` (1e-4). Unlike torch's :math:`m < m^*(1 - \tau)`, "rel"
    stays right for negative metrics. More than ``patience >= 0`` (10) bad observations in a
    row make a reduction, after which ``cooldown >= 0`` (0) observations are ignored.
    ``min_lr >= 0`` (0) floors the reductions, never the base. torch's ``eps`` has no
    counterpart: no reduction is skipped, however small.

    >>> s = plateau(cosine(1.0, total_steps=10), factor=0.5, patience=1)
    >>> for loss in [-1.0, -1.5, -1.5, -1.5]:
    ...     s.observe(loss)
    >>> s.scale, s(0), s(5)
    (0.5, 0.5, 0.25)
    """
    return Plateau(_schedule("base", base), mode=_choice("mode", mode, ("min", "max")),
                   factor=_real("factor", factor, lambda v: 0 < v < 1, "in (0, 1)"),
                   patience=_int("patience", patience, 0),
                   threshold=_real("threshold", threshold, *_GE0),
                   threshold_mode=_choice("threshold_mode", threshold_mode, ("rel", "abs")),
                   cooldown=_int("cooldown", cooldown, 0), min_lr=_real("min_lr", min_lr, *_GE0))


_BUILDERS: dict[str, Callable[..., Schedule]] = {
    "constant": constant, "step": step_decay, "multistep": multistep_decay,
    "exponential": exponential_decay, "invscaling": inverse_time, "inverse_time": inverse_time,
    "cosine": cosine, "onecycle": one_cycle, "one_cycle": one_cycle, "plateau": plateau,
}


def names() -> list[str]:
    """The names :func:`get` knows, aliases included.

    >>> "cosine" in names() and "onecycle" in names()
    True
    """
    return list(_BUILDERS)


_WARMUP = "warmup+"   # a run's schedule name with this prefix puts a warm-up in front
_WARMUP_SHARE = 0.05  # ... over this share of the run's updates


def run_names() -> list[str]:
    """The names :func:`for_run` (and so ``train``, ``minimize``, the estimators and the CLI)
    takes: :func:`names`, and ``"warmup+NAME"`` for those that can follow a warm-up.

    >>> "warmup+cosine" in run_names() and "warmup+onecycle" not in run_names()
    True
    """
    return [*_BUILDERS, *(_WARMUP + n for n, b in _BUILDERS.items() if b not in (one_cycle, plateau))]


def get(name: str, *, warmup_steps: int = 0, **kwargs: Any) -> Schedule:
    """A schedule by name, case-insensitively: ``get("cosine", lr=0.1, total_steps=1000)``.

    Names: "constant", "step", "multistep", "exponential", "invscaling" (or "inverse_time"),
    "cosine", "onecycle" (or "one_cycle"), "plateau"; ``kwargs`` are the builder's arguments.
    ``warmup_steps > 0`` puts a :func:`warmup` from 0 in front, and ``total_steps`` (if the
    schedule has one) still counts the whole run: ``total_steps - warmup_steps`` remain for it.
    Not for "onecycle" (it warms up itself) or "plateau" (wrap a warmed-up base instead).

    >>> get("Cosine", lr=1.0, total_steps=4, warmup_steps=2)
    warmup(steps=2, then=cosine(lr=1.0, total_steps=2, final_lr=0.0), start_factor=0.0)
    """
    if not isinstance(name, str):
        raise TypeError(f"schedule name must be a string, got {name!r}")
    key = name.strip().lower()
    if key not in _BUILDERS:
        hint = did_you_mean(key, _BUILDERS)
        raise ValueError(f"unknown schedule {name!r}.{hint} "
                         f"Known schedules: {', '.join(_BUILDERS)}.")
    builder = _BUILDERS[key]
    params = inspect.signature(builder).parameters
    takes = ", ".join(p.name if p.default is p.empty else f"{p.name}={p.default!r}"
                      for p in params.values())
    for arg in kwargs:
        if arg not in params:
            hint = did_you_mean(arg, list(params))
            raise TypeError(f"schedule {name!r} has no argument {arg!r}.{hint} It takes: {takes}.")
    missing = [p for p, v in params.items() if v.default is v.empty and p not in kwargs]
    if missing:
        raise TypeError(f"schedule {name!r} needs {', '.join(missing)}. It takes: {takes}.")
    if _int("warmup_steps", warmup_steps, 0) == 0:
        return builder(**kwargs)
    if builder in (one_cycle, plateau):
        why = "it warms up itself" if builder is one_cycle else "use plateau(base=warmup(...))"
        raise ValueError(f"warmup_steps does not apply to {name!r}: {why}")
    if "total_steps" in kwargs:
        total = _int("total_steps", kwargs["total_steps"], 1)
        if total <= warmup_steps:
            raise ValueError(f"total_steps must be > warmup_steps={warmup_steps}, got {total}")
        kwargs["total_steps"] = total - warmup_steps
    return warmup(warmup_steps, then=builder(**kwargs))


class ScheduleAdapter:
    """Sets an optimizer's param-group learning rates from a schedule; see :func:`attach`."""

    def __init__(self, optimizer: Any, schedule: Schedule) -> None:
        groups = _param_groups(optimizer)
        self.optimizer, self.steps = optimizer, 0
        self.schedule = _schedule("schedule", schedule, outermost=True)
        initial = [float(g.setdefault("initial_lr", g["lr"])) for g in groups]
        if len(initial) > 1 and initial[0] == 0:
            raise ValueError("the first param group's initial lr must be > 0 to scale the other "
                             f"groups' by it, got {initial[0]}")
        self.ratios = [1.0] + [lr / initial[0] for lr in initial[1:]]
        self._apply()

    def _apply(self) -> None:
        groups = self.optimizer.param_groups
        if len(groups) != len(self.ratios):
            raise RuntimeError(f"the optimizer has {len(groups)} param groups, the adapter was "
                               f"built for {len(self.ratios)}: attach the schedule again")
        lr = self.schedule(self.steps)
        for group, ratio in zip(groups, self.ratios):
            if hasattr(group["lr"], "fill_"):  # a tensor lr: keep it a tensor
                group["lr"].fill_(lr * ratio)
            else:
                group["lr"] = lr * ratio
        self.last_lr = [float(g["lr"]) for g in groups]

    def step(self) -> None:
        """Count one optimizer update and set the learning rates for the next one."""
        self.steps += 1
        self._apply()

    def observe(self, metric: float) -> None:
        """Pass an epoch's metric to a :func:`plateau` schedule; the next update sees its effect."""
        if not isinstance(self.schedule, Plateau):
            raise TypeError(f"{self.schedule.name} is a step-driven schedule and takes no metric; "
                            "wrap it: plateau(base=...)")
        self.schedule.observe(metric)
        self._apply()

    def state_dict(self) -> dict[str, Any]:
        return {"steps": self.steps, "ratios": list(self.ratios),
                "schedule": self.schedule.state_dict()}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        self.schedule.load_state_dict(state["schedule"])
        self.steps = _int("steps", state["steps"], 0)
        self.ratios = [float(r) for r in state["ratios"]]
        self._apply()


def attach(optimizer: Any, schedule: Schedule) -> ScheduleAdapter:
    """Let ``schedule`` set the learning rates of ``optimizer`` (anything with ``param_groups``).

    Sets them for the first update at once; call ``adapter.step()`` after every
    ``optimizer.step()``. The first param group gets ``schedule(step)``, every other group
    ``schedule(step) * its initial lr / the first group's``, the initial lr being
    ``group["initial_lr"]`` if set (torch's schedulers set it too, and it travels with the
    optimizer's state dict) else ``group["lr"]`` now, recorded as ``"initial_lr"``.
    ``adapter.state_dict()`` holds the step count, these ratios and the schedule's state.

    >>> import torch
    >>> w, b = torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(1))
    >>> opt = torch.optim.SGD([{"params": [w]}, {"params": [b], "lr": 0.2}], lr=0.1)
    >>> adapter = attach(opt, step_decay(1.0, step_size=1, gamma=0.5))
    >>> opt.step(); adapter.step(); adapter.last_lr
    [0.5, 1.0]
    """
    return ScheduleAdapter(optimizer, schedule)


def for_run(schedule: Any, optimizer: Any, total_steps: int) -> Any:
    """What sets ``optimizer``'s learning rate at each of a run's ``total_steps`` updates.

    ``schedule`` is ``None`` (nothing), a name (sized to the run: ``lr`` from the optimizer's
    first group, ``total_steps`` where the schedule has a horizon; "step" divides the rate by
    10 after each third of the run, "multistep" at 50% and 75% of it, "exponential" decays it
    to 1% by the end, "plateau" divides it by 10 when the metric stalls; "warmup+NAME" first
    raises the rate linearly from 0 over 5% of the run, then follows NAME over the rest; see
    :func:`run_names`), a schedule object
    (both driven through :func:`attach`), or a function ``optimizer -> torch scheduler``. The
    result has ``step()``, ``state_dict()`` and ``load_state_dict()``.

    >>> import torch
    >>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    >>> for_run("cosine", opt, total_steps=10).last_lr
    [0.1]
    """
    if schedule is None:
        return None
    if isinstance(schedule, str):
        lr = _param_groups(optimizer)[0]["lr"]
        schedule = _sized(schedule, lr, _int("total_steps", total_steps, 1))
    if isinstance(schedule, (Schedule, Plateau)):
        return attach(optimizer, schedule)
    if callable(schedule):
        return schedule(optimizer)
    raise TypeError(f"schedule must be a name ({', '.join(names())}), a descend.schedules "
                    f"schedule or a function optimizer -> torch scheduler, got {schedule!r}")


def _sized(name: str, lr: float, total_steps: int) -> Schedule:
    """The schedule ``name`` with the parameters a run of ``total_steps`` updates at ``lr``
    implies; after a warm-up ("warmup+NAME"), NAME is sized to the updates that remain."""
    key = name.strip().lower()
    warmup_steps = 0
    if key.startswith(_WARMUP):
        if total_steps < 2:
            raise ValueError(f"schedule {name!r} needs a run of at least 2 updates, got {total_steps}")
        key = name = key[len(_WARMUP):]
        warmup_steps = min(max(1, round(_WARMUP_SHARE * total_steps)), total_steps - 1)
    rest = total_steps - warmup_steps
    run_sized = {
        "onecycle": {"max_lr": lr, "total_steps": rest},
        "one_cycle": {"max_lr": lr, "total_steps": rest},
        "cosine": {"lr": lr, "total_steps": rest},
        "step": {"lr": lr, "step_size": max(rest // 3, 1)},
        "multistep": {"lr": lr, "milestones": sorted({max(rest // 2, 1), max(3 * rest // 4, 2)})},
        "exponential": {"lr": lr, "gamma": 0.01 ** (1 / rest)},
        "plateau": {"base": lr},
    }
    kwargs = dict(run_sized.get(key, {"lr": lr}))
    if warmup_steps and "total_steps" in kwargs:
        kwargs["total_steps"] = total_steps  # get gives the warm-up its share of the run
    return get(name, warmup_steps=warmup_steps, **kwargs)


def values(schedule: Schedule, total_steps: int) -> list[float]:
    """The learning rates of the first ``total_steps`` updates: ``[schedule(0), ...]``.

    >>> values(multistep_decay(1.0, milestones=[2], gamma=0.5), 4)
    [1.0, 1.0, 0.5, 0.5]
    """
    return [schedule(t) for t in range(_int("total_steps", total_steps, 1))]


def plot(schedule: Schedule, total_steps: int, ax: Any = None) -> Any:
    """Draw the planned learning rates of the first ``total_steps`` updates; returns the axes.

    Needs matplotlib; draws on ``ax``, or on a new figure's axes.

    >>> ax = plot(cosine(0.1, total_steps=100), 100)  # doctest: +SKIP
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise ImportError("plot() needs matplotlib: pip install matplotlib") from err
    ys = values(schedule, total_steps)
    if ax is None:
        ax = plt.figure().add_subplot()
    ax.plot(range(total_steps), ys, label=repr(schedule))
    ax.set_xlabel("update (step)")
    ax.set_ylabel("learning rate")
    return ax
