"""What a resume may change and what it may not: settings that contradict the checkpoint are
refused, a finished run trains on to a larger ``epochs`` (or says why it cannot), one process
writes a run folder at a time, and the checkpoint's own files are kept clean."""

import csv
import os
import pickle
import subprocess
import sys
import textwrap
import warnings

import pytest
import torch

from descend import train
from descend.training import Callback, checkpoint, lock, run_folder

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


def _flat(model):
    return torch.cat([p.detach().flatten() for p in model.parameters()])


def _step_lr(opt):  # a schedule with no horizon: a longer run has the same first rates
    return torch.optim.lr_scheduler.StepLR(opt, step_size=5, gamma=0.8)


class _Crash(Callback):
    def on_step_end(self, run):
        if run.step == STEPS_PER_EPOCH + 5:
            raise RuntimeError("crash")


def _crashed(folder, **settings):
    """A run cut off in its second epoch, its last.pt in ``folder``."""
    with pytest.raises(RuntimeError, match="crash"):
        train(**{**RUN, **settings}, checkpoint_dir=folder, checkpoint_every=3, callbacks=[_Crash()])


def _strip_new_keys(path):
    """Make ``path`` look like a checkpoint of the earlier version: no run definition, no
    callback names, no state at the end of the last epoch."""
    state = checkpoint.load(path)
    state["config"] = {k: state["config"][k] for k in ("seed", "batch_size", "n_train", "accumulate")}
    for key in ("callback_names", "at_epoch_end"):
        state.pop(key, None)
    checkpoint.save_atomic(state, path)


# --- settings that contradict the checkpoint ------------------------------------------------


def test_resume_refuses_another_optimizer_naming_both(tmp_path):
    _crashed(tmp_path, optimizer="adam", lr=0.01)
    with pytest.raises(ValueError) as err:
        train(**{**RUN, "optimizer": "sgd", "lr": 0.5}, checkpoint_dir=tmp_path, resume=True)
    message = str(err.value)
    assert message.startswith(f"cannot resume from {tmp_path / 'last.pt'}: ")
    assert "it was trained with optimizer='adam', this call has optimizer='sgd'" in message
    assert "it was trained with lr=0.01, this call has lr=0.5" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "change, message",
    [
        ({"momentum": 0.5}, "it was trained with momentum=0.9, this call has momentum=0.5"),
        ({"lr": 0.1}, "it was trained with lr=0.05, this call has lr=0.1"),
        ({"loss": "mse"}, "it was trained with loss='cross_entropy', this call has loss='mse'"),
        ({"precision": "bf16"}, "it was trained with precision='fp32', this call has precision='bf16'"),
        ({"schedule": "cosine"}, "it was trained with schedule=None, this call has schedule='cosine'"),
        ({"clip_grad_norm": 1.0}, "it was trained with clip_grad_norm=None, this call has clip_grad_norm=1.0"),
        (
            {"model_options": {"hidden": (16,), "dropout": 0.5}},
            (
                "it was trained with model_options={'hidden': [16], 'dropout': 0.3}, this call has "
                "model_options={'hidden': [16], 'dropout': 0.5}"
            ),
        ),
    ],
)
def test_resume_refuses_a_setting_that_contradicts_the_checkpoint(tmp_path, change, message):
    _crashed(tmp_path)
    with pytest.raises(ValueError, match="cannot resume from") as err:
        train(**{**RUN, **change}, checkpoint_dir=tmp_path, resume=True)
    assert message in str(err.value)


def test_resume_compares_model_options_with_the_models_defaults_filled_in(tmp_path):
    """Was, for hidden=[64] on an mlp trained with no model_options (its default hidden is 64):
    "it was trained with model_options={}, this call has model_options={'hidden': [64]}"."""
    _crashed(tmp_path, model_options=None)
    with pytest.raises(ValueError, match="cannot resume from") as err:
        train(**{**RUN, "model_options": {"hidden": [8]}}, checkpoint_dir=tmp_path, resume=True)
    assert "it was trained with model_options={}, this call has model_options={'hidden': [8]}" in str(err.value)
    resumed = train(**{**RUN, "model_options": {"hidden": [64]}}, checkpoint_dir=tmp_path, resume=True)
    assert resumed.epochs["epoch"] == [0, 1, 2, 3]


@pytest.mark.slow
def test_resume_accepts_the_same_optimizer_by_another_name(tmp_path):
    # "momentum" is SGD with momentum 0.9: the same optimizer, the same update.
    reference = train(**RUN)
    _crashed(tmp_path)
    resumed = train(**{**RUN, "optimizer": "sgd", "momentum": 0.9}, checkpoint_dir=tmp_path, resume=True)
    assert torch.equal(_flat(resumed.model), _flat(reference.model))


def _net(hidden):
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 3))


@pytest.mark.parametrize("old_checkpoint", [False, True])
def test_resume_into_another_architecture_names_the_layer(tmp_path, old_checkpoint):
    settings = {**RUN, "model_options": None, "loss": "cross_entropy"}
    with pytest.raises(RuntimeError, match="crash"):
        train(**{**settings, "model": _net(16)}, checkpoint_dir=tmp_path, checkpoint_every=3, callbacks=[_Crash()])
    if old_checkpoint:  # no recorded definition: the weights' shapes still tell
        _strip_new_keys(tmp_path / "last.pt")
    with pytest.raises(ValueError, match="cannot resume from") as err:
        train(**{**settings, "model": _net(32)}, checkpoint_dir=tmp_path, resume=True)
    assert (
        "it was trained with a model whose '0.weight' has shape (16, 4), this call's model has shape (32, 4)"
    ) in str(err.value)


@pytest.mark.slow
def test_an_earlier_versions_checkpoint_resumes_bit_exact(tmp_path):
    reference = train(**RUN, schedule=_step_lr)
    _crashed(tmp_path, schedule=_step_lr)
    _strip_new_keys(tmp_path / "last.pt")
    resumed = train(**RUN, schedule=_step_lr, checkpoint_dir=tmp_path, resume=True)
    assert torch.equal(_flat(resumed.model), _flat(reference.model))
    assert resumed.steps == reference.steps


@pytest.mark.slow
def test_a_stopping_rule_added_on_resume_takes_no_other_rules_state(tmp_path):
    # The crashed run's callbacks: Divergence, EarlyStopping, _Crash; the resumed one's
    # Divergence, EarlyStopping, TimeBudget: _Crash's state is not TimeBudget's.
    reference = train(**RUN)
    _crashed(tmp_path)
    resumed = train(**RUN, time_budget=3600, checkpoint_dir=tmp_path, resume=True)
    assert torch.equal(_flat(resumed.model), _flat(reference.model))
    assert resumed.epochs["val_loss"] == reference.epochs["val_loss"]


@pytest.mark.parametrize("resume", ["no", 1, None])
def test_resume_must_be_a_bool(tmp_path, resume):
    with pytest.raises(TypeError, match=f"resume must be True or False, got {resume!r}"):
        train(**RUN, checkpoint_dir=tmp_path, resume=resume)
    assert list(tmp_path.iterdir()) == []


# --- a finished run, resumed ----------------------------------------------------------------


@pytest.mark.slow
def test_a_finished_run_resumed_with_more_epochs_trains_on_as_if_asked_from_the_start(tmp_path):
    longer = {**RUN, "epochs": 7, "schedule": _step_lr}
    reference = train(**longer, log_dir=tmp_path / "whole")
    first = train(**{**longer, "epochs": 4}, checkpoint_dir=tmp_path / "ckpt", log_dir=tmp_path / "logs")
    assert first.stopped_because == "reached the maximum of 4 epochs"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an allowed change: nothing to warn about
        resumed = train(**longer, checkpoint_dir=tmp_path / "ckpt", resume=True, log_dir=tmp_path / "logs")
    assert len(resumed.epochs["loss"]) == 7 and len(resumed.steps["loss"]) == 7 * STEPS_PER_EPOCH
    assert torch.equal(_flat(resumed.model), _flat(reference.model))  # the best weights, restored
    assert resumed.steps == reference.steps
    assert resumed.epochs["val_loss"] == reference.epochs["val_loss"]
    assert resumed.best_epoch == reference.best_epoch
    assert resumed.stopped_because == "reached the maximum of 7 epochs"
    for name in ("steps.csv", "epochs.csv"):
        assert _rows(tmp_path / "logs" / name) == _rows(tmp_path / "whole" / name)
    # ... and once more, from the checkpoint that run left.
    again = train(**{**longer, "epochs": 8}, checkpoint_dir=tmp_path / "ckpt", resume=True)
    assert torch.equal(_flat(again.model), _flat(train(**{**longer, "epochs": 8}).model))


def _rows(path):
    """A log's rows without the timings."""
    with open(path, newline="") as f:
        return [{k: v for k, v in row.items() if k != "seconds"} for row in csv.DictReader(f)]


@pytest.mark.slow
def test_training_on_warns_that_a_named_schedule_was_sized_to_the_old_run(tmp_path):
    train(**RUN, schedule="cosine", checkpoint_dir=tmp_path)
    with pytest.warns(
        UserWarning,
        match=r"cosine schedule: the saved state has total_steps=32, "
        r"this schedule has total_steps=48",
    ):
        resumed = train(**{**RUN, "epochs": 6}, schedule="cosine", checkpoint_dir=tmp_path, resume=True)
    assert len(resumed.epochs["loss"]) == 6


@pytest.mark.slow
def test_a_finished_run_resumed_with_the_same_epochs_says_nothing_more_is_trained(tmp_path):
    first = train(**RUN, checkpoint_dir=tmp_path)
    with pytest.warns(
        UserWarning,
        match=r"had finished, so nothing more is trained: it had trained "
        r"its 4 epochs and this call has epochs=4; give epochs > 4",
    ):
        again = train(**RUN, checkpoint_dir=tmp_path, resume=True)
    assert again.steps == first.steps


def test_a_converged_run_resumed_with_more_epochs_says_why_it_trains_no_more(tmp_path):
    first = train(**{**RUN, "tol": 0.5, "patience": 1, "epochs": 20}, checkpoint_dir=tmp_path)
    assert first.converged and len(first.epochs["loss"]) < 20
    with pytest.warns(UserWarning, match=r"nothing more is trained: it had stopped: " + first.stopped_because[:30]):
        again = train(**{**RUN, "tol": 0.5, "patience": 1, "epochs": 40}, checkpoint_dir=tmp_path, resume=True)
    assert again.steps == first.steps


@pytest.mark.parametrize("written_before", [False, True])
def test_a_one_epoch_run_says_epoch_in_the_singular_and_trains_on(tmp_path, written_before):
    first = train(**{**RUN, "epochs": 1}, checkpoint_dir=tmp_path)
    assert first.stopped_because == "reached the maximum of 1 epoch"
    if written_before:  # a checkpoint of the version that wrote "1 epochs" trains on too
        state = checkpoint.load(tmp_path / "last.pt")
        state["stopped_because"] = "reached the maximum of 1 epochs"
        checkpoint.save_atomic(state, tmp_path / "last.pt")
    with pytest.warns(UserWarning, match=r"it had trained its 1 epoch and this call has epochs=1; give epochs > 1"):
        train(**{**RUN, "epochs": 1}, checkpoint_dir=tmp_path, resume=True)
    again = train(**{**RUN, "epochs": 2}, checkpoint_dir=tmp_path, resume=True)
    assert len(again.epochs["loss"]) == 2 and again.stopped_because == "reached the maximum of 2 epochs"


@pytest.mark.slow
def test_an_earlier_versions_finished_run_says_it_cannot_train_on(tmp_path):
    train(**RUN, checkpoint_dir=tmp_path)
    _strip_new_keys(tmp_path / "last.pt")
    with pytest.warns(
        UserWarning,
        match=r"lacks the state at the end of its last epoch needed to "
        r"train on to epochs=6",
    ):
        again = train(**{**RUN, "epochs": 6}, checkpoint_dir=tmp_path, resume=True)
    assert len(again.epochs["loss"]) == 4


# --- checkpoint files -----------------------------------------------------------------------


class _Exploit:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


def test_an_unreadable_checkpoint_says_why_not_to_unpickle_it(tmp_path):
    path = tmp_path / "evil.pt"
    torch.save({"model": _Exploit()}, path)
    with pytest.raises(ValueError) as err:
        checkpoint.load(path)
    message = str(err.value)
    assert message == (
        f"{path} is not a readable descend checkpoint: it holds Python objects other "
        f"than tensors and plain data (it refers to posix.system). Loading it with "
        f"torch.load(weights_only=False) would run code from the file: never do that "
        f"with a file you do not trust"
    )
    with open(path, "wb") as f:
        pickle.dump({"model": _Exploit()}, f)
    assert "would run code from the file" in _load_error(path)
    path.write_bytes(b"PK\x03\x04 half a zip file")
    assert _load_error(path) == (
        f"{path} is not a readable descend checkpoint: it is damaged or "
        f"not a torch.save file (PytorchStreamReader failed reading zip "
        f"archive: not a ZIP archive.)"
    )


def _load_error(path):
    with pytest.raises(ValueError) as err:
        checkpoint.load(path)
    assert "likely succeed" not in str(err.value) and "Re-running" not in str(err.value)
    return str(err.value)


@pytest.mark.slow
def test_temporary_files_left_by_a_killed_save_are_removed(tmp_path):
    stale = [tmp_path / ".last.pt.k1ll3d.tmp", tmp_path / ".best.pt.abc_12.tmp"]
    others = [tmp_path / ".notes.tmp", tmp_path / "last.pt.tmp", tmp_path / ".last.pt.x.tmp.keep"]
    for path in stale + others:
        path.write_text("x")
    train(**{**RUN, "epochs": 1}, checkpoint_dir=tmp_path)
    assert not any(p.exists() for p in stale)
    assert all(p.read_text() == "x" for p in others)
    # A resume cleans up too, before it reads last.pt.
    stale[0].write_text("x")
    train(**{**RUN, "epochs": 2}, checkpoint_dir=tmp_path, resume=True)
    assert not stale[0].exists()


# --- one writer per run folder --------------------------------------------------------------


@pytest.fixture
def holder(tmp_path):
    """Start another process holding the lock of a folder; ``holder(folder)`` returns it."""
    procs = []

    def start(folder):
        code = textwrap.dedent(f"""
            import sys
            from descend.training import lock
            with lock.locked({str(folder)!r}):
                print("locked", flush=True)
                sys.stdin.read()
        """)
        proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        procs.append(proc)
        assert proc.stdout.readline() == "locked\n"
        return proc

    yield start
    for proc in procs:
        proc.stdin.close()
        proc.wait(timeout=60)


def _files(folder):
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != run_folder.LOCK}


@pytest.mark.parametrize("where", ["checkpoint_dir", "log_dir"])
@pytest.mark.slow
def test_a_second_writer_of_a_run_folder_is_refused_naming_the_holder(tmp_path, holder, where):
    folder = tmp_path / "run"
    train(**{**RUN, "epochs": 1}, checkpoint_dir=folder, log_dir=folder)
    before = _files(folder)
    proc = holder(folder)
    with pytest.raises(lock.FolderInUse) as err:
        train(**{**RUN, "epochs": 2}, resume=where == "checkpoint_dir", **{where: folder})
    assert str(err.value) == (
        f"{folder.resolve()} is in use by another descend run (pid {proc.pid}, "
        f"holding {folder.resolve() / run_folder.LOCK}); nothing was changed. "
        f"Wait until it ends, or use another folder"
    )
    assert _files(folder) == before
    proc.stdin.close()
    proc.wait(timeout=60)
    assert proc.returncode == 0
    assert not (folder / run_folder.LOCK).exists()  # let go of, and removed
    train(**{**RUN, "epochs": 2}, checkpoint_dir=folder, resume=True)  # free again


@pytest.mark.slow
def test_a_killed_holders_lock_file_is_taken_over(tmp_path, holder):
    proc = holder(tmp_path)
    proc.kill()
    proc.wait(timeout=60)
    assert int((tmp_path / run_folder.LOCK).read_text()) == proc.pid  # left behind, but not held
    with lock.locked(tmp_path):
        assert int((tmp_path / run_folder.LOCK).read_text()) == os.getpid()
    assert not (tmp_path / run_folder.LOCK).exists()


def test_the_lock_is_reentrant_within_a_process_and_held_during_the_run(tmp_path):
    seen = []

    class Probe(Callback):
        def on_epoch_end(self, run):
            seen.append(int((tmp_path / run_folder.LOCK).read_text()))

    with lock.locked(tmp_path):  # as the CLI holds its run folder while train() runs in it
        train(**{**RUN, "epochs": 2}, checkpoint_dir=tmp_path, callbacks=[Probe()])
        assert (tmp_path / run_folder.LOCK).exists()
    assert seen == [os.getpid(), os.getpid()]
    assert not (tmp_path / run_folder.LOCK).exists()


def test_a_run_that_fails_early_leaves_no_folder_behind(tmp_path):
    with pytest.raises(ValueError):
        train(**{**RUN, "data": "no-such-data"}, checkpoint_dir=tmp_path / "ckpt", log_dir=tmp_path / "logs")
    assert list(tmp_path.iterdir()) == []
