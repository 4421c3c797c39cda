"""Several processes on one study: worker processes of one call, and separate calls racing on
a fresh database (the schema race), with every trial recorded once."""

from __future__ import annotations

import optuna
import pytest
from _tuning import LR_SPACE, SMALL, descend_process, finished_numbers, read_study, tune_file

import descend as ds

Finished = (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED)


def recorded_once(study: optuna.Study, trials: int, processes: int) -> None:
    """Every trial finished, numbered 0..n-1 without a gap or a repeat, the budget met (each
    process may start one trial while another finishes the last)."""
    numbers = [t.number for t in study.trials]
    assert numbers == list(range(len(numbers)))
    assert all(t.state in Finished for t in study.trials), [t.state for t in study.trials]
    assert trials <= len(finished_numbers(study)) <= trials + processes - 1
    assert len({t.datetime_start for t in study.trials}) == len(numbers)


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
    config = tune_file(tmp_path, trials=6, pruner="none")
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    runs = [
        descend_process(
            "tune",
            "--config",
            config,
            "--storage",
            url,
            "--study",
            "race",
            "--out",
            tmp_path / f"m{i}",
            "--no-progress",
        )
        for i in range(2)
    ]
    assert [p.wait(timeout=300) for p in runs] == [0, 0]
    recorded_once(read_study(url, "race"), 6, 2)


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
