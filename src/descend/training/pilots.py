"""The pilot runs behind ``lr="auto"``: one round of successive halving over a bracket of rates
read from the range test (and from the stable rate of the initial weights, where the rule has
one), each pilot trained by ``train``'s own step from the same initial state (one pilot run:
:mod:`.pilot_run`), and the pick between the two finalists. :func:`descend.lr_find` documents
the rule; :mod:`.range_test` calls :func:`choose_by_pilots` after its curve.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
import torch

from .pilot_below import (
    above_stable,
    below_bracket,
    constant_loss,
    none_beat_constant,
    saturated,
    stable_floor,
    still_falling,
    winner_or_below,
)
from .pilot_bottom import keeps_momentum, step_or_learned_bottom
from .pilot_late import below_late_finalists, rises_late
from .pilot_median import finalist_pair
from .pilot_run import pilot_loss, probe_loss, update

__all__ = ["choose_by_pilots", "final_choice", "pilot_loss", "probe_loss", "update"]

_PILOT_RUNS = 3.15  # all pilots together train this many times the horizon (the cost of the choice) ...
_FINALISTS = 2  # ... the first round's winner and the rate below it continue ...
_PILOT_HORIZON = 1000  # ... to the run's whole budget, up to this many steps
_PILOT_MIN = 5  # the first round trains at least this many steps
_TIE = 0.05  # pilot losses within this share of the best count as tied
_STABLE_SPAN = 64.0  # with a stable rate η_s, the bracket starts no lower than η_s / this
_BLOWUP_TOP = 3.0  # without a suggestion, the bracket ends at the ramp's blow-up rate / this ...
_BLOWUP_BOTTOM = 1000.0  # ... and starts at the blow-up rate / this


def _bracket(found: Any, pilots: int) -> tuple[list[float], str]:
    r"""``pilots`` log-spaced rates and the bracket in words: from a third of the
    steepest-descent rate to the rate at the smoothed curve's minimum (the upper end at least
    3x the steepest one). With the stable rate :math:`\eta_s` at the initial weights
    (``found.stable_lr``: of a GD-family rule, or of an adaptive one in its preconditioned
    metric), the bracket is widened to reach :math:`\eta_s` and starts no lower
    than :math:`c\,\eta_s / 64`: the range test's fast ramp stops short of the rates a long run
    can use (a momentum method's loss lags its rate by about :math:`1/(1-\beta)` steps; Adam
    moves every weight by about its rate per step, so on raw features the curve bottoms out
    while the weights of the large ones still swing), and
    far below :math:`\eta_s` every direction contracts slower than the stiffest one could.
    :math:`c` (``found.curvature_ratio``, at most 1) is the share of the loss's curvature in the
    outputs that the initial outputs keep: at saturated logits (raw, uncentred inputs) the
    Hessian reads about :math:`c` times flatter than the one the run meets once the logits
    leave saturation, so the run's stable rate lies about :math:`c` times below
    :math:`\eta_s` (bench ``lr_quality``, session 13: with the floor at :math:`\eta_s/64`, it
    lay above the best rate on make_blobs and SPD Gaussians with raw scales, where :math:`c`
    is 0.002 and 0).
    :math:`\eta_s` is capped at the largest rate the range test trained at (``found.lrs[-1]``:
    the rate at which its loss blew up, or the end of its range): a reading above the rate at
    which the ramp blew up is contradicted by it, one above the range's end rests on nothing it
    saw. Adam's reading at saturated logits (raw, uncentred inputs), where the curvature
    vanishes but the gradient does not, can lie many orders of magnitude above any usable rate.

    Where the curve gave no suggestion (its loss never fell by 5%: a plateau), the bracket is
    :math:`[r_b/1000, r_b/3]`, :math:`r_b` the last rate the ramp trained at: where its loss blew
    up or went non-finite (``found.blowup_lr``), every rate above the bracket lies within a
    factor of 3 of one the ramp saw diverge; where it never did, :math:`r_b` is the end of its
    range, a lower bound on the rate of blow-up. Three decades below it cover the rates a run
    that starts on a plateau can use, and the pilots, not the curve, pick. Neither the curve
    nor :math:`\eta_s` is read: at the initial weights of a plateau the gradient is small, and an adaptive rule's :math:`\eta_s` reads
    12-30x below the best rate (bench ``lr_quality``, session 8)."""
    if found.suggestion is None:
        top = found.lrs[-1]
        where = "blew up" if found.blowup_lr is not None else "ended without blowing up"
        words = f"[r_b/{_BLOWUP_BOTTOM:g}, r_b/{_BLOWUP_TOP:g}], r_b = {top:.3g} where the range test {where}"
        words += f" (the curve gave no suggestion: {found.reason})"
        return [float(v) for v in np.geomspace(top / _BLOWUP_BOTTOM, top / _BLOWUP_TOP, pilots)], words
    finite = [i for i, v in enumerate(found.losses) if math.isfinite(v)]
    lowest = min(finite, key=lambda i: found.losses[i])
    lo, hi, words = found.suggestion / 3, max(found.lrs[lowest], 3 * found.suggestion), "[steepest/3, minimum]"
    stable = found.stable_lr
    if stable is not None and math.isfinite(stable) and stable > 0:
        ratio = found.curvature_ratio
        words = f"[max(steepest/3, c η_s/{_STABLE_SPAN:g}), max(minimum, η_s)], η_s = {stable:.3g}, c = {ratio:.3g}"
        if stable > found.lrs[-1]:
            stable = found.lrs[-1]
            words += f" capped at the range test's last rate, {stable:.3g}"
        lo, hi = max(lo, ratio * stable / _STABLE_SPAN), max(hi, stable)
    return [float(v) for v in np.geomspace(lo, hi, pilots)], words


def first_round(horizon: int, pilots: int) -> int:
    """The first round's length in steps: all ``pilots`` train ``p`` steps and the two finalists
    continue to ``horizon``, so that ``pilots * p + 2 * (horizon - p)`` is ``_PILOT_RUNS`` times
    the horizon (``p`` = 29% of it with 6 pilots), at least ``_PILOT_MIN`` steps and at most the
    horizon (with two pilots, both train the whole horizon).

    >>> first_round(320, 6), first_round(1000, 6), first_round(40, 6), first_round(100, 2)
    (92, 288, 12, 100)
    """
    if pilots <= _FINALISTS:
        return horizon
    share = (_PILOT_RUNS - _FINALISTS) / (pilots - _FINALISTS)
    return min(horizon, max(_PILOT_MIN, math.ceil(share * horizon)))


def choose_by_pilots(found, module, opt, source, loss_fn, probe, budget, pilots, restore, clip) -> None:
    """One round of successive halving over the bracket (see :func:`descend.lr_find`): every
    candidate trains :func:`first_round` steps, then the round's winner and the rate just below
    it continue (from where they stopped) to the run's whole budget (at most
    ``_PILOT_HORIZON`` steps) and :func:`final_choice` picks between them (where the pilot whose
    tail has the lowest median is another than the winner, the finalists are those two:
    :mod:`.pilot_median`); where the winner is
    the bracket's lowest rate and the outputs are saturated or the bracket (read from the curve)
    lies wholly above the stable rate, or where that bracket's first round left every pilot at or
    above the constant prediction's loss on the probe batch, the winner continues alone and the
    second finalist is the probe below the bracket (:mod:`.pilot_below`), from the initial state
    for the same ``H - p`` steps (where neither of those two ended below the constant prediction's loss and
    the probe's loss still falls at its end, the pick is one bracket step above the probe: :mod:`.pilot_below`,
    or, with a momentum, the bracket's lowest rate where its first round ended below that loss: :mod:`.pilot_bottom`);
    where both finalists end the budget more than ``_TIE`` above their first-round loss, the pick
    is the rate below them (:mod:`.pilot_late`). Records
    ``candidates``, ``pilot_losses``, ``probe_below``, ``pilot_steps``, ``pilot_cost``, the
    suggestion and the ``rule`` on ``found``; :func:`descend.lr_find` calls it when given a ``budget``:

    >>> import descend as ds
    >>> found = ds.lr_find("softmax", "iris", optimizer="sgd", num=60, batch_size=16, budget=40)
    >>> found.pilot_cost == 6 * 12 + 2 * (40 - 12), found.pilot_steps  # 6 pilots x 12 steps, 2 x 28 more
    (True, 40)
    """
    horizon = min(budget, _PILOT_HORIZON)
    first = first_round(horizon, pilots)
    candidates, bracket = _bracket(found, pilots)
    # On a plateau the pilots must beat the initial state's loss (the caller restored it) to
    # be evidence for any rate; elsewhere the curve already was.
    start_loss = probe_loss(module, opt, probe, loss_fn) if found.suggestion is None else None
    scores = [math.inf] * len(candidates)
    states: list[Any] = [None] * len(candidates)
    tails: list[list[float]] = [[] for _ in candidates]

    def train(indices: list[int], done: int, until: int, keep: bool) -> None:
        """Pilots ``indices`` from step ``done`` (the initial state, or where they stopped) to
        ``until``; ``keep``: save where they stop, for a round after this one."""
        found.pilot_cost += len(indices) * (until - done)
        for i in indices:
            if states[i] is None:
                restore()
            else:
                module.load_state_dict(states[i][0])
                opt.load_state_dict(states[i][1])
                torch.set_rng_state(states[i][2])
            tails[i] = []  # the probe losses this leg's pilot loss averages
            scores[i] = pilot_loss(module, opt, source, loss_fn, probe, candidates[i], done, until, clip, tails[i])
            if keep:
                states[i] = (copy.deepcopy(module.state_dict()), copy.deepcopy(opt.state_dict()), torch.get_rng_state())

    alive, until = list(range(len(candidates))), first
    below: tuple[float, float] | None = None  # the probe below the bracket: (rate, pilot loss)
    probe_tail: list[float] = []  # the probe losses its pilot loss averaged
    halve = len(alive) > _FINALISTS and first < horizon
    train(alive, 0, first, keep=halve)
    first_scores = list(scores)  # every pilot's loss at the first round's end
    bottom_tail = list(tails[0])  # the probe losses the lowest rate's first-round loss averaged
    if halve:
        # Pilots shorter than the run favour large rates (the short-horizon bias of Wu et al.,
        # 2018), so the finalists are the round's winner and the rate just below it, not the two
        # lowest scores. The round is long (29% of the horizon with 6 pilots, paid for by two
        # finalists instead of three): at 5% (10-23 steps on the bench's tasks) it ranked
        # transients, heavy-ball momentum's oscillation phase and the first fast fall of a large
        # rate, more than rates. The finalists run as long as the run itself (stopped at 40% of
        # it, they favoured rates 1.5x too large for the whole run).
        win = alive.index(min(alive, key=scores.__getitem__))
        # A bracket read from the curve (not a plateau's) that lies wholly above the stable rate.
        unstable = found.suggestion is not None and above_stable(candidates[0], found.stable_lr, found.lrs[-1])
        # Over it, a round won above its bottom must beat the constant prediction (.pilot_below).
        bar = constant_loss(module, probe, loss_fn) if unstable and win != 0 else None
        if (win == 0 and (saturated(found.curvature_ratio) or unstable)) or none_beat_constant(first_scores, bar):
            # Won by the bracket's lowest rate, against the short-horizon bias, on saturated
            # outputs or over a bracket wholly above the stable rate, or a bracket wholly above
            # the stable rate none of whose pilots beat the constant prediction: the winner
            # continues alone and the second finalist is the probe below the bracket
            # (.pilot_below), from the initial state for the steps the other finalist would have run.
            train([win], first, horizon, keep=False)
            rate = below_bracket(candidates)
            found.pilot_cost += horizon - first
            restore()
            below = (rate, pilot_loss(module, opt, source, loss_fn, probe, rate, 0, horizon - first, clip, probe_tail))
            alive, until = [win], horizon
        else:
            first_kept = max(0, min(win - (_FINALISTS - 1), len(alive) - _FINALISTS))
            # Where the tails' medians rank another pilot first, the two winners go on (.pilot_median).
            kept = alive[first_kept : first_kept + _FINALISTS]
            alive, until = finalist_pair(scores, tails, kept), horizon
            train(alive, first, horizon, keep=False)
    lowest = min(min(scores[i] for i in alive), math.inf if below is None else below[1])
    found.steepest_lr = found.suggestion
    found.candidates, found.pilot_losses, found.pilot_steps = candidates, scores, until
    found.probe_below = below
    # Both finalists rose over the rest of the budget (.pilot_late): the rate below them.
    late = below_late_finalists(first_scores, scores, alive, _TIE) if halve and below is None else None
    if late is not None:
        found.suggestion, how = candidates[late], "the rate below the finalists, both of which blew up late"
    elif not math.isfinite(lowest):
        found.suggestion = None
        found.reason = "every pilot run diverged"
        return
    elif start_loss is not None and not lowest < start_loss:  # the pilots cannot move the loss
        found.reason += f"; no pilot run lowered the probe loss below its start ({start_loss:.4g})"
        return
    elif below is not None:
        found.suggestion, how = winner_or_below((candidates[alive[0]], scores[alive[0]]), below, _TIE)
        # Neither finalist beat the constant prediction and the probe still falls at its end: the winner's
        # rate is above every rate that learns, the probe's too low for the budget (.pilot_below), unless
        # the bracket's lowest rate ended its first round below that bar (.pilot_bottom). Not on
        # saturated outputs, where a probe creeps down the softmax plateau at almost any rate.
        if not saturated(found.curvature_ratio) and still_falling(probe_tail, _TIE):
            constant = constant_loss(module, probe, loss_fn)
            if none_beat_constant([scores[alive[0]], below[1]], constant):
                floor = stable_floor(found, _STABLE_SPAN)
                found.suggestion, how = step_or_learned_bottom(
                    candidates, below[0], floor, bottom_tail, constant, keeps_momentum(opt)
                )
    else:
        found.suggestion, how = final_choice(*([v[i] for i in alive] for v in (candidates, scores, tails)))
    found.reason = ""
    found.rule = f"successive halving of {pilots} pilot rates in {bracket}, {first} to {until} steps, {how}"


def final_choice(lrs: list[float], losses: list[float], tails: list[list[float]] | None = None) -> tuple[float, str]:
    """The finalists' winner (``lrs`` ascending, log-spaced) and how it was picked: the
    smallest rate whose pilot loss is within ``_TIE`` of the lowest (a larger rate's small lead
    is within one run's noise, and its final step is the likelier to land on a spike: without
    this rule breast_cancer's auto loss was 1.13x the best grid rate's; at 10% instead of 5%,
    momentum on badly scaled linear regression fell to rates 5x too small), but the two rates'
    geometric mean where that is the lowest's neighbour, whose ``tails`` entry (the probe losses
    its pilot loss averaged) does not :func:`.pilot_late.rises_late` (bench ``lr_quality``, session
    24); when the lowest is the middle one of three, the minimum of the parabola through them.

    >>> final_choice([0.1, 0.4], [1.04, 1.0]), final_choice([0.1, 0.4], [1.04, 1.0], [[], [1.0, 1.1]])[0]
    ((0.2, 'the geometric mean of two rates within 5% of each other'), 0.1)
    >>> final_choice([0.1, 0.2, 0.4], [1.04, 2.0, 1.0])[1], final_choice([0.1, 0.2, 0.4], [3.0, 1.0, 3.0])[1]
    ('the smallest within 5% of the best', 'a parabola through the last three')
    """
    best = min(range(len(lrs)), key=losses.__getitem__)
    smallest = next(i for i in range(len(lrs)) if losses[i] - losses[best] <= _TIE * abs(losses[best]))
    if smallest == best - 1 and not (tails and rises_late(tails[best], _TIE)):
        return math.sqrt(lrs[smallest] * lrs[best]), f"the geometric mean of two rates within {_TIE:.0%} of each other"
    if smallest != best:
        return lrs[smallest], f"the smallest within {_TIE:.0%} of the best"
    if len(lrs) == 3 and best == 1:
        return _parabola_vertex(lrs, losses), "a parabola through the last three"
    return lrs[best], "the lowest pilot loss"


def _parabola_vertex(lrs: list[float], losses: list[float]) -> float:
    r"""The minimum of the parabola through three points :math:`(\log\eta_i, \ell_i)` equally
    spaced in :math:`\log\eta`, the middle one lowest: :math:`\log\eta_1 - \frac{h}{2}
    \frac{\ell_2 - \ell_0}{\ell_0 - 2\ell_1 + \ell_2}` with :math:`h` the spacing, which lies
    within half a spacing of the middle.

    >>> round(_parabola_vertex([0.1, 1.0, 10.0], [3.0, 1.0, 2.0]), 3)
    1.468
    """
    h = math.log(lrs[1] / lrs[0])
    curvature = losses[0] - 2 * losses[1] + losses[2]
    shift = 0.0 if curvature <= 0 else -0.5 * h * (losses[2] - losses[0]) / curvature
    return float(lrs[1] * math.exp(shift))
