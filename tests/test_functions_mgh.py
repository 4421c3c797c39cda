"""The Moré–Garbow–Hillstrom problems: each one's value at its minimizer is the paper's
minimum, and autograd's gradient at the standard start agrees with finite differences."""

import math

import pytest
import torch

from descend import functions
from descend.functions import _mgh_residuals, mgh

# Moré, Garbow & Hillstrom (1981), section 3: the minimum of each problem as printed, cut (not
# rounded) to 6 significant digits (for Watson n=6, penalty I and II n=4).
PAPER = {
    "rosenbrock": 0.0,
    "freudenstein_roth": 0.0,
    "powell_badly_scaled": 0.0,
    "brown_badly_scaled": 0.0,
    "beale": 0.0,
    "jennrich_sampson": 124.362,
    "helical_valley": 0.0,
    "bard": 8.21487e-3,
    "gaussian": 1.12793e-8,
    "meyer": 87.9458,
    "gulf": 0.0,
    "box_3d": 0.0,
    "powell_singular": 0.0,
    "wood": 0.0,
    "kowalik_osborne": 3.07505e-4,
    "brown_dennis": 85822.2,
    "osborne_1": 5.46489e-5,
    "biggs_exp6": 0.0,
    "watson": 2.28767e-3,
    "extended_rosenbrock": 0.0,
    "penalty_1": 2.24997e-5,
    "penalty_2": 9.37629e-6,
    "variably_dimensioned": 0.0,
    "trigonometric": 0.0,
}
PROBLEMS = pytest.mark.parametrize("p", mgh.PROBLEMS, ids=lambda p: p.name)


def test_at_least_18_problems_with_the_papers_minima():
    assert len(mgh.PROBLEMS) >= 18 and mgh.names() == list(PAPER)


@PROBLEMS
def test_minimum_value_is_the_papers_to_its_digits(p):
    published = PAPER[p.name]
    if published == 0:
        assert p.minimum_value == 0
    else:
        unit = 10.0 ** (math.floor(math.log10(abs(published))) - 5)  # one in the 6th digit
        assert 0 <= p.minimum_value - published < unit * (1 + 1e-9)


@PROBLEMS
def test_value_at_each_minimizer_is_the_minimum(p):
    assert p.minima, "every problem names a minimizer"
    for m in p.minima:
        x = torch.tensor(m, dtype=torch.float64)
        assert len(m) == p.dim
        # Meyer's exponentials round fn in float64 by ~2e-12 of its value near the minimizer.
        rel = 5e-12 if p.name == "meyer" else 1e-12
        assert p(x).item() == pytest.approx(p.minimum_value, rel=rel, abs=1e-25)
        (g,) = torch.autograd.grad(p(x.requires_grad_(True)), x)
        assert g.norm() <= 1e-5 * max(1.0, p.minimum_value)  # a stationary point


def test_minima_may_be_a_sample_of_a_continuum_as_documented():
    line = torch.tensor([[t, t, 0.0] for t in (0.5, 2.0, 7.0)], dtype=torch.float64)
    assert torch.equal(mgh.box_3d(line), torch.zeros(3, dtype=torch.float64))
    assert all(tuple(p) not in mgh.box_3d.minima for p in line.tolist())
    assert "a sample where there are infinitely many" in " ".join(functions.TestFunction.__doc__.split())
    assert "For the classic functions here every ``start``" in " ".join(functions.__doc__.split())


def test_meyer_minimum_is_the_exact_one_to_float64():
    # In 40 digits (float64 rounds Meyer's fn too coarsely to tell): the value at the minimizer
    # and a vanishing gradient, relative to the residuals' Jacobian.
    mp = pytest.importorskip("mpmath")
    mp.mp.dps = 40
    x1, x2, x3 = (mp.mpf(v) for v in mgh.meyer.minima[0])
    ts, ys = [45 + 5 * i for i in range(1, 17)], [int(v) for v in _mgh_residuals._MEYER_Y.tolist()]
    e = [mp.exp(x2 / (t + x3)) for t in ts]
    r = [x1 * ei - y for ei, y in zip(e, ys)]
    assert float(mp.fsum(ri**2 for ri in r)) == mgh.meyer.minimum_value
    grad = [
        2 * mp.fsum(ri * ei for ri, ei in zip(r, e)) * x1,
        2 * mp.fsum(ri * x1 * ei / (t + x3) for ri, ei, t in zip(r, e, ts)) * x2,
        2 * mp.fsum(ri * x1 * ei * x2 / (t + x3) ** 2 for ri, ei, t in zip(r, e, ts)) * x3,
    ]  # each scaled by its coordinate; what is left is x rounded to float64
    assert max(abs(float(gi)) for gi in grad) < 1e-4


@PROBLEMS
def test_autograd_gradient_matches_central_differences_at_the_start(p):
    x0 = torch.tensor(p.start, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(p(x0), x0)
    fd = torch.empty_like(g)
    for i in range(p.dim):
        h = 1e-6 * max(1.0, abs(p.start[i]))
        e = torch.zeros(p.dim, dtype=torch.float64)
        e[i] = h
        with torch.no_grad():
            fd[i] = (p(x0 + e) - p(x0 - e)) / (2 * h)
    torch.testing.assert_close(g, fd, rtol=1e-6, atol=1e-6 * max(1.0, float(g.abs().max())))


@PROBLEMS
def test_start_is_above_the_minimum_and_batches_match_pointwise(p):
    x0 = torch.tensor(p.start, dtype=torch.float64)
    assert p(x0).item() > p.minimum_value
    batch = torch.stack([x0, x0 * 0.9 + 0.01, x0 * 1.1]).reshape(3, 1, p.dim)
    values = p(batch)
    assert values.shape == (3, 1)
    torch.testing.assert_close(values.flatten(), torch.stack([p(b[0]) for b in batch]), rtol=1e-13, atol=0.0)
    assert p(x0.float()).dtype == torch.float32


def test_a_point_of_the_wrong_size_and_an_unknown_name_are_named():
    with pytest.raises(ValueError, match=r"takes points of shape \(\.\.\., 4\), got shape \(3,\)"):
        mgh.wood(torch.ones(3))
    with pytest.raises(ValueError, match=r"unknown MGH problem 'woods'\. Did you mean 'wood'\?"):
        mgh.get("woods")
    assert mgh.get("Penalty-1") is mgh.penalty_1
