"""The rules ``test_torch_contract.py`` checks, their torch peers, the parts of the contract that
do not apply to some (only where torch's own rule behaves so), and the helpers its tests share."""

from __future__ import annotations

import inspect

import pytest
import torch

import descend.optim as do

from _steps import fresh_params, train

T = torch.optim
# Per rule: its torch.optim counterpart (None: none) and hyper-parameters that give it all of
# its state.
RULES = {
    do.GD: (None, dict(lr=0.05, weight_decay=0.01)),
    do.SGD: (T.SGD, dict(lr=0.05, momentum=0.9, nesterov=True)),
    do.Adagrad: (T.Adagrad, dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1)),
    do.RMSprop: (T.RMSprop, dict(lr=0.01, momentum=0.5, centered=True)),
    do.Adadelta: (T.Adadelta, dict(lr=1.0)),
    do.Adam: (T.Adam, dict(lr=0.01, amsgrad=True)),
    do.AdamW: (T.AdamW, dict(lr=0.01)),
    do.NAdam: (T.NAdam, dict(lr=0.01)),
    do.RAdam: (T.RAdam, dict(lr=0.01)),
    do.Lion: (None, dict(lr=0.01, weight_decay=0.1)),
    do.ScheduleFreeAdamW: (None, dict(lr=0.01, weight_decay=0.1, warmup_steps=3)),
    do.Prodigy: (None, dict(weight_decay=0.1)),
    do.Adamax: (T.Adamax, dict(lr=0.01, weight_decay=0.01)),
    do.ASGD: (T.ASGD, dict(lr=0.01, t0=1)),  # averaging from the first step
    do.Rprop: (T.Rprop, dict(lr=0.01)),
    do.Adafactor: (T.Adafactor, dict(lr=0.01, weight_decay=0.01)),
    do.LARS: (None, dict(lr=0.1, weight_decay=0.01)),
    do.LAMB: (None, dict(lr=0.01, weight_decay=0.01)),
    do.Muon: (T.Muon, dict(lr=0.02)),
}
# (rule, part of the contract) -> why it does not apply: only where torch's own rule does the same.
EXEMPT = {
    (do.Adafactor, "complex"): "torch's Adafactor rejects complex parameters too (see test_complex_rejected_as_torch)",
    (do.Muon, "complex"): "torch's Muon rejects complex parameters too (see test_complex_rejected_as_torch)",
    (do.Adafactor, "differentiable"): "torch's Adafactor has no differentiable argument (the signature test checks)",
    (do.Muon, "differentiable"): "torch's Muon has no differentiable argument (the signature test checks)",
}


def rules(part=None, with_torch=False):
    """Parametrize over the rules (those with a torch peer only), skipping ``EXEMPT``'s for ``part``."""

    def param(c):
        marks = [pytest.mark.skip(reason=EXEMPT[c, part])] if (c, part) in EXEMPT else []
        return pytest.param(c, id=c.__name__, marks=marks)

    return pytest.mark.parametrize("cls", [param(c) for c, (t, _) in RULES.items() if t or not with_torch])


ALL, WITH_TORCH = rules(), rules(with_torch=True)
TORCH_ONLY = ("differentiable", "capturable")


def fresh(cls):
    """:func:`fresh_params`; for Muon, which takes only 2-D parameters (as torch's), two matrices."""
    if cls is not do.Muon:
        return fresh_params()
    gen = torch.Generator().manual_seed(0)
    return [torch.nn.Parameter(torch.randn(shape, generator=gen)) for shape in [(4, 3), (3, 2)]]


def make(cls, params, **overrides):
    return cls(params, **{**RULES[cls][1], **overrides})


def make_torch(cls, params, **overrides):
    foreach = {"foreach": False} if "foreach" in inspect.signature(RULES[cls][0]).parameters else {}
    return RULES[cls][0](params, **foreach, **{**RULES[cls][1], **overrides})


def clones(params):
    return [torch.nn.Parameter(p.detach().clone()) for p in params]


def trained(cls, steps=3):
    params = fresh(cls)
    opt = make(cls, params)
    train(opt, params, steps)
    return opt, params


def assert_same(params, others):
    for p, q in zip(params, others):
        torch.testing.assert_close(p, q, rtol=0, atol=0)


def assert_same_state_dict(ours, theirs):
    assert ours["param_groups"] == theirs["param_groups"]
    assert ours["state"].keys() == theirs["state"].keys()
    for index, state in ours["state"].items():
        assert state.keys() == theirs["state"][index].keys()
        for key, value in state.items():
            if isinstance(value, torch.Tensor):
                torch.testing.assert_close(value, theirs["state"][index][key], rtol=0, atol=0)
            else:
                assert value == theirs["state"][index][key]
