"""State round-trips: a schedule and its adapter resumed from a JSON state dict give the rates of an
uninterrupted run (also after a zero lr), a changed horizon warns, and plateau's counters come
back."""

from __future__ import annotations

import copy
import functools
import json
import pickle
import warnings

import pytest
import torch

import descend.optim as do
from _schedules import CLOSED, observe_all, two_groups
from descend import schedules as S
from descend.schedules import attach, cosine, get, multistep_decay, one_cycle, plateau, step_decay, warmup

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


@pytest.mark.parametrize("schedule", ROUND_TRIP, ids=repr)
def test_every_built_schedule_pickles_with_its_rates_and_state(schedule):
    """Schedules are closures, which pickle could not store ("Can't pickle local object
    'constant.<locals>.<lambda>'"): an estimator given one could not be saved (pickle, joblib)."""
    schedule = copy.deepcopy(schedule)
    if isinstance(schedule, S.Plateau):
        observe_all(schedule, [1.0, 2.0, 3.0])
    back = pickle.loads(pickle.dumps(schedule))
    assert repr(back) == repr(schedule) and back.state_dict() == schedule.state_dict()
    assert S.values(back, 40) == S.values(schedule, 40)


def _half_of(inner, t):
    return inner(t) / 2


def test_a_schedule_of_ones_own_pickles_as_its_function_can_with_built_ones_inside():
    inner = cosine(0.1, total_steps=10)
    own = S.Schedule("halved", functools.partial(_half_of, inner), inner=inner)
    back = pickle.loads(pickle.dumps(own))
    assert S.values(back, 12) == [lr / 2 for lr in S.values(inner, 12)] and back.state_dict() == own.state_dict()
    with pytest.raises((pickle.PicklingError, AttributeError)):  # a lambda of one's own pickles as little as ever
        pickle.dumps(S.Schedule("mine", lambda t: 0.1))
