"""A study's ``seed`` is ``train``'s: the same check, and every seed ``train`` takes seeds the
sampler too (numpy's generators, which Optuna's samplers use, take seeds below 2**32 only)."""

from __future__ import annotations

import pytest
from _tuning import LR_SPACE

import descend as ds
from descend._checks import InvalidArgument


def test_a_negative_seed_is_refused_as_train_refuses_it():
    """Was numpy's 'Seed must be between 0 and 2**32 - 1', naming no setting."""
    with pytest.raises(InvalidArgument, match=r"^seed must be an integer >= 0, got -1$"):
        ds.tune("softmax", "iris", space=LR_SPACE, trials=1, epochs=1, progress=False, seed=-1)


def test_a_seed_train_takes_above_2_to_the_32_seeds_the_study_too():
    """train(seed=2**40) runs; the study failed with numpy's message before its first trial."""
    result = ds.tune("softmax", "iris", space=LR_SPACE, trials=1, epochs=1, progress=False, seed=2**40)
    assert len(result.study.trials) == 1 and result.best_settings["seed"] == 2**40
