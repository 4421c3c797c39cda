"""A gradient that is exactly 0 because ``fn`` is piecewise constant is not a minimum: the run
says so (``descend.minimize.flat``); a smooth ``fn`` started at its minimum still converged."""

import pytest
import torch

import descend as ds


@pytest.mark.parametrize(
    "fn", [lambda x: x.round().sum(), lambda x: torch.floor(x).sum(), lambda x: torch.sign(x).sum()]
)
@pytest.mark.parametrize("method", [None, "lbfgs"])
def test_a_piecewise_constant_fn_is_not_reported_converged(fn, method):
    # was 'converged after 0 iterations: gradient norm 0 <= gtol=1e-05' with a 'converged' finding
    res = ds.minimize(fn, [0.3, 0.7], method=method)
    assert (res.status, res.converged, res.nit) == ("gtol", False, 0)
    assert res.message.startswith(
        "stopped after 0 iterations: the gradient of fn is exactly 0 at x0 and does not depend on x there"
    )
    assert "fn looks piecewise constant" in res.message
    assert [d.kind for d in res.diagnoses] == ["vanishing_gradients"]
    assert "make fn smooth" in res.diagnoses[0].advice
    assert res.nfev == 2  # x0, and the gradient's graph at x0


@pytest.mark.parametrize(
    ("fn", "x0"),
    [(ds.functions.booth, [1.0, 3.0]), (lambda x: ((x - 0.5) ** 4).sum(), [0.5, 0.5])],
)
def test_a_smooth_fn_started_at_its_minimum_has_converged(fn, x0):
    res = ds.minimize(fn, x0)
    assert (res.status, res.converged, res.nit, res.nfev) == ("gtol", True, 0, 1)
    assert res.message == "converged after 0 iterations: gradient norm 0 <= gtol=1e-05"
    assert [d.kind for d in res.diagnoses] == ["converged"]
