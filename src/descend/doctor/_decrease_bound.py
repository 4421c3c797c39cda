"""A reading of the loss still to be had that falls below what the gradient and the sharpness
already guarantee is not a reading of it (session 16b).

The decrease the local quadratic model promises, ``½ gᵀH⁻¹g``
(:func:`descend.instruments.remaining_decrease`), has a floor set by two other instruments:
for a positive-definite ``H`` every eigenvalue of ``H⁻¹`` is at least ``1/λ_max``, so

    ½ gᵀH⁻¹g  >=  ½ |g|² / λ_max

(the decrease of one gradient step at the rate ``1/λ_max``; a model with no minimum reads
``inf``, above any floor). The reading is estimated by crossing the probe's two halves (the
gradient of one half through ``H⁻¹`` against the other's), which removes the probe's sampling
noise in expectation, but not always in fact: where the probe has fewer examples than the model
has parameters, each half's gradient can be fitted on its own and the crossed product reads
about 0 (for a linear model with the probe's features of full row rank, exactly 0: the
off-diagonal blocks of a projection onto the row space that holds every example), whatever is
left. A reading under the floor contradicts the run's own measurements and is set aside: how
much is left is then unknown, as in a run that did not measure it.

``|G|²``, the squared norm of the noise-free gradient, is read off the training steps'
gradient norms around the end of the run (the last step's for a full batch; the median over the
last tenth for mini-batches, whose squared norm overstates ``|G|²`` by the noise:
``E|g_B|² = |G|² (1 + B_simple / B)``, McCandlish et al. 2018, so it is divided by that, with
``B_simple`` and ``B`` from the same reading). ``λ_max`` is the reading's sharpness of the raw
Hessian; a preconditioned one (Adam-family: the sharpness of ``P⁻¹H``) sets no floor on
``gᵀH⁻¹g``, and without a finite noise scale for a mini-batch run the floor is not read. No
fitted number: the floor is an inequality.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._curves import Curves, gradient_ends


def decrease_floor(c: Curves, row: dict[str, Any]) -> float | None:
    """``½ |G|² / λ_max`` at the reading ``row`` (a ``History.instruments`` row with a
    ``sharpness``), the least decrease the quadratic model can promise there, as a share of
    the row's probe loss; ``None`` where it is not read (module docstring: a preconditioned
    sharpness, no finite noise scale for a mini-batch run, no finite gradient norm).

    >>> c = Curves(loss=np.ones(3), grad_norm=np.full(3, 2.0), lr=np.ones(3), steps=np.arange(3), converged=False,
    ...            why_stopped="", full_batch=True, plain_steps=True)
    >>> decrease_floor(c, {"sharpness": 4.0, "probe_loss": 0.5, "preconditioned": False})  # ½ · 4 / 4 / 0.5
    1.0
    """
    sharpness, level = row.get("sharpness"), row.get("probe_loss")
    if row.get("preconditioned") or not _positive(sharpness) or not _positive(level):
        return None
    _, g = gradient_ends(c)
    if not math.isfinite(g):
        return None
    squared = g * g
    if not c.full_batch:
        noise, batch = row.get("noise_scale"), row.get("batch_size")
        if not (_positive(noise) and _positive(batch)):
            return None
        squared /= 1.0 + float(noise) / float(batch)
    return 0.5 * squared / float(sharpness) / abs(float(level))


def below_floor(c: Curves, row: dict[str, Any], share: float) -> bool:
    """Whether the decrease ``share`` read at ``row`` (of its probe loss) lies under
    :func:`decrease_floor`: a reading the gradient and the sharpness contradict.

    >>> c = Curves(loss=np.ones(3), grad_norm=np.full(3, 2.0), lr=np.ones(3), steps=np.arange(3), converged=False,
    ...            why_stopped="", full_batch=True, plain_steps=True)
    >>> row = {"sharpness": 4.0, "probe_loss": 0.5, "preconditioned": False}
    >>> below_floor(c, row, 1e-5), below_floor(c, row, 1.2), below_floor(c, row, math.inf)
    (True, False, False)
    """
    floor = decrease_floor(c, row)
    return floor is not None and share < floor


def _positive(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and np.isfinite(value) and value > 0
