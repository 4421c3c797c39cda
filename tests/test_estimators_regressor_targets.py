"""``GDRegressor`` takes numeric targets only: text labels, even ones that read as numbers,
are refused by value (scikit-learn's ``y_numeric`` converts object arrays, not strings)."""

import numpy as np
import pytest

from descend import GDRegressor

X = np.array([[0.0], [1.0], [2.0], [3.0]])


@pytest.mark.parametrize(
    "y, shown",
    [
        (np.array(["a", "b", "a", "b"]), "dtype <U1 with values such as 'a'"),
        (np.array(["1.5", "2", "3", "4"]), "dtype <U3 with values such as '1.5'"),
        (np.array([[b"1", b"2"]] * 4), "dtype |S1 with values such as b'1'"),
    ],
)
def test_text_targets_are_refused_naming_the_dtype_and_a_value(y, shown):
    reg = GDRegressor(random_state=0)
    with pytest.raises(ValueError, match=r"GDRegressor needs numeric targets y \(bool, integer or float\)") as info:
        reg.fit(X, y)
    assert shown in str(info.value) and "use GDClassifier" in str(info.value)
    with pytest.raises(ValueError, match=r"needs numeric targets"):
        GDRegressor(random_state=0).partial_fit(X, y)
