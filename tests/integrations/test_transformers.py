"""descend.integrations.transformers on the real Hugging Face Trainer: a two-layer BERT built
from a config (no download), trained offline on the CPU on generated sequences."""

from __future__ import annotations

import json
import math
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
from transformers import BertConfig, BertForSequenceClassification, Trainer, TrainingArguments
from transformers.utils import logging as hf_logging

import descend as ds
from _chromium import assert_renders
from _tensorboard import scalar_steps
from descend.integrations.transformers import DescendCallback

pytestmark = pytest.mark.usefixtures("one_thread")

ROOT = Path(__file__).resolve().parents[2]
FAULTS = {"divergence", "unbounded", "oscillation", "slow_progress", "exploding_gradients", "vanishing_gradients"}

hf_logging.set_verbosity_error()


class Sequences(torch.utils.data.Dataset):
    """Sequences of 8 tokens; the label says whether the first token is below 11."""

    def __init__(self, n: int, seed: int) -> None:
        g = torch.Generator().manual_seed(seed)
        self.x = torch.randint(2, 20, (n, 8), generator=g)
        self.y = (self.x[:, 0] < 11).long()

    def __len__(self) -> int:
        return len(self.x)

    def __getitem__(self, i: int) -> dict[str, torch.Tensor]:
        return {"input_ids": self.x[i], "labels": self.y[i]}


TRAIN, VAL = Sequences(128, 0), Sequences(64, 1)


def logits_loss(output, y):
    return torch.nn.functional.cross_entropy(output.logits, y)


PROBE = {"probe": (TRAIN.x[:64], TRAIN.y[:64]), "loss_fn": logits_loss}


def train(tmp_path: Path, lr: float, *, epochs: int = 6, callback_options=None, trainer_options=None, **options):
    """Train the tiny BERT with AdamW at a constant ``lr``; returns (callback, trainer)."""
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=20,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=8,
        num_labels=2,
    )
    doctor = DescendCallback(print_findings=False, **(callback_options or {}))
    args = TrainingArguments(
        output_dir=str(tmp_path / "out"),
        per_device_train_batch_size=16,
        num_train_epochs=epochs,
        learning_rate=lr,
        lr_scheduler_type="constant",
        save_strategy="no",
        report_to="none",
        use_cpu=True,
        disable_tqdm=True,
        seed=0,
        **{"logging_steps": 1000, "eval_strategy": "epoch", **options},
    )
    trainer = Trainer(
        model=BertForSequenceClassification(config),
        args=args,
        train_dataset=TRAIN,
        eval_dataset=VAL,
        **(trainer_options or {}),
    )
    trainer.add_callback(doctor)
    trainer.train()
    return doctor, trainer


@pytest.fixture(scope="module")
def healthy(tmp_path_factory):
    return train(tmp_path_factory.mktemp("healthy"), 3e-3)


def test_a_healthy_run_raises_no_alarm_and_writes_the_run_folder(healthy):
    doctor, trainer = healthy
    history = doctor.monitor.history
    assert [d.kind for d in doctor.diagnoses if d.kind in FAULTS] == []
    assert len(history.steps["loss"]) == trainer.state.global_step == 48
    assert history.epochs["epoch"] == list(range(6))
    assert len(history.epochs["val_loss"]) == 6 and history.epochs["val_loss"][-1] < history.epochs["val_loss"][0]
    folder = doctor.monitor.log_dir
    assert folder == Path(trainer.args.output_dir) / "descend"
    assert {"steps.csv", "epochs.csv", "diagnosis.json", "report.html"} <= {p.name for p in folder.iterdir()}
    assert [d.kind for d in ds.diagnose(folder)] == [d.kind for d in doctor.diagnoses]
    summary = _summary(folder)  # Trainer clips at max_grad_norm: the doctor was told
    assert (summary["gradients"], summary["grad_clip"]) == ("accumulated", trainer.args.max_grad_norm)


def test_tensorboard_every_reaches_the_run_folder(tmp_path):
    """Was a TypeError: the callback did not take it, and its run folder got "auto"'s steps."""
    doctor, _ = train(tmp_path, 3e-3, epochs=1, callback_options={"tensorboard_every": 3, "instruments": False})
    assert doctor.monitor.history.steps["step"] == list(range(1, 9))  # steps.csv: every step
    assert scalar_steps(doctor.monitor.log_dir) == [1, 3, 6, 8]  # every 3rd, the first and the last


def test_the_losses_are_those_the_trainer_logs_also_under_gradient_accumulation(tmp_path):
    doctor, trainer = train(tmp_path, 3e-3, epochs=1, logging_steps=1, gradient_accumulation_steps=2)
    logged = [row["loss"] for row in trainer.state.log_history if "loss" in row]
    assert len(logged) == trainer.state.global_step == 4
    assert doctor.monitor.history.steps["loss"] == pytest.approx(logged, rel=1e-5)
    rows = {key: list(column) for key, column in doctor.monitor.history.epochs.items()}  # not the live lists
    trainer.evaluate()  # after training: the closed record stays as it was
    assert doctor.monitor.history.epochs == rows


def test_each_evaluation_every_n_steps_closes_a_row_of_its_own_with_its_step(tmp_path):
    """eval_strategy="steps": every evaluation is in the record (was: each epoch's last only)."""
    doctor, trainer = train(tmp_path, 3e-3, epochs=2, eval_strategy="steps", eval_steps=5)
    evaluated = {row["step"]: row["eval_loss"] for row in trainer.state.log_history if "eval_loss" in row}
    assert list(evaluated) == [5, 10, 15, 16]  # 8 updates an epoch; the last at the end of training
    epochs = doctor.monitor.history.epochs
    assert epochs["step"] == [5, 10, 15, 16] and epochs["epoch"] == [0, 1, 2, 3]
    assert epochs["val_loss"] == pytest.approx(list(evaluated.values()))
    steps = doctor.monitor.history.steps  # each row's training loss: the mean of the updates since the last
    assert epochs["loss"][3] == pytest.approx(steps["loss"][15]) and steps["epoch"][:6] == [0] * 5 + [1]
    read = ds.History.load(doctor.monitor.log_dir)  # what descend report, doctor and ds.diagnose(folder) read
    assert read.epochs["val_loss"] == pytest.approx(epochs["val_loss"]) and read.epochs["step"] == [5, 10, 15, 16]


def test_a_model_that_returns_no_loss_is_read_from_the_logged_loss(tmp_path):
    def own_loss(outputs, labels, num_items_in_batch=None):  # Trainer keeps the labels from the model
        return torch.nn.functional.cross_entropy(outputs.logits, labels)

    doctor, trainer = train(tmp_path, 3e-3, epochs=1, logging_steps=2, trainer_options={"compute_loss_func": own_loss})
    logged = [row["loss"] for row in trainer.state.log_history if "loss" in row]
    steps = doctor.monitor.history.steps
    assert len(logged) == 4 and steps["step"] == [2, 4, 6, 8]
    assert steps["loss"] == pytest.approx(logged, rel=1e-5)


@pytest.mark.slow
def test_a_far_too_large_rate_is_diagnosed_and_the_advised_rate_trains(tmp_path):
    doctor, trainer = train(tmp_path / "large", 3.0, callback_options=PROBE)
    losses = doctor.monitor.history.steps["loss"]
    advice = [d for d in doctor.diagnoses if "lr" in d.change]
    assert [d.kind for d in advice] == ["divergence"], doctor.diagnoses
    lr = advice[0].change["lr"]
    assert lr < 3.0 / 5
    # Trainer clips at max_grad_norm=1: the monitor read the norms before clipping, and knew.
    assert max(doctor.monitor.history.steps["grad_norm"]) > trainer.args.max_grad_norm
    again, _ = train(tmp_path / "advised", lr, callback_options=PROBE)
    advised = again.monitor.history.steps["loss"]
    assert max(losses) > 10 * losses[0] and max(advised) < max(losses) / 5
    assert again.monitor.history.epochs["loss"][-1] < doctor.monitor.history.epochs["loss"][-1]


@pytest.mark.slow
def test_the_report_renders_in_headless_chromium(healthy):
    doctor, _ = healthy
    assert_renders(doctor.monitor.log_dir / "report.html", ROOT / "test-artifacts" / "report-transformers.png")


def test_a_second_run_in_the_same_output_dir_gets_a_fresh_folder(healthy):
    doctor, trainer = healthy
    first = doctor.monitor.log_dir
    again, _ = train(first.parent.parent, 3e-3, epochs=1)
    assert again.monitor.log_dir == first.parent / "descend-2"
    assert math.isfinite(again.monitor.history.steps["loss"][-1])


def _summary(folder: Path) -> dict:
    return json.loads((folder / "summary.json").read_text())


def _arguments(tmp_path: Path, fp16: bool = False) -> SimpleNamespace:
    """What on_train_begin reads of TrainingArguments."""
    return SimpleNamespace(
        max_grad_norm=1.0,
        output_dir=str(tmp_path),
        fp16=fp16,
        process_index=0,
        train_batch_size=8,
        gradient_accumulation_steps=1,
        world_size=1,
        average_tokens_across_devices=True,
    )


@pytest.mark.parametrize(
    ("fp16", "scaled", "where"), [(False, False, "accumulated"), (True, True, "accumulated"), (True, False, "step")]
)
def test_gradients_are_read_raw_and_unscaled_before_trainer_clips_them(tmp_path, fp16, scaled, where):
    """Raw, before Trainer clips; under fp16 divided by the scale of Accelerate's scaler (the
    optimizer's ``scaler``, as AcceleratedOptimizer holds it). It used to read them in the step
    pre-hook under fp16 (unscaled, but clipped: here 1 where the gradient's norm is 74), as it
    still does where no scaler is found."""
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    inner = torch.optim.SGD(model.parameters(), lr=0.1)
    scaler = torch.amp.GradScaler("cpu", enabled=scaled)
    optimizer = SimpleNamespace(optimizer=inner, scaler=scaler) if scaled else inner  # Accelerate's wrapper
    args = _arguments(tmp_path, fp16)
    doctor = DescendCallback(print_findings=False)
    doctor.on_train_begin(args, SimpleNamespace(max_steps=1, global_step=0), None, model=model, optimizer=optimizer)
    scaler.scale(model(torch.full((8, 3), 10.0)).pow(2).mean()).backward()
    scaler.unscale_(inner)
    raw = float(torch.nn.utils.clip_grad_norm_(model.parameters(), args.max_grad_norm))  # as Trainer does
    scaler.step(inner)
    scaler.update()
    doctor.on_log(args, None, None, logs={"loss": 1.0})  # Linear returns no loss: the logged one
    doctor.on_train_end(args, None, None)
    summary = _summary(tmp_path / "descend")
    assert (summary["gradients"], summary["grad_clip"], summary["steps"]) == (where, 1.0, 1)
    (read,) = doctor.monitor.history.steps["grad_norm"]
    assert raw > 10 * args.max_grad_norm  # the clip changed the gradients: which ones were read shows
    assert read == pytest.approx(args.max_grad_norm if where == "step" else raw, rel=1e-5)


def test_a_run_resumed_from_a_checkpoint_plans_its_readings_over_the_updates_left(tmp_path):
    """train(resume_from_checkpoint=...) at update 40 of 48 calls on_train_begin with global_step
    40: the watch sees 8 updates, and planned over 48 its last reading (update 48) never came."""
    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    doctor = DescendCallback(
        log_dir=None,
        print_findings=False,
        probe=(torch.ones(4, 3), torch.ones(4, 1)),
        loss_fn=torch.nn.functional.mse_loss,
    )
    doctor.on_train_begin(
        _arguments(tmp_path), SimpleNamespace(max_steps=48, global_step=40), None, model=model, optimizer=optimizer
    )
    assert doctor.monitor.sampling.total == 8 and sorted(doctor.monitor.readings) == [1, 8]
    doctor.on_train_end(None, None, None)


def test_a_descend_schedule_attached_to_the_optimizer_drives_the_trainers_rates(tmp_path):
    """Trainer(optimizers=(opt, attach(opt, schedule))): the Trainer logs the rate through the
    scheduler's get_last_lr(), which the adapter lacked (AttributeError inside transformers)."""
    torch.manual_seed(0)
    config = BertConfig(vocab_size=20, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=8, num_labels=2)  # fmt: skip
    model = BertForSequenceClassification(config)
    opt = ds.optim.AdamW(model.parameters(), lr=1.0)
    cosine = ds.schedules.cosine(3e-3, total_steps=16)
    args = TrainingArguments(output_dir=str(tmp_path), per_device_train_batch_size=16, num_train_epochs=2,
                             save_strategy="no", report_to="none", use_cpu=True, disable_tqdm=True, seed=0,
                             logging_steps=2)  # fmt: skip
    trainer = Trainer(model=model, args=args, train_dataset=TRAIN, optimizers=(opt, ds.schedules.attach(opt, cosine)))
    trainer.train()
    logged = [row["learning_rate"] for row in trainer.state.log_history if "learning_rate" in row]
    # logged at updates 2, 4, ..., 16: the rate that update used, cosine(update - 1)
    assert logged == pytest.approx([cosine(t) for t in range(1, 16, 2)], rel=1e-12)
