"""A keyword the estimators do not take gets an error with what to write instead: descend's name
for scikit-learn's (max_iter, solver, learning_rate_init...), else the closest parameter."""

from __future__ import annotations

import copy
import inspect
import pickle

import pytest
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV

from descend.estimators import GDClassifier, GDRegressor


@pytest.mark.parametrize(
    ("keyword", "advice"),
    [
        ("max_iter", "For scikit-learn's max_iter, use max_epochs"),
        ("solver", "For scikit-learn's solver, use optimizer (e.g. optimizer='lbfgs'"),
        ("learning_rate_init", "For scikit-learn's learning_rate_init, use lr."),
        (
            "class_weight",
            "For scikit-learn's class_weight, pass sample_weight to fit, e.g. sample_weight=compute_sample_weight('balanced', y)",
        ),
    ],
)
def test_a_scikit_learn_name_gets_descends_name(keyword, advice):
    with pytest.raises(TypeError, match=rf"^GDClassifier\(\) got an unexpected keyword argument '{keyword}'\. ") as err:
        GDClassifier(**{keyword: 1})
    assert advice in str(err.value)


def test_a_misspelt_name_gets_the_closest_and_the_list():
    with pytest.raises(TypeError) as err:
        GDRegressor(hiden_layer_sizes=(4,))
    msg = str(err.value)
    assert msg.startswith(
        "GDRegressor() got an unexpected keyword argument 'hiden_layer_sizes'. Did you mean 'hidden_layer_sizes'? Its parameters: hidden_layer_sizes, activation, loss, optimizer, lr,"
    ), msg
    assert "self" not in msg
    # The check runs before __init__ and leaves a valid construction, clone and pickle alone.
    est = GDRegressor((4,), "tanh", lr=0.1)
    assert (est.hidden_layer_sizes, est.activation, est.lr) == ((4,), "tanh", 0.1)
    for copied in (clone(est), copy.deepcopy(est), pickle.loads(pickle.dumps(est))):
        assert copied.get_params() == est.get_params()
    assert list(inspect.signature(GDRegressor).parameters)[:2] == ["hidden_layer_sizes", "activation"]  # not *args


def test_set_params_and_grid_search_with_a_scikit_learn_name_say_descends():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(
        ValueError,
        match=r"Invalid parameter 'max_iter' for estimator GDClassifier\(\)\. .* For scikit-learn's max_iter, use max_epochs",
    ):
        GDClassifier().set_params(max_iter=5)
    search = GridSearchCV(GDClassifier(max_epochs=1), {"learning_rate_init": [0.1]}, cv=2, error_score="raise")
    with pytest.raises(ValueError, match=r"For scikit-learn's learning_rate_init, use lr\.$"):
        search.fit(X, y)
    with pytest.raises(ValueError, match=r"Invalid parameter 'lrr'") as err:
        GDClassifier().set_params(lrr=0.1)
    assert "scikit-learn's" not in str(err.value)


def test_a_subclass_taking_keywords_passes_them_on():
    class Tagged(GDClassifier):
        def __init__(self, tag="a", **kwargs):
            super().__init__(**kwargs)
            self.tag = tag

    est = Tagged(tag="b", lr=0.1)
    assert (est.tag, est.lr) == ("b", 0.1)  # was: "Tagged() got an unexpected keyword argument 'lr'"
