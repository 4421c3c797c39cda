"""Shared pieces of the tuning tests: a small study's settings, a tune file, and a run of the
``descend`` command in another process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import optuna

from descend.tune.storage import open_storage

optuna.logging.set_verbosity(optuna.logging.WARNING)


# A small study: softmax on iris, a few epochs per trial (a fraction of a second each).
SMALL = {"epochs": 6, "instruments": True}
LR_SPACE = {"optimizer": ["sgd", "adam"], "lr": {"low": 1e-3, "high": 1.0, "log": True}}

TUNE_YAML = """\
data: {data}
model: {model}
epochs: {epochs}
trials: {trials}
pruner: {pruner}
space:
  optimizer: [sgd, adam]
  lr: {{low: 0.001, high: 1.0, log: true}}
"""


def tune_file(folder: Path, *, data="iris", model="softmax", epochs=6, trials=4, pruner="successive_halving") -> Path:
    """A tune.yaml in ``folder`` for the command line."""
    path = folder / "tune.yaml"
    path.write_text(TUNE_YAML.format(data=data, model=model, epochs=epochs, trials=trials, pruner=pruner))
    return path


def descend_process(*args, **popen) -> subprocess.Popen:
    """``python -m descend ARGS`` in a process of its own."""
    return subprocess.Popen([sys.executable, "-m", "descend", *map(str, args)], **popen)


def finished_numbers(study: optuna.Study) -> list[int]:
    states = (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED)
    return [t.number for t in study.get_trials(states=states)]


# Trials of about two seconds each (300 epochs of 8 steps), ten times the poll of wait_for: long
# enough to be killed in the middle of one. The doctor is off, since it ends a trial whose rate
# it measures far too small within its first epochs (a few hundredths of a second), and a study
# of such trials can finish between two polls (session 13's CI run did).
SLOW_TUNE_YAML = """\
data: iris
model: softmax
epochs: 300
batch_size: 16
tol: none
patience: 1000
trials: {trials}
pruner: none
doctor: false
space:
  optimizer: [sgd, adam]
  lr: {{low: 0.001, high: 0.3, log: true}}
"""


def read_study(url: str, name: str, timeout: float = 120.0) -> optuna.Study:
    """The study ``name`` in ``url`` as another process writes it (retried while that process
    is still creating it)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return optuna.load_study(study_name=name, storage=open_storage(url, create=False))
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def wait_for(condition, timeout: float = 180.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.2)


Finished = (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED)


def recorded_once(study: optuna.Study, trials: int, processes: int) -> None:
    """Every trial finished, numbered 0..n-1 without a gap or a repeat, the budget met (each
    process may start one trial while another finishes the last)."""
    numbers = [t.number for t in study.trials]
    assert numbers == list(range(len(numbers)))
    assert all(t.state in Finished for t in study.trials), [t.state for t in study.trials]
    assert trials <= len(finished_numbers(study)) <= trials + processes - 1
    assert len({t.datetime_start for t in study.trials}) == len(numbers)


def race_two_commands(folder: Path, url: str, study: str, trials: int) -> None:
    """The same ``descend tune`` command started twice at once on ``url`` (two machines, the
    schema race on a fresh database): both succeed, and every trial is recorded once."""
    config = tune_file(folder, trials=trials, pruner="none")
    runs = [
        descend_process(
            "tune", "--config", config, "--storage", url, "--study", study, "--out", folder / f"m{i}", "--no-progress"
        )
        for i in range(2)
    ]
    assert [p.wait(timeout=300) for p in runs] == [0, 0]
    recorded_once(read_study(url, study), trials, 2)


# Where a Ctrl-C can land in Optuna's journal lock (a symbolic link PATH.lock): before it is taken
# (os.symlink), before it is let go (os.rename, then os.unlink) and after.
LOCK_CALLS = [("symlink", "before"), ("rename", "before"), ("unlink", "after")]


def ctrl_c_at_the_journal_lock(monkeypatch, path: Path, call: str, when: str, ready=lambda: True) -> list:
    """``os.<call>`` patched to send this process a SIGINT ``when`` (before or after) it first
    works on the lock of the journal file ``path`` with ``ready()`` true; the list it appends to
    once the signal is sent."""
    real, sent = getattr(os, call), []

    def at_the_lock(*args, **kwargs):
        send = not sent and ready() and any(str(a).startswith(f"{path}.lock") for a in args)
        if send:
            sent.append(call)  # before the signal, whose KeyboardInterrupt may come at once
        if send and when == "before":
            os.kill(os.getpid(), signal.SIGINT)
        result = real(*args, **kwargs)
        if send and when == "after":
            os.kill(os.getpid(), signal.SIGINT)
        return result

    monkeypatch.setattr(os, call, at_the_lock)
    return sent
