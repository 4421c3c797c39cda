"""The ``torch.optim`` contract around the update, for every descend rule: state dicts that
stay as they were through ``load_state_dict``, ``copy.deepcopy`` and pickling; torch's older
checkpoints; complex parameters; the arguments torch accepts; hooks, ``zero_grad``, printing
and steps without gradients, against ``torch.optim`` where it has the rule.
(``test_optim_db.py`` runs torch's own configurations and error inputs.)"""

from __future__ import annotations

import copy
import inspect
import pickle
import re

import pytest
import torch

import descend.optim as do

from _contract import (
    ALL,
    RULES,
    TORCH_ONLY,
    WITH_TORCH,
    T,
    assert_same,
    assert_same_state_dict,
    clones,
    fresh,
    make,
    make_torch,
    rules,
    trained,
)
from _steps import fresh_params, train

# -- state dicts --------------------------------------------------------------------------------


def _reloaded(opt, params, how):
    if how == "load_state_dict":
        other = make(type(opt), clones(params))
        other.load_state_dict(copy.deepcopy(opt.state_dict()))
        other.load_state_dict(other.state_dict())  # twice: still the same
        return other
    if how == "deepcopy":
        return copy.deepcopy(opt)
    return pickle.loads(pickle.dumps(opt))


@ALL
@pytest.mark.parametrize("how", ["load_state_dict", "deepcopy", "pickle"])
def test_state_dict_stays_as_it_was(cls, how):
    opt, params = trained(cls)
    other = _reloaded(opt, params, how)
    assert_same_state_dict(other.state_dict(), opt.state_dict())
    assert other.defaults == opt.defaults
    assert not any(key in group for group in other.param_groups for key in TORCH_ONLY)


@ALL
def test_a_new_optimizer_is_built_from_the_groups(cls):
    opt, params = trained(cls)
    loaded = _reloaded(opt, params, "load_state_dict")
    for source in (opt, loaded):
        rebuilt = cls(source.param_groups)
        assert rebuilt.state_dict()["param_groups"] == opt.state_dict()["param_groups"]


@WITH_TORCH
def test_a_torch_state_dict_leaves_only_descend_keys(cls):
    theirs = fresh(cls)
    torch_opt = make_torch(cls, theirs)
    train(torch_opt, theirs, 3)
    loaded = make(cls, clones(theirs))
    loaded.load_state_dict(torch_opt.state_dict())
    assert set(loaded.param_groups[0]) == set(make(cls, fresh(cls)).param_groups[0])


def test_a_torch_state_dict_with_a_tensor_lr_resumes_with_a_number():
    theirs = fresh_params()
    torch_opt = make_torch(do.Adam, theirs, lr=torch.tensor(0.01))
    train(torch_opt, theirs, 3)
    ours = clones(theirs)
    opt = make(do.Adam, ours)
    opt.load_state_dict(copy.deepcopy(torch_opt.state_dict()))  # its tensors, not torch's
    assert opt.param_groups[0]["lr"] == pytest.approx(0.01) and isinstance(opt.param_groups[0]["lr"], float)
    train(torch_opt, theirs, 3, start=3)
    train(opt, ours, 3, start=3)
    for p, q in zip(ours, theirs):
        torch.testing.assert_close(p, q)


@ALL
def test_an_old_checkpoint_with_plain_number_steps_resumes(cls):
    """torch before 1.12 saved ``step`` (and NAdam's ``mu_product``) as plain numbers, and
    without the flags added since (``maximize``, ``foreach``, ``fused``, ...)."""
    opt, params = trained(cls)
    saved = copy.deepcopy(opt.state_dict())
    for state in saved["state"].values():
        for key in ("step", "mu_product"):
            if key in state:
                state[key] = state[key].item()
    for group in saved["param_groups"]:
        for key in ("maximize", "foreach", "fused"):
            group.pop(key, None)  # where the rule has it: Adafactor has no fused, Muon none of them
    resumed = clones(params)
    old = make(cls, resumed)
    old.load_state_dict(saved)
    for state in old.state.values():
        assert all(isinstance(value, torch.Tensor) for value in state.values())
    train(opt, params, 3, start=3)
    train(old, resumed, 3, start=3)
    assert_same(resumed, params)
    assert_same_state_dict(old.state_dict(), opt.state_dict())


@WITH_TORCH
def test_scalar_state_takes_torch_dtype_under_float64_default(cls):
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        runs = []
        for build in (make, make_torch):
            params = fresh(cls)
            opt = build(cls, params)
            train(opt, params, 1)
            runs.append({k: v.dtype for k, v in opt.state[params[0]].items()})
    finally:
        torch.set_default_dtype(previous)
    ours, theirs = runs
    assert {k: ours[k] for k in theirs} == theirs


# -- complex parameters ---------------------------------------------------------------------------


@rules("complex")
def test_a_complex_parameter_is_a_pair_of_reals(cls):
    gen = torch.Generator().manual_seed(0)
    z = torch.randn(5, 5, dtype=torch.complex64, generator=gen)
    complex_param, real_param = torch.nn.Parameter(z.clone()), torch.nn.Parameter(torch.view_as_real(z).clone())
    opts = [make(cls, [complex_param]), make(cls, [real_param])]
    for _ in range(5):
        g = torch.randn(5, 5, dtype=torch.complex64, generator=gen)
        complex_param.grad, real_param.grad = g, torch.view_as_real(g).clone()
        for opt in opts:
            opt.step()
        torch.testing.assert_close(torch.view_as_real(complex_param), real_param)
    if cls is do.ScheduleFreeAdamW:
        for opt in opts:
            opt.eval()
        torch.testing.assert_close(torch.view_as_real(complex_param), real_param)
    assert torch.isfinite(real_param).all() and not torch.equal(real_param, torch.view_as_real(z))


@rules("complex", with_torch=True)
def test_a_complex_parameter_steps_like_torch(cls):
    gen = torch.Generator().manual_seed(0)
    z = torch.randn(5, 5, dtype=torch.complex64, generator=gen)
    ours, theirs = torch.nn.Parameter(z.clone()), torch.nn.Parameter(z.clone())
    opts = [make(cls, [ours]), make_torch(cls, [theirs])]
    for _ in range(5):
        ours.grad = torch.randn(5, 5, dtype=torch.complex64, generator=gen)
        theirs.grad = ours.grad.clone()
        for opt in opts:
            opt.step()
        torch.testing.assert_close(ours, theirs)


@pytest.mark.parametrize(
    ("cls", "hyper"),
    [
        (do.GD, dict(lr=0.01, weight_decay=0.1, maximize=True)),
        (do.SGD, dict(lr=0.01)),
        (do.SGD, dict(lr=0.01, momentum=0.9, dampening=0.2, weight_decay=0.1)),
        (do.SGD, dict(lr=0.01, momentum=0.9, nesterov=True, maximize=True)),
    ],
    ids=["GD", "SGD", "SGD-momentum", "SGD-nesterov"],
)
def test_a_complex_parameter_takes_torch_sgds_bits(cls, hyper):
    # torch's SGD steps a complex parameter in complex arithmetic, not as real pairs: 1 ulp
    # apart in 83 of 1000 entries after 3 steps of plain SGD when descend took the pairs.
    gen = torch.Generator().manual_seed(0)
    z = torch.randn(1000, dtype=torch.complex64, generator=gen)
    ours, theirs = torch.nn.Parameter(z.clone()), torch.nn.Parameter(z.clone())
    opts = [cls([ours], **hyper), T.SGD([theirs], foreach=True, **hyper)]
    for _ in range(3):
        ours.grad = torch.randn(1000, dtype=torch.complex64, generator=gen)
        theirs.grad = ours.grad.clone()
        for opt in opts:
            opt.step()
    assert torch.equal(ours, theirs)


@pytest.mark.parametrize("cls", [do.Adafactor, do.Muon], ids=lambda c: c.__name__)
def test_complex_rejected_as_torch(cls):
    for rule in (cls, RULES[cls][0]):
        z = torch.nn.Parameter(torch.randn(3, 3, dtype=torch.complex64))
        z.grad = torch.ones_like(z)
        with pytest.raises(RuntimeError, match=f"{cls.__name__} does not support complex parameters"):
            rule([z]).step()


# -- arguments --------------------------------------------------------------------------------


@rules("differentiable")
def test_differentiable_false_is_accepted_and_true_rejected(cls):
    opt = make(cls, fresh(cls), differentiable=False)
    assert "differentiable" not in opt.defaults and "differentiable" not in opt.param_groups[0]
    message = rf"differentiable must be False for {cls.__name__} \(.*not differentiable.*\), got True"
    with pytest.raises(ValueError, match=message):
        make(cls, fresh(cls), differentiable=True)
    with pytest.raises(ValueError, match=message):
        cls([{"params": fresh(cls), "differentiable": True}])
    cls([{"params": fresh(cls), "differentiable": False}])  # a group copied from torch.optim


@WITH_TORCH
def test_the_signature_is_torch_s(cls):
    """Same names, kinds and defaults as torch's constructor (the positional ones in torch's
    order); descend adds ``fused`` only."""

    def described(c, kind):
        ps = inspect.signature(c).parameters.values()
        return [(p.name, p.default) for p in ps if (p.kind == p.KEYWORD_ONLY) == kind]

    theirs = RULES[cls][0]
    assert described(cls, False) == described(theirs, False)
    assert set(described(cls, True)) - {("fused", None)} == set(described(theirs, True)) - {("fused", None)}


def test_capturable_true_is_rejected():
    do.Adam(fresh_params(), capturable=False)
    with pytest.raises(ValueError, match=r"capturable must be False for Adam \(.*CUDA graphs.*\), got True"):
        do.Adam(fresh_params(), capturable=True)


@ALL
def test_a_tensor_lr_steps_as_its_value(cls):
    lr = torch.tensor(RULES[cls][1].get("lr", 1.0))
    runs = []
    for value in (lr, lr.item()):
        params = fresh(cls)
        opt = make(cls, params, lr=value)
        train(opt, params, 3)
        assert isinstance(opt.param_groups[0]["lr"], float)
        runs.append(params)
    assert_same(*runs)
    with pytest.raises(ValueError, match=r"lr must be a number or a one-element tensor, got a tensor of shape \(2,\)"):
        make(cls, fresh(cls), lr=torch.tensor([0.1, 0.1]))


@ALL
@pytest.mark.parametrize("unhooked", [False, True], ids=["step", "step_unhooked"])
def test_a_tensor_lr_written_into_a_group_steps_as_its_value(cls, unhooked):
    # A schedule computed with torch writes a tensor: NAdam failed inside torch's
    # _foreach_addcdiv_, the others took it as a tensor (SGD by another rounding).
    runs = []
    for as_tensor in (True, False):
        params = fresh(cls)
        opt = make(cls, params)
        train(opt, params, 3)
        lr = torch.tensor(RULES[cls][1].get("lr", 1.0), dtype=torch.float64) * (1 + torch.cos(torch.tensor(1.0))) / 2
        for group in opt.param_groups:
            group["lr"] = lr if as_tensor else lr.item()
        if unhooked:
            opt.zero_grad()
            sum((p**2).sum() for p in params).backward()
            do.step_unhooked(opt)
        train(opt, params, 3, start=3)
        assert isinstance(opt.param_groups[0]["lr"], float)
        runs.append(params)
    assert_same(*runs)


@pytest.mark.parametrize("cls", [do.Adam, do.AdamW], ids=lambda c: c.__name__)
def test_tensor_betas_step_like_torch(cls):
    hyper = dict(lr=torch.tensor(0.01), betas=(torch.tensor([[[0.9]]]), torch.tensor([[0.99]])))
    ours, theirs = fresh(cls), fresh(cls)
    our_opt, their_opt = make(cls, ours, **hyper), make_torch(cls, theirs, **hyper)
    assert our_opt.param_groups[0]["betas"] == (pytest.approx(0.9), pytest.approx(0.99))
    train(our_opt, ours, 5)
    train(their_opt, theirs, 5)
    for p, q in zip(ours, theirs):
        torch.testing.assert_close(p, q)


@ALL
@pytest.mark.parametrize("params", [None, torch.ones(2)], ids=["None", "a-tensor"])
def test_hyper_parameters_are_checked_before_params(cls, params):
    with pytest.raises(ValueError, match=r"lr must be a number >= 0, got -1\b"):
        make(cls, params, lr=-1)
    with pytest.raises(TypeError) as theirs:
        T.SGD(params, lr=0.1)
    with pytest.raises(TypeError, match=re.escape(str(theirs.value))):
        make(cls, params)  # good hyper-parameters: torch's own error about params


def test_nesterov_is_checked_before_params():
    with pytest.raises(ValueError, match=r"nesterov=True requires momentum > 0"):
        do.SGD(None, nesterov=True)


# -- hooks, zero_grad, printing -------------------------------------------------------------


def _hooked_run(opt, params):
    """Every kind of hook registered, one step, a state dict saved and loaded, the hooks
    removed, and the same again: what the hooks saw, and the state dict they changed."""
    log = []

    def state_dict_post(o, sd):
        log.append(("state_dict post", o is opt, sorted(sd)))
        sd["note"] = "kept"
        return sd

    def load_pre(o, sd):
        log.append(("load pre", o is opt, sd.get("note")))
        return {k: v for k, v in sd.items() if k != "note"}

    handles = [
        opt.register_step_pre_hook(lambda o, args, kwargs: log.append(("step pre", o is opt, len(args), kwargs))),
        opt.register_step_post_hook(lambda o, args, kwargs: log.append(("step post", o is opt, len(args), kwargs))),
        opt.register_state_dict_pre_hook(lambda o: log.append(("state_dict pre", o is opt))),
        opt.register_state_dict_post_hook(state_dict_post),
        opt.register_load_state_dict_pre_hook(load_pre),
        opt.register_load_state_dict_pre_hook(
            lambda o, sd: log.append(("load pre, first", "note" in sd)), prepend=True
        ),
        opt.register_load_state_dict_post_hook(lambda o: log.append(("load post", o is opt))),
    ]
    train(opt, params, 1)
    saved = opt.state_dict()
    opt.load_state_dict(saved)
    for handle in handles:
        handle.remove()
    train(opt, params, 1, start=1)
    opt.load_state_dict(opt.state_dict())
    return log, saved.get("note")


@ALL
def test_hooks_run_as_in_torch(cls):
    ours, theirs = fresh(cls), fresh(cls)
    assert _hooked_run(make(cls, ours), ours) == _hooked_run(T.SGD(theirs, lr=0.1), theirs)


@ALL
@pytest.mark.parametrize("set_to_none", [True, False])
def test_zero_grad_as_torch(cls, set_to_none):
    ours, theirs = fresh(cls), fresh(cls)
    for params, opt in ((ours, make(cls, ours)), (theirs, T.SGD(theirs, lr=0.1))):
        train(opt, params, 1)
        opt.zero_grad(set_to_none=set_to_none)
    for p, q in zip(ours, theirs):
        assert (p.grad is None) == (q.grad is None) == set_to_none
        if not set_to_none:
            assert torch.equal(p.grad, q.grad) and not p.grad.requires_grad


@WITH_TORCH
def test_printed_as_torch_prints_it(cls):
    """torch's printout, less the lines of the flags descend does not keep (and ``fused`` where
    torch's rule has none)."""
    groups = lambda ps: [{"params": ps[:1]}, {"params": ps[1:], "lr": 0.5}]  # noqa: E731
    ours, theirs = repr(make(cls, groups(fresh(cls)))), repr(make_torch(cls, groups(fresh(cls))))
    theirs = theirs.replace("foreach: False", "foreach: None")  # make_torch's
    torch_lines = [line for line in theirs.splitlines() if line.split(":")[0].strip() not in TORCH_ONLY]
    our_lines = [line for line in ours.splitlines() if "fused:" not in line or "fused:" in theirs]
    assert our_lines == torch_lines
    assert ours.startswith(f"{cls.__name__} (\nParameter Group 0\n") and "Parameter Group 1" in ours


# -- steps without gradients ------------------------------------------------------------------


@ALL
def test_a_step_without_gradients_changes_nothing(cls):
    params = fresh(cls)
    opt = make(cls, params)
    before, groups = clones(params), copy.deepcopy(opt.state_dict()["param_groups"])
    opt.step()
    assert_same(params, before)
    assert not opt.state and opt.state_dict()["param_groups"] == groups


@ALL
def test_a_step_with_zero_gradients_moves_nothing(cls):
    # No weight decay, and for ASGD no lambd: its decay moves the weights whatever the gradient
    # (torch's own suite skips this test for ASGD).
    no_decay = {k: 0 for k in ("weight_decay", "lambd") if k in inspect.signature(cls).parameters}
    runs = []
    for build in (make, make_torch) if RULES[cls][0] else (make,):
        params = fresh(cls)
        opt = build(cls, params, **no_decay)
        for p in params:
            p.grad = torch.zeros_like(p)
        opt.step()
        assert_same(params, fresh(cls))
        runs.append(opt.state_dict()["state"])
    if len(runs) == 2:  # the state torch creates, with the same values
        ours, theirs = runs
        for index, state in theirs.items():
            for key, value in state.items():
                torch.testing.assert_close(ours[index][key], value, check_dtype=False)


@ALL
def test_a_sparse_gradient_is_a_clear_error(cls):
    weight = torch.nn.Parameter(torch.ones(4, 2))
    opt = make(cls, [weight])
    weight.grad = torch.ones(4, 2).to_sparse()
    with pytest.raises(RuntimeError, match=rf"{cls.__name__} does not support sparse gradients"):
        opt.step()


@ALL
def test_named_parameters_as_torch(cls):
    model = torch.nn.Linear(3, 2, bias=cls is not do.Muon)  # Muon: 2-D parameters only
    opt = make(cls, model.named_parameters())
    assert opt.state_dict()["param_groups"][0]["param_names"] == [name for name, _ in model.named_parameters()]
