"""``eps`` is searched for the optimizers that take it (Adam's family, RMSprop...): every study
searching it was refused, "none of the optimizers searched (adam) takes eps", since ``takes``
probed each optimizer with eps=0, which descend's optimizers refuse as a value."""

from __future__ import annotations

import descend as ds
from descend.tune.space import takes


def test_adam_and_rmsprop_take_eps_and_sgd_does_not():
    assert [takes(rule, "eps") for rule in ("adam", "adamw", "rmsprop", "sgd")] == [True, True, True, False]


def test_a_study_of_adam_searches_eps():
    space = {"eps": {"low": 1e-9, "high": 1e-6, "log": True}}
    result = ds.tune("softmax", "iris", space=space, optimizer="adam", trials=2, epochs=1, progress=False)
    assert all(1e-9 <= t.params["eps"] <= 1e-6 for t in result.study.trials)
