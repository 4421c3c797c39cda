"""A study on a real PostgreSQL server (started for the test): two worker processes of one
call and a second call on the same database, every trial recorded once."""

from __future__ import annotations

import optuna
import pytest
from _tuning import LR_SPACE, SMALL, race_two_commands, recorded_once

import descend as ds
from descend.tune.storage import open_storage


@pytest.mark.slow
def test_workers_and_machines_share_a_postgresql_study(postgres_url, tmp_path):
    # Two commands at once on the fresh database: both create the schema (the race), then work.
    race_two_commands(tmp_path, postgres_url, "pg", trials=4)
    # Two worker processes of one call, on a second study in the same database.
    result = ds.tune(
        "softmax",
        "iris",
        space=LR_SPACE,
        trials=4,
        workers=2,
        storage=postgres_url,
        study_name="pg2",
        out=tmp_path / "w",
        progress=False,
        **SMALL,
    )
    recorded_once(result.study, 4, 2)
    assert {s.study_name for s in optuna.study.get_all_study_summaries(open_storage(postgres_url, create=False))} == {
        "pg",
        "pg2",
    }
