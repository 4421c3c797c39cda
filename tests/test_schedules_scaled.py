"""``schedules.scaled``: a schedule with every rate times a factor (what the doctor advises a
run whose rates a schedule object set)."""

import copy
import pickle

import pytest
import torch

from descend import schedules as S


def test_every_rate_is_the_schedules_times_the_factor():
    base = S.warmup(2, then=S.cosine(0.4, total_steps=6))
    s = S.scaled(base, 0.25)
    assert [s(t) for t in range(9)] == [0.25 * base(t) for t in range(9)]
    assert repr(s) == f"scaled(schedule={base!r}, factor=0.25)"


def test_scaled_again_is_scaled_once_by_the_product():
    s = S.scaled(S.scaled(S.constant(0.4), 0.5), 0.5)
    assert repr(s) == "scaled(schedule=constant(lr=0.4), factor=0.25)"
    assert s(3) == 0.1


def test_a_plateau_stays_one_over_its_base_scaled_floor_and_all():
    s = S.scaled(S.plateau(S.constant(0.4), factor=0.5, patience=0, min_lr=0.1), 0.5)
    assert isinstance(s, S.Plateau) and s.config["min_lr"] == 0.05 and s(0) == 0.2
    for loss in [1.0, 2.0, 2.0, 2.0]:  # three reductions: 0.2 -> 0.025, floored at 0.05
        s.observe(loss)
    assert s(0) == 0.05


def test_it_pickles_and_copies_as_the_call_that_built_it():
    s = S.scaled(S.cosine(0.4, total_steps=4), 0.5)
    for again in (pickle.loads(pickle.dumps(s)), copy.deepcopy(s)):
        assert repr(again) == repr(s) and [again(t) for t in range(5)] == [s(t) for t in range(5)]


@pytest.mark.parametrize(
    "schedule, factor, message",
    [
        (S.constant(0.1), 0, "factor must be a number > 0, got 0"),
        (S.constant(0.1), "2", "factor must be a number > 0, got '2'"),
        ("cosine", 0.5, "schedule must be a Schedule or a number, got 'cosine'"),
    ],
)
def test_bad_arguments_are_named(schedule, factor, message):
    with pytest.raises((TypeError, ValueError), match=message):
        S.scaled(schedule, factor)


def test_a_scaled_plateau_pickles_copies_and_drives_a_run():
    # was "scaled() got an unexpected keyword argument 'base'": the plateau was rebuilt as a call
    # of scaled with the plateau's arguments, so a run given the doctor's advice on a plateau
    # run (for_run copies its schedule) failed before its first update
    s = S.scaled(S.plateau(S.cosine(0.4, total_steps=4), patience=0, min_lr=0.1), 0.5)
    for again in (pickle.loads(pickle.dumps(s)), copy.deepcopy(s)):
        assert repr(again) == repr(s) and [again(t) for t in range(5)] == [s(t) for t in range(5)]
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    assert S.for_run(s, opt, 4).last_lr == [0.2]


def test_a_scaled_plateau_scaled_again_carries_the_product_as_its_rate_factor():
    # was 0.5, the last factor alone, while a scaled step-driven schedule carries the product:
    # the doctor's cautious pick compares the two kinds alike
    once = S.scaled(S.plateau(S.constant(0.4)), 0.5)
    assert S.scaled(once, 0.5).rate_factor == 0.25 == S.scaled(S.scaled(S.constant(0.4), 0.5), 0.5).rate_factor
