"""PyTorch's own optimizer configurations, pointed at descend's classes of the same name.

``torch.testing._internal.common_optimizers.optim_db`` is what PyTorch's ``test/test_optim.py``
runs its optimizers with: per optimizer, the constructor arguments to try
(``optim_inputs_func``) and the inputs that must fail (``optim_error_inputs_func``). Here, on
the CPU, every configuration trains descend's class and torch's (for-loop implementation, the
reference torch itself tests the others against) side by side in float32, float64 and
complex64 (where torch supports complex), comparing parameters and state after every step;
every error input must fail in descend as in torch: same exception type, a message with the
same meaning (descend's wording: ``NAME must be ALLOWED, got VALUE``).
"""

from __future__ import annotations

import copy
import re
import warnings

import pytest
import torch
from torch.testing._internal.common_optimizers import OptimizerErrorEnum, optim_db

import descend.optim as do

# The rules this module checks; a rule added to descend.optim with a counterpart in optim_db
# joins by name once it follows torch's contract (LBFGS needs a closure, SparseAdam sparse
# gradients: their own modules check them).
COVERED = ("Adadelta", "Adagrad", "Adam", "AdamW", "NAdam", "RAdam", "RMSprop", "SGD")
INFOS = [info for info in optim_db if info.name in COVERED]
STEPS = 10


def _dtypes(info):
    return [torch.float32, torch.float64, *([torch.complex64] if info.supports_complex else [])]


def _inputs(info, dtype):
    return info.optim_inputs_func("cpu", dtype)


def _errors(info):
    return info.optim_error_inputs_func("cpu", torch.float32)


def _id(*parts):
    return "-".join(re.sub(r"[^\w.]+", "_", str(p)).strip("_") for p in parts)


CONFIGS = [
    pytest.param(info, dtype, k, id=_id(info.name, str(dtype).removeprefix("torch."), inp.desc))
    for info in INFOS
    for dtype in _dtypes(info)
    for k, inp in enumerate(_inputs(info, dtype))
]
ERRORS = [
    pytest.param(info, k, id=_id(info.name, e.optimizer_error_input.desc))
    for info in INFOS
    for k, e in enumerate(_errors(info))
]


def _loss(params, batch):
    # Least squares on a fresh random batch every step: its steps stay bounded for every
    # configuration, complex parameters included.
    return sum((a * p - b).abs().square().sum() for p, (a, b) in zip(params, batch))


@pytest.mark.slow  # about 10 s for the 150-odd configurations
@pytest.mark.parametrize(("info", "dtype", "k"), CONFIGS)
def test_configuration_steps_like_torch(info, dtype, k):
    kwargs = _inputs(info, dtype)[k].kwargs
    gen = torch.Generator().manual_seed(k)
    start = [torch.randn(shape, generator=gen, dtype=dtype) for shape in [(10, 5), (10,)]]
    runs = []
    for cls, extra in ((getattr(do, info.name), {}), (info.optim_cls, {"foreach": False})):
        params = [torch.nn.Parameter(x.clone()) for x in start]
        runs.append((params, cls(params, **copy.deepcopy(kwargs), **extra)))
    (ours, our_opt), (theirs, their_opt) = runs
    for _ in range(STEPS):
        batch = [(torch.randn_like(x), torch.randn_like(x)) for x in start]
        for params, opt in runs:
            opt.zero_grad()
            _loss(params, batch).backward()
            opt.step()
        for p, q in zip(ours, theirs):
            torch.testing.assert_close(p, q)
            for key, expected in their_opt.state[q].items():
                torch.testing.assert_close(our_opt.state[p][key], expected, check_dtype=False)


# torch's message -> descend's, for the checks descend words its own way. None: descend
# accepts the input on purpose (see the README's list of torch options).
OUR_WORDING = {
    "Invalid rho value: 1.1": r"rho must be a number in \[0, 1\], got 1\.1",
    "Invalid lr_decay value: -0.5": r"lr_decay must be a number >= 0, got -0\.5",
    "Invalid beta parameter at index 0: 1.0": r"betas\[0\] must be a number in \[0, 1\), got 1\.0",
    "Invalid weight_decay value: -1": r"weight_decay must be a number >= 0, got -1",
    "Invalid momentum_decay value: -0.2": r"momentum_decay must be a number >= 0, got -0\.2",
    "Invalid momentum value: -1.0": r"momentum must be a number in \[0, 1\], got -1\.0",
    "Invalid momentum value: -0.5": r"momentum must be a number in \[0, 1\], got -0\.5",
    "Tensor lr must be 1-element": r"lr must be a number or a one-element tensor, got a tensor of shape \(2,\)",
    # torch's foreach kernels cannot take these; descend's rules read them as numbers.
    "lr as a Tensor is not supported for capturable=False and foreach=True": None,
    "betas must be either both floats or both Tensors": None,
    r"betas\[0\] as a Tensor is not supported for capturable=False and foreach=True": None,
}


@pytest.mark.parametrize(("info", "k"), ERRORS)
def test_error_input_fails_as_in_torch(info, k):
    error = _errors(info)[k]
    inp = error.optimizer_error_input
    assert error.error_on == OptimizerErrorEnum.CONSTRUCTION_ERROR  # no step errors for these
    cls = getattr(do, info.name)
    wording = OUR_WORDING.get(error.error_regex, error.error_regex)
    if wording is None:
        params = [torch.nn.Parameter(torch.ones(2))]
        opt = cls(params, **inp.kwargs)
        params[0].grad = torch.ones(2)
        opt.step()
        assert torch.isfinite(params[0]).all()
    elif issubclass(error.error_type, Warning):
        with pytest.warns(error.error_type, match=wording):
            cls(inp.params, **inp.kwargs)
    else:
        with pytest.raises(error.error_type, match=wording), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cls(inp.params, **inp.kwargs)


def test_every_covered_rule_is_in_optim_db_and_descend():
    assert [info.name for info in INFOS] == sorted(COVERED)
    assert all(hasattr(do, name) for name in COVERED)
