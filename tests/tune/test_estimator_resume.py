"""An estimator study keeps its cv and scoring: until session 40 neither was stored with the
study, so its folder did not say how its values were computed, and a resume with another cv or
scoring ran on silently, mixing trials valued two ways in one study."""

from __future__ import annotations

import json

import optuna
import pytest
from sklearn.datasets import load_iris
from sklearn.model_selection import KFold, ShuffleSplit

import descend as ds
from descend.tune.storage import open_storage
from descend.tune.study_opening import stored_settings

X, y = load_iris(return_X_y=True)
SPACE = {"lr": [0.01, 0.1]}


def _tune(out, trials=1, resume=False, **kwargs):
    estimator = ds.GDClassifier(max_epochs=2)
    return ds.tune(estimator, X, y, space=SPACE, trials=trials, out=out, resume=resume, progress=False, **kwargs)


def test_an_estimator_study_stores_its_cv_and_scoring(tmp_path):
    _tune(tmp_path / "a", cv=3)
    _tune(tmp_path / "b", cv=KFold(2, shuffle=True, random_state=0), scoring="f1_macro")
    assert stored_settings(tmp_path / "a", None, None)["cross_validation"] == {
        "cv": 3,
        "scoring": "GDClassifier.score",  # no scoring: the estimator's own score, accuracy
    }
    assert stored_settings(tmp_path / "b", None, None)["cross_validation"] == {
        "cv": "KFold(n_splits=2, random_state=0, shuffle=True)",
        "scoring": "f1_macro",
    }


@pytest.mark.parametrize(
    ("kwargs", "difference"),
    [
        ({"cv": 4}, "cv was 3, is 4"),
        ({"cv": 3, "scoring": "f1_macro"}, 'scoring was "GDClassifier.score", is "f1_macro"'),
        ({"cv": KFold(3)}, 'cv was 3, is "KFold(n_splits=3, random_state=None, shuffle=False)"'),
    ],
)
def test_a_resume_with_another_cv_or_scoring_is_refused_naming_both(tmp_path, kwargs, difference):
    out = tmp_path / "study"
    _tune(out, cv=3)
    with pytest.raises(ValueError) as refused:
        _tune(out, trials=2, resume=True, **kwargs)
    assert f"was started with other settings ({difference}); continue it with the same estimator, X and y, " in str(
        refused.value
    )
    assert "cv, scoring" in str(refused.value)
    assert len(_tune(out, trials=2, resume=True, cv=3).study.trials) == 2  # the same ones: it goes on


def test_an_estimator_study_stored_before_its_cv_was_resumes(tmp_path):
    out = tmp_path / "study"
    _tune(out, cv=3)
    storage = open_storage(f"sqlite:///{out / 'study.db'}")
    study = optuna.load_study(study_name="study", storage=storage)
    saved = json.loads(study.user_attrs["settings"])
    del saved["cross_validation"]  # as session 39 stored it
    study.set_user_attr("settings", json.dumps(saved, sort_keys=True))
    assert len(_tune(out, trials=2, resume=True, cv=4).study.trials) == 2


def test_splitters_that_differ_in_their_last_argument_are_both_named_whole(tmp_path):
    # A setting's value was cut at 60 characters: ShuffleSplit's repr is 72, and the two differed after the cut.
    out = tmp_path / "study"
    _tune(out, cv=ShuffleSplit(3, random_state=0, train_size=0.5))
    with pytest.raises(ValueError) as refused:
        _tune(out, trials=2, resume=True, cv=ShuffleSplit(3, random_state=0, train_size=0.6))
    assert (
        'cv was "ShuffleSplit(n_splits=3, random_state=0, test_size=None, train_size=0.5)", '
        'is "ShuffleSplit(n_splits=3, random_state=0, test_size=None, train_size=0.6)"'
    ) in str(refused.value)
