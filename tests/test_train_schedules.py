"""Where ds.train meets schedules: what it takes as ``schedule=`` beside ``lr`` and an optimizer."""

from __future__ import annotations

import sys

import pytest
import torch

import descend as ds


def _data(n=40):
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, 3, generator=g)
    return X, X @ torch.tensor([1.0, 2.0, 3.0])


def test_lr_auto_beside_a_schedule_object_is_refused_before_any_work(monkeypatch):
    """The object sets every rate itself: train ran the range test and its pilot runs, then
    trained at the object's rates, with History.lr_finder holding a suggestion never used."""
    monkeypatch.setattr(sys.modules["descend.train"], "rate_for_run", lambda *a, **k: pytest.fail("range test ran"))
    with pytest.raises(
        ValueError,
        match=r"^lr='auto' cannot be combined with schedule=cosine\(lr=0.1, total_steps=10, final_lr=0.0\): a "
        r"schedule object sets every learning rate itself\. Give a schedule name \(lr='auto' then picks its base "
        r"rate\) or leave lr out\.$",
    ):
        ds.train("linear", _data(), lr="auto", schedule=ds.schedules.cosine(0.1, 10), progress=False)


def test_a_numeric_lr_beside_a_schedule_object_that_would_ignore_it_is_refused_before_any_work(monkeypatch):
    """The object sets every rate itself: lr=0.1 beside cosine(1e-3, 10) trained at 1e-3, lr
    silently unused (and the old "auto" message advised "a number for lr", as unused)."""
    with monkeypatch.context() as patched:
        patched.setattr(sys.modules["descend.train"], "prepare", lambda *a, **k: pytest.fail("data prepared"))
        with pytest.raises(
            ValueError,
            match=r"^lr=0\.1 beside schedule=cosine\(lr=0\.001, total_steps=10, final_lr=0\.0\), whose first rate is "
            r"0\.001: a schedule object sets every learning rate itself, so lr would go unused\. Leave lr out to run at "
            r"the schedule's rates, give its name \(schedule='cosine', sized from lr=0\.1 and the run\), or build the "
            r"schedule at the rates you want\.$",
        ):
            ds.train("linear", _data(), lr=0.1, schedule=ds.schedules.cosine(1e-3, 10), progress=False)
    # its own first rate is no conflict: the run is at the rates both say
    h = ds.train("linear", _data(), lr=1e-3, schedule=ds.schedules.cosine(1e-3, 10), epochs=1, progress=False)
    assert h.steps["lr"][0] == pytest.approx([1e-3])


def test_a_torch_scheduler_built_on_the_optimizer_instance_given_drives_the_run():
    """A torch user passes the optimizer and its scheduler: train said "schedule must be a name
    (...), a descend.schedules schedule or a function optimizer -> torch scheduler"."""
    L = torch.optim.lr_scheduler
    model = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    X, y = _data()
    h = ds.train(model, (X, y[:, None]), optimizer=opt, schedule=L.StepLR(opt, 3, 0.5), batch_size=8, epochs=2,
                 tol=None, progress=False)  # fmt: skip
    assert h.steps["lr"] == [[0.1 * 0.5 ** (t // 3)] for t in range(10)]
    # a ReduceLROnPlateau instance is stepped on each epoch's loss (a threshold no loss can beat:
    # each epoch after the first, whose loss is the best so far, is bad and halves the next's rate)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    plateau = L.ReduceLROnPlateau(opt, threshold=1e9, threshold_mode="abs", patience=0, factor=0.5)
    h = ds.train(model, (X, y[:, None]), optimizer=opt, schedule=plateau, batch_size=8, epochs=3, tol=None,
                 progress=False)  # fmt: skip
    assert [row[0] for row in h.epochs["lr"]] == [0.1, 0.1, 0.05]


def test_a_torch_scheduler_of_another_optimizer_is_refused_naming_what_to_pass():
    L = torch.optim.lr_scheduler
    other = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    with pytest.raises(
        ValueError,
        match=r"^schedule is a CosineAnnealingLR built on another optimizer than the run's, so it would set none "
        r"of the run's learning rates: pass a function that builds it on the run's optimizer, "
        r"schedule=lambda opt: CosineAnnealingLR\(opt, \.\.\.\), or build it on the optimizer instance you give the run$",
    ):
        ds.train("linear", _data(), optimizer="sgd", schedule=L.CosineAnnealingLR(other, 10), progress=False)


class _Interrupt(ds.training.Callback):
    def on_step_end(self, run):
        if run.step == 13:
            raise KeyboardInterrupt


@pytest.mark.parametrize("schedule", ["cosine", "warmup+step", "onecycle"])
def test_a_run_resumed_with_the_same_optimizer_instance_keeps_the_uninterrupted_rates(tmp_path, schedule):
    """Interrupted in a notebook and resumed with the same optimizer: the name was sized from
    the rate the schedule had left in the optimizer (cosine: 0.0395 instead of 0.0655 from the
    13th update on), not from the run's base rate."""
    X, y = _data()
    kw = dict(
        batch_size=8, epochs=6, tol=None, progress=False, instruments=False, checkpoint_every=3, schedule=schedule
    )

    def fresh():
        torch.manual_seed(1)
        model = torch.nn.Linear(3, 1)
        return model, torch.optim.SGD(model.parameters(), lr=0.1)

    model, opt = fresh()
    whole = ds.train(model, (X, y[:, None]), optimizer=opt, checkpoint_dir=tmp_path / "whole", **kw)
    model, opt = fresh()
    with pytest.raises(KeyboardInterrupt):
        ds.train(model, (X, y[:, None]), optimizer=opt, checkpoint_dir=tmp_path / "cut", callbacks=[_Interrupt()], **kw)
    resumed = ds.train(model, (X, y[:, None]), optimizer=opt, checkpoint_dir=tmp_path / "cut", resume=True, **kw)
    assert resumed.steps["lr"] == whole.steps["lr"]
