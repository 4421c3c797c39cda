"""A resume of a run driven by a torch scheduler (``schedule=`` a function ``optimizer ->
scheduler``): the rate and the scheduler's class it checks against the checkpoint, and the
``OneCycleLR`` whose saved horizon ends before the resumed run does."""

import pytest
import torch
from torch.optim.lr_scheduler import CyclicLR, ExponentialLR, OneCycleLR, StepLR

from descend import train
from descend.training import Callback

X = torch.randn(64, 3, generator=torch.Generator().manual_seed(0))
Y = X @ torch.tensor([1.0, -2.0, 0.5])
RUN = dict(model="linear", data=(X, Y), batch_size=16, epochs=2, seed=0, tol=None, progress=False)  # 4 updates an epoch


class _Crash(Callback):
    def on_step_end(self, run):
        if run.step == 6:
            raise RuntimeError("crash")


def _crashed(folder, **settings):
    """A run cut off in its second epoch, its last.pt in ``folder``."""
    with pytest.raises(RuntimeError, match="crash"):
        train(**{**RUN, **settings}, checkpoint_dir=folder, checkpoint_every=1, callbacks=[_Crash()])


@pytest.mark.parametrize(
    "schedule",
    [
        lambda opt: OneCycleLR(opt, max_lr=0.1, total_steps=8),
        lambda opt: CyclicLR(opt, base_lr=0.004, max_lr=0.1, step_size_up=2),
    ],
    ids=["OneCycleLR", "CyclicLR"],
)
def test_the_same_optimizer_instance_resumes_under_a_scheduler_that_writes_its_own_initial_lr(tmp_path, schedule):
    # Both set group["initial_lr"] to a rate of their own (0.004): it was read as the run's lr
    # on resume, and the very optimizer the run was trained with was refused as lr=0.004.
    model = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    _crashed(tmp_path, model=model, optimizer=opt, schedule=schedule)
    resumed = train(**{**RUN, "model": model}, optimizer=opt, schedule=schedule, checkpoint_dir=tmp_path, resume=True)
    assert len(resumed.steps["loss"]) == 8
    # ... and another instance at another rate is still refused
    other = torch.nn.Linear(3, 1)
    with pytest.raises(ValueError, match="it was trained with lr=0.1, this call has lr=0.2"):
        train(
            **{**RUN, "model": other},
            optimizer=torch.optim.SGD(other.parameters(), lr=0.2),
            schedule=schedule,
            checkpoint_dir=tmp_path,
            resume=True,
        )


def _step(opt):
    return StepLR(opt, step_size=2, gamma=0.5)


def test_a_resume_whose_function_builds_another_scheduler_class_is_refused_naming_both(tmp_path):
    # torch merged the StepLR's saved state into the ExponentialLR without a word, and the
    # resumed run decayed the rate by a rule it was not trained with.
    _crashed(tmp_path, optimizer="sgd", lr=0.1, schedule=_step)
    with pytest.raises(ValueError) as err:
        train(
            **RUN,
            optimizer="sgd",
            lr=0.1,
            schedule=lambda o: ExponentialLR(o, 0.9),
            checkpoint_dir=tmp_path,
            resume=True,
        )
    assert str(err.value) == (
        f"cannot resume from {tmp_path / 'last.pt'}: it was trained with a schedule that built a "
        "torch.optim.lr_scheduler.StepLR, this call's builds a torch.optim.lr_scheduler.ExponentialLR; "
        "use the same settings, or another checkpoint_dir"
    )
    # the same class built by another function is the same schedule
    again = lambda o: StepLR(o, step_size=2, gamma=0.5)  # noqa: E731
    resumed = train(**RUN, optimizer="sgd", lr=0.1, schedule=again, checkpoint_dir=tmp_path, resume=True)
    assert len(resumed.steps["loss"]) == 8


def test_a_finished_one_cycle_trained_on_past_its_end_is_refused_before_anything_is_trained(tmp_path):
    # Its saved total_steps (8) comes back with its state over the new scheduler's 12: torch
    # raised "Tried to step 9 times. The specified number of total steps is 8" mid-run.
    train(**RUN, optimizer="sgd", schedule=lambda o: OneCycleLR(o, max_lr=0.1, total_steps=8), checkpoint_dir=tmp_path)
    longer = {**RUN, "epochs": 3}
    with pytest.raises(ValueError) as err:
        train(
            **longer,
            optimizer="sgd",
            schedule=lambda o: OneCycleLR(o, max_lr=0.1, total_steps=12),
            checkpoint_dir=tmp_path,
            resume=True,
        )
    assert str(err.value) == (
        f"cannot resume from {tmp_path / 'last.pt'}: its OneCycleLR has total_steps=8, which a resume restores "
        "whatever this call's OneCycleLR says, and epochs=3 is 12 updates: torch would raise at update 9. A "
        "one-cycle cannot go on past its end: resume with epochs <= 2, or start a new run (resume=False) with "
        "total_steps=12"
    )
    # a crashed run whose one-cycle lasts the resumed run trains on as if never cut off
    schedule = lambda o: OneCycleLR(o, max_lr=0.1, total_steps=12)  # noqa: E731
    reference = train(**longer, optimizer="sgd", schedule=schedule)
    _crashed(tmp_path / "crashed", optimizer="sgd", schedule=schedule, epochs=3)
    resumed = train(**longer, optimizer="sgd", schedule=schedule, checkpoint_dir=tmp_path / "crashed", resume=True)
    assert resumed.steps["lr"] == reference.steps["lr"]
