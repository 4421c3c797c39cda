"""The instruments of a ``descend.train`` run: the probe they read on (a sample of the
training set, sized to the run's updates) and the callback that records them."""

from __future__ import annotations

from ..training.callbacks import Callback
from ..training.data import Prepared
from .rate_probe import RateProbe
from .recording import RecordInstruments

__all__ = ["instruments_for_run", "probe_size"]

# The instruments' probe batch (see probe_size). A small random probe misreads the sharpness of
# a saturated softmax/logistic model, whose curvature sits in the few examples near the margin
# (wine's measured 2.7e-5..0.66 on 64 examples against 1.8..18 on all 142), so small training
# sets are probed whole; beyond that, the probe is at most twice the examples of a step, as the
# 64-example probe at batch 32 always was (its cost: instruments/sampler.py, bench/train.py 4d).
_PROBE = 64  # the fewest examples of the probe
_PROBE_WHOLE = 256  # training sets up to this size: the probe is all of it
_PROBE_MAX = 1024  # the most: the examples of one update (a full batch), up to this


def instruments_for_run(
    every, prepared: Prepared, loss_fn, total_steps: int, accumulate: int, wants_probe=None
) -> list[Callback]:
    """The callbacks of ``instruments=``: readings on the first :func:`probe_size` training
    examples of epoch 0's order (a random sample of the training set), and at the end of the
    updates the counterfactual probe of a larger rate on mini-batches of the run's size drawn
    from them (:class:`~descend.instruments.rate_probe.RateProbe`), where ``wants_probe`` (the
    run's History -> bool; ``None``: always) asks for it; none for ``False``.

    >>> from descend.training.data import prepare
    >>> from descend.training.losses import get
    >>> iris = prepare("iris", seed=0)
    >>> [type(cb).__name__ for cb in instruments_for_run(True, iris, get("cross_entropy"), 100, 1)]
    ['RecordInstruments', 'RateProbe']
    """
    if every is False:
        return []
    batch = (prepared.train.batch_size or prepared.train.n) * accumulate
    probe = prepared.train.head(probe_size(prepared.train.n, batch))
    steps = None if prepared.train.batch_size is None else batch  # full-batch runs take full-batch steps
    return [
        RecordInstruments(probe, loss_fn, every=every, total_steps=total_steps, batch_size=batch),
        RateProbe(probe, loss_fn, steps, wanted=wants_probe),
    ]


def probe_size(n: int, batch: int) -> int:
    """Examples of the instruments' probe for ``n`` training examples and ``batch`` examples per
    update: all ``n`` up to ``_PROBE_WHOLE``; else ``max(_PROBE, batch)`` capped at ``_PROBE_MAX``
    (a reading then costs, relative to a step, at most what 64 examples at batch 32 did).

    >>> probe_size(142, 32), probe_size(455, 32), probe_size(455, 455), probe_size(50_000, 256)
    (142, 64, 455, 256)
    """
    if n <= _PROBE_WHOLE:
        return n
    return min(n, _PROBE_MAX, max(_PROBE, batch))
