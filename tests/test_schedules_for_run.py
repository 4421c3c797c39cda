"""for_run(): the schedule names of train, minimize and the estimators sized to a run's updates
(warmup+NAME included), torch scheduler classes, and one clear error for a name or a run that
cannot be."""

from __future__ import annotations

import pytest
import torch

import descend as ds
from descend import schedules as S
from descend.cli._parsers import parse_schedule
from descend.schedules.registry import RunTooShort, for_run


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
        # was "warmup_steps does not apply to 'onecycle': it warms up itself", naming an argument not given
        (
            "Warmup+OneCycle",
            r"^schedule='Warmup\+OneCycle' cannot be: 'onecycle' warms up itself; give schedule='onecycle'$",
        ),
        (
            "warmup+plateau",
            r"^schedule='warmup\+plateau' cannot be: a reduce-on-plateau takes its warm-up inside, "
            r"schedule=plateau\(base=warmup\(steps, then=\.\.\.\)\)$",
        ),
        ("warmup+cosinus", r"^unknown schedule 'warmup\+cosinus'\. Did you mean 'warmup\+cosine'\? Known: "),
    ],
)
def test_warmup_names_that_cannot_be(name, match):
    """The same message from train and the CLI's --schedule (which said "Did you mean
    'warmup+cosine'?" to warmup+onecycle)."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.2)
    with pytest.raises(ValueError, match=match):
        S.for_run(name, opt, total_steps=100)
    with pytest.raises(ValueError, match=match):
        parse_schedule(name)
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
        r"got 1 update: give it more: more epochs \(train\) or max_epochs \(an estimator\), smaller batches, or "
        r"max_iter >= 2 \(minimize\)$",
    ):
        for_run("Warmup+Cosine", opt, 1)


def test_a_warmup_on_a_minimize_of_one_iteration_names_max_iter():
    """Was "train for more epochs or with smaller batches", words for train, to minimize, which
    has neither: its run's length is max_iter."""
    with pytest.raises(RunTooShort, match=r"got 1 update: .*, or max_iter >= 2 \(minimize\)$"):
        ds.minimize(lambda x: (x**2).sum(), [1.0, 2.0], optimizer="gd", lr=0.1, schedule="warmup+cosine", max_iter=1)


def test_a_plateau_object_starts_every_run_afresh_and_is_left_as_it_was():
    """train, minimize and tune drive a plateau object through for_run: its reductions stayed in
    the user's object, so a second run with it (another tune trial, a second train call) started
    at the first run's reduced rate, 0.0125 instead of 0.1 here."""
    s = S.plateau(0.1, factor=0.5, patience=0)
    for _ in range(2):
        opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
        adapter = for_run(s, opt, 10)
        assert opt.param_groups[0]["lr"] == 0.1
        for loss in [1.0, 2.0, 3.0, 4.0]:
            adapter.observe(loss)
        assert opt.param_groups[0]["lr"] == 0.1 * 0.5**3
    assert (s.scale, s.best, s.bad_epochs) == (1.0, None, 0)


@pytest.mark.parametrize("total_steps", [5, 10, 11, 99, 100, 101, 1000])
def test_step_by_name_divides_by_10_after_the_first_and_the_second_third_only(total_steps):
    """ "step" sized its step to a third of the run rounded down, so a run whose updates are not a
    multiple of 3 took a third decay at its end (100 updates: 1e-4 from update 100 on, not 1e-3)."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    planned = S.values(for_run("step", opt, total_steps).schedule, total_steps)
    assert sorted(set(planned), reverse=True) == pytest.approx([1.0, 0.1, 0.01])
    firsts = [planned.index(lr) for lr in sorted(set(planned), reverse=True)]
    assert [t / total_steps for t in firsts[1:]] == [
        pytest.approx(1 / 3, abs=1 / total_steps),
        pytest.approx(2 / 3, abs=2 / total_steps),
    ]


@pytest.mark.parametrize(
    "name, first, peak", [("cosine", 0.1, 0.1), ("onecycle", 0.1 / 25, 0.1), ("warmup+step", 0.0, 0.1)]
)
def test_a_name_is_sized_from_the_initial_lr_an_earlier_schedule_left(name, first, peak):
    """A second ds.train with the same optimizer instance: the first run's cosine had left its
    lr at 0 (its initial_lr, 0.1, recorded), and "cosine" was sized from that 0, so the whole
    second run trained at lr 0 (onecycle: at a peak of 4e-7). The base rate is now the one the
    group ratios already came from, as torch's schedulers take initial_lr for their base_lrs."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    first_run = for_run("cosine", opt, 10)
    for _ in range(10):
        first_run.step()
    assert opt.param_groups[0]["lr"] == 0.0
    planned = S.values(for_run(name, opt, 20).schedule, 20)
    assert (planned[0], max(planned)) == pytest.approx((first, peak))


_OTHER = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)


@pytest.mark.parametrize(
    "schedule, error, match",
    [
        (  # was "cosine() missing 1 required positional argument: 'total_steps'"
            S.cosine,
            TypeError,
            r"^schedule=cosine is descend.schedules.cosine, which builds a schedule: call it, "
            r"schedule=cosine\(lr, total_steps\), or give its name, schedule='cosine', sized to the run$",
        ),
        (
            S.warmup,
            TypeError,
            r"^schedule=warmup is descend.schedules.warmup, .*: call it, schedule=warmup\(steps, then\)$",
        ),
        (  # was "schedule=scaled is called with the run's optimizer, ... pass, say, schedule=lambda opt: StepLR"
            S.scaled,
            TypeError,
            r"^schedule=scaled is descend.schedules.scaled, .*: call it, schedule=scaled\(schedule, factor\)$",
        ),
        (  # was "<lambda>() takes 0 positional arguments but 1 was given"
            lambda: None,
            TypeError,
            r"^schedule=<lambda> is called with the run's optimizer, fn\(optimizer\) -> torch scheduler, but it "
            r"takes \(\): pass, say, schedule=lambda opt: torch.optim.lr_scheduler.StepLR\(opt, step_size=\.\.\.\)$",
        ),
        (  # was "'int' object has no attribute 'step'", from the run's first update
            lambda opt: 3,
            TypeError,
            r"^schedule=<lambda> must return a torch scheduler built on the optimizer it is given \(with step\(\), "
            r"state_dict\(\), load_state_dict\(\)\), got 3 \(int\); a function of the step, step -> lr, is a "
            r"schedule once wrapped: descend.schedules.Schedule\('mine', fn\)$",
        ),
        (  # optax's kind, which the module's docstring calls a schedule: the lambda's own TypeError
            lambda t: 0.1 * 0.5 ** (t // 10),
            TypeError,
            r"^schedule=<lambda> is called with the run's optimizer, fn\(optimizer\) -> torch scheduler, and raised "
            r"TypeError: unsupported operand type\(s\) for //: 'SGD' and 'int'; a function of the step, step -> lr, "
            r"is a schedule once wrapped: descend.schedules.Schedule\('mine', fn\)$",
        ),
        (  # was taken, and set none of the run's rates
            lambda opt: torch.optim.lr_scheduler.StepLR(_OTHER, 3),
            ValueError,
            r"^schedule is a StepLR built on another optimizer than the run's",
        ),
    ],
    ids=[
        "builder",
        "warmup-builder",
        "scaled-builder",
        "no-argument",
        "not-a-scheduler",
        "a-step-function",
        "another-optimizer",
    ],
)
def test_a_function_that_is_no_optimizer_to_scheduler_is_named_before_the_run(schedule, error, match):
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    with pytest.raises(error, match=match):
        for_run(schedule, opt, 10)
    assert opt.param_groups[0]["lr"] == 0.1


@pytest.mark.parametrize(
    "schedule",
    [S.plateau(0.1, mode="max"), lambda opt: torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max")],
    ids=["descend", "torch"],
)
def test_a_plateau_in_max_mode_is_refused_as_a_runs_schedule(schedule):
    """A run feeds its plateau a loss: in mode="max" every epoch whose loss fell counted as bad,
    and the rate was cut while the run improved (patience=0: 0.1 -> 0.01 -> 0.001 over three
    falling losses)."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    with pytest.raises(
        ValueError,
        match=r"^schedule: a reduce-on-plateau in mode='max' would cut the rate whenever the run improves: a run "
        r"gives it a loss to minimize \(train and the estimators: the validation loss, else the training loss; "
        r"minimize: f\), so use mode='min'$",
    ):
        for_run(schedule, opt, 10)
    assert for_run(S.plateau(0.1), opt, 10).observes_metric  # mode="min", the default, is the one


def test_a_torch_one_cycle_shorter_than_the_run_is_refused_before_it():
    """torch raised "Tried to step 21 times. The specified number of total steps is 20" at the
    run's 21st update, from inside torch; one that lasts the run (or longer) is taken."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    with pytest.raises(
        ValueError,
        match=r"^schedule: the OneCycleLR has total_steps=20, fewer than the run's 30 updates, and torch raises "
        r"when it is stepped past its end \(at update 21\): give it total_steps=30, or schedule='onecycle', "
        r"which is sized to the run$",
    ):
        for_run(lambda o: torch.optim.lr_scheduler.OneCycleLR(o, 0.1, total_steps=20), opt, 30)
    for n in (30, 40):
        one_cycle = for_run(lambda o, n=n: torch.optim.lr_scheduler.OneCycleLR(o, 0.1, total_steps=n), opt, 30)
        assert one_cycle.total_steps == n
