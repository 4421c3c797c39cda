"""``sample_weight`` as a scalar gets the checks an array gets (scikit-learn's own
``_check_sample_weight`` fills the scalar in, then checks): a negative, zero or NaN weight
for every row is refused by value instead of fitting or failing later in the fit."""

import numpy as np
import pytest

from descend import GDClassifier, GDRegressor

X = np.arange(8.0).reshape(-1, 1)
y = np.array([0, 1] * 4)


@pytest.mark.parametrize("Estimator", [GDClassifier, GDRegressor])
@pytest.mark.parametrize(
    "weight, message",
    [
        (-1.0, r"sample_weight must be non-negative \(0 leaves a row out\); got sample_weight=-1.0\."),
        (0, r"Sample weights must contain at least one non-zero number; got sample_weight=0\."),
        (np.nan, r"Input sample_weight contains NaN"),
        (np.inf, r"Input sample_weight contains infinity"),
    ],
)
def test_a_scalar_weight_is_checked_as_an_array_is(Estimator, weight, message):
    with pytest.raises(ValueError, match=message):
        Estimator(max_epochs=2).fit(X, y, sample_weight=weight)


def test_array_weights_name_the_first_negative_row_and_count_the_zeros():
    with pytest.raises(ValueError, match=r"got sample_weight\[2\] = -0\.5\.$"):
        GDRegressor().fit(X, y, sample_weight=[1, 1, -0.5, 1, -3, 1, 1, 1])
    with pytest.raises(ValueError, match=r"at least one non-zero number; got 8 zeros\.$"):
        GDClassifier().fit(X, y, sample_weight=np.zeros(8))
