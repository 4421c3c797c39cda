"""Which scikit-learn estimator checks the descend estimators are expected to fail, and why
(for ``parametrize_with_checks``' ``expected_failed_checks``)."""

from __future__ import annotations

from sklearn.base import BaseEstimator

from ..training.data.default_batch import default_batch

__all__ = ["expected_failed_checks"]


def expected_failed_checks(estimator: BaseEstimator) -> dict[str, str]:
    """The scikit-learn estimator checks that ``estimator`` is expected to fail, with why.

    For ``parametrize_with_checks(..., expected_failed_checks=expected_failed_checks)``.
    Full-batch training (``batch_size=None``) passes every check; with mini-batches the
    shuffled batches differ between a weighted data set and the same data with repeated
    rows, so the sample-weight equivalence checks cannot hold exactly.

    >>> from descend import GDRegressor
    >>> expected_failed_checks(GDRegressor(batch_size=None))
    {}
    """
    if default_batch(getattr(estimator, "batch_size", None), getattr(estimator, "optimizer", None)) is None:
        return {}
    reason = (
        "mini-batch steps are stochastic: the batches of weighted data and of the same "
        "data with repeated rows differ, so the fits agree only in expectation"
    )
    return {
        "check_sample_weight_equivalence_on_dense_data": reason,
        "check_sample_weight_equivalence_on_sparse_data": reason,
    }
