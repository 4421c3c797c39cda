"""Full-batch heavy ball read with its noise-free threshold where nothing is left for the noise
model to stand in for (session 24; :mod:`descend.doctor._stability` gives the noise model).

On mini-batches heavy ball's measured stability ratio is read times its gain ``(1+β)/(1-β)``:
the noise passes each gradient on through the whole velocity. On a full batch the gradients are
exact, but a run under its noise-free threshold ``(2+2β)/lr`` can still swing through its
whole budget (its contraction per step is no better than √β), so the noise model stays unless
the run shows none of that: its steps cover its slowest swing's settling time, its exact loss
never rose across a step, and its λ_max did not rise between its readings (a sharpening run's
headroom is a moving bound). Such a run is read as gradient descent's exact steps are, and a
rate found too small on it is advised ``PLATEAU_SHARPENING`` below the useful ratio
(:data:`HEAVY_BALL_SHARPENING`): readings taken at a rate that far below the limit measured a
λ_max the larger rate will sharpen. Fitted on the full-batch grids of fit47, fresh47 and fit48
and read once on fresh48 (doctor16; ``bench/HISTORY.md``). A run that is not quiet is still
swinging: :mod:`descend.doctor._swing` says what its loss curve cannot tell "too small" then.
"""

from __future__ import annotations

import math

import numpy as np

from ._curves import Curves

__all__ = [
    "EXACT_HEAVY_BALL",
    "HEAVY_BALL_SHARPENING",
    "exact_heavy_ball",
    "heavy_ball_beta",
    "quiet_heavy_ball",
    "sharpened",
]

# Full-batch heavy ball read with its noise-free threshold where no swing is left to say the
# noise model's caution is needed (:func:`quiet_heavy_ball`); False keeps the noise model for it.
EXACT_HEAVY_BALL = True
# ... and only where its λ_max did not rise above its first reading by more than SHARPNESS_PRECISION
# (:func:`sharpened`); False reads a sharpening run noise-free too.
UNSHARPENED_HEAVY_BALL = True
# How many time constants of heavy ball's slowest swing (its modulus √β a step) a run must cover
# for its swings to have died out: four, the 2% settling time (e^-4), n >= 2 * 4 / ln(1/β) steps.
SETTLING_TIME_CONSTANTS = 4.0
# A rise of the loss across a step smaller than this many float32 ulps of its level is rounding.
ULPS = 4.0
# The precision of a λ_max reading (descend.instruments.sharpness: "the stability ratio needs a
# percent"): a later reading more than this share above the first measured a sharpening.
SHARPNESS_PRECISION = 0.01
# A full-batch heavy-ball run read with its noise-free threshold and found too small is advised
# the rate PLATEAU_SHARPENING below the useful ratio wherever it is, not only on a plateau
# (descend.doctor._progress); False aims it at the useful ratio.
HEAVY_BALL_SHARPENING = True


def heavy_ball_beta(threshold_lr: float, gain: float, adaptive: bool) -> float:
    """β of a heavy-ball rule from its threshold ``c = 2 + 2β`` (its gain ``(1+β)/(1-β)``);
    ``nan`` for any other rule."""
    beta = threshold_lr / 2 - 1
    if adaptive or not 0 < beta < 1 or not math.isclose(gain, (1 + beta) / (1 - beta), rel_tol=0.01):
        return math.nan
    return beta


def exact_heavy_ball(c: Curves, beta: float, rows: list[dict]) -> bool:
    """Whether a full-batch heavy-ball run (momentum ``beta``) is read with its noise-free
    threshold: ``EXACT_HEAVY_BALL`` and :func:`quiet_heavy_ball`, and with
    ``UNSHARPENED_HEAVY_BALL`` not :func:`sharpened`."""
    if not (EXACT_HEAVY_BALL and c.full_batch and not c.noise_free and 0 < beta < 1):
        return False
    return quiet_heavy_ball(c.loss, beta) and not (UNSHARPENED_HEAVY_BALL and sharpened(rows))


def quiet_heavy_ball(loss: np.ndarray, beta: float) -> bool:
    """Whether a full-batch heavy-ball run left no swing for the noise model to stand in for:
    its steps cover the settling time of its slowest swing (modulus √β a step, so
    ``2 · SETTLING_TIME_CONSTANTS / ln(1/β)`` steps: 76 at β = 0.9, 796 at 0.99), and its exact
    loss never rose across a step (beyond ``ULPS`` float32 ulps of its level): none was excited.
    A run under its noise-free threshold can still swing through its whole budget; one that did
    neither is read as gradient descent's exact steps are.

    >>> falling = np.linspace(1.0, 0.5, 101)
    >>> quiet_heavy_ball(falling, 0.9), quiet_heavy_ball(falling, 0.99)  # 100 steps: 76 cover 0.9's swing, not 0.99's
    (True, False)
    >>> quiet_heavy_ball(np.r_[falling[:50], 0.9, falling[51:]], 0.9)  # the loss rose at step 50
    False
    """
    loss = np.asarray(loss, dtype=float)
    if not np.isfinite(loss).all() or len(loss) - 1 < 2 * SETTLING_TIME_CONSTANTS / math.log(1 / beta):
        return False
    eps = float(np.finfo(np.float32).eps)
    return not np.any(np.diff(loss) > ULPS * eps * np.abs(loss[:-1]))


def sharpened(rows: list[dict]) -> bool:
    """Whether a later reading's λ_max (``sharpness``) rose above the first by more than
    ``SHARPNESS_PRECISION``: the run sharpened as it trained (progressive sharpening, Cohen et
    al. 2021), so a larger rate meets a larger λ_max than the one its readings measured.

    >>> sharpened([{"sharpness": 2.0}, {"sharpness": 2.01}]), sharpened([{"sharpness": 2.0}, {"sharpness": 2.4}])
    (False, True)
    """
    values = [float(row["sharpness"]) for row in rows]
    return len(values) > 1 and max(values[1:]) > (1 + SHARPNESS_PRECISION) * values[0]
