"""Muon against torch.optim.Muon step by step (tall, wide and square weights, two param
groups, every option), its state dict in both directions, and the parameters it rejects."""

from __future__ import annotations

import copy
import warnings

import pytest
import torch
from torch.testing._internal.common_optimizers import OptimizerErrorEnum, optim_db

import descend.optim as do

SHAPES = [(7, 3), (3, 5), (4, 4)]
STEPS = 30
RTOL = {torch.float32: 1e-6, torch.float64: 1e-12}

CASES = [
    dict(lr=0.02),
    dict(lr=0.02, nesterov=False),
    dict(lr=0.02, weight_decay=0.0, momentum=0.9),
    dict(lr=0.02, adjust_lr_fn="match_rms_adamw"),
    dict(lr=0.02, adjust_lr_fn="original", ns_steps=3, ns_coefficients=(2.0, -1.5, 0.5)),
]


def loss(params, batch):
    return sum(((a @ p).tanh() - b).square().sum() for p, (a, b) in zip(params, batch))


def start(dtype):
    gen = torch.Generator().manual_seed(0)
    return [torch.randn(shape, generator=gen, dtype=dtype) for shape in SHAPES]


def train(params, opt, steps, seed):
    gen = torch.Generator().manual_seed(seed)
    for _ in range(steps):
        batch = [
            (
                torch.randn(5, p.shape[0], generator=gen, dtype=p.dtype),
                torch.randn(5, p.shape[1], generator=gen, dtype=p.dtype),
            )
            for p in params
        ]
        opt.zero_grad()
        loss(params, batch).backward()
        opt.step()
        yield


def groups(params, lr):
    return [{"params": params[:2]}, {"params": params[2:], "lr": lr / 2}]


@pytest.mark.parametrize("dtype", RTOL, ids=str)
@pytest.mark.parametrize("hyper", CASES, ids=lambda h: "-".join(f"{k}={v}" for k, v in h.items()))
def test_matches_torch_muon(hyper, dtype):
    ours = [torch.nn.Parameter(x.clone()) for x in start(dtype)]
    theirs = [torch.nn.Parameter(x.clone()) for x in start(dtype)]
    opt, ref = do.Muon(groups(ours, hyper["lr"]), **hyper), torch.optim.Muon(groups(theirs, hyper["lr"]), **hyper)
    for _ in zip(train(ours, opt, STEPS, 1), train(theirs, ref, STEPS, 1)):
        for p, q in zip(ours, theirs):
            torch.testing.assert_close(p, q, rtol=RTOL[dtype], atol=RTOL[dtype])
            torch.testing.assert_close(
                opt.state[p]["momentum_buffer"], ref.state[q]["momentum_buffer"], rtol=RTOL[dtype], atol=RTOL[dtype]
            )
    assert not torch.allclose(ours[0], start(dtype)[0], atol=0.1)  # the weights moved


@pytest.mark.parametrize("direction", ["torch->descend", "descend->torch"])
def test_state_dict_moves_between_torch_and_descend(direction):
    first, second = (torch.optim.Muon, do.Muon) if direction == "torch->descend" else (do.Muon, torch.optim.Muon)
    params = [torch.nn.Parameter(x) for x in start(torch.float64)]
    opt = first(groups(params, 0.02), lr=0.02)
    list(train(params, opt, 4, 1))
    saved = copy.deepcopy(opt.state_dict())
    resumed = [torch.nn.Parameter(p.detach().clone()) for p in params]
    opt2 = second(groups(resumed, 0.02), lr=0.02)
    opt2.load_state_dict(saved)
    assert opt2.state_dict()["param_groups"] == saved["param_groups"]
    list(train(resumed, opt2, 4, 2))
    list(train(params, opt, 4, 2))
    for p, q in zip(resumed, params):
        torch.testing.assert_close(p, q, rtol=1e-12, atol=1e-12)


def test_defaults_as_torch():
    params = [torch.nn.Parameter(x) for x in start(torch.float32)]
    assert do.Muon(params).defaults == torch.optim.Muon(params).defaults


def test_rejects_parameters_that_are_not_matrices():
    with pytest.raises(ValueError, match=r"Muon only supports 2D parameters .* torch\.Size\(\[3\]\)"):
        do.Muon([torch.nn.Parameter(torch.zeros(3, 3)), torch.nn.Parameter(torch.zeros(3))])


def test_a_rejected_param_group_is_not_kept():
    w = torch.nn.Parameter(torch.ones(3, 3))
    opt = do.Muon([w])
    with pytest.raises(ValueError, match=r"Muon only supports 2D parameters"):
        opt.add_param_group({"params": [torch.nn.Parameter(torch.zeros(3))]})
    assert len(opt.param_groups) == 1
    w.grad = torch.ones(3, 3)
    opt.step()  # steps on the groups it kept
    assert not torch.equal(w, torch.ones(3, 3))


def test_rejects_complex_parameters():
    z = torch.nn.Parameter(torch.ones(2, 2, dtype=torch.complex64))
    opt = do.Muon([z])
    z.grad = torch.ones_like(z)
    with pytest.raises(RuntimeError, match="Muon does not support complex parameters"):
        opt.step()


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("momentum", 1.0, "momentum must be a number in [0, 1), got 1.0"),
        ("adjust_lr_fn", "rms", "adjust_lr_fn must be None, 'original' or 'match_rms_adamw', got 'rms'"),
        ("ns_coefficients", (1.0, 2.0), "ns_coefficients must be three numbers (a, b, c), got (1.0, 2.0)"),
        ("ns_steps", 100, "ns_steps must be an integer in [0, 100), got 100"),
        ("eps", 0.0, "eps must be a number > 0, got 0.0"),
        ("weight_decay", -0.1, "weight_decay must be a number >= 0, got -0.1"),
    ],
)
def test_bad_hyper_parameter_is_named(name, value, shown):
    with pytest.raises(ValueError) as error:
        do.Muon([torch.nn.Parameter(torch.zeros(2, 2))], **{name: value})
    assert shown in str(error.value)


def test_by_name():
    # "muon" by name also takes a model's biases (MuonWithAuxAdam); its 2-D weights step as Muon.
    opt = do.create("Muon", [torch.nn.Parameter(torch.zeros(2, 2))], lr=0.02)
    assert type(opt) is do.MuonWithAuxAdam and isinstance(opt, do.Muon)


# -- PyTorch's own configurations and error inputs for Muon (common_optimizers.optim_db) ------

MUON_INFO = next(info for info in optim_db if info.name == "Muon")
OUR_WORDING = {
    "Tensor lr must be 1-element": r"lr must be a number or a one-element tensor, got a tensor of shape \(2,\)",
    "Adjust learning rate function arbitrary is not supported": r"adjust_lr_fn must be None, .*got 'arbitrary'",
}


@pytest.mark.parametrize("k", range(len(MUON_INFO.optim_inputs_func("cpu", torch.float32))))
def test_torch_configuration_steps_like_torch(k):
    kwargs = MUON_INFO.optim_inputs_func("cpu", torch.float32)[k].kwargs
    ours = [torch.nn.Parameter(x.clone()) for x in start(torch.float32)]
    theirs = [torch.nn.Parameter(x.clone()) for x in start(torch.float32)]
    opt, ref = do.Muon(ours, **copy.deepcopy(kwargs)), torch.optim.Muon(theirs, **copy.deepcopy(kwargs))
    for _ in zip(train(ours, opt, 10, k), train(theirs, ref, 10, k)):
        for p, q in zip(ours, theirs):
            torch.testing.assert_close(p, q, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("k", range(len(MUON_INFO.optim_error_inputs_func("cpu", torch.float32))))
def test_torch_error_input_fails_as_in_torch(k):
    error = MUON_INFO.optim_error_inputs_func("cpu", torch.float32)[k]
    inp = error.optimizer_error_input
    wording = OUR_WORDING.get(error.error_regex, error.error_regex)
    if issubclass(error.error_type, Warning):
        with pytest.warns(error.error_type, match=wording):
            do.Muon(inp.params, **inp.kwargs)
        return
    with pytest.raises(error.error_type, match=wording), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        opt = do.Muon(inp.params, **inp.kwargs)
        assert error.error_on == OptimizerErrorEnum.STEP_ERROR
        for p in inp.params:
            p.grad = torch.ones_like(p)
        opt.step()
