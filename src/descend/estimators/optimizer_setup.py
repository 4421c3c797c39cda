"""How an estimator's fit sets up its optimizer: the schedule (checked, sized to the fit, and
kept through pickling), the batch size ("auto": from the measured gradient noise scale) and the
learning rate ("default": 3e-3 for Adam, else the rule's own, at least 1e-3; "auto": the range test), for
:class:`~descend.estimators.base.BaseGD`."""

from __future__ import annotations

import numpy as np

from .. import optim, schedules
from .._names import did_you_mean
from ..instruments.batch_size import REFERENCE_BATCH, rule_record
from ..instruments.run_batch import auto_batch_for_run
from ..optim import takes_plain_steps
from ..optim.default_rate import estimator_rate
from ..training.data.default_batch import default_batch
from .data import ArrayData
from .objective import Objective, find_lr

__all__ = ["FitOptimizer"]


class FitOptimizer:
    """The optimizer, schedule and batch size of a fit (a mixin of ``BaseGD``: it reads the
    estimator's parameters and sets ``lr_``, ``batch_size_``, ``_optimizer`` and
    ``_scheduler``)."""

    def _checked_schedule(self):
        """``self.schedule`` checked: ``None``, a lower-cased name or a ``Schedule``."""
        value = self.schedule
        if isinstance(value, schedules.Schedule):
            schedules.refuse_lr_beside_object(self.lr, value)
            return value
        if value is None:
            return None
        key = value.strip().lower()
        known = schedules.run_names()
        if key not in known:
            raise ValueError(
                f"The 'schedule' parameter of {type(self).__name__} must be None, a "
                f"descend.schedules.Schedule or one of {', '.join(map(repr, known))} "
                f"(sized to the fit from lr and max_epochs); got {value!r} instead."
                f"{did_you_mean(key, known)}"
            )
        return key

    def _start_optimizer(self, train: ArrayData, schedule, rng) -> None:
        """A fresh optimizer at ``lr_`` (lr="default": 3e-3 for Adam, else the rule's own rate, at least 1e-3,
        :func:`~descend.optim.default_rate.estimator_rate`; lr="auto": the range test's) and
        the schedule that drives it, sized to ``max_epochs`` epochs over ``train``."""
        seed = int(rng.randint(np.iinfo(np.int32).max))
        scaled = self._choose_batch(train, seed)
        per_epoch = 1 if self.batch_size_ is None else -(-train.n // self.batch_size_)
        lr = float(estimator_rate(self.lr, self.optimizer)) if scaled is None and self.lr != "auto" else scaled
        if self.lr == "auto":
            # Pilot runs sized to the fit's largest budget (early stopping may end sooner).
            self.lr_finder_ = find_lr(
                self.model_,
                train,
                self._objective(),
                self.optimizer,
                self.batch_size_,
                seed,
                self.max_epochs * per_epoch,
                type(self).__name__,
                **_searched(self.optimizer),
            )
            # No suggestion: lr="default"'s rate, as a fit without "auto" would start from.
            lr = self.lr_finder_.suggestion or estimator_rate("default", self.optimizer)
        self._optimizer = optim.build(self.optimizer, self.model_.parameters(), lr=lr, **_searched(self.optimizer))
        self.lr_ = float(self._optimizer.param_groups[0]["lr"])
        self.history_.plain_steps = takes_plain_steps(self._optimizer)  # for the doctor
        self.history_.lr_finder = getattr(self, "lr_finder_", None)
        self._schedule_total = self.max_epochs * per_epoch
        self._scheduler = self._attach_schedule(schedule)

    def _choose_batch(self, train: ArrayData, seed: int) -> float | None:
        """Sets ``batch_size_``: ``batch_size`` (``"default"``: 32, or the full batch for lbfgs
        and rprop), or for "auto" the batch of ``train``'s rule
        (:func:`~descend.instruments.run_batch.auto_batch_for_run`): the gradient noise scale of
        the data loss on up to 512 rows, read after a warm-up of 5% of the fit's steps at batch
        32 on a discarded copy (see :mod:`descend.instruments.batch_size`). Returns ``lr``
        scaled to that batch from batch 32 (by McCandlish's factor for SGD-family rules, by the
        square root for adaptive ones), else ``None``."""
        rule = rule_record(self.optimizer)  # full_batch_rule: the doctor advises L-BFGS no mini-batch
        batch = default_batch(self.batch_size, self.optimizer)
        if batch != "auto":
            self.batch_size_ = batch
            self.history_.batch_choice = {"batch_size": batch, **rule}
            return None
        source, _ = train.source(REFERENCE_BATCH, seed)
        data_loss = Objective(self._loss_name(), [], 0.0)
        lr = "auto" if self.lr == "auto" else float(estimator_rate(self.lr, self.optimizer))
        batch, scaled, record = auto_batch_for_run(
            self.model_, source, data_loss, self.optimizer, lr, {}, 1, None, None, self.max_epochs
        )
        self.batch_size_ = batch
        self.history_.batch_choice = {"batch_size": batch, **rule, **record}
        return None if scaled == "auto" else scaled

    def _attach_schedule(self, schedule):
        """The adapter that sets ``_optimizer``'s rates from ``schedule`` (a checked name,
        sized from ``lr_`` and ``_schedule_total``, or an object), or ``None``."""
        self._optimizer.param_groups[0]["lr"] = self.lr_  # what a name is sized from
        return schedules.for_run(schedule, self._optimizer, self._schedule_total)

    def __getstate__(self):
        # A schedule of one's own, Schedule("mine", fn), may hold a closure, which pickle cannot
        # store (the builders' schedules pickle as their call): keep the adapter's state (its
        # update count) and attach a new one to the unpickled optimizer.
        state = super().__getstate__()
        scheduler = state.get("_scheduler")
        if scheduler is not None:
            state["_scheduler"] = None
            state["_scheduler_state"] = scheduler.state_dict()
        return state

    def __setstate__(self, state):
        saved = state.pop("_scheduler_state", None)
        super().__setstate__(state)
        if saved is not None:
            self._scheduler = self._attach_schedule(self._checked_schedule())
            self._scheduler.load_state_dict(saved)


def _searched(optimizer: str) -> dict[str, str]:
    """L-BFGS searches each step's length (strong Wolfe), as scikit-learn's MLP's "lbfgs" does
    through scipy: at its unit step without a search it diverges on unscaled features (wine's
    log-loss 7.29, with the search 1.4e-9); ``lr`` is then the first step tried."""
    return {"line_search_fn": "strong_wolfe"} if optimizer == "lbfgs" else {}
