"""Step (3) of :mod:`~descend.examples.label_issues`: the number of flips the run's early half
implies (:func:`~descend.examples.left_out.whole_where_short`, read from the classes it fitted),
where it caps the list: not where the run memorised early
(:mod:`~descend.examples.early_memorised`) or fitted later what the cap would cut
(:mod:`~descend.examples.memorised_cut`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .early_memorised import capped_count
from .label_surplus import predicted_over_labelled
from .left_out import whole_where_short
from .memorised_cut import cut_bar, cut_memorised
from .unfitted_run import UNFITTED_BELOW

__all__ = ["flips_count"]


def flips_count(
    record: Any,
    whole: Any,
    order: np.ndarray,
    flagged: int,
    *,
    tail: float | None,
    suggested: np.ndarray,
    late: np.ndarray,
    fits: float,
    onset: int | None,
    fitted_at: float | None,
    surplus_below: float | None,
    left_out_below: float | None,
    short_below: float | None,
    out_of_fitted_below: float | None,
    out_of_fitted_few_below: float | None,
    memorised_early: float | None,
    memorised_cut_above: float | None,
    misfit_cut_above: float | None,
) -> float | None:
    """The count that caps the ranked list ``order`` (``flagged`` examples) of ``record``, the
    epochs read of ``whole``; ``None`` where it does not cap it (or ``tail`` is ``None``). The
    keywords are :func:`~descend.examples.find_label_issues`'; ``late`` is each example's late
    half clipped mean, ``fits`` the last epoch's training accuracy, ``onset`` the memorisation
    onset.

    >>> from descend.training import ExampleRecord
    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 0, 1, 1], epochs=[0, 1],
    ...     loss=[[0.1] * 4] * 2, p_label=[[0.9] * 4] * 2, margin=[[2.0, 2.0, 2.0, -2.0]] * 2,
    ...     predicted=[[0, 0, 1, 0]] * 2)
    >>> flips_count(r, r, np.array([3]), 1, tail=0.7, suggested=np.array([1, 1, 0, 0]), late=np.full(4, -1.0),
    ...     fits=0.75, onset=None, fitted_at=None, surplus_below=None, left_out_below=None, short_below=None,
    ...     out_of_fitted_below=None, out_of_fitted_few_below=None, memorised_early=None,
    ...     memorised_cut_above=None, misfit_cut_above=None)  # 1 decisively rejected against 3 confirmed
    1.0
    """
    estimated = (
        None
        if tail is None
        else whole_where_short(
            record.margin,
            flagged,
            tail=tail,
            labels=record.labels,
            suggested=suggested,
            fitted_at=fitted_at,
            surplus=None if surplus_below is None else predicted_over_labelled(record),
            surplus_below=surplus_below,
            left_out_below=left_out_below,
            short_below=short_below,
            late=late,
            out_of_fitted_below=out_of_fitted_below,
            out_of_fitted_few_below=out_of_fitted_few_below,
        )
    )
    estimated = capped_count(estimated, onset, len(record.epochs), len(whole.epochs), early=memorised_early)
    cut_above = cut_bar(
        memorised_cut_above, misfit_cut_above, estimated, fits=fits, n=record.n, fitted_at=UNFITTED_BELOW
    )
    if cut_memorised(late, order, estimated, above=cut_above):  # what it cuts, the run fitted later
        estimated = None
    return estimated
