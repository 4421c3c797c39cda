"""Where a run goes on to fit most of what its early half rejected, the early half alone flags
(step (2c) of :mod:`~descend.examples.label_issues`).

Step (1) asks an example's relative AUM over the epochs read to be below ``threshold``. A flip
that the network rejects while it learns the clean patterns and memorises afterwards earns
positive margins in the later epochs, and the average weighs them as much as the early ones:
where the run memorises gradually (no epoch reaches the level of step (0), so the whole run is
read) or late, that average ends at or above 0 while the early half argued against the label
decisively. The memorised share ``m`` (:func:`~descend.examples.unmemorised.memorised_share`: of
the examples rejected decisively early, the share the last epoch read fits) tells such runs
apart. Step (2b) asks the late half too where ``m < 0.25`` (the run has not memorised them);
its mirror image: where ``m >= MEMORISED_ABOVE = 1 - 0.25``, the run has memorised at least
three in four of them, and with ``e`` the early half's mean of clipped relative margins
(:func:`~descend.examples.half_clipped.half_clipped_means`), ``a`` the relative AUM and ``h``
the lower of the two halves' means, an example is flagged where::

    (a < threshold  and  h < threshold - decisiveness)  or
    (m >= MEMORISED_ABOVE  and  W // 2 >= EARLY_EPOCHS  and  e < threshold - decisiveness)

where ``W`` is the number of epochs read. "Decisively" means through several epochs of the half:
with an onset by epoch 4 the early half holds two, the first near the initialisation, and its
clipped mean is no steadier than those two epochs (a wide set, binary codes, wine with noise
features: the second clause added 1-10% flips there), so it needs ``EARLY_EPOCHS = 3``. Ranked by relative AUM like the rest (these come last), so a count that binds cuts them first.
Adding an example that is a flip with probability ``p`` to a list of F1 ``f`` raises F1 where
``p > f / 2``. On bench ``label_noise``'s 23 groups to fresh-21 (session 17, seeds 0-1, 1104
settings) examples with ``e`` below -0.3 and ``a`` at least 0 were flips 44-60% of the time in
runs with ``m >= 0.75`` (runs whose onset came late or never: bicluster, word counts, digits,
subspaces), against 4-28% where ``m < 0.75``. With both clauses, settings at least cleanlab's
952 -> 959, none lower in any group (levels 0.6-0.8 give 958-959; without the epoch floor 956,
and fresh-20 loses 2; a floor of 4 epochs 958). Mean F1 falls a little in three groups: a long
tail of digits 0.7159 -> 0.7138, s16 0.8066 -> 0.8050, the tuning half 0.7921 -> 0.7919.
See ``bench/HISTORY.md``.
"""

from __future__ import annotations

from .._checks import number

__all__ = ["early_alone", "MEMORISED_ABOVE", "EARLY_EPOCHS"]

# The mirror image of UNMEMORISED_BELOW = 0.25 (1 - 0.25), not tuned; checked on bench label_noise's
# 23 groups to fresh-21 (1104 settings; 0.6-0.8 flat, see the module).
MEMORISED_ABOVE = 0.75
# Fitted on the same 1104 settings: the fewest epochs in the early half for it to decide alone
# (2: fresh-20 loses 2 settings; 3: 959; 4: 958).
EARLY_EPOCHS = 3


def early_alone(share: float, epochs: int, *, above: float | None = MEMORISED_ABOVE) -> bool:
    """Whether the early half of a run read over ``epochs`` epochs, whose last epoch fits
    ``share`` of what that half rejected decisively
    (:func:`~descend.examples.unmemorised.memorised_share`), flags alone: ``share >= above`` and
    ``epochs // 2 >= EARLY_EPOCHS``; never where ``share`` is NaN or ``above`` is ``None``.

    >>> early_alone(0.8, 20), early_alone(0.5, 20), early_alone(0.8, 5), early_alone(float("nan"), 20)
    (True, False, False, False)
    >>> early_alone(0.8, 20, above=None)
    False
    """
    above = number("memorised_above", above, gt=0, le=1, none=True)
    return above is not None and epochs // 2 >= EARLY_EPOCHS and share >= above
