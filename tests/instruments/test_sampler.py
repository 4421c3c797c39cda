"""Instruments: readings that change nothing (weights, gradients, optimizer state, BatchNorm
statistics, random state), rows kept through a resume and history.json, the default
sampling, and bad input named."""

from __future__ import annotations

import json
import math

import pytest
import torch

import descend as ds
from descend.instruments import COLUMNS, Instruments, default_steps
from descend.training import History
from descend.training.callbacks import Callback

X = torch.randn(96, 5, generator=torch.Generator().manual_seed(0))
Y = (X[:, 0] + X[:, 1] > 0).long()


def _net(seed: int = 0) -> torch.nn.Module:
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Linear(5, 16), torch.nn.BatchNorm1d(16), torch.nn.ReLU(), torch.nn.Dropout(0.3), torch.nn.Linear(16, 2)
    )


def _loop(instruments: bool, optimizer: str = "momentum", steps: int = 12):
    """A hand-written loop; with instruments read at every step."""
    model = _net()
    opt = ds.optim.create(optimizer, model.parameters(), lr=0.05)
    loss_fn = torch.nn.functional.cross_entropy
    inst = Instruments(model, loss_fn, (X[:32], Y[:32]), optimizer=opt, every=1) if instruments else None
    torch.manual_seed(123)
    for i in range(steps):
        idx = slice(8 * (i % 12), 8 * (i % 12) + 8)
        opt.zero_grad()
        loss_fn(model(X[idx]), Y[idx]).backward()
        if inst:
            inst.before_step()
        opt.step()
        if inst:
            inst.after_step()
    return model, opt, inst, torch.get_rng_state()


@pytest.mark.parametrize("optimizer", ["momentum", "adam"])
def test_a_loop_with_instruments_is_bit_identical_to_one_without(optimizer):
    plain, opt_plain, _, rng_plain = _loop(False, optimizer)
    watched, opt_watched, inst, rng_watched = _loop(True, optimizer)
    assert len(inst.rows) == 12
    for a, b in zip(plain.state_dict().values(), watched.state_dict().values(), strict=True):
        assert torch.equal(a, b)  # weights and BatchNorm running statistics
    for a, b in zip(plain.parameters(), watched.parameters(), strict=True):
        assert torch.equal(a.grad, b.grad)
    state_plain, state_watched = opt_plain.state_dict()["state"], opt_watched.state_dict()["state"]
    for key in state_plain:
        for name in state_plain[key]:
            assert torch.equal(torch.as_tensor(state_plain[key][name]), torch.as_tensor(state_watched[key][name]))
    assert torch.equal(rng_plain, rng_watched)
    row = inst.rows[-1]
    assert list(row) == list(COLUMNS)
    assert all(math.isfinite(row[k]) for k in ("probe_loss", "sharpness", "threshold", "stability", "alpha"))


def test_train_with_instruments_gives_the_same_weights_bit_for_bit():
    run = dict(data=(X, Y), optimizer="adam", lr=0.01, batch_size=16, epochs=3, progress=False, seed=1)
    off = ds.train(_net(), **run, instruments=False)
    on = ds.train(_net(), **run, instruments=2)
    assert off.instruments == [] and [r["step"] for r in on.instruments] == list(range(2, 19, 2))
    for a, b in zip(off.model.state_dict().values(), on.model.state_dict().values(), strict=True):
        assert torch.equal(a, b)
    assert off.steps["loss"] == on.steps["loss"]
    assert all(r["batch_size"] == 16 for r in on.instruments)


class _Crash(Callback):
    def on_step_end(self, run):
        if run.step == 10:
            raise RuntimeError("crash")


def test_a_resumed_run_records_the_rows_of_an_uninterrupted_one(tmp_path):
    run = dict(data=(X, Y), optimizer="sgd", lr=0.1, batch_size=16, epochs=4, progress=False, tol=None)
    reference = ds.train("mlp", **run)
    assert len(reference.instruments) >= 2
    with pytest.raises(RuntimeError, match="crash"):
        ds.train("mlp", **run, checkpoint_dir=tmp_path, checkpoint_every=3, callbacks=[_Crash()])
    resumed = ds.train("mlp", **run, checkpoint_dir=tmp_path, resume=True)
    assert _same_rows(resumed.instruments, reference.instruments)


def test_rows_go_to_history_json_and_older_files_load_without_them(tmp_path):
    live = ds.train("softmax", "iris", lr=0.05, epochs=3, progress=False, log_dir=tmp_path, instruments=1)
    saved = History.load(tmp_path)
    # a reading every step: 3 epochs of 4 batches of 32 (train's default batch since session 33; 3 at the full batch)
    assert len(saved.instruments) == 12 and _same_rows(saved.instruments, live.instruments)
    path = tmp_path / "history.json"
    state = json.loads(path.read_text())
    del state["instruments"]
    path.write_text(json.dumps(state))
    assert History.load(tmp_path).instruments == []
    old = History()
    old.load_state_dict({k: v for k, v in live.state_dict().items() if k != "instruments"})
    assert old.instruments == []


def test_default_sampling_reads_once_per_400_steps_the_first_early_the_last_at_the_end():
    assert default_steps(900) == [45, 900]
    steps = default_steps(6000)
    assert len(steps) == 12 and steps[0] == 300 and steps[-1] == 6000
    assert len(default_steps(10**6)) == 12 and default_steps(5) == [1, 5]
    hist = ds.train("softmax", "iris", lr=0.05, epochs=30, batch_size=16, progress=False, tol=None)
    assert [r["step"] for r in hist.instruments] == default_steps(len(hist.steps["step"]))


def test_data_parallel_workers_other_than_the_first_measure_nothing():
    from descend.instruments import RecordInstruments
    from descend.training.run import Run

    model = _net()
    rec = RecordInstruments((X[:8], Y[:8]), torch.nn.functional.cross_entropy, every=1)
    run = Run(model, torch.optim.SGD(model.parameters(), lr=0.1), History())
    run.rank = 1
    rec.on_train_begin(run)
    run.step = 1
    rec.on_step_end(run)
    assert rec.instruments is None and run.history.instruments == []


def _same_rows(a, b) -> bool:
    def same(u, v):
        return u == v or (isinstance(u, float) and isinstance(v, float) and math.isnan(u) and math.isnan(v))

    return len(a) == len(b) and all(r.keys() == s.keys() and all(same(r[k], s[k]) for k in r) for r, s in zip(a, b))


def test_bad_input_is_named():
    model = torch.nn.Linear(5, 2)
    loss = torch.nn.functional.cross_entropy
    with pytest.raises(ValueError, match=r"every must be True .* or an integer >= 1 \(every N-th step\), got 0"):
        Instruments(model, loss, (X, Y), every=0)
    with pytest.raises(ValueError, match="every=True spreads the readings over the planned run: give total_steps"):
        Instruments(model, loss, (X, Y))
    with pytest.raises(ValueError, match=r"probe does not fit the model and loss: x of shape \(96, 3\)"):
        Instruments(model, loss, (X[:, :3], Y), every=1)
    with pytest.raises(
        ValueError, match=r"same number of rows, at least 2, got x of shape \(96, 5\) and y of shape \(10,\)"
    ):
        Instruments(model, loss, (X, Y[:10]), every=1)
    with pytest.raises(ValueError, match="probe must be a pair"):
        Instruments(model, loss, X, every=1)
    with pytest.raises(ValueError, match="instruments must be True .*, False \\(none\\) or an integer >= 1"):
        ds.train("softmax", "iris", instruments="yes")
    with pytest.raises(
        ValueError,
        match=r"optimizer steps 2 parameter tensors that are not model's \(of shape \(2, 2\), \(2,\)\): the instruments",
    ):
        Instruments(model, loss, (X, Y), every=1, optimizer=torch.optim.SGD(torch.nn.Linear(2, 2).parameters()))


def test_noise_scale_must_be_a_bool_not_a_truthy_string():
    with pytest.raises(ValueError, match="noise_scale must be True or False, got 'no'"):
        Instruments(torch.nn.Linear(5, 2), torch.nn.functional.cross_entropy, (X, Y), every=1, noise_scale="no")


def test_attached_to_the_optimizer_hooks_the_rows_are_those_of_explicit_calls():
    _, _, explicit, _ = _loop(True)
    model = _net()
    opt = ds.optim.create("momentum", model.parameters(), lr=0.05)
    loss_fn = torch.nn.functional.cross_entropy
    inst = Instruments(model, loss_fn, (X[:32], Y[:32]), optimizer=opt, every=1)
    handle = inst.attach()
    torch.manual_seed(123)
    for i in range(12):
        idx = slice(8 * i, 8 * i + 8)
        opt.zero_grad()
        loss_fn(model(X[idx]), Y[idx]).backward()
        opt.step()
    handle.remove()
    opt.step()  # detached: no reading
    assert len(inst.rows) == 12 and _same_rows(inst.rows, explicit.rows)
