"""descend.integrations.ultralytics on real Ultralytics YOLO training: a YOLOv8 detector built
from a model YAML (no weights), trained offline on the CPU on a detection set the test writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
from _detection_set import write_detection_set, write_tiny_yolo

import descend as ds
from _chromium import assert_renders
from _readings import left_to_fall_step, sampled_steps
from _tensorboard import scalar_steps
from descend._checks import InvalidArgument

pytestmark = pytest.mark.usefixtures("one_thread")

ROOT = Path(__file__).resolve().parents[2]
FAULTS = {"divergence", "unbounded", "oscillation", "slow_progress", "exploding_gradients", "vanishing_gradients"}


@pytest.fixture(scope="module")
def yolo_set(ultralytics_offline, tmp_path_factory):
    """The data YAML and model YAML, in a folder of their own."""
    root = tmp_path_factory.mktemp("yolo-set")
    return write_detection_set(root / "set", train=16, val=4), write_tiny_yolo(root)


def train(yolo_set, project: Path, lr: float, **options):
    """Four updates an epoch (16 images, batch 4), SGD at a constant ``lr0`` without warm-up;
    validation only after the last epoch. Returns (callbacks, trainer)."""
    from ultralytics import YOLO

    from descend.integrations.ultralytics import attach

    data, model_yaml = yolo_set
    model = YOLO(str(model_yaml))
    doctor = attach(model, print_findings=False)
    settings = {
        "data": str(data),
        "epochs": 6,
        "imgsz": 64,
        "batch": 4,
        "nbs": 4,
        "workers": 0,
        "amp": False,
        "plots": False,
        "val": False,
        "device": "cpu",
        "optimizer": "SGD",
        "lr0": lr,
        "lrf": 1.0,
        "warmup_epochs": 0,
        "mosaic": 0.0,
        "seed": 0,
        "deterministic": True,
        "verbose": False,
        "project": str(project),
        "name": "run",
        **options,
    }
    model.train(**settings)
    return doctor, model.trainer


@pytest.fixture(scope="module")
def healthy(yolo_set, tmp_path_factory):
    return train(yolo_set, tmp_path_factory.mktemp("healthy"), 0.02)


@pytest.mark.slow
def test_a_healthy_run_raises_no_alarm_and_writes_the_run_folder(healthy):
    from descend.integrations.ultralytics import CLIP_NORM

    doctor, trainer = healthy
    history = doctor.monitor.history
    assert [d.kind for d in doctor.diagnoses if d.kind in FAULTS] == []
    assert len(history.steps["loss"]) == 24 and history.epochs["epoch"] == list(range(6))
    assert history.epochs["loss"][-1] < 0.8 * history.epochs["loss"][0]
    # Ultralytics clips at 10; the monitor read the norms before clipping, and knew.
    assert max(history.steps["grad_norm"]) > CLIP_NORM
    # Validated once, after the last epoch: that row alone has a validation loss.
    assert [v == v for v in history.epochs["val_loss"]] == [False] * 5 + [True]
    assert doctor.log_dir == Path(trainer.save_dir) / "descend" == doctor.monitor.log_dir
    assert {"steps.csv", "epochs.csv", "diagnosis.json", "report.html"} <= {p.name for p in doctor.log_dir.iterdir()}
    assert [d.kind for d in ds.diagnose(doctor.log_dir)] == [d.kind for d in doctor.diagnoses]
    summary = json.loads((doctor.log_dir / "summary.json").read_text())
    assert (summary["gradients"], summary["grad_clip"]) == ("accumulated", CLIP_NORM)
    # Read on the validation images' probe: the first of the readings due, the others as the
    # readings' time budget allows (24 steps of this tiny detector pay for none of them).
    budget = doctor.monitor.budget
    assert len(sampled_steps(history.instruments)) == budget.taken >= 1 and budget.taken + budget.skipped >= 2
    assert left_to_fall_step(history.instruments) == len(history.steps["step"])  # at the last weights


@pytest.mark.slow
def test_a_far_too_large_rate_is_diagnosed_and_the_advised_rate_trains(yolo_set, tmp_path):
    doctor, _ = train(yolo_set, tmp_path / "large", 1.0)
    losses = doctor.monitor.history.steps["loss"]
    advice = [d for d in doctor.diagnoses if "lr" in d.change]
    assert len(advice) == 1 and advice[0].kind in ("divergence", "oscillation"), doctor.diagnoses
    lr = advice[0].change["lr"]
    assert lr <= 0.1
    # The loss blew up, then collapsed to 0: no anchor predicts anything any more.
    assert max(losses) > 3 * losses[0] and losses[-1] == 0.0
    again, _ = train(yolo_set, tmp_path / "advised", lr)
    advised = again.monitor.history
    assert [d.kind for d in again.diagnoses if d.kind in ("divergence", "oscillation", "unbounded")] == []
    assert max(advised.steps["loss"]) < 1.5 * advised.steps["loss"][0]
    assert advised.epochs["loss"][-1] < 0.8 * advised.epochs["loss"][0]


@pytest.mark.slow
def test_the_report_renders_in_headless_chromium(healthy):
    doctor, _ = healthy
    assert_renders(doctor.log_dir / "report.html", ROOT / "test-artifacts" / "report-ultralytics.png")


def test_attach_takes_a_model_or_trainer_and_says_what_else_it_got(ultralytics_offline, yolo_set):
    from descend.integrations.ultralytics import EVENTS, attach

    model = ultralytics_offline.YOLO(str(yolo_set[1]))
    doctor = attach(model, print_findings=False)
    assert all(getattr(doctor, event) in model.callbacks[event] for event in EVENTS)
    with pytest.raises(InvalidArgument, match=r"model must be an Ultralytics YOLO model or trainer .* got str 'x.pt'"):
        attach("x.pt")
    with pytest.raises(InvalidArgument, match=r"probe_images"):
        attach(model, probe_images=-1)


def test_attach_again_replaces_the_callbacks_attached_before(ultralytics_offline, yolo_set):
    """A notebook cell run twice attached two doctors: two monitors on one optimizer, two run
    folders (descend, descend-2) and every finding printed twice. Now one: the last."""
    from descend.integrations.ultralytics import EVENTS, DescendCallbacks, attach

    model = ultralytics_offline.YOLO(str(yolo_set[1]))
    first = attach(model, print_findings=False)
    second = attach(model, print_findings=False)
    for event in EVENTS:
        ours = [fn for fn in model.callbacks[event] if isinstance(getattr(fn, "__self__", None), DescendCallbacks)]
        assert ours == [getattr(second, event)], event
    assert first.on_train_start not in model.callbacks["on_train_start"]
    assert len(model.callbacks["on_train_start"]) >= 1  # Ultralytics' own callbacks stay


@pytest.mark.slow
def test_the_callbacks_reach_the_trainer_ultralytics_ddp_child_rebuilds(yolo_set, tmp_path):
    """Ultralytics' multi-GPU launch pickles the trainer's callbacks (cloudpickle) into a file,
    and each DDP child rebuilds the trainer with them (ultralytics/utils/dist.py). That child,
    run here as one CPU process, records and writes the run folder; the parent's copy of the
    callbacks never runs."""
    from ultralytics import YOLO
    from ultralytics.models.yolo.detect import DetectionTrainer
    from ultralytics.utils.dist import ddp_cleanup, generate_ddp_file

    pytest.importorskip("cloudpickle", reason="Ultralytics would pip-install it (the network) to launch DDP")
    from _torchvision_nms import install_callback

    from descend.integrations.ultralytics import attach

    data, model_yaml = yolo_set
    model = YOLO(str(model_yaml))
    doctor = attach(model, tmp_path / "doctor", print_findings=False)
    model.add_callback("on_pretrain_routine_start", install_callback)  # the child imports torchvision
    overrides = {"model": str(model_yaml), "data": str(data), "epochs": 1, "imgsz": 64, "batch": 4, "nbs": 4}
    overrides |= {"workers": 0, "amp": False, "plots": False, "device": "cpu", "verbose": False}
    trainer = DetectionTrainer(
        overrides={**overrides, "project": str(tmp_path), "name": "ddp"}, _callbacks=model.callbacks
    )
    trainer.model = trainer.get_model(cfg=str(model_yaml), verbose=False)
    script = generate_ddp_file(trainer)
    try:
        env = {**os.environ, "OMP_NUM_THREADS": "1"}
        subprocess.run([sys.executable, script], check=True, timeout=300, capture_output=True, env=env)
    finally:
        ddp_cleanup(trainer, script)
    assert doctor.monitor is None and doctor.diagnoses == []
    history = ds.History.load(tmp_path / "doctor")
    assert len(history.steps["loss"]) == 4 and (tmp_path / "doctor" / "report.html").exists()


@pytest.mark.slow
def test_yolov8n_itself_trains_watched(yolo_set, tmp_path):
    data, _ = yolo_set
    doctor, _ = train((data, "yolov8n.yaml"), tmp_path, 0.02, epochs=2)
    history = doctor.monitor.history
    assert len(history.steps["loss"]) == 8 and len(history.epochs["loss"]) == 2
    assert (doctor.log_dir / "report.html").exists()
    # On 64-pixel images yolov8n's coarse box branches are assigned no object (a gradient ~1e-14
    # times their weights): idle, not vanishing, since the layers before them get their gradient.
    alarms = [d for d in doctor.diagnoses if d.kind in FAULTS]
    assert alarms == []


@pytest.mark.parametrize("amp", [False, True])
def test_gradients_are_read_raw_before_ultralytics_clips_them_with_or_without_amp(ultralytics_offline, tmp_path, amp):
    """Raw, before Ultralytics clips at 10, with the doctor told of the clip; under AMP divided by
    the scaler's scale. Under AMP they used to be read in the step pre-hook: clipped (here 10
    where the gradient's norm is 574), no evidence of exploding or vanishing gradients."""
    from descend.integrations.ultralytics import CLIP_NORM, DescendCallbacks

    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    trainer = _trainer(tmp_path, model, optimizer, amp)
    doctor = DescendCallbacks(probe_images=0, print_findings=False)
    doctor.on_train_start(trainer)
    scaler = trainer.scaler  # as Ultralytics' optimizer_step: unscale, clip at 10, step, update
    scaler.scale(model(torch.full((4, 3), 30.0)).pow(2).mean()).backward()
    scaler.unscale_(optimizer)
    raw = float(torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM))
    scaler.step(optimizer)
    scaler.update()
    doctor.on_train_batch_end(trainer)
    doctor.on_fit_epoch_end(trainer)
    doctor.on_train_end(trainer)
    summary = json.loads((tmp_path / "descend" / "summary.json").read_text())
    assert (summary["gradients"], summary["grad_clip"], summary["steps"]) == ("accumulated", CLIP_NORM, 1)
    assert doctor.monitor.history.steps["loss"] == [1.5 * 4]  # per image, times the images per update
    assert raw > 10 * CLIP_NORM and doctor.monitor.history.steps["grad_norm"] == [pytest.approx(raw, rel=1e-5)]


def _trainer(tmp_path, model, optimizer, amp=False, **options):
    """What the callbacks read of Ultralytics' BaseTrainer: one epoch of one batch of 4 images."""
    fields = {
        "save_dir": tmp_path,
        "scaler": torch.amp.GradScaler("cpu", enabled=amp),
        "model": model,
        "optimizer": optimizer,
        "batch_size": 4,
        "world_size": 0,
        "accumulate": 1,
        "start_epoch": 0,
        "epochs": 1,
        "train_loader": [None],
        "metrics": {},
        "loss_items": {"box": torch.tensor(1.0), "cls": torch.tensor(0.5)},
    }
    return SimpleNamespace(**{**fields, **options})


def test_a_resumed_run_plans_its_readings_over_the_epochs_left(ultralytics_offline, tmp_path):
    """model.train(resume=True) from epoch 5 of 6 starts at trainer.start_epoch = 5: the watch
    sees one epoch's 8 updates, and planned over all 48 its last reading (update 48) never came."""
    from descend.integrations.ultralytics import DescendCallbacks

    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    trainer = _trainer(tmp_path, model, optimizer, start_epoch=5, epochs=6, train_loader=[None] * 8)
    doctor = DescendCallbacks(probe_images=0, print_findings=False)
    doctor.on_train_start(trainer)
    assert doctor.monitor.sampling.total == 8
    doctor.on_train_end(trainer)


def test_tensorboard_every_reaches_the_run_folder(ultralytics_offline, tmp_path):
    """Was a TypeError: attach did not take it, and its run folder got "auto"'s steps."""
    from descend.integrations.ultralytics import attach

    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    trainer = _trainer(tmp_path, model, optimizer, train_loader=[None] * 8, add_callback=lambda event, fn: None)
    doctor = attach(trainer, probe_images=0, print_findings=False, tensorboard_every=3)
    doctor.on_train_start(trainer)
    for _ in range(8):  # as Ultralytics' optimizer_step: step, zero the gradients
        model(torch.ones(4, 3)).pow(2).mean().backward()
        optimizer.step()
        optimizer.zero_grad()
        doctor.on_train_batch_end(trainer)
    doctor.on_fit_epoch_end(trainer)
    doctor.on_train_end(trainer)
    assert doctor.monitor.history.steps["step"] == list(range(1, 9))  # steps.csv: every step
    assert scalar_steps(tmp_path / "descend") == [1, 3, 6, 8]  # every 3rd, the first and the last
