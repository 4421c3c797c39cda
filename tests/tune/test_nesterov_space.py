"""A space searching ``nesterov`` where a trial can draw it with momentum 0: refused before
the study starts (it stopped at the first trial drawing ``nesterov=True``, with SGD's
"nesterov=True requires momentum > 0" and no word of the space)."""

from __future__ import annotations

import pytest

import descend as ds
from descend._checks import InvalidArgument

_NEEDS = "space: nesterov: true needs momentum > 0, and "
_SEARCH = (
    "search momentum too (momentum: {low: 0.5, high: 0.99}) or fix it (hyper: {momentum: 0.9} in a file, "
    "momentum=0.9 in Python)"
)


@pytest.mark.parametrize(
    ("space", "settings", "message"),
    [
        (
            {"nesterov": [True, False]},
            {"optimizer": "sgd"},
            _NEEDS + "sgd's momentum is 0 unless set, so a trial drawing nesterov=True would fail: " + _SEARCH,
        ),
        (
            {"optimizer": ["sgd", "adam"], "nesterov": [True, False]},
            {},
            _NEEDS + "sgd's momentum is 0 unless set, so a trial drawing nesterov=True would fail: " + _SEARCH,
        ),
        (
            {"momentum": [0, 0.9], "nesterov": [True, False]},
            {"optimizer": "sgd"},
            _NEEDS + "momentum's choices hold 0, so a trial drawing nesterov=True would fail: leave 0 out of "
            "momentum's choices",
        ),
        (
            {"nesterov": [True, False]},
            {"optimizer": "sgd", "momentum": 0},
            _NEEDS + "momentum is fixed at 0, so a trial drawing nesterov=True would fail: " + _SEARCH,
        ),
    ],
)
def test_nesterov_where_a_trial_can_have_no_momentum_is_refused_first(tmp_path, space, settings, message):
    with pytest.raises(InvalidArgument) as caught:
        ds.tune("mlp", "iris", space=space, trials=4, epochs=1, out=tmp_path / "study", progress=False, **settings)
    assert str(caught.value) == message
    assert not (tmp_path / "study").exists()


@pytest.mark.parametrize(
    ("space", "settings"),
    [
        ({"nesterov": [True, False]}, {"optimizer": "sgd", "momentum": 0.9}),
        ({"momentum": {"low": 0.5, "high": 0.99}, "nesterov": [True, False]}, {"optimizer": "sgd"}),
        ({"nesterov": [True, False]}, {"optimizer": "momentum"}),  # its own momentum is 0.9
    ],
)
def test_nesterov_with_momentum_is_searched(space, settings):
    result = ds.tune("mlp", "iris", space=space, trials=2, epochs=1, progress=False, **settings)
    assert len(result.study.trials) == 2
