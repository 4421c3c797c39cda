"""The search space: Optuna distributions from a spec, and one clear error for each bad one."""

from __future__ import annotations

import warnings

import numpy as np
import optuna
import pytest

import descend as ds
from descend.tune import TRAIN_PARAMETERS, Space, default_space, settings_of


def test_lists_are_categorical_and_mappings_are_ranges():
    space = Space.parse(
        {
            "optimizer": ["sgd", "adam"],
            "lr": {"low": 1e-4, "high": 1, "log": True},
            "epochs": {"low": 2, "high": 8},
            "hidden": [[64], [128, 64]],
            "batch_size": [32, "full"],
            "activation": "tanh",
        }
    )
    d = space.distributions
    assert isinstance(d["optimizer"], optuna.distributions.CategoricalDistribution)
    assert isinstance(d["lr"], optuna.distributions.FloatDistribution) and d["lr"].log
    assert isinstance(d["epochs"], optuna.distributions.IntDistribution)
    assert d["hidden"].choices == ("64", "128x64")  # Optuna stores lists by a label
    assert space.fixed == {"activation": "tanh"}
    assert space.decode({"hidden": "128x64"}) == {"activation": "tanh", "hidden": [128, 64]}


def test_optimizer_hyper_parameters_are_drawn_only_for_optimizers_that_take_them():
    space = Space.parse(
        {"optimizer": ["sgd", "adam"], "momentum": {"low": 0, "high": 0.9}, "beta2": {"low": 0.9, "high": 0.999}}
    )
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    seen = {}
    for _ in range(12):
        point = space.suggest(study.ask())
        seen.setdefault(point["optimizer"], set()).update(point)
    assert "momentum" in seen["sgd"] and "beta2" not in seen["sgd"]
    assert "beta2" in seen["adam"] and "momentum" not in seen["adam"]


def test_settings_of_maps_a_point_onto_train_keywords():
    point = {"optimizer": "adam", "beta1": 0.8, "dropout": 0.1, "hidden": [32], "batch_size": "full"}
    assert settings_of(point) == {
        "optimizer": "adam",
        "batch_size": None,
        "betas": (0.8, 0.999),
        "model_options": {"dropout": 0.1, "hidden": [32]},
    }


def test_the_default_space_is_valid_and_sizes_an_mlp():
    assert "hidden" in Space.parse(default_space("mlp")).distributions
    assert "hidden" not in Space.parse(default_space("softmax")).distributions
    assert "optimizer" not in default_space("softmax", optimizer="sgd")


@pytest.mark.parametrize(
    ("spec", "what"),
    [
        ({"low": 0, "high": 1, "log": True}, "a log range needs low > 0"),
        ({"low": 1, "high": 0.1}, "low must be below high, both finite"),
        ({"low": 0.1, "high": 1, "step": -1}, "step must be > 0"),
        ({"low": 0.1, "high": 1, "log": True, "step": 0.1}, "log and step cannot be combined"),
    ],
)
def test_a_bad_range_names_the_value_once(spec, what):
    with pytest.raises(ValueError) as err:
        Space.parse({"lr": spec}, TRAIN_PARAMETERS)
    assert str(err.value).startswith(f"space: lr: {what}")
    assert str(err.value).endswith(f"(a range is {{low, high[, log][, step][, type: float|int]}}), got {spec!r}")
    assert str(err.value).count("got") == 1


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            {"momentun": {"low": 0, "high": 1}},
            r"space: unknown setting 'momentun'\. Did you mean 'momentum'\? Known: optimizer",
        ),
        ({}, r"space: empty: give at least one setting to search"),
        ({"lr": 0.1}, r"^space: nothing to search: lr is a fixed value; give it a list or a range$"),
        ({"lr": 0.1, "epochs": 3}, r"^space: nothing to search: lr, epochs are all fixed values; give one a list"),
        ({"lr": []}, r"space: lr: an empty list of choices"),
        (
            {"lr": {"low": 0, "high": 1, "log": True}},
            r"space: lr: a log range needs low > 0 \(a range is .*\), got \{'low': 0, 'high': 1, 'log': True\}$",
        ),
        ({"lr": {"low": 1, "high": 0.1}}, r"space: lr: low must be below high"),
        (
            {"lr": {"low": 0.1, "high": 1, "scale": "log"}},
            r"^space: lr: unknown key 'scale'\. A range is \{low, high\[, log\]\[, step\]\[, type: float\|int\]\}, got",
        ),
        (  # was "space: lr: high: Field required"
            {"lr": {"low": 0.001, "hihg": 1}},
            r"^space: lr: unknown key 'hihg'\. Did you mean 'high'\? A range is .*, got \{'low': 0\.001, 'hihg': 1\}$",
        ),
        ({"lr": {"low": "a", "high": 1}}, r"space: lr: low: Input should be a valid number"),
        ({"epochs": {"low": 1.5, "high": 4}}, r"space: epochs: an integer range needs integer low, high"),
        ({"optimizer": ["sgd", "sdg"]}, r"space: optimizer: unknown optimizer 'sdg'\. Did you mean 'sgd'\?"),
        ({"batch_size": [32, 0]}, r"space: batch_size: choice 0 is not an integer >= 1 or 'full'"),
        ({"lr": [0.1, 0.1]}, r"space: lr: a choice is given twice"),
        ({"betas": [[0.9, 0.99]]}, r"space: betas: search beta1 and beta2"),
        ([1, 2], r"space: expected a mapping"),
    ],
)
def test_a_bad_space_is_one_clear_error(spec, message):
    with pytest.raises(ValueError, match=message) as err:
        Space.parse(spec, TRAIN_PARAMETERS)
    assert "\n" not in str(err.value)


def test_a_pair_of_numbers_decades_apart_is_searched_as_two_choices_with_a_warning():
    # Ultralytics' tune reads a pair as (low, high); here a list is its choices, and a user who
    # meant a range is told how to write one
    with pytest.warns(UserWarning, match=r"space: lr: \[1e-06, 30\] is a choice of these 2 values, not a range"):
        space = Space.parse({"lr": [1e-6, 30]})
    assert space.distributions["lr"].choices == (1e-6, 30)


@pytest.mark.parametrize(
    "choices", [[0.01, 0.1], [1e-4, 1e-2, 5e-2], [0.0, 1e-3], [32, "full"], [True, 1000], ["sgd", "adam"]]
)
def test_other_lists_are_choices_without_a_warning(choices, recwarn):
    Space.parse({"dropout" if choices[0] != "sgd" else "optimizer": choices})  # a name whose values go unchecked
    assert not [w for w in recwarn if "not a range" in str(w.message)]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"lr": [-0.1, 0.1]}, "space: lr: choice -0.1 cannot be trained: lr must be a finite number > 0, got -0.1"),
        ({"lr": [float("nan"), 0.1]}, "space: lr: choice nan cannot be trained: lr must be a finite number > 0"),
        ({"epochs": [0, 5]}, "space: epochs: choice 0 cannot be trained: epochs must be an integer >= 1, got 0"),
        (
            {"weight_decay": {"low": -1, "high": 1}},
            "space: weight_decay: low -1.0 cannot be trained: weight_decay must",
        ),
        (
            {"momentum": {"low": 0, "high": 1.5}},
            "space: momentum: high 1.5 cannot be trained: momentum must be a number",
        ),
        (
            {"beta2": [0.99, 1.0]},
            r"space: beta2: choice 1.0 cannot be trained: betas\[1\] must be a number in \[0, 1\)",
        ),
        ({"eps": [0]}, "space: eps: choice 0 cannot be trained: eps must be a number > 0"),
        (
            {"batch_size": {"low": 0, "high": 64}},
            "^space: batch_size: low 0 cannot be trained: batch_size must be an integer >= 1, got 0$",
        ),
    ],
)
def test_a_value_train_refuses_is_refused_at_the_space_not_at_the_trial_that_draws_it(spec, message):
    """Was: the study ran until a trial drew the value, then stopped with train's bare message."""
    with pytest.raises(ValueError, match=message):
        Space.parse(spec)


def test_the_values_train_takes_pass():
    Space.parse(
        {"lr": [0.1, "auto"], "nesterov": [True, False], "beta1": {"low": 0.8, "high": 0.95}, **default_space("mlp")}
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"lr": {"low": "0.01", "high": 1}}, r"^space: lr: low: Input should be a valid number .*'low': '0.01'"),
        ({"lr": {"low": 0.01, "high": "1"}}, r"^space: lr: high: Input should be a valid number .*'high': '1'"),
        ({"lr": {"low": True, "high": 1}}, r"^space: lr: low: Input should be a valid number .*'low': True"),
        ({"epochs": {"low": 1, "high": 5, "step": "1"}}, r"^space: epochs: step: Input should be a valid number"),
        ({"lr": {"low": 0.01, "high": 1, "log": "yes"}}, r"^space: lr: log: Input should be a valid boolean"),
    ],
)
def test_a_range_bound_given_as_a_string_or_bool_is_refused_naming_it(spec, message):
    """Was: pydantic read low: "0.01" as 0.01 and True as 1.0, so a quoted YAML number was searched."""
    with pytest.raises(ValueError, match=message):
        Space.parse(spec)


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        (["nonsense", "cosine"], r"^space: schedule: choice 'nonsense' cannot be trained: unknown schedule 'nonsense'"),
        ([42, "cosine"], r"^space: schedule: choice 42 cannot be trained: schedule must be a name \(constant"),
    ],
)
def test_a_schedule_train_refuses_is_refused_at_the_space(choices, message):
    """Was: the first trial that drew it stopped the study with train's message and no word of the space."""
    with pytest.raises(ValueError, match=message):
        Space.parse({"schedule": choices})
    Space.parse({"schedule": [None, "cosine", "warmup+cosine", "plateau"]})


def test_a_list_of_one_choice_is_named_a_fixed_setting():
    """Was: lr: [0.1] was 'searched' without a word, every trial at lr=0.1."""
    with pytest.warns(UserWarning, match=r"^space: lr: \[0.1\] is one choice, so every trial takes lr=0.1: a fixed"):
        space = Space.parse({"lr": [0.1], "momentum": {"low": 0.0, "high": 0.9}})
    assert isinstance(space.distributions["lr"], optuna.distributions.CategoricalDistribution)


def test_lists_of_several_choices_do_not_warn(recwarn):
    Space.parse({"lr": [0.1, 0.2], "hidden": [[8], [16]]})
    assert not [w for w in recwarn if "one choice" in str(w.message)]


def test_a_study_says_a_warning_about_its_space_once():
    """Was said twice: by the study, then by the process running its trials, parsing it again."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("default")
        ds.tune("softmax", "iris", space={"optimizer": ["adam"], "lr": [0.01, 0.1]}, trials=1, epochs=1, progress=False)
    assert [str(w.message) for w in seen if "one choice" in str(w.message)] == [
        "space: optimizer: ['adam'] is one choice, so every trial takes optimizer='adam': a fixed setting, not "
        "searched; give it as optimizer='adam', or list more choices or a range"
    ]


@pytest.mark.parametrize(
    "value, shown",
    [
        (np.array([16, 32]), r"ndarray array\(\[16, 32\]\)"),
        ({"sgd", "adam"}, r"set \{'(sgd|adam)', '(sgd|adam)'\}"),
        (range(16, 64), r"range range\(16, 64\)"),
        (optuna.distributions.IntDistribution(16, 64), r"IntDistribution IntDistribution\("),
    ],
)
def test_a_setting_neither_choices_nor_a_range_nor_one_value_is_refused_naming_it(value, shown):
    # Until session 39 such a value was taken as the setting's fixed value: the space's own error
    # said "batch_size is a fixed value" for an array of choices, or beside a searched setting
    # every trial trained with the array, set or distribution as its batch size.
    with pytest.raises(
        ValueError, match=rf"^space: batch_size: got {shown}.*; give a list of choices \[a, b\], a range"
    ):
        Space.parse({"lr": {"low": 1e-3, "high": 1.0}, "batch_size": value}, TRAIN_PARAMETERS)


def test_choices_given_as_numpy_numbers_are_searched_as_the_numbers():
    # Until session 40 a space took a numpy number as a fixed value but not as a choice:
    # batch_size: list(np.array([16, 32])) was "choice np.int64(16) is not a number, string, list or null".
    space = Space.parse({"batch_size": list(np.array([16, 32])), "dropout": [np.float64(0.1), np.float32(0.5)]})
    assert space.distributions["batch_size"].choices == (16, 32)
    assert [type(c) for c in space.distributions["batch_size"].choices] == [int, int]
    assert space.distributions["dropout"].choices == (0.1, float(np.float32(0.5)))
