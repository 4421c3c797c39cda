"""Running a study's trials: in this process, or in worker processes against its storage, with
a progress bar and a line each time the best so far improves."""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import threading
import time
import traceback
from typing import Any

import optuna
import torch
from tqdm.auto import tqdm

from ._job import Job, objective_of, sampler_of, space_of
from .outputs import FAILED_BECAUSE, best_value_text, failed, finished, shown_params
from .space import Space
from .storage import open_storage, retry
from .study_pruner import study_pruner

__all__ = ["run_trials", "run_waiting", "run_workers", "Progress", "best_trial", "trial_counts"]

_INTERRUPTED = "interrupted (Ctrl-C) while it ran; re-queued with the same parameters"
_REQUEUE_GRACE = 10.0  # seconds the workers have, after Ctrl-C, to re-queue their trials


def run_trials(
    job: Job, study: optuna.Study, trials: int, bar: Progress | None = None, interrupt: _HeldInterrupt | None = None
) -> None:
    """Run trials until ``trials`` have finished (counting those other workers run, and
    those Optuna failed for their value: a study whose every trial fails ends). A trial
    interrupted (Ctrl-C) is queued again, to run first when the study goes on (``resume``):
    Optuna marks it failed, and a failed trial is not run again; ``interrupt``: a worker's Ctrl-C,
    held back outside the trials' objective. Without one (in this process, on its main thread)
    a Ctrl-C is noted as it passes to the SIGINT handler set, so that an error a library made of
    it re-queues its trial too."""
    objective = objective_of(job, space_of(job))
    callbacks = [bar.callback] if bar is not None else []

    def valued(trial: optuna.Trial) -> float:
        try:
            if interrupt is not None:
                interrupt.inside = True
                if interrupt.held:  # it came while Optuna made this trial
                    raise KeyboardInterrupt
            value = objective(trial)
        except BaseException as err:
            # Ctrl-C, or the error a library made of it: scipy's compiled modules, interrupted
            # as they load (the first trial of a process imports them), raise ImportError
            if not isinstance(err, KeyboardInterrupt) and (ctrl_c is None or not ctrl_c.came):
                raise
            if interrupt is not None:
                interrupt.inside = False  # a second Ctrl-C waits until the retry is queued
            retry(study, trial, _INTERRUPTED)
            if isinstance(err, KeyboardInterrupt):
                raise
            raise KeyboardInterrupt from err
        finally:
            if interrupt is not None:
                interrupt.inside = False
        # Optuna fails a NaN trial, raising nothing: say why (unless the objective did), so that it counts
        if math.isnan(value) and FAILED_BECAUSE not in trial.user_attrs:
            trial.set_user_attr(FAILED_BECAUSE, f"its {job.metric} came out {value}")
        return value

    ctrl_c = interrupt if interrupt is not None else _NotedInterrupt.set()
    try:
        while True:
            if interrupt is not None and interrupt.held:
                raise KeyboardInterrupt
            done, running, _ = trial_counts(study)
            if done + running >= trials:
                return
            study.optimize(valued, n_trials=1, callbacks=callbacks, gc_after_trial=False)
    finally:
        if isinstance(ctrl_c, _NotedInterrupt):
            signal.signal(signal.SIGINT, ctrl_c.previous)


def run_waiting(job: Job, study: optuna.Study, trials: int, bar: Progress | None = None) -> None:
    """Run the study's queued trials (its first at the defaults, retries after a kill) in this
    process, before worker processes start: Optuna's SQLite storage can hand one waiting trial
    to two processes at once (it has no row locks), which would run it twice.
    """
    done, _, waiting = trial_counts(study)
    if waiting:
        run_trials(job, study, min(trials, done + waiting), bar)


def trial_counts(study: optuna.Study) -> tuple[int, int, int]:
    """The study's trials finished (complete, pruned, or failed for their value: :func:`failed`),
    running and waiting (queued).

    >>> study = optuna.create_study()
    >>> study.enqueue_trial({"x": 0.5})
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
    >>> study.enqueue_trial({"x": 0.25})
    >>> trial_counts(study)
    (1, 0, 1)
    """
    states = [t.state for t in study.get_trials(deepcopy=False)]
    done = len(finished(study)) + len(failed(study))
    return done, states.count(optuna.trial.TrialState.RUNNING), states.count(optuna.trial.TrialState.WAITING)


class _HeldInterrupt:
    """A worker's Ctrl-C (its SIGINT handler), raised inside a trial's objective, where
    :func:`run_trials` re-queues the trial, and held back elsewhere until the next trial would
    start: Optuna makes a trial RUNNING before its objective starts (TPE draws its point
    meanwhile) and tells how it ended after, and an interrupt there left it running, never run
    again on a storage without heartbeats (a journal file)."""

    def __init__(self) -> None:
        self.inside = False  # in a trial's objective
        self.held = False  # Ctrl-C came outside one
        self.came = False  # Ctrl-C came

    def __call__(self, signum: int, frame: Any) -> None:
        self.came = True
        if self.inside:
            raise KeyboardInterrupt
        self.held = True


class _NotedInterrupt:
    """This process's Ctrl-C (its SIGINT handler), noted and passed on to the handler that was
    set (Python's raises KeyboardInterrupt at once): a single-process study ends on it as before."""

    def __init__(self, previous: Any) -> None:
        self.previous = previous
        self.came = False  # Ctrl-C came

    def __call__(self, signum: int, frame: Any) -> Any:
        self.came = True
        return self.previous(signum, frame)

    @classmethod
    def set(cls) -> _NotedInterrupt | None:
        """One set as the SIGINT handler, in the main thread (only there does Python run one)
        where a Python handler is set; ``None`` elsewhere."""
        previous = signal.getsignal(signal.SIGINT)
        if threading.current_thread() is not threading.main_thread() or not callable(previous):
            return None
        noted = cls(previous)
        signal.signal(signal.SIGINT, noted)
        return noted


def _worker(job: Job, index: int, workers: int, trials: int, errors: Any) -> None:
    """One trial process of ``workers``: load the study, run trials until the budget is spent."""
    interrupt = _HeldInterrupt()
    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        optuna.logging.set_verbosity(optuna.logging.ERROR)
        torch.set_num_threads(max(1, (os.cpu_count() or 1) // workers))
        study = optuna.load_study(
            study_name=job.name,
            storage=open_storage(job.url, create=False),
            sampler=sampler_of(job, index),
        )
        study.pruner = study_pruner(study, job.pruner, job.model)  # the study's stored decision
        run_trials(job, study, trials, interrupt=interrupt)
    except BaseException as err:  # the parent reports it; the traceback for --debug
        errors.put((index, " ".join(str(err).split()) or type(err).__name__, traceback.format_exc()))
        raise SystemExit(1) from None
    finally:
        signal.signal(signal.SIGINT, previous)


def run_workers(job: Job, workers: int, trials: int, bar: Progress) -> None:
    """``workers`` processes (spawned: a fresh interpreter each) against the study's storage,
    the progress bar following the storage until they end."""
    context = multiprocessing.get_context("spawn")
    errors = context.Queue()
    processes = [context.Process(target=_worker, args=(job, i, workers, trials, errors)) for i in range(workers)]
    for p in processes:
        p.start()
    try:
        while any(p.is_alive() for p in processes):
            for p in processes:
                p.join(timeout=1.0 / workers)
            bar.refresh()
    except KeyboardInterrupt:
        # Ctrl-C reaches the workers too: each re-queues the trial it ran (run_trials), given the
        # time; ended at once, a worker left it running, never run again on a shared storage.
        deadline = time.monotonic() + _REQUEUE_GRACE
        for p in processes:
            p.join(timeout=max(0.0, deadline - time.monotonic()))
        raise
    finally:
        for p in processes:
            if p.is_alive():
                p.terminate()
                p.join()
    bar.refresh()
    if not errors.empty():
        index, message, _ = errors.get()
        raise RuntimeError(f"worker {index} of {workers} failed: {message}")
    failed = [i for i, p in enumerate(processes) if p.exitcode != 0]
    if failed:
        raise RuntimeError(f"worker {failed[0]} of {workers} ended with exit code {processes[failed[0]].exitcode}")


class Progress:
    """A tqdm bar of finished trials, and a line each time the best so far improves: its
    settings as trials.csv shows them (:func:`.outputs.shown_params`)."""

    def __init__(self, study: optuna.Study, trials: int, metric: str, show: bool, space: Space) -> None:
        self.study, self.metric, self.best, self.space = study, metric, None, space
        self.bar = tqdm(
            total=trials, initial=min(trials, trial_counts(study)[0]), desc="trials", unit="trial", disable=not show
        )
        self.refresh()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.bar.close()

    def callback(self, study: optuna.Study, trial: optuna.trial.FrozenTrial) -> None:
        self.refresh()

    def refresh(self) -> None:
        done = trial_counts(self.study)[0]
        self.bar.update(max(0, min(done, self.bar.total) - self.bar.n))
        best = best_trial(self.study)
        if best is not None and (self.best is None or best.number != self.best):
            self.best = best.number
            shown = shown_params(best.params, self.space).items()
            params = ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in shown)
            self.bar.set_postfix_str(f"best {self.metric}={best.value:.4g}")
            if not self.bar.disable:
                self.bar.write(
                    f"best so far: trial {best.number}, {self.metric}={best_value_text(best.value)} ({params})"
                )


def best_trial(study: optuna.Study) -> optuna.trial.FrozenTrial | None:
    try:
        return study.best_trial
    except ValueError:  # no complete trial
        return None
