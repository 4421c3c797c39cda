"""How far a run's loss fell and how far it can still fall, the measures the checks for slow
progress read: the fall over the run (:func:`fall`, in words :func:`moved`), over its last
quarter (:func:`last_quarter_fall`), and the decrease the local quadratic model says is left
(:func:`share_left`, in words :func:`left_words`).
"""

from __future__ import annotations

import math

import numpy as np

from ._curves import Curves


def fall(c: Curves) -> float:
    """How far the loss fell over the run, relative to where it started: between the first
    and the last epoch's mean loss for mini-batch runs (each over all the examples, so a
    batch's noise does not count), else between the first and the last step."""
    series = c.loss
    if not c.full_batch and c.epoch_loss is not None and len(c.epoch_loss) >= 2:
        series = c.epoch_loss
    return float((series[0] - series[-1]) / max(abs(series[0]), 1e-12))


def moved(fell: float, only: bool = True) -> str:
    """How the loss moved from its start, in words, from its relative ``fell`` (:func:`fall`):
    a fall, a rise (never a rise read as a fall of 0), or none. ``.2g`` shows a small share in
    exponent form, so a fall that is not exactly 0 never reads 0.

    >>> moved(0.0072)
    'fallen by only 0.0072 (relative) from its start'
    >>> moved(3e-7, only=False), moved(-0.018), moved(0.0)
    ('fallen by 3e-07 (relative) from its start', 'risen by 0.018 (relative) from its start', 'not moved from its start')
    """
    if fell == 0:
        return "not moved from its start"
    amount = f"fallen by {'only ' if only else ''}{fell:.2g}" if fell > 0 else f"risen by {-fell:.2g}"
    return f"{amount} (relative) from its start"


def last_quarter_fall(series: np.ndarray) -> float:
    """How much the loss fell over the last quarter of the run, as a share of its level:
    ``(mean of the third quarter - mean of the fourth) / |mean of the fourth|``.

    >>> round(last_quarter_fall(np.linspace(2.0, 1.0, 100)), 3)
    0.225
    """
    if len(series) < 4:
        return 0.0
    parts = np.array_split(np.asarray(series, dtype=float), 4)
    third, fourth = float(np.mean(parts[2])), float(np.mean(parts[3]))
    return (third - fourth) / max(abs(fourth), 1e-12)


def share_left(c: Curves) -> tuple[float, int, bool] | None:
    """``(share, step, exact)``: the decrease still to be had by the local quadratic model at the
    last reading that measured it (the ``decrease`` column, :func:`descend.instruments.remaining_decrease`)
    as a share of the probe loss there, and whether it is exact (``decrease_exact``: CG
    converged; else, or where the row does not say, a lower bound); ``None`` without one.
    ``inf`` where the model has no minimum (negative curvature met: no bound on what is left).

    >>> c = Curves(loss=np.ones(3), grad_norm=np.ones(3), lr=np.ones(3), steps=np.arange(3), converged=False,
    ...            why_stopped="", full_batch=True, plain_steps=True,
    ...            instruments=[{"step": 2, "probe_loss": 0.5, "decrease": 0.05, "decrease_exact": 1.0}])
    >>> share_left(c)
    (0.1, 2, True)
    """
    for row in reversed(c.instruments):
        value, level = row.get("decrease"), row.get("probe_loss")
        if isinstance(value, (int, float)) and isinstance(level, (int, float)) and not math.isnan(value):
            if math.isfinite(level) and level != 0:
                exact = row.get("decrease_exact")
                known = isinstance(exact, (int, float)) and not math.isnan(exact)
                return float(value) / abs(float(level)), int(row["step"]), bool(known and exact)
    return None


def left_words(share: float, step: int, exact: bool) -> str:
    """What :func:`share_left` read, in words.

    >>> left_words(0.25, 40, True)
    'the loss can still fall by about 25% of its level (the local quadratic model ½ gᵀH⁻¹g on the probe at step 40)'
    >>> left_words(math.inf, 6, True)
    'the local quadratic model on the probe at step 6 has no minimum (negative curvature): nothing bounds how far the loss can still fall'
    """
    if math.isinf(share):
        return (
            f"the local quadratic model on the probe at step {step} has no minimum (negative curvature): "
            "nothing bounds how far the loss can still fall"
        )
    return (
        f"the loss can still fall by {'about' if exact else 'at least about'} {100 * share:.2g}% of its "
        f"level (the local quadratic model ½ gᵀH⁻¹g on the probe at step {step}"
        f"{'' if exact else ', a lower bound: conjugate gradients stopped before converging'})"
    )
