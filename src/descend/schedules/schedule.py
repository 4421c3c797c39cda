"""The schedule objects: :class:`Schedule`, a learning rate as a pure function of the update
count, and :class:`Plateau`, the one that also watches a metric."""

from __future__ import annotations

import functools
import math
import numbers
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .._checks import number

__all__ = ["Schedule", "Plateau"]


# What an error says to a plain function of the step (optax's kind of schedule) given where a
# schedule object is wanted.
WRAP_A_STEP_FUNCTION = (
    "a function of the step, step -> lr, is a schedule once wrapped: descend.schedules.Schedule('mine', fn)"
)


def real(name: str, value: Any, **bounds: Any) -> float:
    """A real-valued argument, checked by :func:`descend._checks.number`, as a ``float``."""
    return float(number(name, value, **bounds))


def count(name: str, value: Any, low: int) -> int:
    """An integer argument ``>= low``, checked by :func:`descend._checks.number`, as an ``int``."""
    return int(number(name, value, integer=True, ge=low))


def increasing(name: str, value: Any) -> list[int]:
    """Strictly increasing integers >= 1 (milestones, boundaries), as a list."""
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise TypeError(f"{name} must be a sequence of integers, got {value!r}")
    out = [count(f"{name}[{i}]", v, 1) for i, v in enumerate(value)]
    if any(b <= a for a, b in zip(out, out[1:])):
        raise ValueError(f"{name} must be strictly increasing, got {list(value)!r}")
    return out


def one_of(name: str, value: Any, options: tuple[str, ...]) -> str:
    """``value`` when it is one of ``options`` (exactly: no case folding), else a clear error."""
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}, got {value!r}")
    return value


def plain(value: Any) -> Any:
    """A schedule's config value as plain data: a nested schedule becomes its state dict."""
    if isinstance(value, Schedule):
        return value.state_dict()
    return [plain(v) for v in value] if isinstance(value, (list, tuple)) else value


def metric_value(value: Any) -> float:
    """A metric as a float: a real number or a one-element tensor or array. Not through
    ``number()``: a NaN or infinite metric (a diverged loss) is allowed, and counts as bad."""
    shape = getattr(value, "shape", None)
    if shape is not None and hasattr(value, "item") and math.prod(shape) == 1:
        value = value.item()  # a one-element tensor or array, as a loss often is
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"metric must be a real number or a one-element tensor, got {value!r} ({type(value).__name__})")
    return float(value)


def picklable(builder: Callable[..., Schedule]) -> Callable[..., Schedule]:
    """``builder``, whose schedules pickle (and deep-copy) as the call that made them,
    ``builder(**schedule.config)``: an estimator or a tune study holding one can be saved or
    sent to a worker process.

    >>> import pickle
    >>> from descend.schedules import cosine  # a builder made picklable so
    >>> pickle.loads(pickle.dumps(cosine(0.1, total_steps=4)))
    cosine(lr=0.1, total_steps=4, final_lr=0.0)
    """

    @functools.wraps(builder)
    def build(*args: Any, **kwargs: Any) -> Schedule:
        schedule = builder(*args, **kwargs)
        # A builder that returns another's schedule (scaled of a plateau is a plateau) leaves
        # it that builder's: its config is that builder's arguments.
        if getattr(schedule, "_built_by", None) is None:
            schedule._built_by = build
        return schedule

    return build


def _rebuilt(builder: Callable[..., Schedule], config: Mapping[str, Any], state: Mapping[str, Any]) -> Schedule:
    """What an unpickled schedule is: ``builder(**config)``, with ``state`` (a plateau's) set."""
    schedule = builder(**config)
    for key, value in state.items():
        setattr(schedule, key, value)
    return schedule


class Schedule:
    """A learning rate as a pure function of the update count: ``schedule(step) -> float``.

    Built by the functions of this package, which store their (validated) arguments in
    ``config``. ``state_dict()`` is that config as plain data; ``load_state_dict`` checks a saved
    one against it and warns about every difference (a changed ``total_steps``, say), naming the
    saved and the current value: a stateless schedule has nothing else to restore. A schedule
    of your own is ``Schedule("name", fn, **config)``, ``fn`` a pure function of the step.

    >>> halve = Schedule("halve", lambda t: 0.1 * 0.5**t, lr=0.1)  # lr_t = 0.1 * 2^-t
    >>> halve, [halve(t) for t in range(4)], halve.state_dict()
    (halve(lr=0.1), [0.1, 0.05, 0.025, 0.0125], {'name': 'halve', 'lr': 0.1})
    """

    def __init__(self, name: str, fn: Callable[[int], float], **config: Any) -> None:
        self.name, self._fn, self.config = name, fn, config

    def __call__(self, step: int) -> float:
        return float(self._fn(count("step", step, 0)))

    def __repr__(self) -> str:
        return f"{self.name}({', '.join(f'{k}={v!r}' for k, v in self.config.items())})"

    def __reduce_ex__(self, protocol: Any) -> Any:
        # Its function is a closure, which pickle cannot store: one that a builder of this
        # package made is stored as that call (a plateau with its state), one's own as it can be.
        builder = getattr(self, "_built_by", None)
        if builder is None:
            return super().__reduce_ex__(protocol)
        return _rebuilt, (builder, self.config, {k: getattr(self, k) for k in getattr(self, "_STATE", ())})

    def state_dict(self) -> dict[str, Any]:
        return {"name": self.name, **{k: plain(v) for k, v in self.config.items()}}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        if state.get("name") != self.name:
            raise ValueError(f"cannot load the state of a {state.get('name')!r} schedule into {self!r}")
        for key, value in self.config.items():
            saved = state.get(key)
            if isinstance(value, Schedule) and isinstance(saved, Mapping):
                value.load_state_dict(saved)
            elif (
                isinstance(value, list)
                and value
                and isinstance(value[0], Schedule)
                and isinstance(saved, list)
                and len(saved) == len(value)
            ):
                for child, child_state in zip(value, saved):
                    child.load_state_dict(child_state)
            elif plain(value) != saved:
                warnings.warn(
                    f"{self.name} schedule: the saved state has {key}={saved!r}, this "
                    f"schedule has {key}={plain(value)!r}; continuing with the latter",
                    stacklevel=2,
                )


class Plateau(Schedule):
    r"""``base(step) * factor``, the factor shrinking as a metric stalls; see
    :func:`descend.schedules.plateau`: :math:`\eta_t = \min(b_t, \max(b_t\,\phi^k, \eta_{min}))`
    after :math:`k` reductions, one per more than ``patience`` observations in a row that do not
    improve on the best.

    >>> from descend.schedules import constant, plateau
    >>> s = plateau(constant(0.1), factor=0.5, patience=1)
    >>> for val_loss in [1.0, 0.9, 0.95, 0.93]:  # two in a row above the best, 0.9
    ...     s.observe(val_loss)
    >>> s(0), s.scale, s.best
    (0.05, 0.5, 0.9)
    """

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
        c, best, metric = self.config, self.best, metric_value(metric)
        if not math.isfinite(metric) or best is None:
            return math.isfinite(metric)
        margin = c["threshold"] * (abs(best) if c["threshold_mode"] == "rel" else 1.0)
        return metric < best - margin if c["mode"] == "min" else metric > best + margin

    def observe(self, metric: float) -> None:
        """Record an epoch's (or evaluation's) metric; more than ``patience`` bad ones reduce.

        ``metric`` is a real number or a one-element tensor; NaN or infinite counts as bad.
        """
        metric = metric_value(metric)
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
