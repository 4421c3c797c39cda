"""What the loss curve and the gradient norms of a run without readings rule out (session 25,
doctor23): a rate too small.

A loop watched with no probe (``ds.watch(model, optimizer)`` without ``loss_fn`` and ``probe``)
leaves no instrument reading, and the doctor's "too small" then rests on the loss curve alone
(:func:`descend.doctor._progress.slow_progress`). Two curves say the opposite of a rate too
small, and there the doctor is quiet rather than wrong in direction:

- the loss ended above where it started (``fall < 0``, between the first and the last epoch's
  mean on mini-batches): steps too short to move the weights cannot raise the loss;
- the gradient norm spiked and died away (:func:`descend.doctor._curves.spiked_and_died`, the
  signature of steps that threw the weights: :mod:`descend.doctor._thrown`) while the median
  step changed some layer by at least its own norm (``||Δθ|| / ||θ|| >= 1``): steps that large
  are not too short, however flat the loss they left behind.

Without readings neither is taken for "too large" either: reading the throw there called more
runs wrongly than rightly (session 25, lead, on fresh49 and fresh50 with readings stripped).
"""

from __future__ import annotations

from ._curves import Curves, spiked_and_died


def too_small_ruled_out(c: Curves, fell: float, moved: float | None) -> str | None:
    """Why the curves of a run without readings rule out a rate too small, in words, or ``None``:
    its loss rose (``fell``, the relative fall over the run, below 0), or its gradient norm
    spiked and died while the median step ``moved`` (``||Δθ|| / ||θ||``) was at least 1.

    >>> import numpy as np
    >>> n = 40
    >>> c = Curves(np.linspace(2.30, 2.33, n), np.ones(n), np.full(n, 3.0), np.arange(n), False, "", False, True)
    >>> too_small_ruled_out(c, fell=-0.013, moved=0.01)
    'the loss rose by 0.013 (relative) over the run'
    >>> thrown = Curves(np.full(n, 1.0), np.r_[1.0, 9.0, np.full(n - 2, 0.2)], np.full(n, 3.0), np.arange(n), False, "", False, True)
    >>> too_small_ruled_out(thrown, fell=0.2, moved=2.5)[:36]
    'the gradient norm rose to 9 × its st'
    >>> too_small_ruled_out(thrown, fell=0.2, moved=0.001) is None  # short steps: a noise spike
    True
    """
    if fell < 0:
        return f"the loss rose by {-fell:.2g} (relative) over the run"
    spike = spiked_and_died(c)
    if spike is not None and moved is not None and moved >= 1:
        return (
            f"the gradient norm rose to {spike[0]:.3g} × its start and fell to {spike[1]:.2g} × it, "
            f"with steps changing the weights by {moved:.2g} of their norm"
        )
    return None
