"""Ctrl-C on a study's process (a worker, or the one process of workers=1): the trial it ran is
queued again, wherever the interrupt lands (a library that turns it into another error, Optuna's
journal lock)."""

from __future__ import annotations

import os
import signal

import optuna
import pytest
from _tuning import LR_SPACE, SMALL, ctrl_c_at_the_journal_lock

from descend.training.callbacks import Callback
from descend.tune._job import Job
from descend.tune._workers import _HeldInterrupt, run_trials
from descend.tune.storage import open_storage


def _job(url: str | None, **settings) -> Job:
    """A worker's job: softmax on iris, a few epochs a trial, the doctor off."""
    return Job(
        *("softmax", "iris", None, LR_SPACE, dict(SMALL, seed=0, **settings), "val_loss", "minimize", False, None),
        *(None, "tpe", "none", 0, url, "s", None),
    )


def _interrupted(job: Job, study: optuna.Study, interrupt: _HeldInterrupt) -> None:
    """``run_trials`` as a worker runs it, its Ctrl-C handler set: it ends interrupted."""
    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        with pytest.raises(KeyboardInterrupt):
            run_trials(job, study, 1, interrupt=interrupt)
    finally:
        signal.signal(signal.SIGINT, previous)


class _LoadsACompiledModule(Callback):
    """A Ctrl-C as the run begins, which a library turns into another error, as scipy's compiled
    modules do where it comes while they load: ImportError("initialization failed")."""

    def on_train_begin(self, run) -> None:
        try:
            os.kill(os.getpid(), signal.SIGINT)
        except KeyboardInterrupt:
            raise ImportError("initialization failed") from None


def test_ctrl_c_made_into_another_error_requeues_the_trial():
    """Was: only a KeyboardInterrupt queued the trial again; Ctrl-C on `descend tune --workers 2`
    as a worker's first trial imported scikit-learn (reading iris) came out of scipy as
    ImportError("initialization failed"): the trial failed without its retry, the worker ended on
    that error, which the command (interrupted) never showed (test_workers' Ctrl-C test failed
    so, [(0, PRUNED), (1, FAIL), (2, FAIL), (3, WAITING)], 1 run in 10 on a loaded machine)."""
    study = optuna.create_study(study_name="s")
    _interrupted(_job(None, callbacks=[_LoadsACompiledModule()]), study, _HeldInterrupt())
    trials = study.get_trials()
    assert [(t.number, t.state.name) for t in trials] == [(0, "FAIL"), (1, "WAITING")]
    assert trials[1].user_attrs["retry_of"] == 0
    assert trials[1].system_attrs["fixed_params"] == trials[0].params


def test_ctrl_c_made_into_another_error_requeues_the_trial_in_one_process():
    """Was: only a worker noted its Ctrl-C; in one process (``tune``'s default, workers=1) the
    error a library made of it failed the trial without its retry, and the command ended on that
    ImportError's traceback, not "interrupted". The SIGINT handler is given back after."""
    study, handler = optuna.create_study(study_name="s"), signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        run_trials(_job(None, callbacks=[_LoadsACompiledModule()]), study, 1)
    assert signal.getsignal(signal.SIGINT) is handler
    trials = study.get_trials()
    assert [(t.number, t.state.name) for t in trials] == [(0, "FAIL"), (1, "WAITING")]
    assert trials[1].user_attrs["retry_of"] == 0


@pytest.mark.parametrize("interrupt", [_HeldInterrupt, None], ids=["worker", "one process"])
def test_an_error_with_no_ctrl_c_is_not_retried(interrupt):
    """An objective's error with no Ctrl-C fails its trial, re-queued by no one: the error ends
    the study, as before."""

    class Fails(Callback):
        def on_train_begin(self, run) -> None:
            raise ImportError("a real one")

    study = optuna.create_study(study_name="s")
    with pytest.raises(ImportError, match="a real one"):
        run_trials(_job(None, callbacks=[Fails()]), study, 1, interrupt=interrupt and interrupt())
    assert [(t.number, t.state.name) for t in study.get_trials()] == [(0, "FAIL")]


def test_ctrl_c_in_the_journal_lock_requeues_the_trial_at_its_point(tmp_path, monkeypatch):
    """Was: a Ctrl-C as Optuna's journal lock was let go came out as FileNotFoundError (see
    test_journal_lock): the trial failed without its retry. Now the KeyboardInterrupt comes once
    the write is made, the trial's Optuna object unaware of it: the retry takes the point as
    stored (here the optimizer, whose write it was), not as that object has it."""
    path = tmp_path / "study.log"
    study = optuna.create_study(study_name="s", storage=open_storage(f"journal:{path}"))
    interrupt = _HeldInterrupt()
    sent = ctrl_c_at_the_journal_lock(monkeypatch, path, "unlink", "after", ready=lambda: interrupt.inside)
    try:
        _interrupted(_job(f"journal:{path}"), study, interrupt)
    finally:
        monkeypatch.undo()
    assert sent
    trials = optuna.load_study(study_name="s", storage=open_storage(f"journal:{path}")).get_trials()
    assert [(t.number, t.state.name) for t in trials] == [(0, "FAIL"), (1, "WAITING")]
    assert trials[1].user_attrs["retry_of"] == 0
    assert list(trials[1].system_attrs["fixed_params"]) == ["optimizer"]
