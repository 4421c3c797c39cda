"""Whether a run went on to fit the labels its early half rejected (step (2b) of
:mod:`~descend.examples.label_issues`), and where it did not, the late half's say.

Step (2) flags an example the early *or* the late half argues against decisively: a flip the
network rejects while it learns the clean patterns and memorises later is argued against in the
early half only. In a run that does not memorise, the examples the early half rejected and the
late half no longer argues against are mostly not flips: clean examples near a boundary the
network was still drawing (which of four coordinates is largest, the rank of one uniform among
four, eight Gaussians on a ring: 0-6 flips among 18-48 such examples per run in session 16's
fitting groups), while in runs that memorise (a 120-D set of 400 examples, a 24-D half-space,
``make_classification`` in 20-D) they are the memorised flips (80-95% of them).

The share tells the two apart. With ``e`` the early half's mean of clipped relative margins
(:func:`~descend.examples.half_clipped.half_clipped_means`), ``a`` the relative AUM and ``R``
the examples with ``a < threshold`` and ``e < threshold - decisiveness`` (rejected decisively
early), the memorised share is the fraction of ``R`` that the last epoch read predicts as
labelled. Below :data:`UNMEMORISED_BELOW` = 0.25 the run has not memorised what it rejected,
and :func:`~descend.examples.find_label_issues` also asks the late half to argue against an
example, less decisively (its clipped mean below ``threshold - decisiveness / 2``). Chosen on
bench ``label_noise``'s tuning half and groups s13b, s14c and s14d (session 16; 0-0.4 tried, 0.25
best, late-half cut-offs -0.3, -0.15, -0.1 and 0 tried, -0.15 best).
"""

from __future__ import annotations

import numpy as np

from .._checks import InvalidArgument, number
from ..training import ExampleRecord
from .half_clipped import half_clipped_means
from .summaries import relative_aum

__all__ = ["memorised_share", "fitted_share", "UNMEMORISED_BELOW"]

# A run whose last epoch read fits less than this share of what its early half rejected has not memorised.
UNMEMORISED_BELOW = 0.25


def memorised_share(record: ExampleRecord, *, threshold: float = 0.0, decisiveness: float = 0.3) -> float:
    """The share of the examples the early half of ``record`` rejected decisively (relative
    AUM below ``threshold`` and early-half mean of clipped relative margins below ``threshold -
    decisiveness``) that its last recorded epoch predicts as labelled; NaN where it rejected
    none (or the last epoch saw none of them).

    >>> margin = np.array([[1.0, 1.0, 1.0, -2.0, -2.0], [1.0, 1.0, 1.0, -2.0, -2.0],
    ...                    [1.0, 1.0, 1.0, -0.5, 0.5], [1.0, 1.0, 1.0, -0.5, 0.5]])
    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1, 0, 1, 0], epochs=[0, 1, 2, 3],
    ...     loss=np.ones((4, 5)), p_label=np.full((4, 5), 0.5), margin=margin,
    ...     predicted=[[0, 1, 0, 0, 1], [0, 1, 0, 0, 1], [0, 1, 0, 0, 0], [0, 1, 0, 0, 0]])
    >>> memorised_share(r)  # both last examples rejected early; the last epoch fits one of them
    0.5
    """
    threshold = number("threshold", threshold)
    decisiveness = number("decisiveness", decisiveness, ge=0)
    if record.task != "classification":
        raise InvalidArgument("memorised_share needs a classification record (given labels), got a regression one")
    early, _ = half_clipped_means(record.margin)
    return fitted_share(record, (relative_aum(record.margin) < threshold) & (early < threshold - decisiveness))


def fitted_share(record: ExampleRecord, rejected: np.ndarray) -> float:
    """The share of the examples in the mask ``rejected`` that the last recorded epoch of
    ``record`` predicts as labelled; NaN where there are none (or that epoch saw none of them).
    :func:`find_label_issues` passes the early rejections it has already computed.

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1], epochs=[0], loss=np.ones((1, 2)),
    ...     p_label=np.full((1, 2), 0.5), margin=np.zeros((1, 2)), predicted=[[0, 0]])
    >>> fitted_share(r, np.array([True, True])), fitted_share(r, np.array([False, False]))
    (0.5, nan)
    """
    last = record.correct[-1][rejected] if len(record.epochs) else np.array([])
    last = last[np.isfinite(last)]
    return float(last.mean()) if len(last) else float("nan")
