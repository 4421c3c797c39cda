"""descend's Lightning callback on a real Trainer: offline, on the CPU, a small MLP on generated
data. A far-too-large rate is diagnosed, with a rate that trains; a healthy run raises no alarm;
the run folder is the one descend train writes."""

import json
import math

import pytest
import torch
from _torchvision_nms import install as install_torchvision_nms
from torch import nn
from torch.nn import functional as F

import descend as ds
from _chromium import render
from descend.training.findings import ADVISORY
from descend.watch import sampling

# Lightning imports torchmetrics, which imports torchvision, whose compiled operators do not
# load against this CPU torch: declare torchvision::nms first (see _torchvision_nms).
install_torchvision_nms()
import lightning.pytorch as pl  # noqa: E402
from lightning.fabric.utilities.exceptions import MisconfigurationException  # noqa: E402

from _readings import left_to_fall_step, sampled_steps  # noqa: E402
from _tensorboard import scalar_steps  # noqa: E402
from descend.integrations.lightning import DescendCallback  # noqa: E402


def _data(n, seed):
    g = torch.Generator().manual_seed(0)  # one target function for every split
    w = torch.randn(8, 1, generator=g)
    g.manual_seed(seed)
    x = torch.randn(n, 8, generator=g)
    return torch.utils.data.TensorDataset(x, torch.tanh(x @ w) + 0.05 * torch.randn(n, 1, generator=g))


class MLP(pl.LightningModule):
    def __init__(self, lr):
        super().__init__()
        self.lr = lr
        self.seen = []  # each training batch's loss
        self.net = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, x):
        return self.net(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.seen.append(loss.item())
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", F.mse_loss(self(x), y))

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.lr, momentum=0.9)


def _fit(
    lr, log_dir=None, epochs=6, probe=True, module=None, ckpt_path=None, callbacks=(), watched=None, **trainer_options
):
    pl.seed_everything(0, verbose=False)
    model = (module or MLP)(lr)
    x, y = _data(256, 1).tensors
    measured = {"loss_fn": F.mse_loss, "probe": (x[:64], y[:64])} if probe else {}
    callback = DescendCallback(log_dir, print_findings=False, **measured, **(watched or {}))
    trainer = pl.Trainer(
        max_epochs=epochs,
        accelerator="cpu",
        devices=1,
        callbacks=[callback, *callbacks],
        logger=False,
        enable_progress_bar=False,
        enable_checkpointing=False,
        enable_model_summary=False,
        num_sanity_val_steps=0,
        **trainer_options,
    )
    train = torch.utils.data.DataLoader(_data(256, 1), batch_size=32, shuffle=True)
    val = torch.utils.data.DataLoader(_data(128, 2), batch_size=128)
    trainer.fit(model, train, val, ckpt_path=ckpt_path)
    callback.seen, callback.trainer = model.seen, trainer
    return callback


@pytest.mark.parametrize(
    ("share", "evidence"),
    [
        (math.inf, "the rate that puts the effective stability ratio"),  # step 2 read: the instruments
        (None, "the loss grew"),  # the default budget skips step 2's reading: the loss's growth
    ],
)
def test_a_far_too_large_rate_is_diagnosed_with_a_rate_that_trains(monkeypatch, share, evidence):
    if share is not None:
        monkeypatch.setattr(sampling, "READING_SHARE", share)
    with pytest.warns(RuntimeWarning, match=r"descend.watch: the loss became (nan|inf) at step \d+"):
        callback = _fit(lr=1.0)
    found = callback.diagnoses
    assert found[0].kind == "divergence" and "the learning rate is too large" in found[0].advice
    assert evidence in found[0].advice
    advised = found[0].change["lr"]
    assert advised < 0.1
    healthy = _fit(lr=advised)
    history = healthy.monitor.history
    assert all(math.isfinite(v) for v in history.steps["loss"]) and history.non_finite_step is None
    assert history.loss[-1] < 0.5 * history.loss[0]
    # It trains: no rate too large any more (the doctor may still say it could go faster).
    assert not [d for d in healthy.diagnoses if d.kind in ("divergence", "oscillation")], healthy.diagnoses


@pytest.mark.parametrize(("share", "read_at"), [(math.inf, [2, 48]), (0.0, [48])])
def test_a_healthy_run_raises_no_alarm_and_writes_the_run_folder(tmp_path, monkeypatch, share, read_at):
    # Whatever the readings' time budget affords: train's sampling of 48 steps, or its last reading.
    monkeypatch.setattr(sampling, "READING_SHARE", share)
    callback = _fit(lr=0.02, log_dir=tmp_path / "run", gradient_clip_val=5.0)
    history = callback.monitor.history
    assert not [d for d in callback.diagnoses if d.kind not in ADVISORY], callback.diagnoses
    assert len(history.steps["step"]) == 6 * 8 and history.epochs["epoch"] == list(range(6))
    assert len(history.val_loss) == 6 and history.val_loss[-1] < history.val_loss[0]
    assert history.layer_grad_ratios  # read in on_before_optimizer_step: before clipping
    assert sampled_steps(history.instruments) == read_at and left_to_fall_step(history.instruments) == 48
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["grad_clip"] == 5.0 and summary["watched_by"] == "descend.watch"
    assert (tmp_path / "run" / "report.html").is_file() and (tmp_path / "run" / "plots" / "training.png").is_file()


def test_tensorboard_every_reaches_the_run_folder(tmp_path):
    """Was a TypeError: the callback did not take it, and its run folder got "auto"'s steps."""
    callback = _fit(lr=0.02, log_dir=tmp_path / "run", epochs=2, probe=False, watched={"tensorboard_every": 5})
    assert callback.monitor.history.steps["step"] == list(range(1, 17))  # steps.csv: every step
    assert scalar_steps(tmp_path / "run") == [1, 5, 10, 15, 16]  # every 5th, the first and the last


def test_losses_of_accumulated_batches_are_the_batches_own():
    callback = _fit(lr=0.02, epochs=1, probe=False, accumulate_grad_batches=2)
    steps, seen = callback.monitor.history.steps, callback.seen
    # The mean of each update's two batches, not halved by Lightning's normalisation.
    assert steps["loss"] == pytest.approx([(a + b) / 2 for a, b in zip(seen[::2], seen[1::2])], rel=1e-6)
    assert steps["step"] == [1, 2, 3, 4]


class SlashLogged(MLP):
    """Logs its validation metrics as Lightning's templates often name them: val/loss, val/mae."""

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val/loss", F.mse_loss(self(x), y))
        self.log("val/mae", F.l1_loss(self(x), y))


def test_validation_metrics_logged_as_val_slash_names_are_read():
    """val/loss is the epoch's val_loss, so that overfitting can be found (was silently not read)."""
    epochs = _fit(lr=0.02, epochs=2, probe=False, module=SlashLogged).monitor.history.epochs
    assert len(epochs["val_loss"]) == 2 and all(math.isfinite(v) for v in epochs["val_loss"])
    assert len(epochs["val_mae"]) == 2


@pytest.mark.slow
def test_the_report_of_a_lightning_run_renders_in_headless_chromium(tmp_path):
    _fit(lr=0.02, log_dir=tmp_path / "run", epochs=2)
    images, errors, requests, heading = render(tmp_path / "run" / "report.html", tmp_path / "shot.png", text_of="h1")
    assert heading == "run" and images and all(done and width > 0 for done, width in images)
    assert errors == [] and all(url.startswith(("file:", "data:")) for url in requests), requests


@pytest.mark.parametrize(
    ("options", "validated", "rows"),
    [
        ({"val_check_interval": 0.5}, [4, 8, 12, 16, 20, 24], 6),  # mid-epoch and at each epoch's end
        ({"val_check_interval": 3, "check_val_every_n_epoch": None}, [3, 6, 9, 12, 15, 18, 21, 24], 8),  # across epochs
        ({"check_val_every_n_epoch": 2}, [16], 2),  # every second epoch: the last epoch's 8 updates, a row at the end
    ],
)
def test_each_validation_run_not_once_an_epoch_closes_a_row_with_its_step(options, validated, rows):
    """Every validation run is in the record (was: each epoch's last, or a row without one for an epoch without)."""
    history = _fit(lr=0.02, epochs=3, probe=False, **options).monitor.history
    assert len(history.steps["step"]) == 24 and len(history.epochs["epoch"]) == rows
    assert [step for step in history.epochs["step"] if math.isfinite(step)] == validated
    assert sum(math.isfinite(v) for v in history.val_loss) == len(validated)


def test_validation_once_an_epoch_keeps_a_row_an_epoch():
    epochs = _fit(lr=0.02, epochs=2, probe=False).monitor.history.epochs
    assert epochs["epoch"] == [0, 1] and "step" not in epochs and len(epochs["val_loss"]) == 2


def test_a_fit_resumed_from_a_checkpoint_is_read_at_its_last_update(tmp_path, monkeypatch):
    """A fit resumed at update 40 of 48 (ckpt_path) was planned as 48 updates from 0: the watch
    saw 8, and the last planned reading (update 48, the one the doctor's rate advice rests on)
    never came. It is planned over the 8 updates left."""
    monkeypatch.setattr(sampling, "READING_SHARE", math.inf)  # every planned reading taken
    checkpoint = tmp_path / "five.ckpt"
    first = _fit(lr=0.02, epochs=5, probe=False)  # 5 epochs of 8 updates
    first.trainer.save_checkpoint(checkpoint)
    resumed = _fit(lr=0.02, epochs=6, ckpt_path=checkpoint)
    history = resumed.monitor.history
    assert len(history.steps["step"]) == 8 and resumed.monitor.sampling.total == 8
    assert sampled_steps(history.instruments) == [1, 8]


class _TwoOptimizers(MLP):
    """Manual optimisation stepping two optimizers a batch (a layer each), as a GAN does."""

    def __init__(self, lr):
        super().__init__(lr)
        self.automatic_optimization = False

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        for opt in self.optimizers():
            opt.zero_grad()
        self.manual_backward(loss)
        for opt in self.optimizers():
            opt.step()
        return loss

    def configure_optimizers(self):
        return [
            torch.optim.SGD(self.net[0].parameters(), lr=self.lr),
            torch.optim.SGD(self.net[2].parameters(), lr=self.lr),
        ]


def test_a_resumed_fit_with_manual_optimization_and_two_optimizers_plans_the_batches_left(tmp_path):
    """Resumed after 40 of 48 batches, trainer.global_step is 80 (both optimizers' steps): the
    plan was 48 - 80 updates, none (no total_steps). It is the 8 batches left."""
    checkpoint = tmp_path / "five.ckpt"
    first = _fit(lr=0.02, epochs=5, probe=False, module=_TwoOptimizers)
    first.trainer.save_checkpoint(checkpoint)
    resumed = _fit(lr=0.02, epochs=6, module=_TwoOptimizers, ckpt_path=checkpoint)
    assert resumed.trainer.global_step == 96  # both optimizers' steps: 2 x 48 batches
    assert len(resumed.monitor.history.steps["step"]) == 8 and resumed.monitor.sampling.total == 8


class _ClosureRule(MLP):
    """An MLP stepped by descend's SAM or LBFGS: Lightning's automatic optimisation hands them
    its closure."""

    rule = "sam"

    def configure_optimizers(self):
        if self.rule == "sam":
            return ds.optim.SAM(self.parameters(), base="sgd", lr=self.lr)
        return ds.optim.LBFGS(self.parameters(), lr=self.lr, line_search_fn="strong_wolfe")


@pytest.mark.parametrize(
    ("rule", "options", "said"),
    [
        ("sam", {"accumulate_grad_batches": 2}, r"SAM .* several batches \(accumulate_grad_batches=2;"),
        ("lbfgs", {"accumulate_grad_batches": 3}, r"LBFGS .* several batches \(accumulate_grad_batches=3;"),
        (
            "sam",
            {"callbacks": [pl.callbacks.GradientAccumulationScheduler({0: 1, 1: 2})]},
            r"SAM .* \(accumulate_grad_batches=2 from epoch 1, by GradientAccumulationScheduler;",
        ),
        ("lbfgs", {"gradient_clip_val": 0.5}, r"LBFGS .*; its line search .* \(gradient_clip_val=0.5\)"),
    ],
)
def test_a_closure_rule_whose_closure_would_not_give_the_updates_gradient_is_refused_before_it_steps(
    rule, options, said, monkeypatch
):
    """Lightning's closure recomputes an update's last batch only and zeroes no gradient there,
    and clips each evaluation: SAM would drop the earlier batches, LBFGS add its evaluations'
    gradients up or search on a clipped one, silently. Refused as descend.train refuses them."""
    monkeypatch.setattr(_ClosureRule, "rule", rule)
    module = _ClosureRule(0.1)
    before = [p.detach().clone() for p in module.parameters()]
    with pytest.raises(MisconfigurationException, match=said):
        _fit(0.1, epochs=2, probe=False, module=lambda lr: module, **options)
    assert all(torch.equal(a, b) for a, b in zip(before, module.parameters()))


class _FirstGradientNorms(pl.Callback):
    """The gradient norm at each update's first closure evaluation (SAM's at w)."""

    def __init__(self):
        self.norms, self.at = [], None

    def on_before_optimizer_step(self, trainer, pl_module, optimizer):
        if trainer.global_step != self.at:
            self.at = trainer.global_step
            self.norms.append(
                float(torch.linalg.vector_norm(torch.stack([p.grad.norm() for p in pl_module.parameters()])))
            )


def test_sams_gradient_norm_is_read_at_the_updates_weights_not_at_its_ascent_point():
    """Lightning calls on_before_optimizer_step after each of SAM's two evaluations: the second's
    gradient (at w + epsilon) overwrote the first's in the record until session 36."""
    first = _FirstGradientNorms()
    run = _fit(0.1, epochs=1, probe=False, module=_ClosureRule, callbacks=[first])
    assert len(first.norms) == 8
    assert run.monitor.history.steps["grad_norm"] == pytest.approx(first.norms, rel=1e-5)


def test_sams_loss_is_the_one_at_the_updates_weights_not_at_its_ascent_point():
    """Lightning hands on_train_batch_end its closure's last result: SAM's loss at w + epsilon
    was recorded until session 36. Each batch runs training_step twice; the first is at w."""
    run = _fit(0.1, epochs=1, probe=False, module=_ClosureRule)
    assert len(run.seen) == 16
    assert run.monitor.history.steps["loss"] == pytest.approx(run.seen[0::2], rel=1e-6)
