"""Several processes on one study: worker processes of one call, and separate calls racing on
a fresh database (the schema race), with every trial recorded once."""

from __future__ import annotations

import os
import signal

import optuna
import pytest
from _tuning import (
    LR_SPACE,
    SLOW_TUNE_YAML,
    SMALL,
    descend_process,
    race_two_commands,
    read_study,
    recorded_once,
    wait_for,
)

import descend as ds
from descend.tune._job import Job
from descend.tune._workers import run_waiting, trial_counts
from descend.tune.storage import open_storage


@pytest.mark.slow
def test_two_worker_processes_share_a_fresh_sqlite_study(tmp_path):
    out = tmp_path / "study"
    result = ds.tune("softmax", "iris", space=LR_SPACE, trials=6, workers=2, out=out, progress=False, **SMALL)
    recorded_once(result.study, 6, 2)
    assert sorted(p.name for p in (out / "trials").iterdir()) == [f"{n:04d}" for n in range(len(result.study.trials))]
    assert (out / "best.yaml").is_file()


@pytest.mark.slow
def test_two_commands_racing_on_a_fresh_database(tmp_path):
    """Two machines started with the same command at once: the first one to create the
    tables wins, the other opens them; one study, every trial once."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    race_two_commands(tmp_path, url, "race", trials=6)


@pytest.mark.slow
def test_a_journal_file_study(tmp_path):
    journal = f"journal:{tmp_path / 'study.log'}"
    result = ds.tune(
        "softmax",
        "iris",
        space=LR_SPACE,
        trials=4,
        workers=2,
        storage=journal,
        out=tmp_path / "s",
        progress=False,
        **SMALL,
    )
    recorded_once(result.study, 4, 2)


def test_run_waiting_runs_the_queued_trials_and_no_more():
    """Before workers start, this process runs the queued trials (up to the budget) and no
    drawn trial: the counts of finished, running and waiting trials say so. The doctor is off:
    a trial it finds too small would queue its advice, one more waiting trial (session 24's
    doctor reads these full-batch Adam runs at lr=0.01 as too small)."""
    job = Job(
        *("softmax", "iris", None, LR_SPACE, dict(SMALL, seed=0), "val_loss", "minimize", False, 5, None),
        *("tpe", "none", 0, None, "queued", None),
    )
    study = optuna.create_study()
    for lr in (0.01, 0.1, 0.3):
        study.enqueue_trial({"optimizer": "adam", "lr": lr})
    run_waiting(job, study, trials=2)  # a budget below the queue: two of the three
    assert trial_counts(study) == (2, 0, 1)
    run_waiting(job, study, trials=10)
    assert trial_counts(study) == (3, 0, 0)
    run_waiting(job, study, trials=10)  # nothing queued: nothing run
    assert len(study.trials) == 3
    assert [t.params["lr"] for t in study.trials] == [0.01, 0.1, 0.3]


def test_a_sqlite_study_takes_the_write_lock_when_a_transaction_begins(tmp_path):
    """Optuna pops a queued trial by reading it, then writing it RUNNING; SQLite ignores its
    FOR UPDATE, so every transaction of the storage begins IMMEDIATE: while one is open (even
    one that only reads), another process cannot begin writing, and cannot pop the same trial."""
    import sqlite3

    from sqlalchemy import text

    path = tmp_path / "lock.db"
    storage = open_storage(f"sqlite:///{path}")
    with storage.engine.begin() as connection:  # a transaction that only reads
        connection.execute(text("SELECT COUNT(*) FROM trials"))
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # free again once it ended
    other.execute("ROLLBACK")
    other.close()


@pytest.mark.slow
def test_ctrl_c_on_two_workers_requeues_the_trials_they_ran(tmp_path):
    """Was: Ctrl-C ended the workers at once, before they re-queued their trials, and one caught
    while Optuna made its trial (TPE drawing the point) never did: on a journal storage (no
    heartbeats) those stayed RUNNING for good, counted toward the trials and never run again (12
    asked, resumed: 10 finished). This test failed 5 of 6 runs so."""
    config, journal = tmp_path / "tune.yaml", f"journal:{tmp_path / 'study.log'}"
    config.write_text(SLOW_TUNE_YAML.format(trials=8))
    args = ("tune", "--config", config, "--out", tmp_path / "study", "--storage", journal, "--workers", 2)
    process = descend_process(  # in a group of its own, as a terminal's Ctrl-C reaches the whole group
        *args, "--no-progress", start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)
    )
    try:
        study = read_study(journal, "study")
        running = optuna.trial.TrialState.RUNNING
        wait_for(lambda: [t.state for t in study.get_trials()].count(running) == 2, what="both workers mid-trial")
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=120) == 130
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    trials = read_study(journal, "study").get_trials()
    assert [t.number for t in trials if t.state == running] == []
    interrupted = [t.number for t in trials if t.state == optuna.trial.TrialState.FAIL]
    waiting = [t.user_attrs["retry_of"] for t in trials if t.state == optuna.trial.TrialState.WAITING]
    assert interrupted and sorted(waiting) == interrupted, [(t.number, t.state.name) for t in trials]
