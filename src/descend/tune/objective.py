"""What one trial computes: a :func:`descend.train` run with the trial's settings, valued by
the best epoch of its metric (the run restores its best weights, so that is the model it
returns); or, for an estimator, its cross-validated score.

A trial the pruner or the doctor stopped raises ``optuna.TrialPruned``, its reason in the
user attribute ``pruned_because``, its metric at the last epoch it trained in ``last_value`` (an
estimator's: its mean score over the folds it fitted).
A trial whose run (an estimator's: a fold's fit) is too short for its schedule (a warm-up on one
update) fails alone, valued NaN, its reason in ``failed_because``: the study goes on.
Every trial records ``epochs`` (epochs trained: the study's compute) and ``seconds``. A train trial better than every finished one, whose run the
doctor advises changing in a way the space can follow (a rate measured too small or too
large), queues the same point with the doctor's change as the next trial (``advised_by``); so
does a pruned trial (by the pruner or the doctor) not itself advised, with the doctor's
findings at the epoch it was pruned: a trial pruned for a bad rate comes back at the doctor's
rate, once (session 7, chosen on the bench's tuning half with the doctor pruning rates
``FAR_TOO_SMALL`` = 3 times too small: as good or better, and compute 0.61 / 0.44 / 0.08 / 0.38
of TPE + median's on its 4 tasks, against 0.56 / 0.68 / 0.08 / 0.48 before).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import math
import time
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import optuna
import torch

from ..doctor import diagnose
from ..schedules import RunTooShort
from ..train import train
from ..training.callbacks import Callback
from ..training.resume import set_rate
from .outputs import FAILED_BECAUSE, LAST_VALUE, trial_folder, write_trial_config
from .plateau_wait import CONSTANT_LOSS, constant_prediction_loss
from .pruning import DOCTOR, HOPELESS, TrialPruning
from .search import pruner_words
from .space import Space, estimator_params, settings_of
from .start import AT_DEFAULTS, DEFAULTS_EPOCHS, advised_point, train_defaults

__all__ = ["TrainObjective", "CrossValidated", "MAXIMIZED", "direction_of"]

# Metrics where larger is better; any other is minimised.
MAXIMIZED = ("accuracy", "val_accuracy", "r2", "val_r2", "score")
# The epoch columns a run can record, and so the metrics a train study can be valued by.
METRICS = ("val_loss", "loss", "val_accuracy", "accuracy", "val_r2", "r2")


def direction_of(metric: str) -> str:
    """``"maximize"`` for accuracy, R² and scores, ``"minimize"`` for losses.

    >>> direction_of("val_accuracy"), direction_of("val_loss")
    ('maximize', 'minimize')
    """
    return "maximize" if metric in MAXIMIZED else "minimize"


class TrainObjective:
    """One trial = one ``train(model, data, **settings, **trial's point of space)`` run.

    ``trials_dir``: each trial logs into ``trials_dir/NNNN`` (the report draws the best one's
    dynamics from it); ``doctor``: whether the doctor prunes hopeless runs (and, with
    ``follow_advice``, its advice on a new best trial is tried next, while the study has fewer
    than ``trials`` trials: ``None``, no limit; ``advise_pruned``: its advice on a pruned trial
    too); ``too_small``: the doctor also prunes a rate it measures ``FAR_TOO_SMALL`` times too
    small, but not on the study's last trial, which queues no advice (on where the advice is
    followed: a pruned rate comes back at the doctor's; without the advice, session 6 found it
    pruned trials that would have been the best).

    >>> import optuna, torch
    >>> from descend.tune.space import Space
    >>> X = torch.linspace(-1, 1, 32).unsqueeze(1)
    >>> objective = TrainObjective("linear", (X, 2 * X + 1), Space.parse({"lr": [0.1, 0.5]}),
    ...                            {"optimizer": "sgd", "batch_size": None, "epochs": 5}, metric="loss")
    >>> objective.config({"lr": 0.5})  # the trial's train(...) keywords
    {'optimizer': 'sgd', 'batch_size': None, 'epochs': 5, 'lr': 0.5}
    >>> optuna.logging.set_verbosity(optuna.logging.WARNING)
    >>> study = optuna.create_study()
    >>> study.enqueue_trial({"lr": 0.5})
    >>> study.optimize(objective, n_trials=1)  # the value: the best epoch's training loss
    >>> round(study.best_value, 4), study.trials[0].user_attrs["epochs"]
    (0.0429, 5)
    """

    def __init__(
        self,
        model: Any,
        data: Any,
        space: Space,
        settings: Mapping[str, Any],
        *,
        metric: str = "val_loss",
        direction: str = "minimize",
        doctor: bool = True,
        too_small: bool = True,
        follow_advice: bool = True,
        advise_pruned: bool = True,
        trials: int | None = None,
        trials_dir: Path | None = None,
    ) -> None:
        self.model, self.data, self.space, self.settings = model, data, space, dict(settings)
        self.too_small, self.follow_advice, self.trials = too_small, follow_advice, trials
        self.advise_pruned = advise_pruned
        self.metric, self.direction, self.doctor, self.trials_dir = metric, direction, doctor, trials_dir

    def config(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """``train``'s keyword arguments for a trial's decoded ``params``."""
        tuned = settings_of(params)
        options = {**(self.settings.get("model_options") or {}), **tuned.pop("model_options", {})}
        config = {**self.settings, **tuned}
        if options:
            config["model_options"] = options
        return config

    @functools.cached_property
    def constant_loss(self) -> float | None:
        """The constant prediction's value on the metric (:func:`constant_prediction_loss`),
        measured once: the level at or above which successive halving may wait."""
        return constant_prediction_loss(self.model, self.data, self.settings, self.metric)

    def __call__(self, trial: optuna.Trial) -> float:
        chosen = self.space.suggest(trial, optimizer=self.settings.get("optimizer", "adam"))
        if self.constant_loss is not None:
            trial.set_user_attr(CONSTANT_LOSS, self.constant_loss)
        last = self._last(trial)
        # the defaults train the first rung only, unless theirs is the study's last trial
        stop_after = DEFAULTS_EPOCHS if trial.user_attrs.get(AT_DEFAULTS) and not last else None
        config = self.config(chosen)
        epochs = config.get("epochs", train_defaults()["epochs"])
        # a rate pruned as too small comes back only through the advice, which the last trial cannot queue
        too_small = self.too_small and not last
        pruning = TrialPruning(
            trial, self.metric, doctor=self.doctor, too_small=too_small, stop_after=stop_after, epochs=epochs
        )
        log_dir = trial_folder(self.trials_dir, trial.number) if self.trials_dir is not None else None
        start = time.monotonic()
        # Each trial trains its own copy of a module given, so every trial starts from the
        # module's weights as given and the user's module is left untouched; callbacks too:
        # one that keeps state (EarlyStopping's best) would carry it from trial to trial.
        model = copy.deepcopy(self.model) if isinstance(self.model, torch.nn.Module) else self.model
        named = {"model": self.model, "data": self.data, **config}  # what its config.yaml holds, callbacks too
        callbacks = [*copy.deepcopy(list(config.pop("callbacks", ()))), pruning]
        if log_dir is not None:
            callbacks.append(_TrialConfig(log_dir, named))
        try:
            history = train(model, self.data, **config, callbacks=callbacks, progress=False, log_dir=log_dir)
        except RunTooShort as err:
            return _failed_alone(trial, err)
        finally:
            trial.set_user_attr("epochs", pruning.epochs)
            trial.set_user_attr("seconds", round(time.monotonic() - start, 3))
        trial.set_user_attr("stopped_because", history.stopped_because)
        reason = pruning.reason
        if reason is None and self.doctor:  # stopped inside its first epoch, before any report
            hopeless = [d for d in history.diagnoses if d.kind in HOPELESS]
            reason = f"{DOCTOR}: {hopeless[0]}" if hopeless else None
        values = [v for v in history.epochs.get(self.metric, []) if math.isfinite(v)]
        if reason is None and not values:
            reason = f"no finite {self.metric}: {history.stopped_because}"
        if reason is not None:
            trial.set_user_attr("pruned_because", reason)
            measured = history.epochs.get(self.metric)
            if measured:  # the epoch it was pruned at, which the doctor stops before the pruner hears it
                trial.set_user_attr(LAST_VALUE, float(measured[-1]))
            if self._advising() and self.advise_pruned and "advised_by" not in trial.user_attrs:
                self._queue_advice(trial, pruning.findings or history.diagnoses, "pruned")
            raise optuna.TrialPruned(reason)
        value = float(max(values) if self.direction == "maximize" else min(values))
        if self._advising() and self._best_so_far(trial, value):
            self._queue_advice(trial, history.diagnoses, "best")
        return value

    def _last(self, trial: optuna.Trial) -> bool:
        """Whether ``trial`` is the study's last (it has its ``trials``, this one counted)."""
        trials = trial.study.get_trials(deepcopy=False)
        done = [t for t in trials if t.state != optuna.trial.TrialState.FAIL or FAILED_BECAUSE in t.user_attrs]
        return self.trials is not None and len(done) >= self.trials

    def _advising(self) -> bool:
        return self.doctor and self.follow_advice

    def _best_so_far(self, trial: optuna.Trial, value: float) -> bool:
        done = [t.value for t in trial.study.get_trials(deepcopy=False) if t.state == optuna.trial.TrialState.COMPLETE]
        better = max if self.direction == "maximize" else min
        return not done or better(done + [value]) == value

    def _queue_advice(self, trial: optuna.Trial, findings: list[Any], why: str) -> None:
        """The first of ``findings`` whose change the space can follow (a rate measured too
        small or too large): the trial's point with that change is queued as a next trial
        (once), unless the study has its ``trials`` already."""
        if self._last(trial):
            return  # the study's last trial: nothing left to queue advice for
        for finding in findings:
            point = advised_point(self.space, trial.params, finding.change)
            if point is not None:
                trial.study.enqueue_trial(
                    point,
                    user_attrs={"advised_by": f"trial {trial.number} ({why}): {finding.kind}"},
                    skip_if_exists=True,
                )
                trial.set_user_attr("advice_followed", str(finding))
                return


class _TrialConfig(Callback):
    """Writes a trial's ``config.yaml`` into its run ``folder`` as its run starts (the rate it
    starts from is then known, as ``descend train --out`` records it), where its ``settings`` can
    be written (:func:`write_trial_config`)."""

    def __init__(self, folder: Path, settings: Mapping[str, Any]) -> None:
        self.folder, self.settings = folder, settings

    def on_train_begin(self, run) -> None:
        write_trial_config(self.folder, self.settings, float(set_rate(run.optimizer)))


class CrossValidated:
    """One trial = the estimator with the trial's parameters, scored by ``cv``-fold
    cross-validation (scikit-learn's ``check_cv`` and ``check_scoring``): the mean score, to
    maximise. The running mean after each fold goes to the pruner; a fold whose fit the
    doctor finds hopeless prunes the trial. A pruned trial's ``last_value`` is the mean score of
    the folds it fitted, the one pruned included (a hopeless fit is scored too), where any is
    finite. An estimator whose ``random_state`` is ``None`` takes ``seed`` (part of each trial's
    parameters, :meth:`config`): every trial's folds start from the same weights and batches, so
    trials differ by their parameters alone, and a study run twice draws the same values.

    >>> import numpy as np, optuna
    >>> from descend import GDRegressor
    >>> from descend.tune.space import Space
    >>> X = np.random.default_rng(0).uniform(-1, 1, (40, 1))
    >>> objective = CrossValidated(GDRegressor(optimizer="sgd", batch_size=8, random_state=0), X, 2 * X[:, 0] + 1,
    ...                            Space.parse({"lr": [0.1, 0.3]}, ["lr"]), cv=2)
    >>> optuna.logging.set_verbosity(optuna.logging.WARNING)
    >>> study = optuna.create_study(direction="maximize")
    >>> study.enqueue_trial({"lr": 0.1}); study.enqueue_trial({"lr": 0.3})
    >>> study.optimize(objective, n_trials=2)  # a value: the mean R² over the 2 folds
    >>> [(t.params["lr"], round(t.value, 4), t.user_attrs["epochs"]) for t in study.trials]
    [(0.1, 1.0, 26), (0.3, 1.0, 16)]
    """

    def __init__(
        self,
        estimator: Any,
        X: Any,
        y: Any,
        space: Space,
        *,
        cv: Any = 5,
        scoring: Any = None,
        doctor: bool = True,
        seed: int | None = None,
    ) -> None:
        # scikit-learn is imported by a study of an estimator only: `descend tune` and the
        # command line start without it (a third of their import time).
        from sklearn.base import is_classifier as sklearn_classifier
        from sklearn.metrics import check_scoring
        from sklearn.model_selection import check_cv

        self.estimator, self.X, self.y, self.space = estimator, X, y, space
        self.cv = check_cv(cv, y, classifier=sklearn_classifier(estimator))
        self.scorer = check_scoring(estimator, scoring=scoring)
        self.doctor = doctor
        unseeded = "random_state" in estimator.get_params() and estimator.get_params()["random_state"] is None
        self.seeded = {"random_state": seed} if seed is not None and unseeded else {}

    def config(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The estimator parameters of a trial's decoded ``params`` (:func:`estimator_params`),
        and the study's seed as ``random_state`` where the estimator has none."""
        return {**self.seeded, **estimator_params(params)}

    def __call__(self, trial: optuna.Trial) -> float:
        from sklearn.base import clone
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.utils import _safe_indexing

        chosen = self.config(self.space.suggest(trial, optimizer=self.estimator.get_params().get("optimizer")))
        estimator = clone(self.estimator).set_params(**chosen)
        scores: list[float] = []
        epochs = 0
        folds = self.cv.get_n_splits(self.X, self.y)
        start = time.monotonic()
        try:
            for fold, (train_rows, test_rows) in enumerate(self.cv.split(self.X, self.y)):
                with warnings.catch_warnings():  # a trial's short fits: its score says enough
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    try:
                        fitted = clone(estimator).fit(
                            _safe_indexing(self.X, train_rows), _safe_indexing(self.y, train_rows)
                        )
                    except RunTooShort as err:
                        return _failed_alone(trial, err)
                epochs += int(getattr(fitted, "n_iter_", 0))
                test = (_safe_indexing(self.X, test_rows), _safe_indexing(self.y, test_rows))
                hopeless = [d for d in diagnose(fitted.history_) if d.kind in HOPELESS] if self.doctor else []
                if hopeless:
                    # the fit the doctor stops is scored still, as a pruned train trial keeps its
                    # metric at the epoch it was pruned at: its row's value (pruned at fold 0, its only one)
                    with contextlib.suppress(ValueError):  # predictions a scorer refuses (NaN): no score
                        scores.append(float(self.scorer(fitted, *test)))
                    self._prune(trial, f"{DOCTOR}: fold {fold}: {hopeless[0]}", scores)
                scores.append(float(self.scorer(fitted, *test)))
                if not math.isfinite(scores[-1]):
                    self._prune(trial, f"fold {fold}: the score is {scores[-1]}", scores)
                trial.report(float(np.mean(scores)), fold)
                if fold + 1 < folds and trial.should_prune():  # after the last fold the trial has its value
                    self._prune(
                        trial,
                        f"{pruner_words(trial.study.pruner)}: mean score {np.mean(scores):.4g} after fold {fold}",
                        scores,
                    )
        finally:
            trial.set_user_attr("epochs", epochs)
            trial.set_user_attr("seconds", round(time.monotonic() - start, 3))
        return float(np.mean(scores))

    @staticmethod
    def _prune(trial: optuna.Trial, reason: str, scores: list[float]) -> None:
        """Prune ``trial`` for ``reason``, its ``last_value`` the mean of the finite fold
        ``scores`` it has (none: no value, its reason alone)."""
        trial.set_user_attr("pruned_because", reason)
        finite = [s for s in scores if math.isfinite(s)]
        if finite:
            trial.set_user_attr(LAST_VALUE, float(np.mean(finite)))
        raise optuna.TrialPruned(reason)


def _failed_alone(trial: optuna.Trial, err: RunTooShort) -> float:
    """NaN, which fails ``trial`` alone (its reason, ``err``, in ``failed_because``): a run's length
    is its point's (batch size, epochs, the data), and the same schedule trains at other points,
    so the study goes on, as under Optuna's ``catch``."""
    trial.set_user_attr(FAILED_BECAUSE, str(err))
    return math.nan
