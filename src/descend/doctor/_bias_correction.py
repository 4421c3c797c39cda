"""Adam's readings with its first moment's bias correction taken out, for the rate "too small"
advises (session 33, ``bench/doctor35_prereg.md``'s D3; the call itself reads the readings as measured).

The instruments measure Adam in the preconditioner ``P = (1-β1^t) diag(sqrt(v̂_t)+ε)`` (Cohen et
al., "Adaptive Gradient Methods at the Edge of Stability", 2022), whose factor ``1-β1^t`` is the
bias correction of ``m``: 0.1 at ``t = 1`` for β1 = 0.9, so a reading after the first update is
10 times the one the same ``v̂`` gives once the correction has gone (``t`` of a few tens). The
advised rate is for the run's whole length, not for its first updates: a short run (``default_steps``
reads a run of under 30 updates at update 1) sized on its inflated first reading was advised a tenth
of the rate it needed. Each reading of a rule whose ``P`` carries the factor (Adam, AdamW, RAdam:
threshold ``c/lr = (2+2β1)/((1-β1) lr)`` and noise gain ``(1+β1)/(1-β1) = c/2``) is read at
``stability · (1-β1^t)``, with ``β1 = (c-2)/(c+2)`` and ``t`` its step. NAdam's ``P`` has no such
factor, and other rules' readings are left as they are. (Read for the call too, session 33's D1, the
same factor added a false alarm on a short full-batch run: the call keeps the measured readings.)
"""

from __future__ import annotations

import dataclasses
import math

from ._stability import Reading


def settled(found: list[Reading]) -> list[Reading]:
    """``found`` with each Adam reading's ``sharpness`` and ``stability`` times ``1-β1^t``
    (module docstring); the others unchanged.

    >>> adam = Reading(step=1, sharpness=38.0, threshold=3800.0, stability=0.01, lr=0.01,
    ...                threshold_lr=38.0, noise_gain=19.0, adaptive=True)  # β1 = 0.9
    >>> [round(r.stability, 6) for r in settled([adam, dataclasses.replace(adam, step=10)])]
    [0.001, 0.006513]
    >>> sgd = Reading(step=1, sharpness=100.0, threshold=200.0, stability=0.5, lr=0.01, threshold_lr=2.0)
    >>> settled([sgd]) == [sgd]
    True
    """
    out = []
    for r in found:
        beta1 = adam_beta1(r)
        if not math.isnan(beta1):
            settling = 1 - beta1 ** max(r.step, 1)
            r = dataclasses.replace(r, sharpness=r.sharpness * settling, stability=r.stability * settling)
        out.append(r)
    return out


def adam_beta1(r: Reading) -> float:
    """β1 of a reading whose preconditioner carries ``1-β1^t`` (Adam's threshold and gain), else ``nan``."""
    c = r.threshold_lr
    if not (r.adaptive and math.isfinite(c) and c > 2 and math.isclose(r.noise_gain, c / 2, rel_tol=1e-3)):
        return math.nan
    return (c - 2) / (c + 2)


def settled_words(r: Reading) -> str:
    """Words for a reading :func:`settled` rescaled (``""`` for one it left alone, or rescaled by
    under half a percent: the correction gone).

    >>> settled_words(Reading(step=1, sharpness=3.8, threshold=3800.0, stability=0.001, lr=0.01,
    ...                       threshold_lr=38.0, noise_gain=19.0, adaptive=True))
    ", read without Adam's bias correction of m (1-β1^t = 0.1 at step 1)"
    """
    beta1 = adam_beta1(r)
    settling = 1 - beta1 ** max(r.step, 1) if not math.isnan(beta1) else 1.0
    if settling >= 0.995:
        return ""
    return f", read without Adam's bias correction of m (1-β1^t = {settling:.2g} at step {r.step})"
