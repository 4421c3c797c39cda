"""Checkpoints: atomic writes, no unpickling of code, and bit-exact resume after SIGKILL."""

import os
import pickle
import signal
import subprocess
import sys
import textwrap
import warnings

import pytest
import torch

from descend import train
from descend.training import Callback, checkpoint

# One training run, shared by the uninterrupted reference and the killed subprocess: an MLP
# with dropout (global RNG), SGD with momentum (optimizer state), a schedule, mini-batches
# reshuffled every epoch, validation data (early-stopping state).
RUN = dict(
    model="mlp",
    data="iris",
    optimizer="momentum",
    lr=0.05,
    batch_size=16,
    epochs=4,
    seed=7,
    tol=None,
    progress=False,
    model_options={"hidden": (16,), "dropout": 0.3},
)
STEPS_PER_EPOCH = 8  # 120 training rows of iris in batches of 16


def _schedule(opt):
    return torch.optim.lr_scheduler.StepLR(opt, step_size=5, gamma=0.8)


def _flat(model):
    return torch.cat([p.detach().flatten() for p in model.parameters()])


@pytest.mark.slow
def test_resume_after_sigkill_mid_epoch_is_bit_exact(tmp_path):
    reference = train(**RUN, schedule=_schedule)

    kill_at = STEPS_PER_EPOCH + 5  # in the middle of the second epoch
    script = tmp_path / "killed_run.py"
    script.write_text(
        textwrap.dedent(f"""
        import os, signal, torch
        from descend import train
        from descend.training import Callback

        class Kill(Callback):
            def on_step_end(self, run):
                if run.step == {kill_at}:
                    os.kill(os.getpid(), signal.SIGKILL)

        def schedule(opt):
            return torch.optim.lr_scheduler.StepLR(opt, step_size=5, gamma=0.8)

        train(**{RUN!r}, schedule=schedule, checkpoint_dir={str(tmp_path / "ckpt")!r},
              checkpoint_every=3, callbacks=[Kill()])
    """)
    )
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    saved = checkpoint.load(tmp_path / "ckpt" / "last.pt")
    assert saved["step"] == 12 and saved["epoch"] == 1 and saved["batch"] == 4  # mid-epoch

    resumed = train(**RUN, schedule=_schedule, checkpoint_dir=tmp_path / "ckpt", resume=True)
    assert torch.equal(_flat(resumed.model), _flat(reference.model))
    assert resumed.steps == reference.steps
    assert resumed.epochs["val_loss"] == reference.epochs["val_loss"]
    assert resumed.best_epoch == reference.best_epoch
    assert resumed.stopped_because == reference.stopped_because


class _Crash(Callback):
    def on_step_end(self, run):
        if run.step == STEPS_PER_EPOCH + 5:
            raise RuntimeError("crash")


@pytest.mark.parametrize("lr", [0.05, "auto"])
@pytest.mark.slow
def test_resume_continues_a_named_schedule_at_its_rates(tmp_path, lr):
    # lr="auto" is not run again on resume: the schedule is sized from the rate it chose.
    run = {**RUN, "lr": lr, "schedule": "cosine"}
    reference = train(**run)
    with pytest.raises(RuntimeError, match="crash"):
        train(**run, checkpoint_dir=tmp_path, checkpoint_every=3, callbacks=[_Crash()])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing changed: no warning
        resumed = train(**run, checkpoint_dir=tmp_path, resume=True)
    assert resumed.steps["lr"] == reference.steps["lr"]
    assert torch.equal(_flat(resumed.model), _flat(reference.model))


@pytest.mark.slow
def test_resume_with_a_longer_run_warns_that_the_schedule_horizon_changed(tmp_path):
    run = {**RUN, "schedule": "cosine"}
    with pytest.raises(RuntimeError, match="crash"):
        train(**run, checkpoint_dir=tmp_path, checkpoint_every=3, callbacks=[_Crash()])
    with pytest.warns(UserWarning, match=r"total_steps=32, this schedule has total_steps=48"):
        train(**{**run, "epochs": 6}, checkpoint_dir=tmp_path, resume=True)


@pytest.mark.slow
def test_resuming_a_finished_run_returns_its_history(tmp_path):
    run = {**RUN, "lr": 1e-4}  # too small a rate for 4 epochs: the doctor has a finding to repeat
    first = train(**run, checkpoint_dir=tmp_path)
    again = train(**run, checkpoint_dir=tmp_path, resume=True)
    assert again.steps == first.steps and torch.equal(_flat(again.model), _flat(first.model))
    assert again.diagnoses == first.diagnoses and again.diagnoses  # the doctor reads it again


@pytest.mark.slow
def test_resume_with_other_settings_is_refused(tmp_path):
    train(**RUN, checkpoint_dir=tmp_path)
    with pytest.raises(ValueError, match="trained with batch_size=16, this call has batch_size=8"):
        train(**{**RUN, "batch_size": 8}, checkpoint_dir=tmp_path, resume=True)


def test_resume_without_a_checkpoint_is_refused(tmp_path):
    # resume=True asks to continue a run: a missing one is an error, not a fresh start.
    with pytest.raises(FileNotFoundError, match=r"cannot resume from .*new/last\.pt: there is no such file"):
        train(**RUN, checkpoint_dir=tmp_path / "new", resume=True)
    assert not (tmp_path / "new").exists()


def test_best_checkpoint_holds_the_best_epoch(tmp_path):
    h = train(**RUN, checkpoint_dir=tmp_path)
    best = checkpoint.load(tmp_path / "best.pt")
    assert best["epoch"] == h.best_epoch + 1
    assert best["history"]["epochs"]["val_loss"][-1] == min(h.val_loss)


def test_a_crash_during_a_save_leaves_the_previous_checkpoint_whole(tmp_path, monkeypatch):
    path = tmp_path / "last.pt"
    checkpoint.save_atomic({"step": 1, "w": torch.ones(3)}, path)

    def crash_half_way(obj, f):
        f.write(b"PK\x03\x04 half a zip file")
        raise KeyboardInterrupt("killed while saving")

    monkeypatch.setattr(torch, "save", crash_half_way)
    with pytest.raises(KeyboardInterrupt):
        checkpoint.save_atomic({"step": 2, "w": torch.zeros(3)}, path)
    assert checkpoint.load(path)["step"] == 1
    assert os.listdir(tmp_path) == ["last.pt"]  # no temporary file left behind


class _Exploit:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


def test_loading_never_unpickles_code(tmp_path):
    path = tmp_path / "evil.pt"
    with open(path, "wb") as f:
        pickle.dump({"model": _Exploit()}, f)
    with pytest.raises(ValueError, match="not a readable descend checkpoint"):
        checkpoint.load(path)
    with pytest.raises(FileNotFoundError, match="no checkpoint at"):
        checkpoint.load(tmp_path / "missing.pt")


def test_rng_state_round_trips_every_generator():
    import random

    import numpy as np

    state = checkpoint.rng_state()
    draws = (torch.rand(3), np.random.rand(3), random.random())
    checkpoint.set_rng_state(state)
    again = (torch.rand(3), np.random.rand(3), random.random())
    assert torch.equal(draws[0], again[0]) and (draws[1] == again[1]).all() and draws[2] == again[2]


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_optimizer_state_moves_to_the_parameters_device_on_resume(tmp_path):
    from descend.training import Callback

    seen = {}

    class Keep(Callback):
        def on_train_end(self, run):
            seen["optimizer"] = run.optimizer

    train(**{**RUN, "epochs": 1}, checkpoint_dir=tmp_path, device="cpu")
    h = train(**{**RUN, "epochs": 2}, checkpoint_dir=tmp_path, resume=True, device="cuda", callbacks=[Keep()])
    assert next(h.model.parameters()).device.type == "cuda"
    state = [t for s in seen["optimizer"].state.values() for k, t in s.items() if k != "step"]
    assert state and all(t.device.type == "cuda" for t in state)


@pytest.mark.parametrize("content", [b"garbage", b"\x00" * 64])
def test_a_file_of_other_bytes_is_called_damaged_not_a_file_of_python_objects(tmp_path, content):
    """Was: "it holds Python objects other than tensors ... would run code from the file" for
    bytes that are no pickle at all (torch's "Unsupported operand")."""
    path = tmp_path / "last.pt"
    path.write_bytes(content)
    with pytest.raises(
        ValueError, match="not a readable descend checkpoint: it is damaged or not a torch.save file"
    ) as err:
        checkpoint.load(path)
    assert "Python objects" not in str(err.value)


def test_a_file_of_python_objects_is_named_as_such(tmp_path):
    path = tmp_path / "evil.pt"
    path.write_bytes(pickle.dumps({"model": _Exploit()}, protocol=2))  # torch.save's protocol
    with pytest.raises(
        ValueError, match=r"holds Python objects other than tensors and plain data \(it refers to posix.system\)"
    ):
        checkpoint.load(path)
