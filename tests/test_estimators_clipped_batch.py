"""A ``batch_size`` given as a number larger than the rows a fit trains on (a small
cross-validation fold, a ``partial_fit`` chunk) was clipped to the full batch without a word;
scikit-learn's MLP warns there ("Got `batch_size` ... larger than sample size. It is going to be
clipped"). The estimators now warn too, naming the batch and the rows; "default" and "auto"
clip silently, as MLP's "auto" does."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import cross_val_score

from descend import GDClassifier, GDRegressor

X = np.random.RandomState(0).normal(size=(50, 3))
Y = (X[:, 0] > 0).astype(int)


def _clip_warnings(fit):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", ConvergenceWarning)
        fit()
    return [str(w.message) for w in caught if "batch_size=" in str(w.message)]


def test_a_batch_above_the_rows_warns_with_both_numbers():
    with pytest.warns(UserWarning, match="batch_size=64 is more than the 50 training rows") as caught:
        GDRegressor(batch_size=64, max_epochs=2, tol=0.5).fit(X, X[:, 0])
    message = str(caught[0].message)
    assert message.startswith("GDRegressor: batch_size=64 is more than the 50 training rows of this fit: each epoch")
    assert "one full-batch step, as with batch_size=None" in message
    assert caught[0].filename == __file__  # the user's line, not scikit-learn's wrapper


def test_each_cross_validation_fold_smaller_than_the_batch_warns():
    said = _clip_warnings(lambda: cross_val_score(GDClassifier(batch_size=48, max_epochs=2), X, Y, cv=5))
    assert said and all("batch_size=48 is more than the 40 training rows of this fit" in s for s in said)
    for batch in ("default", "auto", None, 40):  # 32 for "default": clipped silently, as MLP's "auto"
        assert (
            _clip_warnings(lambda b=batch: cross_val_score(GDClassifier(batch_size=b, max_epochs=2), X, Y, cv=5)) == []
        )


def test_early_stoppings_split_and_a_partial_fit_chunk_are_counted():
    said = _clip_warnings(lambda: GDClassifier(batch_size=46, early_stopping=True, max_epochs=2).fit(X, Y))
    assert said == [
        "GDClassifier: batch_size=46 is more than the 45 training rows of this fit (after early_stopping's "
        "validation split): each epoch is one full-batch step, as with batch_size=None (scikit-learn's MLP clips it "
        "so too). Give batch_size=None to fit full-batch on purpose, or a batch under 45"
    ]
    said = _clip_warnings(lambda: GDClassifier(batch_size=16).partial_fit(X[:10], Y[:10], classes=[0, 1]))
    assert len(said) == 1 and "batch_size=16 is more than the 10 training rows" in said[0]
