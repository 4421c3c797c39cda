"""Several processes on one study: worker processes of one call, and separate calls racing on
a fresh database (the schema race), with every trial recorded once."""

from __future__ import annotations

import pytest
from _tuning import LR_SPACE, SMALL, race_two_commands, recorded_once

import descend as ds


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
