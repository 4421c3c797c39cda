"""descend.watch reads the gradient norms at the updates its time budget picks: every update at
the start, then every k-th (NaN in the rows between), always the last; the loss and the rates
at every step; a non-finite loss at an update not read still names its layer."""

import math
import warnings

import pytest
import torch
from torch import nn
from torch.nn import functional as F

import descend as ds
from _readings import left_to_fall_step, sampled_steps
from descend.instruments import default_steps
from descend.watch.sampling import DENSE, NormSampling, ReadingBudget


def _run(steps, *, share=None, poison_at=None, total=None):
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(steps * 8, 4, generator=g), torch.randn(steps * 8, 1, generator=g)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    monitor = ds.watch(model, opt, total_steps=total, print_findings=False)
    if share is not None:
        monitor.sampling.share = share  # a tiny budget: read as rarely as the floor allows
    poisoned = None
    for step in range(1, steps + 1):
        xb = x[(step - 1) * 8 : step * 8]
        if poison_at is not None and poisoned is None and step >= poison_at and not monitor.reader.active:
            xb, poisoned = torch.full_like(xb, math.nan), step  # a step the monitor does not read
        opt.zero_grad()
        loss = F.mse_loss(model(xb), y[(step - 1) * 8 : step * 8])
        loss.backward()
        opt.step()
        monitor.log(loss.item())
        if step % 50 == 0:
            monitor.epoch_end()
    monitor.close()
    return monitor, poisoned


def test_the_norms_are_read_at_the_start_at_least_every_tenth_of_the_way_and_at_the_end():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the doctor reads the NaN rows without an all-NaN warning
        monitor, _ = _run(300, share=1e-9)
    steps = monitor.history.steps
    assert steps["step"] == list(range(1, 301)) and all(math.isfinite(v) for v in steps["loss"])
    assert len(steps["grad_norm"]) == 300 and len(steps["lr"]) == 300
    read = [s for s, g in zip(steps["step"], steps["grad_norm"], strict=True) if math.isfinite(g)]
    assert read[: 2 * DENSE] == list(range(1, 2 * DENSE + 1))  # every update at the start
    assert 300 in read  # the last update, from the gradients the loop left
    assert all(math.isfinite(g) for g in monitor.history.epochs["grad_norm"])  # each epoch has one read
    assert len(read) < 100  # a budget this small: only the floor's readings
    assert all(b - a <= max(1, a // DENSE) for a, b in zip(read, read[1:]))  # never further apart
    assert {101, 201} <= set(read) and len(monitor.history.layer_grad_ratios) == 3  # the ratios' updates
    epochs = monitor.history.epochs
    first = [g for s, g in zip(steps["step"], steps["grad_norm"]) if s <= 50 and math.isfinite(g)]
    assert epochs["grad_norm"][0] == pytest.approx(sum(first) / len(first))  # the mean of those read


def test_with_the_default_budget_every_row_keeps_its_loss_and_rate():
    monitor, _ = _run(200)
    steps = monitor.history.steps
    assert steps["lr"] == [[0.05]] * 200 and len(steps["loss"]) == 200
    assert math.isfinite(steps["grad_norm"][0]) and math.isfinite(steps["grad_norm"][-1])
    assert monitor.sampling.read >= 2 * DENSE


def test_a_non_finite_loss_at_an_update_not_read_names_the_first_layer():
    with pytest.warns(RuntimeWarning, match=r"the loss became nan at step (\d+).*layer '0.weight'"):
        monitor, poisoned = _run(120, share=1e-9, poison_at=60)
    history = monitor.history
    assert poisoned is not None and history.non_finite_step == poisoned
    assert history.non_finite_layer == (poisoned, "0.weight")  # the gradients that step left
    assert history.steps["step"][-1] == poisoned - 1


def _tanh_problem(n):
    """``n`` random regression examples, a small tanh network and SGD at 0.05."""
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(n, 4, generator=g), torch.randn(n, 1, generator=g)
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
    return x, y, model, torch.optim.SGD(model.parameters(), lr=0.05)


def _train(monitor, model, opt, x, y, steps):
    """``steps`` full-batch updates of ``_tanh_problem``'s model, each loss logged."""
    for _ in range(steps):
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        monitor.log(loss.item())


def _clocked_readings(monkeypatch, now, reading, tick=0.0, before=None):
    """watch's clock made ``now[0]``, moved by ``tick`` at each read of it and by ``reading``
    at each call of an instruments' reading half (before the update by ``before`` if given)."""
    from descend.instruments import Instruments
    from descend.watch import instrument_readings as reading_taken
    from descend.watch import monitor as watched
    from descend.watch import record as recorded

    class Clock:
        @staticmethod
        def perf_counter():
            now[0] += tick
            return now[0]

    def dear(method, seconds):
        def run(self, *args, **kwargs):
            now[0] += seconds
            return method(self, *args, **kwargs)

        return run

    monkeypatch.setattr(watched, "time", Clock)
    monkeypatch.setattr(recorded, "time", Clock)  # close() reads the cost there
    monkeypatch.setattr(reading_taken, "time", Clock)  # the readings and the budget's clock
    monkeypatch.setattr(
        Instruments, "before_step", dear(Instruments.before_step, reading if before is None else before)
    )
    monkeypatch.setattr(Instruments, "after_step", dear(Instruments.after_step, reading))


def test_the_instruments_readings_count_as_neither_loop_time_nor_norm_cost(monkeypatch):
    # A clock that a reading of the instruments moves by 100 s and anything else by 1 ms: the
    # norms' sampling must see steps of milliseconds, not the readings' 100 s spread over them.
    _clocked_readings(monkeypatch, [0.0], reading=100.0, tick=1e-3)
    x, y, model, opt = _tanh_problem(64)
    monitor = ds.watch(model, opt, loss_fn=F.mse_loss, probe=(x, y), instruments=10, print_findings=False)
    _train(monitor, model, opt, x, y, 60)
    monitor.close()
    assert len(monitor.history.instruments) == 6  # read at 10, 20, ..., 60: 600 s on this clock
    assert monitor.sampling._step < 0.1 and monitor.sampling._cost < 0.1  # milliseconds, as the loop's


@pytest.mark.parametrize(
    ("seconds", "rise_at", "read_at", "taken", "skipped"),
    [
        (1e-3, None, [50, 100, 200, 400], 4, 0),  # cheap against the loop: every reading planned
        # 2 s (est. 10 x 0.2 s): at step 100 the 3 s of its 3% would hold this one (and the probe's 0.2 s), not
        # the end's reserved too; at 200 both fit (4.4 of 6 s); at 400, 2.4 + 2 x 2.4 of 12 s
        (2.0, None, [200, 400], 2, 2),
        (100.0, None, [400], 0, 4),  # dearer than the loop: none; close() reads the last weights
        (100.0, 120, [200], 1, 3),  # the loss rose after the first losses: the next one due is taken
        (100.0, "noise", [400], 0, 4),  # single batches 9x apart around a level that stays: no rise
    ],
)
def test_the_instruments_readings_are_held_to_their_share_of_the_loop_s_time(
    monkeypatch, seconds, rise_at, read_at, taken, skipped
):
    # A clock on which each update of the loop takes 1 s, each reading `seconds` and the probe
    # gradient before it a tenth of that (so the estimate before any reading, PROBE_GRADIENTS
    # such gradients, is right); the default sampling without total_steps plans readings at
    # steps 50, 100, 200 and 400 of these 400 (none of them its last). The loss logged is 1, or
    # 5 from step `rise_at` on (five times the loss at the first steps), or, for "noise", 0.2 at
    # even steps (the readings') and 1.8 at odd ones: a level of 1 throughout. Where no reading
    # was taken, close() takes a whole one at step 400.
    from descend.watch import sampling

    now = [0.0]
    _clocked_readings(monkeypatch, now, reading=seconds, before=seconds / sampling.PROBE_GRADIENTS)
    x, y, model, opt = _tanh_problem(32)
    monitor = ds.watch(model, opt, loss_fn=F.mse_loss, probe=(x, y), print_findings=False)
    assert monitor.budget.share == sampling.READING_SHARE == 0.03
    for step in range(1, 401):
        now[0] += 1.0
        opt.zero_grad()
        F.mse_loss(model(x), y).backward()
        opt.step()
        if rise_at == "noise":
            monitor.log(0.2 if step % 2 == 0 else 1.8)
        else:
            monitor.log(5.0 if rise_at is not None and step >= rise_at else 1.0)
    monitor.close()
    rows = monitor.history.instruments
    assert sampled_steps(rows) == read_at and left_to_fall_step(rows) == 400
    assert (monitor.budget.taken, monitor.budget.skipped) == (taken, skipped)


def test_the_last_planned_reading_is_taken_whatever_it_costs(monkeypatch):
    # With total_steps, the default sampling plans readings at 5% of the run and at its end:
    # the first is dearer than the budget, the last is the doctor's evidence of the end state.
    now = [0.0]
    _clocked_readings(monkeypatch, now, reading=100.0, before=10.0)
    x, y, model, opt = _tanh_problem(32)
    monitor = ds.watch(model, opt, loss_fn=F.mse_loss, probe=(x, y), total_steps=200, print_findings=False)
    _train(monitor, model, opt, x, y, 200)
    passes = []  # the model's forward passes in close(): the loss left to fall was read with the reading
    model.register_forward_hook(lambda *_: passes.append(1))
    monitor.close()
    rows = monitor.history.instruments
    assert sampled_steps(rows) == [200] and left_to_fall_step(rows) == 200 and not math.isnan(rows[-1]["alpha"])
    assert (monitor.budget.taken, monitor.budget.skipped) == (1, 1) and not passes
    # watch's own measured time: the skipped reading's probe gradient (10 s) and the taken one
    # (10 + 100 s); the clock moved for nothing else, so the loop's own time is 0
    assert monitor.cost["instruments"] == pytest.approx(120.0) and monitor.cost["loop"] == 0.0


def test_an_earlier_reading_is_taken_only_with_room_left_for_the_last_planned():
    # 3% of 100 s is 3 s: 0.5 s spent, this reading and the last at 1 s each, the monitor's 0.6 s
    # make 3.1 s (without the last's, 2.1 s would fit); with 0.4 s of the monitor's, 2.9 s fit.
    budget = ReadingBudget(share=0.03)
    assert not budget.within(100.0, 0.5, other=0.6, estimate=1.0)
    assert budget.within(100.0, 0.5, other=0.4, estimate=1.0)
    assert budget.decide(0.0, 0.5, other=0.6, estimate=1.0, last=True)  # the last: whatever it costs
    # A 6000-update loop of 1 ms updates, read at train's 12 planned steps at 70 ms a reading: the
    # readings, the last included, stay within 3% of the loop (180 ms). Without the last's cost
    # reserved, those at 3194 and 5241 fitted and the last took them to 210 ms.
    due, spent = default_steps(6000), 0.0
    for step in due:
        if budget.decide(step * 1e-3, spent, estimate=0.07, last=step == due[-1]):
            budget.took()
            spent += 0.07
    assert (budget.taken, spent) == (2, pytest.approx(0.14)) and spent <= 0.03 * 6.0


@pytest.mark.parametrize(("rise_at", "probes", "read_at"), [(None, 1, [400]), (120, 2, [200])])
def test_a_reading_the_budget_declines_before_its_update_is_not_probed(monkeypatch, rise_at, probes, read_at):
    # 1 s an update, 100 s a reading, 10 s the probe's gradient before it; readings planned at
    # steps 50, 100, 200 and 400 of 400 (no total_steps). At 50 nothing is timed yet: it is
    # probed, then declined (10 x 10 s > 3% of 50 s). Before 100, 200 and 400 the probe's time
    # says already that the reading will not fit: no probe (each cost 10 s of watch's time). A
    # loss that rose (5x from step 120) is read at the next due reading, probed before it (α).
    now = [0.0]
    _clocked_readings(monkeypatch, now, reading=100.0, before=10.0)
    x, y, model, opt = _tanh_problem(32)
    monitor = ds.watch(model, opt, loss_fn=F.mse_loss, probe=(x, y), print_findings=False)
    for step in range(1, 401):
        now[0] += 1.0
        opt.zero_grad()
        F.mse_loss(model(x), y).backward()
        opt.step()
        monitor.log(5.0 if rise_at is not None and step >= rise_at else 1.0)
    monitor.close()  # where none was taken: a whole reading at step 400, not on this clock
    rows = monitor.history.instruments
    assert sampled_steps(rows) == read_at and monitor.budget.skipped == 4 - (rise_at is not None)
    assert monitor.cost["instruments"] == pytest.approx(10.0 * probes + 100.0 * (rise_at is not None))
    assert all(math.isfinite(row["alpha"]) for row in rows if row["step"] < 400)


def test_an_instruments_sampling_the_loop_chose_is_not_budgeted():
    x, y, model, opt = _tanh_problem(32)
    monitor = ds.watch(model, opt, loss_fn=F.mse_loss, probe=(x, y), instruments=5, print_findings=False)
    assert monitor.budget is None
    _train(monitor, model, opt, x, y, 20)
    monitor.close()
    assert [row["step"] for row in monitor.history.instruments] == [5, 10, 15, 20]


@pytest.mark.parametrize("layer", [nn.Linear(8, 1), nn.LayerNorm(8)])
def test_the_noise_scale_is_the_per_example_estimate_read_off_one_backward_pass_where_it_can_be(layer):
    # Linear layers only: read off one backward pass; with a LayerNorm by vmap, one pass per
    # example. Either way the value is the per-example estimate on the probe's first 32
    # examples at the reading's weights.
    from descend.instruments import gradient_noise_scale, reads_example_norms

    x, y, _, _ = _tanh_problem(48)
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(4, 8), nn.Tanh(), layer, *([nn.Linear(8, 1)] if isinstance(layer, nn.LayerNorm) else [])
    )
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    monitor = ds.watch(model, opt, loss_fn=F.mse_loss, probe=(x, y), instruments=10, print_findings=False)
    assert monitor.instruments.noise_scale and reads_example_norms(model) is isinstance(layer, nn.Linear)
    _train(monitor, model, opt, x, y, 10)
    expected = gradient_noise_scale(model, F.mse_loss, x[:32], y[:32]).b_simple
    monitor.close()
    row = monitor.history.instruments[0]
    assert row["step"] == 10 and row["noise_scale"] == pytest.approx(expected, rel=1e-4)


def test_with_the_run_s_length_the_norms_are_read_at_the_start_and_in_its_last_tenth():
    # A tiny budget: only the floor's readings. Without the length, once every update // 10;
    # with it, none between the first 20 and the last tenth but the ratios' updates and the
    # last of each epoch that had none read (from the gradients the loop left), then at least
    # 5 in the last tenth (every 300 // 50 = 6th update), and the run's last update.
    sampling = NormSampling(share=1e-9, total=300)
    clock, spent, read = 0.0, 0.0, []
    for update in range(1, 301):
        if update == sampling.next:
            sampling.reading(update, clock, spent)
            read.append(update)
            clock, spent = clock + 1e-4, spent + 1e-4
        clock += 1e-3
    assert read == [*range(1, 2 * DENSE + 1), 271, 277, 283, 289, 295]
    monitor, _ = _run(300, share=1e-9, total=300)
    steps = monitor.history.steps
    kept = {s for s, g in zip(steps["step"], steps["grad_norm"], strict=True) if math.isfinite(g)}
    assert kept == {*range(1, 2 * DENSE + 1), 100, 101, 200, 201, 271, 277, 283, 289, 295, 300}
