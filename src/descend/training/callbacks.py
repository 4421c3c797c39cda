"""The callback protocol of :func:`descend.train`, and the built-in stopping rules that use it.

A callback subclasses :class:`Callback` and overrides any of its hooks. Each hook receives the
run (:class:`descend.training.run.Run`): ``run.model``, ``run.optimizer``, ``run.history``,
``run.epoch`` (0-based), ``run.step`` (optimizer updates so far), ``run.loss`` (the last
step's loss; in data-parallel training, this worker's share), ``run.rank`` and ``run.world_size`` (0 and 1 unless data-parallel; callbacks
run on every worker) and ``run.stop(reason)``, which ends training after the current step with
``reason`` as ``History.stopped_because``. Callbacks whose decisions depend on the past
implement ``state_dict``/``load_state_dict`` so that a resumed run decides as the
uninterrupted one would.

>>> class StopAtLoss(Callback):
...     def __init__(self, target):
...         self.target = target
...     def on_step_end(self, run):
...         if run.loss < self.target:
...             run.stop(f"loss {run.loss:.3g} reached the target {self.target}")
"""

from __future__ import annotations

import copy
import math
import time
from typing import Any

from .._checks import flag, number
from .._plural import counted
from .findings import DIVERGED
from .run import Run

__all__ = ["Callback", "Convergence", "Divergence", "EarlyStopping", "TimeBudget", "stopping_rules"]


class Callback:
    """Hooks called by the training loop, in this order:
    ``on_train_begin``, then per epoch ``on_epoch_begin``, ``on_step_end`` after every
    optimizer update, ``on_epoch_end`` (after validation), then, whatever ended the run,
    ``on_updates_end`` (the weights are still the last update's, before ``train`` asks the
    doctor and before a callback such as :class:`EarlyStopping` restores others) and finally
    ``on_train_end``. Two more come outside that order: ``on_checkpoint`` just before a
    checkpoint of an unfinished run is written, and ``on_train_error`` when an error or an
    interrupt stops the run (the error then goes on up).

    >>> import torch, descend as ds
    >>> class EpochLosses(Callback):
    ...     def __init__(self):
    ...         self.losses = []
    ...     def on_epoch_end(self, run):
    ...         self.losses.append(round(run.history.loss[-1], 3))
    >>> X = torch.linspace(-1, 1, 32).unsqueeze(1)
    >>> seen = EpochLosses()
    >>> _ = ds.train("linear", (X, 2 * X + 1), optimizer="sgd", lr=0.5, batch_size=None, epochs=4,
    ...              progress=False, callbacks=[seen])
    >>> seen.losses
    [1.645, 0.595, 0.248, 0.103]
    """

    def on_train_begin(self, run: Run) -> None: ...
    def on_epoch_begin(self, run: Run) -> None: ...
    def on_step_end(self, run: Run) -> None: ...
    def on_epoch_end(self, run: Run) -> None: ...
    def on_updates_end(self, run: Run) -> None: ...
    def on_train_end(self, run: Run) -> None: ...
    def on_checkpoint(self, run: Run) -> None: ...
    def on_train_error(self, run: Run) -> None: ...

    def state_dict(self) -> dict[str, Any]:
        return {}

    def load_state_dict(self, state: dict[str, Any]) -> None: ...


class Convergence(Callback):
    r"""Stop when the mean training loss changed by less than ``tol`` (relative) over the
    last ``patience`` epochs: :math:`|L_e - L_{e-p}| \le tol \cdot \max(|L_{e-p}|, 10^{-12})`.

    The absolute value in the scale keeps the rule right for losses that go negative.
    ``descend.train`` adds it from ``tol`` and ``patience``; ``tol=None`` leaves it to you:

    >>> import torch, descend as ds
    >>> X = torch.linspace(-1, 1, 32).unsqueeze(1)
    >>> hist = ds.train("linear", (X, 2 * X + torch.sin(9 * X)), optimizer="sgd", lr=0.5, batch_size=None,
    ...                 epochs=200, tol=None, progress=False, callbacks=[Convergence(tol=1e-3, patience=2)])
    >>> len(hist.loss), hist.stopped_because
    (13, 'converged: the training loss changed by 0.00053 (relative) over the last 2 epochs, below tol=0.001')
    """

    def __init__(self, tol: float = 1e-4, patience: int = 5) -> None:
        self.tol = number("tol", tol, ge=0)
        self.patience = number("patience", patience, integer=True, ge=1)

    def on_epoch_end(self, run: Run) -> None:
        losses = run.history.loss
        if len(losses) <= self.patience:
            return
        then, now = losses[-1 - self.patience], losses[-1]
        change = abs(now - then) / max(abs(then), 1e-12)
        if change <= self.tol:
            run.stop(
                f"converged: the training loss changed by {change:.2g} (relative) over the last "
                f"{counted(self.patience, 'epoch')}, below tol={self.tol:g}",
                converged=True,
            )


class Divergence(Callback):
    r"""Stop when the mean training loss of an epoch exceeds the lowest so far by ``factor``
    times the run's scale, :math:`L_e - L_{min} > f \max(|L_s|, |L_{min}|)` (sign-safe; the
    doctor's threshold): a run past its stable rate can take many epochs to overflow, every one
    of them wasted. ``descend.train`` always watches for it. :math:`L_s` is where the run
    started, ``History.initial_data_loss`` where it was measured, and counts as one of the losses
    (:math:`L_{min}` is the lowest of it and the epoch means): the first epoch's mean is read at
    weights that moved during it, and where the run blew up within that epoch it is a scale no
    later rise exceeds ``factor`` times. Where the start was not measured (a user's
    ``DataLoader``; a run of one update per epoch, whose first mean is its start) it is
    :math:`L_0`, the first epoch's mean.

    >>> import torch, descend as ds
    >>> from descend.training import Run
    >>> model = torch.nn.Linear(1, 1)
    >>> run = Run(model, torch.optim.SGD(model.parameters(), lr=0.1), ds.History())
    >>> rule = Divergence(factor=10)
    >>> for epoch, loss in enumerate([1.0, 0.5, 2.0, 12.0]):  # 12 - 0.5 > 10 * max(1, 0.5)
    ...     run.epoch = epoch
    ...     run.history.epochs.setdefault("loss", []).append(loss)
    ...     rule.on_epoch_end(run)
    >>> run.should_stop, run.history.stopped_because
    (True, 'diverged: the mean training loss grew from 0.5 (epoch 1) to 12 (epoch 3), over 10 times its scale. Try a smaller learning rate')

    A run that blew up in its first epoch, from a start of 1.2 (``initial_data_loss``), stops there:

    >>> run = Run(model, torch.optim.SGD(model.parameters(), lr=0.1), ds.History(initial_data_loss=1.2))
    >>> run.history.epochs["loss"] = [4.9e11]
    >>> rule.on_epoch_end(run)
    >>> run.history.stopped_because
    'diverged: the mean training loss grew from 1.2 (the start, before the first update) to 4.9e+11 (epoch 0), over 10 times its scale. Try a smaller learning rate'
    """

    def __init__(self, factor: float = DIVERGED) -> None:
        self.factor = number("factor", factor, gt=0)

    def on_epoch_end(self, run: Run) -> None:
        losses = run.history.loss
        measured = run.history.initial_data_loss
        start = measured if measured is not None and math.isfinite(measured) else None
        best = min(range(len(losses)), key=losses.__getitem__)
        lowest, where = losses[best], f"epoch {best}"
        if start is not None and start <= lowest:
            lowest, where = start, "the start, before the first update"
        scale = max(abs(losses[0] if start is None else start), abs(lowest), 1e-12)
        if losses[-1] - lowest > self.factor * scale:
            run.stop(
                f"diverged: the mean training loss grew from {lowest:.3g} ({where}) to "
                f"{losses[-1]:.3g} (epoch {len(losses) - 1}), over {self.factor:g} times its "
                "scale. Try a smaller learning rate"
            )


class EarlyStopping(Callback):
    r"""Stop when the validation loss has not improved by more than ``tol`` (relative) for
    ``patience`` epochs, and restore the best weights at the end of training, whatever ended
    it (budget, max epochs, convergence or this rule): a new best :math:`v_e` is one with
    :math:`v_e < v_{best} - tol \cdot |v_{best}|`. ``descend.train`` adds it, from ``patience``
    and ``tol``, when it has validation data; here it reads a run's validation losses by hand:

    >>> import torch, descend as ds
    >>> from descend.training import Run
    >>> model = torch.nn.Linear(1, 1)
    >>> run = Run(model, torch.optim.SGD(model.parameters(), lr=0.1), ds.History())
    >>> rule = EarlyStopping(patience=2)
    >>> for epoch, val_loss in enumerate([1.0, 0.5, 0.6, 0.55]):
    ...     run.epoch = epoch
    ...     run.history.epochs.setdefault("val_loss", []).append(val_loss)
    ...     rule.on_epoch_end(run)
    >>> run.history.stopped_because, rule.best_epoch
    ('early stopping: the validation loss has not improved for 2 epochs (best 0.5 at epoch 1)', 1)
    """

    REASON = "early stopping"  # how the run's stopped_because starts when this rule ended it

    def __init__(self, patience: int = 5, tol: float = 1e-4, restore_best: bool = True) -> None:
        self.patience = number("patience", patience, integer=True, ge=1)
        self.tol = number("tol", tol, ge=0)
        self.restore_best = flag("restore_best", restore_best)
        self.best: float = math.inf
        self.best_epoch: int | None = None
        self.best_weights: dict[str, Any] | None = None
        self.wait = 0

    def on_epoch_end(self, run: Run) -> None:
        val = run.history.val_loss[-1]
        if val < self.best - self.tol * abs(self.best) or self.best_epoch is None:
            self.best, self.best_epoch, self.wait = val, run.epoch, 0
            if self.restore_best:
                self.best_weights = copy.deepcopy(run.model.state_dict())
            run.history.best_epoch = run.epoch
            return
        self.wait += 1
        if self.wait >= self.patience:
            # Converged on the held-out loss: the run has learned what generalises.
            run.stop(
                f"{self.REASON}: the validation loss has not improved for {counted(self.wait, 'epoch')} "
                f"(best {self.best:.4g} at epoch {self.best_epoch})",
                converged=True,
            )

    def on_train_end(self, run: Run) -> None:
        if self.restore_best and self.best_weights is not None:
            run.model.load_state_dict(self.best_weights)
            run.history.best_epoch = self.best_epoch

    def state_dict(self) -> dict[str, Any]:
        return {"best": self.best, "best_epoch": self.best_epoch, "wait": self.wait, "best_weights": self.best_weights}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.best, self.best_epoch = state["best"], state["best_epoch"]
        self.wait, self.best_weights = state["wait"], state["best_weights"]


class TimeBudget(Callback):
    """Stop after ``seconds`` of wall-clock training time (counted across resumes); the
    step that uses it up is the last (``descend.train``'s ``time_budget=`` adds it).

    >>> import torch, descend as ds
    >>> X = torch.linspace(-1, 1, 32).unsqueeze(1)
    >>> hist = ds.train("linear", (X, 2 * X + 1), epochs=100, progress=False, callbacks=[TimeBudget(1e-9)])
    >>> len(hist.steps["loss"]), hist.stopped_because
    (1, 'time budget of 1e-09 s used up (... s of wall-clock time, validation and checkpoints included) at epoch 0, step 1')
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = number("seconds", seconds, gt=0, unit="seconds")
        self.spent_before = 0.0
        self._start = time.monotonic()

    def on_train_begin(self, run: Run) -> None:
        self._start = time.monotonic()

    def on_step_end(self, run: Run) -> None:
        spent = self.spent_before + time.monotonic() - self._start
        if spent >= self.seconds:
            run.stop(
                f"time budget of {self.seconds:g} s used up ({spent:.1f} s of wall-clock time, validation and "
                f"checkpoints included) at epoch {run.epoch}, step {run.step}"
            )

    def state_dict(self) -> dict[str, Any]:
        return {"spent": self.spent_before + time.monotonic() - self._start}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.spent_before = state["spent"]


def stopping_rules(tol: float | None, patience: int, time_budget: float | None, *, validated: bool) -> list[Callback]:
    """The rules that end a :func:`descend.train` run besides its epochs: divergence always,
    convergence by ``tol``, early stopping when there is validation data, the time budget.

    >>> [type(rule).__name__ for rule in stopping_rules(1e-4, 5, None, validated=True)]
    ['Divergence', 'Convergence', 'EarlyStopping']
    """
    rules: list[Callback] = [Divergence()]
    if tol is not None:
        rules.append(Convergence(tol, patience))
    if validated:
        rules.append(EarlyStopping(patience, tol or 0.0))
    if time_budget is not None:
        rules.append(TimeBudget(time_budget))
    return rules
