"""The readings "too small" takes its headroom from on a mini-batch Adam run (session 33,
``bench/doctor36_prereg.md``'s E3).

The instruments measure Adam in ``P⁻¹H`` with ``P = (1-β1^t) diag(sqrt(v̂_t)+ε)`` (Cohen et al.,
"Adaptive Gradient Methods at the Edge of Stability", 2022). Two things inflate an early reading of a
mini-batch run against the rate it keeps: ``1-β1^t``, m's bias correction (0.1 at ``t = 1``), and, at
``t = 1``, ``v̂_1`` = one mini-batch's squared gradient, coordinate by coordinate. A run planned for
under 30 updates is read at update 1 and at its end (``default_steps``): on session 33's short
mini-batch Adam grids the update-1 reading was the peak, 10 to 10^7 times the last one (doctor36's
trace of fresh60), so the headroom "too small" takes from the peak was under ``RAISE`` on 24 of 27
too-small runs called nothing. So, for readings with mini-batch noise of a rule whose ``P`` carries
``1-β1^t`` (Adam, AdamW, RAdam: :func:`descend.doctor._bias_correction.adam_beta1`):

- :func:`past_first_update` leaves the update-1 reading out where the run has another;
- :func:`settled_mini_batch` reads the others at ``stability · (1-β1^t)`` (``settled``).

A full-batch Adam reading (``noisy`` False) is left as measured: read so, session 33's D1 and D23 each
added a false alarm on a short full-batch run. The advised rate is sized as before (``settled``) on the
readings :func:`past_first_update` keeps.
"""

from __future__ import annotations

import math

from ._bias_correction import adam_beta1, settled
from ._stability import Reading


def past_first_update(found: list[Reading]) -> list[Reading]:
    """``found`` less each mini-batch Adam reading at update 1, unless none would be left.

    >>> import dataclasses
    >>> adam = Reading(step=1, sharpness=380.0, threshold=3800.0, stability=0.1, lr=0.01,
    ...                threshold_lr=38.0, noise_gain=19.0, adaptive=True)  # β1 = 0.9, noisy
    >>> last = dataclasses.replace(adam, step=20, stability=0.002)
    >>> [r.step for r in past_first_update([adam, last])], [r.step for r in past_first_update([adam])]
    ([20], [1])
    >>> full = [dataclasses.replace(r, noisy=False) for r in (adam, last)]
    >>> [r.step for r in past_first_update(full)]
    [1, 20]
    """
    later = [r for r in found if not (r.noisy and r.step <= 1 and _adam(r))]
    return later or found


def settled_mini_batch(found: list[Reading]) -> list[Reading]:
    """``found`` with each mini-batch Adam reading read without m's bias correction (``settled``),
    the full-batch ones and other rules' as measured.

    >>> import dataclasses
    >>> adam = Reading(step=10, sharpness=38.0, threshold=3800.0, stability=0.01, lr=0.01,
    ...                threshold_lr=38.0, noise_gain=19.0, adaptive=True)
    >>> [round(r.stability, 6) for r in settled_mini_batch([adam, dataclasses.replace(adam, noisy=False)])]
    [0.006513, 0.01]
    """
    return [s if r.noisy else r for r, s in zip(found, settled(found), strict=True)]


def _adam(r: Reading) -> bool:
    return not math.isnan(adam_beta1(r))
