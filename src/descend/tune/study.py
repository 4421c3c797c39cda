"""``descend.tune``: a hyper-parameter search on Optuna whose trials are ``descend.train`` runs
(or an estimator's cross-validation), pruned by Optuna's pruner and by the doctor.

The study lives in a storage (:mod:`descend.tune.storage`): by default ``study.db`` in its
folder ``out``, so a killed study continues with ``resume=True``; ``workers=N`` runs N trial
processes against it; ``storage="postgresql://..."`` or ``"journal:PATH"`` shares one study
between machines, each started with the same call.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import optuna

from .._checks import InvalidArgument, flag, number
from ..training.lock import locked
from ._job import PRUNERS, SAMPLERS, Job, is_estimator, objective_of, sampler_of
from ._workers import Progress, best_trial, run_trials, run_waiting, run_workers, trial_counts
from .estimator_study import check_cross_validation, estimator_defaults, estimator_space, fit_rows
from .objective import METRICS, direction_of
from .outputs import BEST, FAILED_BECAUSE, TRIALS, TRIALS_DIR, failed, finished, write_best, write_trials
from .plateau_wait import constant_prediction_loss
from .search import make_pruner
from .space import Space
from .space_estimator import check_estimator_values
from .start import AT_DEFAULTS, starting_point
from .storage import storage_url
from .study_opening import check_folder, clear_folder, open_study
from .study_report import write_study_report
from .train_settings import check_trial_settings
from .train_space import train_space
from .trial_data import read_once

__all__ = ["tune", "TuneResult", "SAMPLERS", "PRUNERS"]


@dataclass
class TuneResult:
    """The outcome of :func:`tune`: ``study`` (the Optuna study), ``best_value``,
    ``best_params`` (the searched settings of the best trial), ``best_settings`` (the keyword
    arguments of ``descend.train`` that reproduce it: ``descend.train(**best_settings)``, or
    ``descend.train(module, **best_settings)`` for a study of a module, which it leaves as given;
    for an estimator, the parameters searched, to set on it:
    ``clone(estimator).set_params(**best_settings)``, since its other parameters, ``max_epochs``
    say, are the estimator's own, with ``random_state`` where the study gave its seed to an
    estimator without one) and ``folder`` (``None`` for a study kept in memory). No trained model
    comes back: the best trial's is trained again from ``best_settings`` (the same weights, from
    the same seed).

    >>> import torch, descend as ds
    >>> X = torch.linspace(-1, 1, 32).unsqueeze(1)
    >>> result = ds.tune("linear", (X, 2 * X + 1), space={"lr": {"low": 0.01, "high": 1.0, "log": True}},
    ...                  trials=3, metric="loss", optimizer="sgd", batch_size=None, epochs=5, progress=False)
    >>> len(result.study.trials), result.best_params, round(result.best_value, 4), result.folder
    (3, {'lr': 0.5}, 0.0429, None)
    >>> result.best_settings
    {'model': 'linear', 'optimizer': 'sgd', 'batch_size': None, 'epochs': 5, 'seed': 0, 'lr': 0.5}
    >>> again = ds.train(data=(X, 2 * X + 1), progress=False, **result.best_settings)  # the best trial, rerun
    >>> round(min(again.loss), 4)
    0.0429
    """

    study: optuna.Study
    best_value: float | None
    best_params: dict[str, Any]
    best_settings: dict[str, Any]
    folder: Path | None


def tune(
    model: Any,
    data: Any = None,
    y: Any = None,
    *,
    space: dict[str, Any] | None = None,
    trials: int = 20,
    metric: str = "val_loss",
    direction: str | None = None,
    out: str | os.PathLike | None = None,
    resume: bool = False,
    workers: int = 1,
    storage: str | None = None,
    study_name: str | None = None,
    sampler: str = "tpe",
    pruner: str = "successive_halving",
    doctor: bool = True,
    start_at_defaults: bool = True,
    seed: int = 0,
    cv: Any = 5,
    scoring: Any = None,
    progress: bool = True,
    **settings: Any,
) -> TuneResult:
    """Search ``space`` for the ``train`` settings with the best ``metric`` over ``trials``
    finished trials (complete, pruned, or failed: a trial whose value came out NaN, or whose run is too
    short for its schedule (a warm-up on one update), fails, the study goes on, and ``tune`` warns how
    many failed and why), on Optuna (TPE by default).

    Each trial is ``descend.train(model, data, **settings, **its point of the space)``, on a
    copy of a module given (compiled or not): every trial starts from its weights as given, and
    it is left as it was (``descend.train(module, **result.best_settings)`` trains the best
    trial again on it); ``callbacks=[...]`` run in every trial beside the study's pruning, each
    trial a copy of its own, so no state passes from one trial to the next (as in worker
    processes); ``log_dir`` and ``checkpoint_dir``, which the study sets per trial, are refused.
    A trial is valued by the best epoch of ``metric`` (``"val_loss"``, ``"val_accuracy"``...;
    maximised for accuracy and R², minimised otherwise; ``direction``, if given, must agree).
    After every epoch the metric goes to the ``pruner`` ("successive_halving", "hyperband", "median", "none";
    successive halving by default: it found better values than Hyperband within small budgets on
    the tuning half of the bench; a model of one weight matrix, linear, logistic or softmax, gets the
    median pruner instead, decided once per study: :mod:`descend.tune.study_pruner`),
    and the doctor (``doctor=True``) prunes at once a run that diverged or blew up; when a
    trial beats every finished one and the doctor advises a change the space can make (a rate
    measured too small or too large), the next trial is that point with the change; a trial
    pruned for its rate (the doctor also stops a rate it measures 3 or more times too small)
    comes back at the doctor's rate the same way, once (neither under several processes). The
    ``sampler`` ("tpe", "random") is :func:`descend.tune.make_sampler`'s (TPE multivariate,
    after 5 random start-up trials); ``start_at_defaults``: the first trial of a new study runs
    (a train study's for one epoch, then pruned and its rate advised) at train's default settings (:func:`descend.tune.starting_point`: Adam at its 1e-3,
    batch 32...; an estimator's own parameters),
    so the search starts from a good point (an estimator study's first trial runs in full, so
    it never ends worse than the estimator as given; a train study's is pruned after one
    epoch and is not a result). With an
    estimator (``GDClassifier``, ``GDRegressor``) and ``data, y`` = ``X, y``, a trial is its
    ``cv``-fold cross-validated ``scoring`` instead, maximised. ``seed`` seeds the sampler and
    every trial's run (an estimator's ``random_state``, where it is ``None``): a study run again
    draws the same trials.

    ``space`` maps settings to a list of choices or a range ``{low, high, log}`` (see
    :mod:`descend.tune.space`; :func:`descend.tune.default_space` when ``None``). ``out``: the
    study folder (``study.db``, ``trials/``, ``trials.csv``, ``best.yaml``, ``report.html``),
    never overwritten: ``resume=True`` continues the study in it, re-running any trial a killed
    process left unfinished, with the model, data, space, metric, settings, ``sampler``,
    ``pruner``, ``doctor``, ``start_at_defaults`` and ``seed`` (an estimator's: ``cv`` and
    ``scoring`` too) it was started with (another value is refused, naming it); without ``out``
    and ``storage`` the study is kept in memory.
    ``workers``: trial processes on this machine; ``storage``: a database URL or
    ``journal:PATH`` shared with other machines running the same call.

    >>> import descend as ds
    >>> result = ds.tune("softmax", "iris", space={"lr": {"low": 1e-3, "high": 1, "log": True}},
    ...                  trials=3, epochs=5, progress=False)
    >>> len(result.study.trials), result.best_value < 1.2
    (3, True)
    """
    number("trials", trials, integer=True, ge=1)
    number("workers", workers, integer=True, ge=1)
    number("seed", seed, integer=True, ge=0)  # train's own check: every trial's run takes it
    flag("resume", resume)
    flag("doctor", doctor)
    flag("start_at_defaults", start_at_defaults)
    estimator = is_estimator(model)
    _check_kind(estimator, model, data, y, metric, cv, scoring, settings)
    n_train = None  # the training examples of a trial (an estimator's: of a fold), where the batch size is searched
    constant_loss = None  # a train study's constant prediction on its metric (.plateau_wait)
    if estimator:
        metric = "score"
        known: tuple[str, ...] = tuple(model.get_params(deep=False))
        if space is None:
            n_train = fit_rows(model, data, y, cv)  # the default space's batch sizes, and its first trial's
            spec = estimator_space(model, known, n_train)
        else:
            spec = space
    elif metric not in METRICS:
        raise InvalidArgument(f"metric {metric!r}: not one a run records; choose one of {', '.join(METRICS)}")
    else:
        settings["seed"] = seed  # every trial trains from the same initial weights and batches
    direction = _direction(direction, metric, estimator)
    if estimator:
        checked = Space.parse(spec, known)
        check_estimator_values(checked, model)
    else:
        with read_once():  # the space's batch sizes and the constant prediction: one read of the data
            spec, checked, n_train = train_space(model, data, space, settings)
            # measured once, here: each trial (each worker) reads the data only to train
            constant_loss = constant_prediction_loss(model, data, settings, metric)
    folder = Path(out) if out is not None else None
    if folder is not None and folder.exists() and not folder.is_dir():
        raise InvalidArgument(f"out: {folder} is a file, not a folder: give the study's folder (new, or one to resume)")
    url = storage_url(storage, folder)
    if workers > 1 and url is None:
        raise InvalidArgument(f"workers={workers} need a study on disk: give out (a study folder) or storage")
    if resume and folder is None and storage is None:
        raise InvalidArgument("resume=True needs out: the folder of the study to continue (or storage)")
    job = Job(
        model,
        data,
        y,
        spec,
        dict(settings),
        metric,
        direction,
        doctor,
        cv,
        scoring,
        sampler,
        pruner,
        seed,
        url,
        study_name or (folder.name if folder is not None else "descend"),
        str(folder / TRIALS_DIR) if folder is not None else None,
        os.getpid() if storage is not None else 0,
        parallel=workers > 1 or storage is not None,
        trials=trials,
        start_at_defaults=start_at_defaults,
        constant_loss=constant_loss,
    )
    sampler_of(job, 0), make_pruner(pruner)  # bad names fail before anything is written
    with locked(folder) if folder is not None else contextlib.nullcontext(), _quiet_optuna():
        if folder is not None:
            check_folder(folder, resume, storage, job)
        study = open_study(job, resume, local=storage is None)
        if resume:  # its sampler draws on from the trials it holds (its workers' too)
            job.opened_at = len(study.get_trials(deepcopy=False))
            study.sampler = sampler_of(job, 0)
        done = trial_counts(study)[0]
        if resume and done >= trials:
            warnings.warn(_nothing_to_run(done, trials), UserWarning, stacklevel=2)
        if start_at_defaults and not study.get_trials(deepcopy=False):
            defaults = estimator_defaults(model) if estimator else None
            first = starting_point(checked, defaults, settings.get("optimizer"), n_train)
            if first:  # a new study: its first trial at the defaults (once, whoever arrives first)
                study.enqueue_trial(first, user_attrs={AT_DEFAULTS: True}, skip_if_exists=True)
        try:
            with Progress(study, trials, metric, progress, checked) as bar:
                if workers == 1:
                    run_trials(job, study, trials, bar)
                else:
                    run_waiting(job, study, trials, bar)
                    run_workers(job, workers, trials, bar)
        except BaseException:
            if folder is not None and (finished(study) or failed(study)):
                # what finished is kept (Ctrl-C, a trial's error): its files too, as a study that ends writes them
                with contextlib.suppress(Exception):  # the error that stopped the study is the one to see
                    _write_files(study, job, checked, folder)
            elif folder is not None and storage is None and not resume:
                clear_folder(folder)  # nothing worth resuming: leave no half-made study
            raise
        best, best_settings = _best(study, job, checked)
        if folder is not None:
            _write_files(study, job, checked, folder)
    failures = failed(study)
    if failures:
        warnings.warn(_failures(failures, study, trials), RuntimeWarning, stacklevel=2)
    return TuneResult(
        study,
        best.value if best is not None else None,
        checked.decode(best.params) if best is not None else {},
        best_settings,
        folder,
    )


def _check_kind(
    estimator: bool, model: Any, data: Any, y: Any, metric: str, cv: Any, scoring: Any, settings: dict[str, Any]
) -> None:
    """The arguments of one kind of study given to the other, each one clear error (they were
    ignored, or failed inside a trial): an estimator's study takes ``X, y``, ``cv`` and
    ``scoring``; a train study ``data``, ``metric`` and ``train``'s settings."""
    if estimator:
        name = type(model).__name__
        if data is None or y is None:
            raise InvalidArgument(
                f"a study of an estimator ({name}) needs X and y: descend.tune(estimator, X, y, ...), each trial "
                "its cv-fold cross-validated score"
            )
        if metric != "val_loss":  # not the default: given
            raise InvalidArgument(
                f"metric={metric!r}: the trials of an estimator ({name}) are valued by their cross-validated "
                "score (scoring=, scikit-learn's names); leave metric out"
            )
        if settings:
            given = ", ".join(f"{k}={v!r}" for k, v in settings.items())
            raise InvalidArgument(
                f"{given}: train's settings do not apply to an estimator ({name}); set its own parameters on it "
                f"({name}(max_epochs=50, ...)) or search them in space"
            )
        check_cross_validation(model, data, y, cv, scoring)
        return
    check_trial_settings(settings)
    if y is not None:
        raise InvalidArgument(
            "y is for a study of an estimator (descend.tune(estimator, X, y)); a train study takes its data as one "
            "argument: descend.tune(model, (X, y), ...)"
        )
    if cv != 5 or scoring is not None:  # not the defaults: given
        raise InvalidArgument(
            "cv and scoring are for a study of an estimator (GDClassifier, GDRegressor); a train study's trials "
            "are valued by metric (val_loss, val_accuracy, ...) on the runs' validation data"
        )


def _direction(direction: str | None, metric: str, estimator: bool) -> str:
    """The study's direction: the metric's own (a loss minimized; accuracy, R² and an estimator's
    score maximized); ``direction``, where given, must agree, since the other way the study
    would search for the worst trials and write the worst one to best.yaml.

    >>> _direction(None, "val_accuracy", False), _direction("minimize", "val_loss", False)
    ('maximize', 'minimize')
    >>> _direction("maximize", "val_loss", False)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: direction='maximize' against val_loss, a loss, minimized: the study would search for the worst trials; leave direction out
    """
    own = "maximize" if estimator else direction_of(metric)
    if direction is None:
        return own
    if direction not in ("minimize", "maximize"):
        raise InvalidArgument(f"direction: expected 'minimize' or 'maximize', got {direction!r}")
    if direction != own:
        what = "the cross-validated score" if estimator else f"{metric}, {'a loss' if own == 'minimize' else 'a score'}"
        raise InvalidArgument(
            f"direction={direction!r} against {what}, {own[:-1]}ed: the study would search for the worst trials; "
            "leave direction out"
        )
    return direction


def _best(study: optuna.Study, job: Job, space: Space) -> tuple[optuna.trial.FrozenTrial | None, dict[str, Any]]:
    """The study's best trial (``None`` before one completes) and its settings: ``train``'s keyword
    arguments, or an estimator's parameters."""
    best = best_trial(study)
    if best is None:
        return None, {}
    return best, {**_base(job), **objective_of(job, space).config(space.decode(best.params))}


def _write_files(study: optuna.Study, job: Job, space: Space, folder: Path) -> None:
    """The study's ``trials.csv``, ``best.yaml`` (a train study's, once a trial completed) and
    ``report.html`` in ``folder``."""
    best, settings = _best(study, job, space)
    write_trials(study, folder / TRIALS, space)
    if is_estimator(job.model):  # no best.yaml (its parameters are set on it), no trial logs
        how = job.cross_validation()
        valued_by = f"the mean over the folds of cv={how['cv']} of scoring={how['scoring']}"
        write_study_report(study, folder, job.metric, None, valued_by, space)
        return
    if best is not None:
        write_best(best, settings, folder / BEST, job.metric)
    write_study_report(study, folder, job.metric, folder / TRIALS_DIR, space=space)


def _base(job: Job) -> dict[str, Any]:
    """The fixed part of a trial's settings that names the run: model and data, when named."""
    base = {}
    if isinstance(job.data, str):
        base["data"] = job.data
    if isinstance(job.model, str):
        base["model"] = job.model
    return base


def _failures(failures: list[optuna.trial.FrozenTrial], study: optuna.Study, trials: int) -> str:
    """The warning of a study some of whose trials failed: how many, and why the first did."""
    first = failures[0]
    counted = trial_counts(study)[0]  # finished and failed
    return (
        f"{len(failures)} of the study's {counted} trials failed (they count toward trials={trials}); the first, "
        f"trial {first.number}: {first.user_attrs[FAILED_BECAUSE]}. trials.csv and the report say why each stopped"
    )


def _nothing_to_run(done: int, trials: int) -> str:
    """The warning of a study resumed with no trial left to run: ``trials`` counts them all.

    >>> _nothing_to_run(4, 2)
    'the study has 4 finished trials already and trials=2 counts them all: no trial was run; give trials=6 for 2 more'
    """
    return (
        f"the study has {done} finished trials already and trials={trials} counts them all: no trial was run; "
        f"give trials={done + trials} for {trials} more"
    )


@contextlib.contextmanager
def _quiet_optuna() -> Any:
    """Optuna's log lines off while the progress bar speaks (restored after): a trial's error
    is raised as one line, not logged besides."""
    before = optuna.logging.get_verbosity()
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    try:
        yield
    finally:
        optuna.logging.set_verbosity(before)
