"""Every schedule's argument check names the value and what is allowed; NumPy integers are steps."""

from __future__ import annotations

import math

import numpy as np
import pytest

from descend.schedules import (
    constant,
    cosine,
    exponential_decay,
    inverse_time,
    join,
    multistep_decay,
    one_cycle,
    plateau,
    step_decay,
    values,
    warmup,
)

BAD = [
    (lambda: constant(-0.1), ValueError, "lr must be a number >= 0, got -0.1"),
    (lambda: constant(math.nan), ValueError, "lr must be a finite number >= 0, got nan"),
    (lambda: constant("0.1"), TypeError, "lr must be a number >= 0, got '0.1'"),
    (lambda: step_decay(0.1, 0), ValueError, "step_size must be an integer >= 1, got 0"),
    (lambda: step_decay(0.1, 2.5), TypeError, r"step_size must be an integer >= 1, got 2\.5"),
    (lambda: step_decay(0.1, 2, gamma=0), ValueError, "gamma must be a number > 0, got 0"),
    (lambda: multistep_decay(0.1, [5, 3]), ValueError, r"milestones must be strictly increasing, got \[5, 3\]"),
    (lambda: multistep_decay(0.1, [0, 3]), ValueError, r"milestones\[0\] must be an integer >= 1, got 0"),
    (lambda: multistep_decay(0.1, 5), TypeError, "milestones must be a sequence of integers"),
    (lambda: exponential_decay(0.1, gamma=-0.5), ValueError, "gamma must be a number > 0, got -0.5"),
    (lambda: inverse_time(0.1, power_t=-1), ValueError, "power_t must be a number >= 0, got -1"),
    (lambda: cosine(0.1, total_steps=0), ValueError, "total_steps must be an integer >= 1, got 0"),
    (lambda: cosine(0.1, total_steps=True), TypeError, "total_steps must be an integer >= 1, got True"),
    (lambda: cosine(0.1, 10, final_lr=-1e-3), ValueError, "final_lr must be a number >= 0"),
    (lambda: one_cycle(0.0, 10), ValueError, "max_lr must be a number > 0, got 0.0"),
    (lambda: one_cycle(0.1, -5), ValueError, "total_steps must be an integer >= 1, got -5"),
    (lambda: one_cycle(0.1, 10, pct_start=0), ValueError, r"pct_start must be a number in \(0, 1\), got 0"),
    (lambda: one_cycle(0.1, 10, pct_start=1.0), ValueError, r"pct_start must be a number in \(0, 1\), got 1\.0"),
    (
        lambda: one_cycle(0.1, 10, anneal_strategy="cosine"),
        ValueError,
        "anneal_strategy must be one of 'cos', 'linear', got 'cosine'",
    ),
    (lambda: one_cycle(0.1, 10, div_factor=0), ValueError, "div_factor must be a number > 0, got 0"),
    (lambda: one_cycle(0.1, 10, final_div_factor=-1), ValueError, "final_div_factor must be a number > 0, got -1"),
    (lambda: one_cycle(0.1, 10, three_phase=1), TypeError, "three_phase must be True or False, got 1"),
    (lambda: warmup(0, cosine(0.1, 10)), ValueError, "steps must be an integer >= 1, got 0"),
    (
        lambda: warmup(5, cosine(0.1, 10), start_factor=1.5),
        ValueError,
        r"start_factor must be a number in \[0, 1\], got 1\.5",
    ),
    (lambda: warmup(5, "cosine"), TypeError, "then must be a Schedule or a number, got 'cosine'"),
    (lambda: warmup(5, plateau(0.1)), ValueError, "then cannot be a plateau schedule"),
    (lambda: join([constant(0.1)], [5]), ValueError, "one more schedule than boundaries"),
    (lambda: join([0.1, 0.2, 0.3], [5, 5]), ValueError, "boundaries must be strictly increasing"),
    (lambda: plateau(0.1, mode="minimum"), ValueError, "mode must be one of 'min', 'max', got 'minimum'"),
    (lambda: plateau(0.1, factor=1.0), ValueError, r"factor must be a number in \(0, 1\), got 1\.0"),
    (lambda: plateau(0.1, patience=-1), ValueError, "patience must be an integer >= 0, got -1"),
    (lambda: plateau(0.1, threshold=-1e-4), ValueError, "threshold must be a number >= 0, got -0.0001"),
    (
        lambda: plateau(0.1, threshold_mode="relative"),
        ValueError,
        "threshold_mode must be one of 'rel', 'abs', got 'relative'",
    ),
    (lambda: plateau(0.1, cooldown=-2), ValueError, "cooldown must be an integer >= 0, got -2"),
    (lambda: plateau(0.1, min_lr=-1.0), ValueError, "min_lr must be a number >= 0, got -1.0"),
    (lambda: cosine(0.1, 10)(-1), ValueError, "step must be an integer >= 0, got -1"),
    (lambda: cosine(0.1, 10)(1.5), TypeError, "step must be an integer >= 0, got 1.5"),
    (lambda: values(constant(0.1), 0), ValueError, "total_steps must be an integer >= 1, got 0"),
]


@pytest.mark.parametrize("build, error, message", BAD, ids=[m[:40] for _, _, m in BAD])
def test_bad_arguments(build, error, message):
    with pytest.raises(error, match=message):
        build()


def test_numpy_integers_are_steps():
    assert cosine(0.1, 10)(np.int64(5)) == cosine(0.1, 10)(5)
