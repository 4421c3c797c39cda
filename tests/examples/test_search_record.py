"""``find_label_issues`` and ``examples`` read a search through its refitted ``best_estimator_``.
An unfitted search, or one fitted with ``refit=False``, was told "a GridSearchCV keeps no
per-example record", as if searches were never read: the message now says what is missing and
what to do."""

import warnings

import pytest
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import descend as ds
from descend import GDClassifier
from descend._checks import InvalidArgument

X, Y = load_iris(return_X_y=True)


def _search(refit=True, kind=GridSearchCV, pipeline=False):
    est = GDClassifier(track_examples=True, max_epochs=2, lr=0.05, random_state=0)
    est = make_pipeline(StandardScaler(), est) if pipeline else est
    grid = {("gdclassifier__lr" if pipeline else "lr"): [0.05]}
    if kind is GridSearchCV:
        return GridSearchCV(est, grid, cv=2, refit=refit)
    return RandomizedSearchCV(est, grid, n_iter=1, cv=2, refit=refit, random_state=0)


def test_an_unfitted_search_is_told_to_fit():
    with pytest.raises(
        InvalidArgument, match=r"^this GridSearchCV is not fitted yet: call fit first \(with refit=True"
    ):
        ds.find_label_issues(_search())


@pytest.mark.parametrize("kind", [GridSearchCV, RandomizedSearchCV])
@pytest.mark.parametrize("pipeline", [False, True])
def test_a_search_fitted_with_refit_false_is_told_to_refit(kind, pipeline):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        search = _search(refit=False, kind=kind, pipeline=pipeline).fit(X, Y)
        refitted = _search(kind=kind, pipeline=pipeline).fit(X, Y)
    with pytest.raises(InvalidArgument) as caught:
        ds.examples(search)
    assert str(caught.value) == (
        f"this {kind.__name__} was fitted with refit=False: it keeps no best_estimator_, whose record "
        "descend.examples reads (the searched fits on each fold keep none); fit it with refit=True, the default, to "
        "refit the best parameters on all of X"
    )
    assert len(ds.examples(refitted)) == len(Y)  # refitted: read through best_estimator_
