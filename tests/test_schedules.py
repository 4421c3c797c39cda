"""descend.schedules: closed forms, parity with torch's schedulers (and scikit-learn's
invscaling), reduce-on-plateau with negative losses, composition, state round-trips, the
optimizer adapter, ``get`` and every argument check."""

from __future__ import annotations

import copy
import json
import math
import sys
import warnings

import matplotlib
import numpy as np
import pytest
import torch
from matplotlib.figure import Figure
from sklearn.linear_model import SGDRegressor

import descend.optim as do
from descend import schedules as S
from descend.schedules import (
    attach,
    constant,
    cosine,
    exponential_decay,
    get,
    inverse_time,
    join,
    multistep_decay,
    one_cycle,
    plateau,
    step_decay,
    values,
    warmup,
)
from descend.schedules.registry import for_run

L = torch.optim.lr_scheduler
pi, cos = math.pi, math.cos


# --- closed forms ----------------------------------------------------------------------------

CLOSED = {
    "constant": (constant(0.3), lambda t: 0.3),
    "step": (step_decay(0.2, step_size=3, gamma=0.5), lambda t: 0.2 * 0.5 ** (t // 3)),
    "multistep": (multistep_decay(0.2, [2, 5, 9], gamma=0.3), lambda t: 0.2 * 0.3 ** sum(t >= m for m in (2, 5, 9))),
    "exponential": (exponential_decay(0.2, gamma=0.9), lambda t: 0.2 * 0.9**t),
    "inverse_time": (inverse_time(0.2, power_t=0.3), lambda t: 0.2 / (t + 1) ** 0.3),
    "cosine": (cosine(0.2, total_steps=10, final_lr=0.01), lambda t: 0.01 + 0.19 * (1 + cos(pi * min(t, 10) / 10)) / 2),
    "warmup": (
        warmup(4, then=cosine(0.2, total_steps=10), start_factor=0.25),
        lambda t: 0.2 * (0.25 + 0.75 * t / 4) if t < 4 else 0.1 * (1 + cos(pi * min(t - 4, 10) / 10)),
    ),
    "join": (join([constant(0.3), exponential_decay(0.2, 0.5)], [3]), lambda t: 0.3 if t < 3 else 0.2 * 0.5 ** (t - 3)),
    # up over steps 0..3 (pct_start * total - 1 = 3), down over 3..9, then held
    "onecycle_linear": (
        one_cycle(1.0, 10, pct_start=0.4, anneal_strategy="linear", div_factor=4, final_div_factor=5),
        lambda t: 0.25 + 0.75 * t / 3 if t <= 3 else 1.0 + (0.05 - 1.0) * min(t - 3, 6) / 6,
    ),
    "onecycle_cos": (
        one_cycle(1.0, 10, pct_start=0.4, div_factor=4, final_div_factor=5),
        lambda t: (
            1.0 + (0.25 - 1.0) * (1 + cos(pi * t / 3)) / 2
            if t <= 3
            else 0.05 + (1.0 - 0.05) * (1 + cos(pi * min(t - 3, 6) / 6)) / 2
        ),
    ),
    "onecycle_three_phase": (
        one_cycle(1.0, 10, pct_start=0.2, anneal_strategy="linear", div_factor=4, final_div_factor=5, three_phase=True),
        lambda t: (
            0.25 + 0.75 * t
            if t <= 1
            else 1.0 - 0.75 * (t - 1) / 1
            if t <= 2
            else 0.25 + (0.05 - 0.25) * min(t - 2, 7) / 7
        ),
    ),
}


@pytest.mark.parametrize("name", CLOSED)
def test_closed_forms(name):
    sched, formula = CLOSED[name]
    for t in [0, 1, 2, 3, 4, 5, 7, 9, 10, 13, 50]:
        assert sched(t) == pytest.approx(formula(t), rel=1e-12, abs=1e-15), t
    planned = values(sched, 20)
    assert all(type(v) is float for v in planned)
    assert planned == pytest.approx([formula(t) for t in range(20)], rel=1e-12, abs=1e-15)


def test_inverse_time_is_scikit_learns_invscaling():
    """sklearn counts updates from 1: update k uses eta0 / k**power_t. Recover its rates from
    SGDRegressor on x = 1 (w <- w - eta_k (w - y_k)) and compare."""
    reg = SGDRegressor(
        learning_rate="invscaling", eta0=0.1, power_t=0.3, penalty=None, fit_intercept=False, shuffle=False
    )
    w, etas = 0.0, []
    for k in range(10):
        y = 5.0 + k
        reg.partial_fit(np.ones((1, 1)), [y])
        etas.append((reg.coef_[0] - w) / (y - w))
        w = reg.coef_[0]
    np.testing.assert_allclose(etas, values(inverse_time(0.1, power_t=0.3), 10), rtol=1e-12)
    assert inverse_time(1.0).config["power_t"] == 0.25  # SGDRegressor's default


# --- parity with torch.optim.lr_scheduler ----------------------------------------------------


def two_groups(cls=torch.optim.SGD, lr=0.1):
    a, b = torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(1))
    return cls([{"params": [a]}, {"params": [b], "lr": lr / 4}], lr=lr)


def torch_lrs(make, n, metrics=None):
    opt = two_groups()
    sched = make(opt)
    out = []
    for k in range(n):
        out.append([g["lr"] for g in opt.param_groups])
        opt.step()
        sched.step() if metrics is None else sched.step(metrics[k])
    return out


def our_lrs(schedule, n, metrics=None, opt=None):
    opt = opt or two_groups()
    adapter = attach(opt, schedule)
    out = []
    for k in range(n):
        out.append(list(adapter.last_lr))
        assert adapter.last_lr == [g["lr"] for g in opt.param_groups]
        opt.step()
        adapter.step()
        if metrics is not None:
            adapter.observe(metrics[k])
    return out


PARITY = {
    "StepLR": (lambda o: L.StepLR(o, step_size=3, gamma=0.5), step_decay(0.1, 3, 0.5), 30),
    "MultiStepLR": (lambda o: L.MultiStepLR(o, [2, 5, 9], gamma=0.3), multistep_decay(0.1, [2, 5, 9], 0.3), 20),
    "ExponentialLR": (lambda o: L.ExponentialLR(o, gamma=0.93), exponential_decay(0.1, 0.93), 50),
    "CosineAnnealingLR": (lambda o: L.CosineAnnealingLR(o, T_max=50, eta_min=1e-3), cosine(0.1, 50, final_lr=1e-3), 51),
    "OneCycleLR-cos": (
        lambda o: L.OneCycleLR(o, max_lr=[0.1, 0.025], total_steps=100, cycle_momentum=False),
        one_cycle(0.1, 100),
        100,
    ),
    "OneCycleLR-linear": (
        lambda o: L.OneCycleLR(
            o,
            max_lr=[0.1, 0.025],
            total_steps=37,
            pct_start=0.25,
            anneal_strategy="linear",
            div_factor=10,
            final_div_factor=100,
            cycle_momentum=False,
        ),
        one_cycle(0.1, 37, 0.25, "linear", 10, 100),
        37,
    ),
    "OneCycleLR-three-phase": (
        lambda o: L.OneCycleLR(
            o, max_lr=[0.1, 0.025], total_steps=41, pct_start=0.35, three_phase=True, cycle_momentum=False
        ),
        one_cycle(0.1, 41, 0.35, three_phase=True),
        41,
    ),
    "LinearLR+SequentialLR": (
        lambda o: L.SequentialLR(
            o, [L.LinearLR(o, start_factor=0.1, total_iters=5), L.CosineAnnealingLR(o, T_max=20, eta_min=1e-3)], [5]
        ),
        warmup(5, cosine(0.1, 20, final_lr=1e-3), start_factor=0.1),
        25,
    ),
}


@pytest.mark.parametrize("name", PARITY)
def test_same_lrs_as_torch(name):
    """The first group's lrs (torch's eta_min / min_lr are absolute in every group; ours
    scale with the group, see test_adapter_drives_two_param_groups)."""
    make, ours, n = PARITY[name]
    theirs = [lr for lr, _ in torch_lrs(make, n)]
    np.testing.assert_allclose([lr for lr, _ in our_lrs(ours, n)], theirs, rtol=1e-12, atol=0)
    np.testing.assert_allclose(values(ours, n), theirs, rtol=1e-12, atol=0)


# Flat stretches whose improvements are about 1% (more than abs 1e-3, less than rel 2%).
LOSSES = [
    1.0,
    0.8,
    0.79,
    0.782,
    0.775,
    0.9,
    0.77,
    0.6,
    0.5,
    0.499,
    0.4985,
    0.6,
    0.6,
    0.498,
    0.497,
    0.3,
    0.3,
    0.31,
    0.2999,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
]


@pytest.mark.parametrize("threshold_mode, threshold", [("rel", 0.02), ("abs", 1e-3)])
@pytest.mark.parametrize("cooldown", [0, 1])
def test_plateau_matches_reduce_lr_on_plateau(threshold_mode, threshold, cooldown):
    kw = dict(factor=0.5, patience=1, threshold=threshold, threshold_mode=threshold_mode, cooldown=cooldown)
    theirs = torch_lrs(lambda o: L.ReduceLROnPlateau(o, min_lr=[0.1 / 64, 0.025 / 64], **kw), len(LOSSES), LOSSES)
    ours = our_lrs(plateau(0.1, min_lr=0.1 / 64, **kw), len(LOSSES), LOSSES)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)
    assert ours[-1][0] < 0.1  # reductions happened ...


def test_plateau_thresholds_make_a_difference():
    # ... and the loss sequence tells rel from abs apart.
    runs = [
        our_lrs(plateau(0.1, factor=0.5, patience=1, threshold=t, threshold_mode=m), len(LOSSES), LOSSES)
        for m, t in [("rel", 0.02), ("abs", 1e-3)]
    ]
    assert runs[0] != runs[1]


def observe_all(sched, metrics):
    for m in metrics:
        sched.observe(m)
    return sched


def test_plateau_rel_threshold_with_negative_losses():
    """A loss that gets worse from -1.0 to -0.95 is no improvement. torch's rel test,
    metric < best * (1 - threshold) = -0.9, calls it one and never reduces the lr."""
    worse = [-1.0, -0.95, -0.9, -0.85, -0.8, -0.75]
    theirs = torch_lrs(lambda o: L.ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=0.1), len(worse), worse)
    assert [lr for lr, _ in theirs] == [0.1] * 6  # the known torch misbehaviour
    ours = plateau(0.1, factor=0.5, patience=2, threshold=0.1)
    lrs = [observe_all(ours, [m])(0) for m in worse]
    assert lrs == [0.1, 0.1, 0.1, 0.05, 0.05, 0.05]  # 3 bad epochs > patience 2
    assert ours.best == -1.0
    # A 5% gain is below the 10% threshold; a 20% gain (|best| * 0.1 = 0.1) is an improvement.
    s = observe_all(plateau(0.1, threshold=0.1), [-1.0, -1.05])
    assert (s.best, s.bad_epochs) == (-1.0, 1)
    observe_all(s, [-1.2])
    assert (s.best, s.bad_epochs) == (-1.2, 0)
    # mode="max" with negative scores: -0.95 beats -1.0 by 5%, not by 10%; -0.85 does.
    s = observe_all(plateau(0.1, mode="max", threshold=0.1), [-1.0, -0.95])
    assert (s.best, s.bad_epochs) == (-1.0, 1)
    observe_all(s, [-0.85])
    assert s.best == -0.85


def test_plateau_ignores_nan_and_counts_it_bad():
    s = observe_all(plateau(0.1, patience=0), [math.nan, 1.0])
    assert (s.best, s.scale) == (1.0, 0.1)


@pytest.mark.parametrize("mode", ["min", "max"])
def test_plateau_counts_infinite_metrics_bad_and_never_best(mode):
    """A diverged loss (inf) is a bad epoch, never the best, so later finite ones still improve."""
    s = observe_all(plateau(0.1, mode=mode, patience=1), [math.inf, -math.inf])
    assert (s.best, s.bad_epochs, s.scale) == (None, 0, 0.1)
    better = 2.0 if mode == "max" else 0.5
    observe_all(s, [1.0, math.inf, -math.inf, better])
    assert (s.best, s.bad_epochs, s.scale) == (better, 0, pytest.approx(0.01))


def test_plateau_takes_one_element_tensors_and_numpy_scalars():
    s = observe_all(
        plateau(0.1), [torch.tensor(3.0), np.float32(2.0), np.array([1.0]), torch.tensor([[0.5]], requires_grad=True)]
    )
    assert s.best == 0.5 and isinstance(s.best, float)


def test_plateau_composes_with_cosine_multiplicatively():
    base = cosine(0.1, total_steps=40)
    s = observe_all(plateau(base, factor=0.5, patience=1), [3.0, 3.0, 3.0, 3.0, 3.0])
    assert s.scale == 0.25
    for t in range(45):
        assert s(t) == base(t) * 0.25
    # min_lr floors the reductions, never the base: near the end the base itself is lower.
    s = observe_all(plateau(base, factor=0.1, patience=0, min_lr=0.02), [1.0, 1.0, 1.0])
    assert s.scale == pytest.approx(0.01)
    assert [s(t) for t in (0, 20, 39)] == [0.02, 0.02, base(39)]
    assert base(39) < 0.02


# --- state round-trips -----------------------------------------------------------------------

ROUND_TRIP = [s for s, _ in CLOSED.values()] + [
    get("cosine", lr=0.1, total_steps=30, warmup_steps=5),
    plateau(warmup(3, one_cycle(0.1, 30)), factor=0.5, patience=1, cooldown=1),
]


@pytest.mark.parametrize("schedule", ROUND_TRIP, ids=repr)
def test_resume_gives_identical_values(schedule):
    metrics = [1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.2, 0.3, 0.3, 0.3, 0.3, 0.3]
    fresh = copy.deepcopy(schedule)

    def run(opt, adapter, start, stop):
        lrs = []
        for k in range(start, stop):
            opt.step()
            adapter.step()
            if isinstance(schedule, S.Plateau) and k % 3 == 2:
                adapter.observe(metrics[k // 3])
            lrs.append(list(adapter.last_lr))
        return lrs

    opt = two_groups(torch.optim.Adam)
    whole = run(opt, attach(opt, copy.deepcopy(fresh)), 0, 30)
    opt = two_groups(torch.optim.Adam)
    adapter = attach(opt, copy.deepcopy(fresh))
    first = run(opt, adapter, 0, 13)
    saved = json.loads(
        json.dumps({"opt": opt.state_dict()["param_groups"], "sched": adapter.state_dict()})
    )  # plain data
    opt2 = two_groups(torch.optim.Adam)
    resumed = attach(opt2, copy.deepcopy(fresh))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the same config: no warning
        resumed.load_state_dict(saved["sched"])
    assert resumed.steps == 13 and resumed.last_lr == adapter.last_lr
    assert first + run(opt2, resumed, 13, 30) == whole


def test_resume_after_a_zero_lr_keeps_group_ratios():
    """A warm-up from 0 leaves every group at lr 0; the optimizer's state dict carries
    "initial_lr", so a fresh adapter on the restored optimizer still knows the ratios."""
    sched = warmup(5, cosine(0.1, 20))
    opt = two_groups(do.SGD)
    attach(opt, sched)
    assert [g["lr"] for g in opt.param_groups] == [0.0, 0.0]
    restored = two_groups(do.SGD, lr=0.3)
    restored.load_state_dict(opt.state_dict())
    adapter = attach(restored, sched)
    adapter.step()
    assert adapter.last_lr == [sched(1), sched(1) / 4]


def test_changed_horizon_warns():
    state = cosine(0.1, total_steps=100).state_dict()
    with pytest.warns(UserWarning, match=r"total_steps=100.*total_steps=200"):
        cosine(0.1, total_steps=200).load_state_dict(state)
    state = multistep_decay(0.1, [10, 20]).state_dict()
    with pytest.warns(UserWarning, match=r"milestones=\[10, 20\].*milestones=\[10, 30\]"):
        multistep_decay(0.1, [10, 30]).load_state_dict(state)
    state = plateau(warmup(5, one_cycle(0.1, 50))).state_dict()  # nested: still found
    with pytest.warns(UserWarning, match=r"total_steps=50.*total_steps=60"):
        plateau(warmup(5, one_cycle(0.1, 60))).load_state_dict(state)
    with pytest.raises(ValueError, match="'cosine' schedule"):
        step_decay(0.1, 10).load_state_dict(state["base"]["then"] | {"name": "cosine"})


def test_plateau_state_round_trip_restores_its_counters():
    s = observe_all(plateau(0.1, factor=0.5, patience=1, cooldown=2), [1.0, 1.0, 1.0, 2.0])
    state = json.loads(json.dumps(s.state_dict()))
    t = plateau(0.1, factor=0.5, patience=1, cooldown=2)
    t.load_state_dict(state)
    assert (t.scale, t.best, t.bad_epochs, t.cooldown_left) == (0.5, 1.0, 0, 1)
    for m in [2.0, 2.0, 2.0, 2.0]:
        s.observe(m), t.observe(m)
        assert (t.scale, t(0)) == (s.scale, s(0))


# --- the adapter -----------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [do.SGD, torch.optim.Adam], ids=lambda c: c.__module__)
def test_adapter_drives_two_param_groups(cls):
    """Group 0 follows the schedule, group 1 keeps its initial ratio 1/4; the lrs match torch's
    own CosineAnnealingLR (which scales each group's base lr) on the same optimizer."""
    sched = cosine(0.1, total_steps=10)
    ours = our_lrs(sched, 11, opt=two_groups(cls))
    assert ours == [[lr, lr * 0.25] for lr in values(sched, 11)]
    theirs = torch_lrs(lambda o: L.CosineAnnealingLR(o, T_max=10), 11)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-300)


def test_adapter_lrs_are_the_ones_the_updates_use():
    w = torch.nn.Parameter(torch.zeros(1))
    opt = do.SGD([w], lr=1.0)
    sched = warmup(3, exponential_decay(0.5, 0.5), start_factor=0.5)
    adapter = attach(opt, sched)
    for _ in range(8):
        w.grad = torch.ones(1)
        opt.step()
        adapter.step()
    assert w.item() == pytest.approx(-sum(values(sched, 8)), rel=1e-6)


def test_adapter_errors():
    opt = two_groups()
    with pytest.raises(TypeError, match="step-driven schedule and takes no metric"):
        attach(opt, constant(0.1)).observe(1.0)
    with pytest.raises(TypeError, match="schedule must be a Schedule or a number"):
        attach(opt, lambda t: 0.1)
    adapter = attach(opt, constant(0.1))
    opt.param_groups.pop()
    with pytest.raises(RuntimeError, match="1 param groups, the adapter was built for 2"):
        adapter.step()
    zero = torch.optim.SGD(
        [
            {"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.0},
            {"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.1},
        ]
    )
    with pytest.raises(ValueError, match="first param group's initial lr must be > 0.*got 0.0"):
        attach(zero, constant(0.1))


NOT_AN_OPTIMIZER = r"optimizer must be a torch\.optim\.Optimizer \(or anything whose param_groups"


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: attach(None, constant(0.1)), TypeError, NOT_AN_OPTIMIZER + r".*got None \(NoneType\)"),
        (
            lambda: attach(torch.nn.Linear(2, 1), constant(0.1)),
            TypeError,
            NOT_AN_OPTIMIZER + r".*got Linear\(.*\) \(Linear\)",
        ),
        (
            lambda: attach(constant(0.1), two_groups()),
            TypeError,
            NOT_AN_OPTIMIZER + r".*got constant\(lr=0\.1\) \(Schedule\)",
        ),
        (lambda: S.for_run("cosine", torch.nn.Linear(2, 1), 10), TypeError, NOT_AN_OPTIMIZER + r".*\(Linear\)"),
        (
            lambda: plateau(0.1).observe("x"),
            TypeError,
            r"metric must be a real number or a one-element tensor, got 'x' \(str\)",
        ),
        (
            lambda: plateau(0.1).observe(None),
            TypeError,
            r"metric must be a real number or a one-element tensor, got None \(NoneType\)",
        ),
        (
            lambda: plateau(0.1).observe(True),
            TypeError,
            r"metric must be a real number or a one-element tensor, got True \(bool\)",
        ),
        (
            lambda: plateau(0.1).observe(torch.tensor([1.0, 2.0])),
            TypeError,
            r"metric must be a real number or a one-element tensor, got tensor\(\[1\., 2\.\]\)",
        ),
        (
            lambda: attach(two_groups(), plateau(0.1)).observe("loss"),
            TypeError,
            r"metric must be a real number or a one-element tensor, got 'loss' \(str\)",
        ),
    ],
)
def test_adapter_and_plateau_input_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- get -------------------------------------------------------------------------------------


def test_get_by_name():
    assert set(S.names()) >= {
        "constant",
        "step",
        "multistep",
        "exponential",
        "invscaling",
        "inverse_time",
        "cosine",
        "onecycle",
        "plateau",
    }
    assert repr(get(" Step ", lr=0.1, step_size=5)) == repr(step_decay(0.1, 5))
    assert values(get("INVSCALING", lr=0.1), 5) == values(inverse_time(0.1), 5)
    assert isinstance(get("plateau", base=0.1, patience=2), S.Plateau)
    s = get("cosine", lr=0.1, total_steps=100, warmup_steps=10)  # 100 updates in all
    assert values(s, 101) == values(warmup(10, cosine(0.1, 90)), 101)
    assert s(100) == 0.0 and s(99) > 0.0
    s = get("exponential", lr=0.1, gamma=0.5, warmup_steps=2)  # no horizon: it just follows
    assert [s(t) for t in range(5)] == [0.0, 0.05, 0.1, 0.05, 0.025]


def test_get_errors():
    with pytest.raises(ValueError, match=r"unknown schedule 'cosin'\. Did you mean 'cosine'\?"):
        get("cosin", lr=0.1, total_steps=10)
    with pytest.raises(ValueError, match="Known: constant, step, multistep"):
        get("linear")
    with pytest.raises(TypeError, match="schedule must be one of constant, step"):
        get(None)
    with pytest.raises(TypeError, match=r"no argument 'total_step'\. Did you mean 'total_steps'"):
        get("cosine", lr=0.1, total_step=10)
    with pytest.raises(ValueError, match="warmup_steps does not apply to 'onecycle'"):
        get("onecycle", max_lr=0.1, total_steps=10, warmup_steps=2)
    with pytest.raises(ValueError, match=r"does not apply to 'plateau': use plateau\(base"):
        get("plateau", base=0.1, warmup_steps=2)
    with pytest.raises(ValueError, match="total_steps must be > warmup_steps=10, got 10"):
        get("cosine", lr=0.1, total_steps=10, warmup_steps=10)
    with pytest.raises(ValueError, match="warmup_steps must be an integer >= 0, got -1"):
        get("cosine", lr=0.1, total_steps=10, warmup_steps=-1)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: get("cosine"),
            TypeError,
            r"schedule 'cosine' needs lr, total_steps\. It takes: lr, total_steps, final_lr=0\.0\.$",
        ),
        (
            lambda: get("Cosine", lr=0.1, warmup_steps=5),
            TypeError,
            r"schedule 'Cosine' needs total_steps\. It takes: lr, total_steps, final_lr=0\.0\.",
        ),
        (
            lambda: get("step", lr=0.1),
            TypeError,
            r"schedule 'step' needs step_size\. It takes: lr, step_size, gamma=0\.1\.",
        ),
        (
            lambda: get("plateau"),
            TypeError,
            r"schedule 'plateau' needs base\. It takes: base, mode='min', factor=0\.1, patience=10",
        ),
        (
            lambda: get("constant", lr=0.1, gamma=0.5),
            TypeError,
            r"schedule 'constant' has no argument 'gamma'\. It takes: lr\.$",
        ),
    ],
)
def test_get_names_the_arguments_a_schedule_takes(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- argument checks -------------------------------------------------------------------------

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


# --- values / plot ---------------------------------------------------------------------------


def test_values():
    assert values(step_decay(1.0, 2, 0.5), 5) == [1.0, 1.0, 0.5, 0.5, 0.25]
    assert all(isinstance(v, float) for v in values(constant(1), 3))


def test_plot_without_matplotlib_says_how_to_get_it(monkeypatch):
    # Hide matplotlib whether or not it is installed.
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError, match=r"plot\(\) needs matplotlib: pip install matplotlib"):
        S.plot(cosine(0.1, 10), 10)


def test_plot_draws_the_values_on_a_headless_figure():
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt  # only to see that plot() leaves it alone

    open_before = plt.get_fignums()
    ax = S.plot(cosine(0.1, 10), 10)
    assert list(ax.lines[0].get_ydata()) == values(cosine(0.1, 10), 10)
    assert type(ax.figure) is Figure and plt.get_fignums() == open_before  # no pyplot state
    mine = Figure().add_subplot()
    assert S.plot(constant(0.2), 3, ax=mine) is mine and list(mine.lines[0].get_ydata()) == [0.2] * 3


@pytest.mark.parametrize("name", S.names())
def test_every_name_is_sized_to_the_run_by_for_run(name):
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    adapter = S.for_run(name, opt, total_steps=100)
    planned = S.values(adapter.schedule, 100)
    assert planned[0] == pytest.approx(0.1 / 25 if "cycle" in name else 0.1)
    if name in ("step", "multistep", "exponential", "cosine"):
        assert planned[-1] < 0.1 * 0.05  # decayed over the run
    if name == "exponential":
        assert S.values(adapter.schedule, 101)[-1] == pytest.approx(0.001)
    if name == "multistep":
        assert adapter.schedule.config["milestones"] == [50, 75]


@pytest.mark.parametrize("base", ["cosine", "exponential", "constant"])
def test_warmup_names_ramp_over_5_percent_of_the_run_then_follow_the_base(base):
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.2)
    adapter = S.for_run(f"warmup+{base}", opt, total_steps=200)
    plain = S.for_run(base, torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.2), 190)
    expected = [0.2 * t / 10 for t in range(10)] + S.values(plain.schedule, 190)
    assert S.values(adapter.schedule, 200) == pytest.approx(expected)


def test_a_misspelt_run_schedule_lists_the_warmup_names_too():
    # train, minimize and the estimators take "warmup+NAME" as well: the message says so, as the CLI's does.
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.2)
    with pytest.raises(
        ValueError, match=r"unknown schedule 'cosin'\. Did you mean 'cosine'\? Known: constant, .*, warmup\+cosine\.$"
    ):
        S.for_run("cosin", opt, total_steps=100)
    with pytest.raises(TypeError, match=r"schedule must be a name \(constant, .*warmup\+cosine\), a descend.schedules"):
        S.for_run(3, opt, total_steps=100)


@pytest.mark.parametrize(
    "name, match",
    [
        ("warmup+onecycle", "warmup_steps does not apply to 'onecycle': it warms up itself"),
        ("warmup+plateau", "warmup_steps does not apply to 'plateau'"),
        ("warmup+cosinus", "unknown schedule 'cosinus'"),
    ],
)
def test_warmup_names_that_cannot_be(name, match):
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.2)
    with pytest.raises(ValueError, match=match):
        S.for_run(name, opt, total_steps=100)
    assert name not in S.run_names()


def test_a_torch_scheduler_class_that_needs_arguments_is_named_with_the_function_to_pass():
    """schedule=StepLR was Python's "StepLR.__init__() missing 1 required positional argument:
    'step_size'" from inside the run; a class built from the optimizer alone still works."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    with pytest.raises(
        TypeError,
        match=r"^schedule=StepLR is built as StepLR\(optimizer\), but it needs step_size too: pass a function, "
        r"schedule=lambda opt: StepLR\(opt, step_size=\.\.\.\)$",
    ):
        for_run(torch.optim.lr_scheduler.StepLR, opt, 10)
    assert isinstance(for_run(torch.optim.lr_scheduler.ConstantLR, opt, 10), torch.optim.lr_scheduler.ConstantLR)


def test_a_warmup_on_a_run_of_one_update_says_what_would_give_it_more():
    """descend train --schedule warmup+cosine on one update said "schedule 'warmup+cosine' needs ..."
    (no option); now the keyword, which the command line spells as --schedule."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    with pytest.raises(
        ValueError,
        match=r"^schedule='Warmup\+Cosine' needs a run of at least 2 updates \(a warm-up, then 'cosine'\), "
        r"got 1 update: train for more epochs or with smaller batches$",
    ):
        for_run("Warmup+Cosine", opt, 1)


def test_a_param_group_added_mid_run_follows_the_schedule_as_under_torch_steplr():
    """Was: RuntimeError "the optimizer has 2 param groups, the adapter was built for 1: attach
    the schedule again", and attaching again started the schedule over at update 0."""
    ours = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    theirs = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    adapter, steplr = attach(ours, step_decay(0.1, 2, 0.5)), torch.optim.lr_scheduler.StepLR(theirs, 2, 0.5)
    for update in range(7):
        if update == 3:
            for opt in (ours, theirs):
                opt.add_param_group({"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.5})
        assert [g["lr"] for g in ours.param_groups] == pytest.approx([g["lr"] for g in theirs.param_groups])
        ours.step(), adapter.step(), theirs.step(), steplr.step()
    assert [g["lr"] for g in ours.param_groups] == pytest.approx([0.0125, 0.125])


def test_a_param_group_added_where_the_first_groups_lr_is_zero_needs_its_initial_lr():
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    adapter = attach(opt, warmup(2, then=0.1))  # lr 0 at update 1
    opt.add_param_group({"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.5})
    with pytest.raises(
        ValueError,
        match=r"added mid-run cannot be scaled by the first group's lr, which is 0.0 now: give the new group an 'initial_lr' \(to be scaled as the first group's, 1.0\)",
    ):
        adapter.step()
    opt.param_groups[1]["initial_lr"] = 2.0  # twice the first group's (1.0)
    adapter.step()
    assert [g["lr"] for g in opt.param_groups] == pytest.approx([0.05, 0.1])
