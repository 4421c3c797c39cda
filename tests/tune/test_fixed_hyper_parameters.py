"""A train study's fixed keywords meet its optimizers before any trial: a misspelt one is
refused in ``train``'s words, and a hyper-parameter one of the optimizers searched does not take
is refused (an explicit space) or narrows the default space's optimizers to those that take it.
Each stopped the study at the first trial that drew such an optimizer (the default space's first
trial, Adam at train's defaults, with momentum=0.9) with ``train``'s error, 13 frames down."""

from __future__ import annotations

import pytest

import descend as ds
from descend._checks import InvalidArgument
from descend.tune import objective

LR = {"lr": {"low": 1e-3, "high": 1.0, "log": True}}


@pytest.fixture
def trained(monkeypatch):
    """The keyword arguments of every trial's train run."""
    calls, train = [], objective.train

    def recorded(*args, **kwargs):
        calls.append(kwargs)
        return train(*args, **kwargs)

    monkeypatch.setattr(objective, "train", recorded)
    return calls


def test_a_fixed_hyper_parameter_an_optimizer_searched_lacks_is_refused_before_any_trial(tmp_path, trained):
    out = tmp_path / "study"
    with pytest.raises(InvalidArgument) as refused:
        ds.tune(
            "softmax",
            "iris",
            space={"optimizer": ["sgd", "adam"], **LR},
            momentum=0.9,
            trials=2,
            epochs=1,
            out=out,
            progress=False,
        )
    assert str(refused.value) == (
        "momentum=0.9 is fixed, but adam (an optimizer searched) does not take momentum, so every trial drawing adam "
        "would fail: search momentum in the space instead (drawn only with the optimizers that take it), or leave "
        "adam out of the optimizer's choices"
    )
    assert trained == [] and not out.exists()


def test_a_misspelt_keyword_is_refused_in_trains_words_before_any_trial(trained):
    with pytest.raises(
        InvalidArgument, match=r"^train\(\) takes no keyword 'optimiser', .* Did you mean 'optimizer'\?"
    ):
        ds.tune("softmax", "iris", space=LR, optimiser="sgd", trials=1, epochs=1, progress=False)
    assert trained == []


def test_the_default_space_searches_only_the_optimizers_that_take_a_fixed_hyper_parameter(trained):
    result = ds.tune("softmax", "iris", momentum=0.9, trials=3, epochs=1, progress=False)
    assert len(result.study.trials) == 3 and result.best_settings["optimizer"] == "sgd"
    assert [(call["optimizer"], call["momentum"]) for call in trained] == [("sgd", 0.9)] * 3
