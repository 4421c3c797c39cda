"""minimize on a ``torch.compile``'d function: its readings that differentiate twice (the
curvature of lr="auto", the instruments' sharpness) call it eagerly, since a compiled backward
refuses a second one; the run is the uncompiled function's."""

import pytest
import torch

import descend as ds


def _valley(x):
    """Curvatures 2 and 42 (along x0 - x1), minimum at (1, 1, 1)."""
    return ((x - 1) ** 2).sum() + 10 * (x[0] - x[1]) ** 2


def test_lr_auto_reads_the_curvature_of_a_compiled_function():
    """Was torch's "RuntimeError: torch.compile with aot_autograd does not currently support
    double backward" from curvature_lr's Hessian-vector products."""
    compiled = torch.compile(_valley, backend="aot_eager")
    start = torch.tensor([0.0, 1.0, 0.0])
    result = ds.minimize(compiled, start, lr="auto", max_iter=20)
    assert result.history.lr[0] == ds.minimize(_valley, start, lr="auto", max_iter=20).history.lr[0]
    assert result.history.lr[0] == pytest.approx(1 / 42, rel=1e-4)


def test_the_sharpness_of_a_compiled_function_is_read():
    """Was nan at every reading, silently: the Hessian-vector products' RuntimeError was taken
    for an operation without a second derivative."""
    compiled = torch.compile(_valley, backend="aot_eager")
    readings = ds.minimize(compiled, torch.zeros(3), lr=0.01, max_iter=10).history.instruments
    assert readings and all(row["sharpness"] == pytest.approx(42.0, rel=1e-4) for row in readings)
