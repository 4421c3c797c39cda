"""B_simple of a data-parallel run from the norms it recorded per update (McCandlish et al.
2018, with k-diffusion's moving averages of both terms), on hand-made norms."""

from __future__ import annotations

import math
import random

import pytest

from descend.instruments import noise_scale_from_norms, noise_scale_from_steps


def _steps(rows):
    names = ("grad_sq_local", "batch_local", "grad_sq_global", "batch_global")
    return {name: [row[i] for row in rows] for i, name in enumerate(names)}


def _k_diffusion(rows, beta):
    """k_diffusion/gns.py's GradientNoiseScale.update, without its eps, debiased as its get_stats."""
    ema_sq = ema_var = 0.0
    cumprod, out = 1.0, []
    for small_sq, b_small, big_sq, b_big in rows:
        est_sq = (b_big * big_sq - b_small * small_sq) / (b_big - b_small)
        est_var = (small_sq - big_sq) / (1 / b_small - 1 / b_big)
        ema_sq, ema_var = beta * ema_sq + (1 - beta) * est_sq, beta * ema_var + (1 - beta) * est_var
        cumprod *= beta
        out.append((ema_var / (1 - cumprod), ema_sq / (1 - cumprod)))
    return out


def test_the_moving_averages_of_both_terms_are_k_diffusions():
    rng = random.Random(0)
    rows = []
    for _ in range(50):
        grad_sq, trace, b_small = rng.uniform(0.5, 2), rng.uniform(10, 50), rng.choice([4, 7.5, 8])
        noise = rng.uniform(0.8, 1.2)
        rows.append((noise * (grad_sq + trace / b_small), b_small, grad_sq + trace / (2 * b_small), 2 * b_small))
    got = noise_scale_from_steps(_steps(rows), beta=0.9)
    for ns, (trace, grad_sq), k in zip(got, _k_diffusion(rows, 0.9), range(1, 51)):
        assert ns.trace == pytest.approx(trace, rel=1e-9)
        assert ns.grad_sq == pytest.approx(grad_sq, rel=1e-9)
        assert ns.b_simple == pytest.approx(trace / grad_sq, rel=1e-9)
        assert ns.examples == sum(int(row[3]) for row in rows[:k])


def test_one_update_is_the_two_batch_estimate_whatever_beta():
    one = noise_scale_from_steps(_steps([(3.0, 2, 1.5, 8)]), beta=0.999)[0]
    direct = noise_scale_from_norms(3.0, 2, 1.5, 8)
    assert (one.trace, one.grad_sq, one.b_simple) == pytest.approx((direct.trace, direct.grad_sq, direct.b_simple))


def test_updates_without_a_reading_leave_the_averages_as_they_were():
    nan = math.nan
    rows = [(nan, nan, nan, nan), (3.0, 1, 1.5, 4), (nan, 2, nan, 4), (2.0, 2, 2.0, 2), (3.0, 3, 2.0, 6)]
    got = noise_scale_from_steps(_steps(rows), beta=0.5)
    assert math.isnan(got[0].b_simple) and got[0].examples == 0
    assert got[1] == got[2] == got[3]  # NaN, and a big batch no bigger than the small one
    expected = _k_diffusion([rows[1], rows[4]], 0.5)[-1]
    assert (got[4].trace, got[4].grad_sq) == pytest.approx(expected)


def test_a_gradient_lost_in_the_noise_reads_as_an_infinite_noise_scale():
    # |G_small|² = 3, |G_big|² = 0.5 over 1 and 4 examples: |G|² = (2 - 3)/3 < 0.
    assert noise_scale_from_steps(_steps([(3.0, 1, 0.5, 4)]))[0].b_simple == math.inf


def test_bad_input_is_named():
    with pytest.raises(
        ValueError, match=r"columns grad_sq_local.*strategy='ddp'.*; missing grad_sq_local, batch_local$"
    ):
        noise_scale_from_steps({"step": [1], "loss": [0.5], "grad_sq_global": [1.0], "batch_global": [4]})
    with pytest.raises(ValueError, match=r"beta must be a number in \[0, 1\), got 1"):
        noise_scale_from_steps(_steps([(3.0, 1, 1.5, 4)]), beta=1)
    uneven = _steps([(3.0, 1, 1.5, 4), (3.0, 1, 1.5, 4)])
    uneven["batch_global"] = uneven["batch_global"][:1]
    with pytest.raises(
        ValueError,
        match="steps must hold columns of one length .*, got lengths grad_sq_local 2, batch_local 2, "
        "grad_sq_global 2, batch_global 1",
    ):
        noise_scale_from_steps(uneven)
