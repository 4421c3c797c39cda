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
import functools
import inspect
import re
import warnings

import pytest
import torch
from torch.testing._internal.common_optimizers import OptimizerErrorEnum, optim_db

import descend.optim as do

# The rules this module checks: every one optim_db has (all step through a closure, as LBFGS
# needs; SparseAdam's gradients are made sparse, Muon's parameters 2-D).
COVERED = (
    *("Adadelta", "Adafactor", "Adagrad", "Adam", "AdamW", "Adamax", "ASGD", "LBFGS", "Muon", "NAdam"),
    *("RAdam", "RMSprop", "Rprop", "SGD", "SparseAdam"),
)
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


def _shapes(info):
    return [(10, 5), (5, 3)] if info.name == "Muon" else [(10, 5), (10,)]  # Muon: 2-D only


@pytest.mark.slow  # about 15 s for the 300-odd configurations
@pytest.mark.parametrize(("info", "dtype", "k"), CONFIGS)
def test_configuration_steps_like_torch(info, dtype, k):
    kwargs = _inputs(info, dtype)[k].kwargs
    gen = torch.Generator().manual_seed(k)
    start = [torch.randn(shape, generator=gen, dtype=dtype) for shape in _shapes(info)]
    runs = []
    for cls, extra in ((getattr(do, info.name), {}), (info.optim_cls, _reference(info))):
        params = [torch.nn.Parameter(x.clone()) for x in start]
        runs.append((params, cls(params, **copy.deepcopy(kwargs), **extra)))
    (ours, our_opt), (theirs, their_opt) = runs
    for _ in range(STEPS):
        batch = [
            (torch.randn(x.shape, generator=gen, dtype=dtype), torch.randn(x.shape, generator=gen, dtype=dtype))
            for x in start
        ]
        for params, opt in runs:
            opt.step(functools.partial(_closure, opt, params, batch, info.name == "SparseAdam"))
        for p, q in zip(ours, theirs):
            torch.testing.assert_close(p, q, **_tolerance(info, dtype, kwargs))
            for key, expected in their_opt.state[q].items():
                if key == "al" and info.name == "LBFGS":  # torch's scratch space for the two-loop recursion
                    continue
                ours_ = our_opt.state[p][key]
                if isinstance(expected, torch.Tensor) and not isinstance(ours_, torch.Tensor):
                    ours_ = torch.tensor(ours_)  # LBFGS's t: from a tensor lr, which descend reads as a number
                torch.testing.assert_close(ours_, expected, check_dtype=False)


def _tolerance(info, dtype, kwargs):
    """The default's; for Muon in float64 with a tensor lr, float32's: torch scales the float32
    tensor lr by the shape's factor in float32, descend reads it as a Python float."""
    if info.name == "Muon" and dtype == torch.float64 and isinstance(kwargs.get("lr"), torch.Tensor):
        return dict(rtol=1.3e-6, atol=1e-5)
    return {}


def _closure(opt, params, batch, sparse):
    """Every rule steps through a closure (LBFGS needs one); SparseAdam's gradients sparse."""
    opt.zero_grad()
    loss = _loss(params, batch)
    loss.backward()
    if sparse:
        for p in params:
            p.grad = p.grad.to_sparse()
    return loss


def _reference(info):
    """torch's for-loop implementation, the reference torch tests its others against (ASGD and
    Adafactor included: descend follows their foreach arithmetic, within the default tolerance
    of the for-loop's); LBFGS, Muon and SparseAdam have only one."""
    return {"foreach": False} if "foreach" in inspect.signature(info.optim_cls).parameters else {}


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
    "Invalid beta parameter at index 1: 1.0": r"betas\[1\] must be a number in \[0, 1\), got 1\.0",
    "Invalid eta values: 1.0, 0.5": r"etas must be a pair \(eta_minus, eta_plus\) .*, got \(1\.0, 0\.5\)",
    "epsilon1 should be >= 0": r"eps\[0\] \(epsilon1\) must be a number > 0, got -1e-30",
    "Clipping threshold d should be >= 1": r"d \(the clipping threshold\) must be a number >= 1, got 0\.0",
    "beta2_decay should be <= 0": r"beta2_decay must be a number <= 0, got 0\.8",
    "Invalid weight_decay value: -0.5": r"weight_decay must be a number >= 0, got -0\.5",
    "Adjust learning rate function arbitrary is not supported": r"adjust_lr_fn must be None, .*, got 'arbitrary'",
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
    cls = getattr(do, info.name)
    wording = OUR_WORDING.get(error.error_regex, error.error_regex)
    if error.error_on == OptimizerErrorEnum.STEP_ERROR:  # complex parameters, for Adafactor and Muon
        assert not issubclass(error.error_type, Warning)
        opt = cls(inp.params, **inp.kwargs)
        with pytest.raises(error.error_type, match=wording):
            opt.step()
    elif wording is None:
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
    assert sorted(info.name for info in INFOS) == sorted(COVERED)
    assert all(hasattr(do, name) for name in COVERED)
