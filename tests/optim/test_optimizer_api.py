"""The ``torch.optim`` contract for every descend optimizer: state dicts (their own and
torch.optim's), schedulers, param groups, validation, ``create`` and ``fused``."""

from __future__ import annotations

import copy
import inspect
import re
import warnings

import pytest
import torch

import descend.optim as do

from _steps import fresh_params, train

T = torch.optim

# Per optimizer: its torch.optim counterpart for state dicts (None: no counterpart) and
# hyper-parameters that give it all of its state.
CONFIGS = {
    do.GD: (None, dict(lr=0.05, weight_decay=0.01)),
    do.SGD: (T.SGD, dict(lr=0.05, momentum=0.9, nesterov=True)),
    do.Adagrad: (T.Adagrad, dict(lr=0.1, lr_decay=0.01)),
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
    do.ASGD: (T.ASGD, dict(lr=0.01, t0=3)),
    do.Rprop: (T.Rprop, dict(lr=0.01)),
    do.Adafactor: (T.Adafactor, dict(lr=0.01, weight_decay=0.01)),
    do.LARS: (None, dict(lr=1.0, weight_decay=0.01, trust_coefficient=0.01)),
    do.LAMB: (None, dict(lr=0.01, weight_decay=0.01)),
}
# Rules whose contract is checked in a module of their own (they need sparse gradients,
# 2-D weights, a closure).
# test_sparse_adam.py, test_muon_aux_adam.py ("muon" by name; do.Muon, torch's, in test_muon.py), ...
CHECKED_ELSEWHERE = {do.SparseAdam, do.MuonWithAuxAdam, do.LBFGS, do.SAM}
ALL = pytest.mark.parametrize("cls", CONFIGS, ids=lambda c: c.__name__)
WITH_TORCH = pytest.mark.parametrize(
    "cls", [c for c, (theirs, _) in CONFIGS.items() if theirs], ids=lambda c: c.__name__
)


def assert_same(params, others):
    for p, q in zip(params, others):
        torch.testing.assert_close(p, q, rtol=0, atol=0)


def make(cls, params, **overrides):
    return cls(params, **{**CONFIGS[cls][1], **overrides})


def make_torch(cls, params):
    theirs, hyper = CONFIGS[cls]
    opt = theirs(params, foreach=True, **hyper)
    # A state dict from descend says foreach=None, which on the CPU sends torch to its for-loop
    # implementation; stay on the foreach one (for ASGD the two round differently).
    opt.register_load_state_dict_post_hook(_stay_foreach)
    return opt


def _stay_foreach(opt):
    for group in opt.param_groups:
        group["foreach"] = True


# -- state dicts ------------------------------------------------------------------------------


def resumed_run(make_first, make_second, dtype=torch.float32):
    """5 steps, state dict saved and loaded into a fresh optimizer, 5 more steps."""
    params = fresh_params(dtype=dtype)
    first = make_first(params)
    train(first, params, 5)
    saved = copy.deepcopy(first.state_dict())
    resumed = [torch.nn.Parameter(p.detach().clone()) for p in params]
    second = make_second(resumed)
    second.load_state_dict(saved)
    train(second, resumed, 5, start=5)
    return resumed


@ALL
def test_state_dict_round_trip_continues_identically(cls):
    params = fresh_params()
    train(make(cls, params), params, 10)
    assert_same(resumed_run(lambda ps: make(cls, ps), lambda ps: make(cls, ps)), params)


@WITH_TORCH
@pytest.mark.parametrize("direction", ["torch->descend", "descend->torch"])
def test_state_dict_moves_between_torch_and_descend(cls, direction):
    ours, theirs = (lambda ps: make(cls, ps)), (lambda ps: make_torch(cls, ps))
    params = fresh_params()
    train(theirs(params), params, 10)
    first, second = (theirs, ours) if direction == "torch->descend" else (ours, theirs)
    assert_same(resumed_run(first, second), params)


@WITH_TORCH
@pytest.mark.parametrize("direction", ["descend->descend", "torch->descend"])
def test_a_float64_run_resumes_bit_for_bit(cls, direction):
    """torch's load_state_dict casts the scalar state (NAdam's float32 ``mu_product``, ASGD's
    ``eta`` and ``mu``) to a float64 parameter's dtype; the resumed run keeps the saved one."""
    first = make_torch if direction == "torch->descend" else make
    params = fresh_params(dtype=torch.float64)
    train(first(cls, params), params, 10)
    assert_same(resumed_run(lambda ps: first(cls, ps), lambda ps: make(cls, ps), dtype=torch.float64), params)


def test_asgd_continues_a_checkpoint_that_torch_had_resumed_as_torch_does():
    """torch's load_state_dict casts ASGD's eta and mu to a float64 parameter's dtype, but its
    step computes the next ones from the float32 count: descend computed them in eta's dtype,
    3.9e-9 off torch's continuation of such a checkpoint after 10 steps."""
    params = fresh_params(dtype=torch.float64)
    first = make_torch(do.ASGD, params)
    train(first, params, 5)
    again = make_torch(do.ASGD, params)
    again.load_state_dict(copy.deepcopy(first.state_dict()))
    train(again, params, 5, start=5)
    saved = again.state_dict()
    assert saved["state"][0]["eta"].dtype == torch.float64
    runs = []
    for build in (make_torch, make):
        resumed = [torch.nn.Parameter(p.detach().clone()) for p in params]
        opt = build(do.ASGD, resumed)
        opt.load_state_dict(copy.deepcopy(saved))  # copies: torch's load keeps the saved tensors
        train(opt, resumed, 10, start=10)
        runs.append(resumed)
    assert_same(*runs)


# -- the torch.optim machinery ----------------------------------------------------------------


@ALL
def test_zero_grad(cls):
    params = fresh_params()
    opt = make(cls, params)
    train(opt, params, 1)
    opt.zero_grad(set_to_none=False)
    assert all(torch.count_nonzero(p.grad) == 0 for p in params)
    opt.zero_grad()
    assert all(p.grad is None for p in params)


@ALL
def test_trains_a_module_from_its_parameters_generator(cls):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    x, y = torch.randn(64, 3), torch.randn(64, 1)
    opt = make(cls, model.parameters())
    losses = []
    for _ in range(50):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0]


@pytest.mark.parametrize("name", ["adam", "sgd", "lbfgs", "muon", "sam", "sparse_adam"])
def test_a_module_for_params_says_to_pass_its_parameters(name):
    """torch's "'Linear' object is not iterable" before: the module named, model.parameters() the fix."""
    cls = do.get(name)
    with pytest.raises(
        TypeError, match=rf"^{cls.__name__} takes the parameters, not the module: pass model\.parameters\(\)"
    ):
        cls(torch.nn.Linear(3, 2), lr=0.1)


@pytest.mark.parametrize("name", ["adam", "sgd", "lbfgs", "muon", "sam", "sparse_adam"])
def test_a_used_up_generator_or_a_computed_tensor_for_params_is_named_with_the_fix(name):
    """Was torch's "optimizer got an empty parameter list" for a second optimizer built from the same
    model.parameters() generator, and "can't optimize a non-leaf Tensor" from inside torch."""
    cls = do.get(name)
    model = torch.nn.Linear(4, 4)
    params = model.parameters()
    cls(params, lr=0.1)
    with pytest.raises(
        ValueError, match=rf"^{cls.__name__} got an empty parameter list: the iterator given was already"
    ):
        cls(params, lr=0.1)
    with pytest.raises(ValueError, match=rf"^{cls.__name__} can't optimize parameter \d of the group: it is computed"):
        cls([model.bias.detach().requires_grad_(), model.weight * 2], lr=0.1)
    opt = cls(iter([model.weight]), lr=0.1)  # an iterator with parameters in it is read as torch reads it
    assert opt.param_groups[0]["params"] == [model.weight]


def test_another_optimizers_state_dict_is_refused_naming_both_and_changes_nothing():
    """Was: torch.optim.Adam's state loaded into descend's SGD, whose step then failed inside torch
    ("_foreach_mul_() received an invalid combination of arguments - got (NoneType, float)")."""
    model = torch.nn.Linear(3, 1)
    adam = torch.optim.Adam(model.parameters(), lr=0.1)
    model(torch.ones(2, 3)).sum().backward()
    adam.step()
    sgd = do.SGD(model.parameters(), lr=0.1, momentum=0.9)
    before = copy.deepcopy(sgd.state_dict())
    with pytest.raises(
        ValueError,
        match=r"^SGD\.load_state_dict: the state of parameter 0 holds exp_avg, exp_avg_sq, none of what SGD keeps "
        r"\(momentum_buffer\): it is another optimizer's state dict",
    ):
        sgd.load_state_dict(adam.state_dict())
    assert sgd.state_dict() == before
    # the same rule's state loads, with or without amsgrad's extra entry, as torch.optim's does
    do.Adam(model.parameters(), lr=0.1, amsgrad=True).load_state_dict(adam.state_dict())
    do.Adam(model.parameters(), lr=0.1).load_state_dict(copy.deepcopy(adam.state_dict()))


def _stepped(opt_class, *shapes, **hyper):
    params = [torch.nn.Parameter(torch.ones(shape)) for shape in shapes]
    opt = opt_class(params, lr=0.1, **hyper)
    for p in params:
        p.grad = torch.ones_like(p)
    opt.step()
    return opt


def test_the_state_of_parameters_of_another_shape_is_refused_naming_the_entry_and_both_shapes():
    """Was accepted, and the first step failed inside torch: "The size of tensor a (4) must match
    the size of tensor b (3) at non-singleton dimension 0" (descend/optim/adam.py)."""
    saved = _stepped(do.Adam, (2,), (4,)).state_dict()
    adam = do.Adam([torch.nn.Parameter(torch.ones(2)), torch.nn.Parameter(torch.ones(3))], lr=0.1)
    with pytest.raises(
        ValueError,
        match=r"^Adam\.load_state_dict: the state of parameter 1 \(group 0, parameter 1\) holds exp_avg of shape "
        r"\(4,\), but Adam keeps one of shape \(3,\) for that parameter: it is the state of other "
        r"parameters \(another model, or this one's in another order\); load it into an optimizer over the "
        r"parameters it was saved with, or start this Adam afresh$",
    ):
        adam.load_state_dict(saved)
    assert adam.state_dict()["state"] == {}
    # Adafactor keeps factored rows and columns for a matrix: their shapes, not the parameter's
    factored = _stepped(do.Adafactor, (3, 4)).state_dict()
    do.Adafactor([torch.nn.Parameter(torch.ones(3, 4))]).load_state_dict(factored)
    with pytest.raises(
        ValueError,
        match=r"holds col_var of shape \(1, 4\), but Adafactor keeps one of shape \(1, 5\) for that parameter, of shape \(3, 5\): ",
    ):
        do.Adafactor([torch.nn.Parameter(torch.ones(3, 5))]).load_state_dict(factored)


@pytest.mark.parametrize("name", ["adam", "adafactor", "asgd", "nadam", "rprop", "adamw_schedulefree", "prodigy"])
def test_each_rules_state_loads_for_parameters_of_its_shapes_and_is_refused_for_others(name):
    """The shape check reads each rule's state as the rule makes it (scalars such as ASGD's eta and
    NAdam's mu_product aside), so the rule's own state, and torch.optim's, load; for the
    parameters transposed they were accepted, and the step failed or broadcast inside torch."""
    cls = do.get(name)
    torch_class = getattr(torch.optim, cls.__name__, None)
    for build in [cls] + ([torch_class] if torch_class is not None else []):
        saved = _stepped(build, (3, 2), (2,)).state_dict()
        cls([torch.nn.Parameter(torch.ones(3, 2)), torch.nn.Parameter(torch.ones(2))], lr=0.1).load_state_dict(saved)
        transposed = cls([torch.nn.Parameter(torch.ones(2, 3)), torch.nn.Parameter(torch.ones(2))], lr=0.1)
        with pytest.raises(
            ValueError, match=rf"^{cls.__name__}\.load_state_dict: the state of parameter 0 \(group 0, "
        ):
            transposed.load_state_dict(saved)


@pytest.mark.parametrize("name", ["adam", "lbfgs", "sam"])
def test_a_loss_given_to_step_is_named_with_the_fix(name):
    """Was: "'Tensor' object is not callable" for opt.step(loss)."""
    cls = do.get(name)
    model = torch.nn.Linear(3, 1)
    loss = model(torch.ones(2, 3)).sum()
    loss.backward()
    with pytest.raises(TypeError, match=rf"^{cls.__name__}\.step\(closure\): closure must be a function .*got Tensor"):
        cls(model.parameters(), lr=0.1).step(loss)


@WITH_TORCH
def test_step_lr_schedule_matches_torch(cls):
    runs = []
    for build in (make, make_torch):
        params = fresh_params()
        opt = build(cls, params)
        schedule = T.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
        for k in range(6):
            train(opt, params, 1, start=k)
            schedule.step()
        runs.append((params, opt.param_groups[0]["lr"]))
    (ours, our_lr), (theirs, their_lr) = runs
    assert our_lr == their_lr == CONFIGS[cls][1]["lr"] / 8
    assert_same(ours, theirs)


@ALL
def test_add_param_group_is_validated(cls):
    opt = make(cls, fresh_params())
    with pytest.raises(ValueError, match=r"lr must be a number >= 0, got -1\.0"):
        opt.add_param_group({"params": [torch.nn.Parameter(torch.ones(2))], "lr": -1.0})
    opt.add_param_group({"params": [torch.nn.Parameter(torch.ones(2))], "lr": 0.5})
    assert opt.param_groups[-1]["lr"] == 0.5


@ALL
def test_a_rejected_param_group_is_not_kept(cls):
    params = fresh_params()
    opt = make(cls, params)
    with pytest.raises(
        TypeError, match=r"can only optimize floating-point tensors, got a parameter of dtype torch\.int64"
    ):
        opt.add_param_group({"params": [torch.zeros(2, dtype=torch.int64)]})
    assert len(opt.param_groups) == 1
    train(opt, params, 2)  # steps on as before


@ALL
def test_params_without_grad_are_skipped(cls):
    params = fresh_params()
    frozen = torch.nn.Parameter(torch.ones(5))
    opt = make(cls, [*params, frozen])
    before = [p.detach().clone() for p in params]
    train(opt, params, 3)
    assert torch.equal(frozen, torch.ones(5)) and frozen not in opt.state
    assert all(not torch.equal(p, b) for p, b in zip(params, before))


# -- create -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cls", "expected"),
    [
        ("Adam", do.Adam, {}),
        ("RMSPROP", do.RMSprop, {}),
        ("lion", do.Lion, {}),
        ("momentum", do.SGD, {"momentum": 0.9, "nesterov": False}),
        ("Nesterov", do.SGD, {"momentum": 0.9, "nesterov": True}),
    ],
)
def test_create_by_name(name, cls, expected):
    opt = do.create(name, fresh_params(), lr=0.01)
    assert type(opt) is cls and opt.defaults["lr"] == 0.01
    assert {k: opt.defaults[k] for k in expected} == expected


def test_create_knows_every_optimizer():
    def params(name):  # Muon takes matrices only
        return [torch.nn.Parameter(torch.zeros(4, 3))] if name == "muon" else fresh_params()

    assert {type(do.create(name, params(name))) for name in do.names()} == set(CONFIGS) | CHECKED_ELSEWHERE


def test_create_unknown_name_suggests_the_closest():
    # ("adma" now reads closest to "adamax" for difflib)
    with pytest.raises(ValueError, match=r"'adamm'.*Did you mean 'adam'\?.*sgd, momentum"):
        do.create("adamm", fresh_params())


def test_create_unknown_hyper_parameter_is_named():
    with pytest.raises(TypeError, match=r"no hyper-parameter 'moment'.*Did you mean 'momentum'"):
        do.create("sgd", fresh_params(), moment=0.9)


# -- validation -------------------------------------------------------------------------------

# (hyper-parameter, bad value, the offending number the message must show)
BAD_VALUES = [
    ("lr", -0.1, -0.1),
    ("betas", (1.0, 0.999), 1.0),
    ("betas", (0.9, -0.1), -0.1),
    ("eps", 0.0, 0.0),
    ("eps", -1e-8, -1e-8),
    ("weight_decay", -0.1, -0.1),
    ("momentum", -0.5, -0.5),
    ("dampening", 1.5, 1.5),
    ("alpha", 1.0, 1.0),
    ("rho", 1.5, 1.5),
    ("lr_decay", -0.1, -0.1),
    ("initial_accumulator_value", -1.0, -1.0),
    ("momentum_decay", -0.1, -0.1),
]
# Values a rule allows though the others do not: ASGD's alpha is the power of its step-size
# decay, 1 included.
ALLOWED_BY_THE_RULE = {(do.ASGD, "alpha", 1.0)}
BAD_CASES = [
    pytest.param(cls, name, value, shown, id=f"{cls.__name__}-{name}={value}")
    for cls in CONFIGS
    for name, value, shown in BAD_VALUES
    if name in inspect.signature(cls).parameters and (cls, name, value) not in ALLOWED_BY_THE_RULE
]


@pytest.mark.parametrize(("cls", "name", "value", "shown"), BAD_CASES)
def test_bad_hyper_parameter_is_named_with_its_value(cls, name, value, shown):
    with pytest.raises(ValueError, match=rf"{re.escape(name)}.*{re.escape(str(shown))}"):
        cls(fresh_params(), **{name: value})


@pytest.mark.parametrize("cls", [do.Adam, do.AdamW, do.RMSprop, do.Adagrad, do.Adadelta, do.NAdam, do.RAdam, do.Adamax])
def test_eps_zero_which_torch_takes_is_refused_saying_why(cls):
    # torch.optim takes eps=0 and steps a coordinate whose gradient has been 0 to nan; the
    # refusal said only "eps must be a number > 0, got 0.0" to code written for torch.
    with pytest.raises(ValueError, match=r"eps must be a number > 0, got 0\.0: .* 0/0 = nan .* such as 1e-16"):
        make(cls, fresh_params(), eps=0.0)


def test_adafactors_epsilon1_zero_which_torch_takes_is_refused_saying_why():
    # eps=(0, 1e-3): torch and descend (until now) stepped a matrix whose gradient was 0 to nan
    # (its row means 0 / max(0, 0)), and a vector's coordinate with no gradient yet so too.
    with pytest.raises(ValueError, match=r"^eps\[0\] \(epsilon1\) must be a number > 0, got 0: .* 0/0 = nan"):
        do.Adafactor(fresh_params(), eps=(0, 1e-3))


def test_nesterov_needs_momentum():
    with pytest.raises(ValueError, match=r"nesterov=True requires momentum > 0.*momentum=0\b"):
        do.SGD(fresh_params(), nesterov=True)
    opt = do.SGD(fresh_params(), momentum=0.9, nesterov=True)
    with pytest.raises(ValueError, match=r"nesterov=True requires momentum > 0.*momentum=0\b"):
        opt.add_param_group({"params": [torch.nn.Parameter(torch.ones(2))], "momentum": 0})
    assert len(opt.param_groups) == 1


# -- fused (parity for every rule: test_fused.py) -------------------------------------------


@pytest.mark.slow
def test_fused_follows_a_schedule_without_recompiling():
    from torch._dynamo.utils import counters

    runs = []
    for fused in (False, True):
        params = fresh_params()
        opt = make(do.Adam, params, fused=fused)
        sched = T.lr_scheduler.ExponentialLR(opt, gamma=0.7)
        train(opt, params, 2)  # compiles: step 1, then dynamic step counts
        graphs_before = counters["stats"]["unique_graphs"]
        for _ in range(6):
            train(opt, params, 1)
            sched.step()
        if fused:
            assert counters["stats"]["unique_graphs"] == graphs_before  # 6 new lrs, no recompile
        runs.append(params)
    for p, q in zip(*runs):
        torch.testing.assert_close(p, q, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize(
    "cls, extra",
    [
        *[(c, {}) for c, (theirs, _) in CONFIGS.items() if theirs],
        (do.SGD, {"dampening": 0.5, "nesterov": False}),
    ],
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_state_takes_no_more_memory_than_torch(cls, extra):
    def state_bytes(opt):
        return sum(t.nbytes for s in opt.state.values() for t in s.values() if isinstance(t, torch.Tensor))

    ours, theirs = fresh_params(), fresh_params()
    a = make(cls, ours, **extra)
    b = CONFIGS[cls][0](theirs, foreach=True, **{**CONFIGS[cls][1], **extra})
    train(a, ours, 3)
    train(b, theirs, 3)
    assert state_bytes(a) <= state_bytes(b)
    for p, q in zip(ours, theirs):
        torch.testing.assert_close(p, q, rtol=1e-6, atol=1e-7)


def test_step_unhooked_runs_hooks_and_torch_schedulers_when_present():
    from descend.optim import step_unhooked

    p = torch.nn.Parameter(torch.ones(3))
    opt = do.SGD([p], lr=0.5)
    p.grad = torch.ones(3)
    step_unhooked(opt)  # the direct path: same update as step()
    assert torch.equal(p.detach(), torch.full((3,), 0.5))
    calls = []
    opt.register_step_post_hook(lambda *a: calls.append(1))
    step_unhooked(opt)
    assert calls == [1]
    sched = torch.optim.lr_scheduler.StepLR(do.SGD([p], lr=0.5), step_size=1)
    p.grad = torch.ones(3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "lr_scheduler.step() before optimizer.step()" would raise
        step_unhooked(sched.optimizer)
        sched.step()
