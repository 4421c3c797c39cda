"""lr="auto": an adaptive rule's bracket reaches up to a third of the rate at which the range
test's ramp blew up (descend.training.adaptive_top); a plain-gradient rule's does not."""

from types import SimpleNamespace

import pytest

from descend.training import pilots
from descend.training.adaptive_top import adaptive_top


def _found(blowup_lr):
    """A range test's reading: steepest 0.01, the curve's minimum at 0.02, η_s 0.05, the ramp
    ending at ``blowup_lr`` (or at 10 without blowing up)."""
    lrs = [0.001, 0.01, 0.02, blowup_lr or 10.0]
    return SimpleNamespace(
        suggestion=0.01,
        lrs=lrs,
        losses=[1.0, 0.8, 0.5, 2.0],
        stable_lr=0.05,
        curvature_ratio=1.0,
        blowup_lr=blowup_lr,
        reason="",
    )


def test_adaptive_top_is_a_third_of_the_blowup_rate_when_above():
    assert adaptive_top(0.05, 3.0) == pytest.approx(1.0)
    assert adaptive_top(2.0, 3.0) == 2.0  # never lowered
    assert adaptive_top(0.05, None) == 0.05  # no blow-up, no reading


def test_an_adaptive_rules_bracket_reaches_a_third_of_the_blowup_rate():
    rates, words = pilots._bracket(_found(3.0), 6, True)
    assert rates[-1] == pytest.approx(1.0) and rates[0] == pytest.approx(0.01 / 3)
    assert "adaptive" in words


def test_a_plain_rules_bracket_and_a_ramp_without_blowup_keep_the_stable_top():
    plain, _ = pilots._bracket(_found(3.0), 6, False)
    quiet, _ = pilots._bracket(_found(None), 6, True)
    assert plain[-1] == pytest.approx(0.05) and quiet[-1] == pytest.approx(0.05)
