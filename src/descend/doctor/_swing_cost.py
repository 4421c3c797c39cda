"""A swing whose cost a replay at a lower rate did not measure is no rate too large (session 22).

``instability`` reads a loss that rose to ``BLOWN_UP`` times its start and came back (a swing) as
a rate too large, and advises a tenth of it. The claim is that a lower rate would have done
better. A catapult (Lewkowycz et al., "The large learning rate phase of deep learning: the
catapult mechanism", 2020) or full-batch descent at the edge of stability (Cohen et al. 2021)
swings too, and lands no worse: the swing then costs nothing and the advice is wrong. The shape of
the curve cannot tell the two apart (sessions 19-21: neither where the loss ended against its start,
nor the end-state stability ratio, nor a larger rate probed at the end, nor the first updates
replayed at a lower rate separates them). The counterfactual can:
:class:`descend.instruments.LowerReplay` replays the run from its initial state at a rate
``factor`` (sqrt(10), one step of a half-decade grid) lower, for as many updates as the run made,
and reads the probe batch's loss after each; it also reads the probe loss at the run's final
weights. Where the lower rate never blew up itself (under ``BLOWN_UP`` times the probe's start,
finite) and the run's final weights are no worse on the probe than the lower rate's after the same
number of updates, the swing's cost was not measured: the swing is read as if it had none (the
other checks still run). No bar is fitted: the comparison is of two losses on one batch.

Fitted on the 42 spent groups of the bench's doctor corpus (tune ... fresh38, session 22): of the
870 runs the swing called, it clears 24 of the 81 healthy false alarms for 8 right "too large"
calls (no group more than 1), and 3 wrong "too large" calls on too-small runs. Cut at a quarter of
the updates it clears 35 for 16 (two groups losing 2-3); the first updates alone (session 21's
start probe) lose more than they clear. The replay costs the run's own number of updates, taken
only where the swing is called (``wants_lower_replay``).
"""

from __future__ import annotations

import math

from ._curves import Curves
from ._thresholds import BLOWN_UP


def swing_cost_unmeasured(c: Curves) -> bool:
    """Whether the run's replay at a lower rate (``History.lower_replay``) says its swing cost
    nothing: the replay never blew up (every reading finite and under ``BLOWN_UP`` times its
    start) and the run's final probe loss is no higher than the replay's after its last update.
    ``False`` without a usable replay (the swing then stands).

    >>> import numpy as np
    >>> run = lambda final, lower: Curves(loss=np.ones(3), grad_norm=np.ones(3), lr=np.ones(3),
    ...     steps=np.arange(3), converged=False, why_stopped="", full_batch=True, plain_steps=True,
    ...     lower_replay={"start": 1.0, "final": final, "at_lower": lower, "factor": 3.16, "updates": len(lower)})
    >>> swing_cost_unmeasured(run(0.2, [0.9, 0.5, 0.3]))  # the run ended lower than the lower rate got
    True
    >>> swing_cost_unmeasured(run(0.4, [0.9, 0.5, 0.3]))  # the lower rate got further: the swing cost
    False
    >>> swing_cost_unmeasured(run(0.2, [4.0, 0.5, 0.3]))  # the lower rate blew up too
    False
    """
    replay = c.lower_replay
    if not replay:
        return False
    lower, start, final = replay.get("at_lower") or [], replay.get("start"), replay.get("final")
    if not lower or not _positive(start) or not isinstance(final, (int, float)) or not math.isfinite(final):
        return False
    values = [float(v) for v in lower]
    if not all(math.isfinite(v) for v in values) or max(values) >= BLOWN_UP * start:
        return False
    return final <= values[-1]


def _positive(value: object) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and value > 0
