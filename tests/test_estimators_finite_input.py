"""``validate_xy`` is scikit-learn's ``validate_data`` to the outcome: the same arrays and fitted
attributes, and on bad input the same first error, with its test for NaN and infinity in ``X``
made as row sums (``descend.estimators.finite_input``)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn
from sklearn.utils.validation import validate_data

from descend import GDClassifier, GDRegressor
from descend.estimators.finite_input import _row_sums_finite, validate_xy

_rng = np.random.default_rng(0)
_X = _rng.normal(size=(6, 3))
_y = np.array([0, 1, 0, 1, 1, 0])


def _with(value, at=(2, 1), dtype=np.float64):
    X = _X.astype(dtype)
    X[at] = value
    return X


_HUGE = np.full((4, 3), 3e38, dtype=np.float32)  # finite, but each row's sum overflows float32
INPUTS = {
    "float64": (_X, _y),
    "float32": (_X.astype(np.float32), _y),
    "int": (np.arange(18).reshape(6, 3), _y),
    "list": (_X.tolist(), _y.tolist()),
    "fortran": (np.asfortranarray(_X), _y),
    "strided": (_rng.normal(size=(6, 6))[:, ::2], _y),
    "csr": (sp.csr_matrix(_with(0.0)), _y),
    "coo": (sp.coo_matrix(_X), _y),
    "huge finite": (_HUGE, _y[:4]),
    "nan": (_with(np.nan), _y),
    "inf": (_with(np.inf), _y),
    "-inf float32": (_with(-np.inf, dtype=np.float32), _y),
    "inf and -inf in a row": (np.where(np.arange(3) == 2, -np.inf, 1.0) * _with(np.inf), _y),
    "nan in csr": (sp.csr_matrix(_with(np.nan)), _y),
    "inf in csr": (sp.csr_matrix(_with(np.inf)), _y),
    "nan, y too short": (_with(np.nan), _y[:4]),
    "nan, y with nan": (_with(np.nan), np.r_[np.nan, _y[1:]]),
    "y with inf": (_X, np.r_[np.inf, _y[1:]]),
    "nan, 1-d X": (np.r_[np.nan, _X[0]], _y),
    "complex": (_X + 1j, _y),
    "no rows": (np.zeros((0, 3)), np.zeros(0)),
    "nan, 3-d X": (np.full((6, 2, 2), np.nan), _y),
}
ESTIMATORS = {
    "classifier": (GDClassifier, {"accept_sparse": "csr", "dtype": (np.float64, np.float32)}),
    "regressor": (
        GDRegressor,
        {"accept_sparse": "csr", "dtype": (np.float64, np.float32), "multi_output": True, "y_numeric": True},
    ),
}


def _outcome(check, est, X, y, kwargs):
    try:
        Xc, yc = check(est, X, y, reset=True, **kwargs)
    except Exception as err:
        return ("raised", type(err), str(err))
    dense = Xc.toarray() if sp.issparse(Xc) else Xc
    return ("ok", type(Xc), Xc.dtype, dense.tobytes(), dense.shape, yc.dtype, yc.tobytes(), est.n_features_in_)


@pytest.mark.parametrize("name", ESTIMATORS)
@pytest.mark.parametrize("case", INPUTS)
def test_validate_xy_is_validate_data(case, name):
    cls, kwargs = ESTIMATORS[name]
    X, y = INPUTS[case]
    want = _outcome(validate_data, cls(), X, y, kwargs)
    got = _outcome(validate_xy, cls(), X, y, kwargs)
    assert got == want
    if case.startswith(("nan", "inf", "-inf")):
        assert want[0] == "raised"  # the cases hold what they say


def test_validate_xy_keeps_the_array_it_need_not_copy():
    X = _X.astype(np.float32)
    Xc, _ = validate_xy(GDClassifier(), X, _y, reset=True, dtype=(np.float64, np.float32))
    assert Xc is X


def test_assume_finite_skips_the_check_as_scikit_learn_does():
    X = _with(np.nan)
    with sklearn.config_context(assume_finite=True):
        Xc, _ = validate_xy(GDRegressor(), X, _y.astype(float), reset=True)
    assert np.isnan(Xc).any()


def test_feature_names_are_kept():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(_X, columns=["a", "b", "c"])
    est = GDClassifier()
    validate_xy(est, frame, _y, reset=True)
    assert list(est.feature_names_in_) == ["a", "b", "c"]


@pytest.mark.parametrize(
    "X, finite",
    [
        (_X, True),
        (_with(np.nan), False),
        (_with(np.inf, dtype=np.float32), False),
        (_HUGE, False),  # overflows: scikit-learn's own check then decides
        (sp.csr_matrix(_X), True),
        (sp.csr_matrix(_with(np.nan)), False),
        (_X.astype(np.float16), False),  # not taken: scikit-learn's check
        (_X[0], False),
    ],
)
def test_row_sums_finite(X, finite):
    assert _row_sums_finite(X) is finite


def test_fit_names_the_nan_as_scikit_learn_does():
    with pytest.raises(ValueError, match="Input X contains NaN.\nGDClassifier does not accept missing values"):
        GDClassifier(max_epochs=1).fit(_with(np.nan), _y)
    with pytest.raises(ValueError, match="Input X contains infinity"):
        GDRegressor(max_epochs=1).fit(_with(np.inf), _y.astype(float))
