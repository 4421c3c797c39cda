"""The doctor in Ultralytics YOLO training: :func:`attach` registers :class:`DescendCallbacks`
on a ``YOLO`` model (or a trainer), which drive a :func:`descend.watch` monitor.

::

    from ultralytics import YOLO
    from descend.integrations.ultralytics import attach

    model = YOLO("yolov8n.yaml")
    doctor = attach(model)          # run folder: <save_dir>/descend
    model.train(data="data.yaml", epochs=30, optimizer="SGD", lr0=0.01)
    doctor.diagnoses                # the findings, as descend.train's

What it reads, and where (Ultralytics 8.4):

- **gradient norms**: the trainer's ``optimizer_step()`` unscales, clips at norm 10, steps and
  zeroes the gradients before ``on_train_batch_end`` fires, so the hooks go in at
  ``on_train_start``: a post-accumulate-grad hook reads each gradient raw, before clipping
  (``gradients="accumulated"``), and the doctor is told ``grad_clip=10``. Under AMP the raw
  gradients are multiplied by the gradient scaler's factor: the monitor is given the trainer's
  scaler and divides them by it (until session 35 it read them in the optimizer's step
  pre-hook: unscaled but clipped at 10, so no evidence of exploding or vanishing gradients).
- **the loss** of each batch at ``on_train_batch_end``: the sum of ``trainer.loss_items`` (box,
  class and DFL terms, per image, as Ultralytics prints them) times the images per update, the
  objective the optimizer descends (its gradient is the one clipped and stepped); batches
  accumulated into one update are averaged into it. Validation losses are scaled alike.
- **the instruments** measure on a probe: the first ``probe_images`` validation images (no
  augmentation) and their boxes, with the trainer's own detection loss at the same scale.
- **epochs** at ``on_fit_epoch_end`` (not the one ``final_eval`` fires after validating
  ``best.pt``), with the validation losses (``val/*_loss`` summed into
  ``val_loss``) and metrics (``metrics/mAP50-95(B)`` as ``val_map50_95_b``) of
  ``trainer.metrics`` when the validator ran that epoch (``on_val_end``).
- ``on_train_end`` (rank 0) closes the monitor: findings printed and kept in
  :attr:`DescendCallbacks.diagnoses`, the run folder and ``report.html`` written; ``teardown``
  closes it on the other ranks and after a run that raised (what was recorded is kept).

Ultralytics' multi-GPU mode (``device="0,1"``) trains in child processes that rebuild the
trainer from a pickled state; in 8.4 that state carries the trainer's callbacks
(``ultralytics/utils/dist.py``), so the children record and rank 0 writes the run folder,
while the :class:`DescendCallbacks` in the launching process never runs: give a ``log_dir`` and
read the findings from it (``descend.diagnose(log_dir)``).

The doctor's advice is in ``descend.train``'s terms: ``finding.change["lr"]`` is Ultralytics'
``lr0`` (set ``optimizer`` to ``"SGD"``, ``"AdamW"``, ...: ``optimizer="auto"`` ignores
``lr0``).
"""

from __future__ import annotations

import dataclasses
import math
import os
import random
import re
from pathlib import Path
from typing import Any

import numpy as np
import torch
from ultralytics.utils import RANK
from ultralytics.utils.torch_utils import unwrap_model

from .._checks import InvalidArgument, number
from ..training.findings import Diagnosis
from ..watch import Monitor, WatchOptions, watch
from .run_folders import fresh_folder

__all__ = ["attach", "DescendCallbacks", "validation_metrics", "CLIP_NORM", "EVENTS"]

# BaseTrainer.optimizer_step: torch.nn.utils.clip_grad_norm_(..., max_norm=10.0).
CLIP_NORM = 10.0
# The trainer (and validator) events DescendCallbacks handles, by its methods' names.
EVENTS = ("on_train_start", "on_train_batch_end", "on_val_end", "on_fit_epoch_end", "on_train_end", "teardown")


class DescendCallbacks:
    """Ultralytics callbacks that record a YOLO training run with :func:`descend.watch` and run
    the doctor at its end; :func:`attach` registers them. The arguments are those of
    :func:`attach`. After training, :attr:`monitor` holds the record (``monitor.history``),
    :attr:`diagnoses` the findings and :attr:`log_dir` the run folder.

    >>> doctor = DescendCallbacks(print_findings=False)
    >>> doctor.monitor is None, doctor.diagnoses
    (True, [])
    """

    def __init__(
        self,
        log_dir: str | os.PathLike | None = None,
        *,
        probe_images: int = 8,
        instruments: bool | int = True,
        print_findings: bool = True,
        tensorboard_every: int | str = "auto",
    ) -> None:
        self.options = WatchOptions(
            log_dir, instruments=instruments, print_findings=print_findings, tensorboard_every=tensorboard_every
        )  # checked before training starts
        self.options.refuse_used_log_dir()  # watch() checks again when training starts
        self.log_dir = self._given = Path(log_dir) if log_dir is not None else None
        self.probe_images = number("probe_images", probe_images, integer=True, ge=0)
        if self.probe_images == 1:  # the instruments' probe needs two examples: one would be no probe, silently
            raise InvalidArgument(
                "probe_images must be 0 (no probe: the instruments are not taken) or at least 2 (the instruments "
                "measure on 2 images or more), got 1"
            )
        self._model: Any = None  # the trainer's model, unwrapped, for the probe's loss
        self._images = 1  # images per update: the optimizer descends the per-image loss times this
        self.monitor: Monitor | None = None
        self.diagnoses: list[Diagnosis] = []
        self._validated = False  # the validator ran on the trained model since the last epoch's end
        self._final = False  # the last validation was the final one (of best.pt, after training)

    def on_train_start(self, trainer: Any) -> None:
        """Attach the monitor to the trainer's model and optimizer, once both are built."""
        self._close()  # a second training run through the same callbacks: a new record
        self.log_dir = self._given or fresh_folder(Path(trainer.save_dir) / "descend")
        scaler = getattr(trainer, "scaler", None)
        scaled = isinstance(scaler, torch.amp.GradScaler) and scaler.is_enabled()
        self._model = unwrap_model(trainer.model)
        self._images = trainer.batch_size * max(trainer.world_size, 1) * trainer.accumulate
        probe = self._probe(trainer) if self.options.instruments is not False else None
        loss_fn = self._probe_loss if probe is not None else None
        self.monitor = watch(
            self._model,
            trainer.optimizer,
            **dataclasses.replace(self.options, log_dir=self.log_dir, loss_fn=loss_fn, probe=probe).given(),
            # A resumed run (resume=True) trains from start_epoch: the updates left, not all epochs'.
            total_steps=(trainer.epochs - trainer.start_epoch)
            * math.ceil(len(trainer.train_loader) / trainer.accumulate)
            or None,
            grad_clip=CLIP_NORM,
            gradients="accumulated",  # raw, before Ultralytics clips; under AMP divided by the scale
            scaler=scaler if scaled else None,
            rank=max(RANK, 0),
            batch_size=self._images,
        )
        self.diagnoses, self._validated, self._final = [], False, False

    def on_train_batch_end(self, trainer: Any) -> None:
        """The batch's loss, as the optimizer descends it: its per-image loss terms
        (``trainer.loss_items``) summed, times the images per update."""
        if self.monitor is None or trainer.loss_items is None:
            return
        items = trainer.loss_items
        total = items.sum() if hasattr(items, "sum") else sum(items.values() if isinstance(items, dict) else items)
        self.monitor.log(total * self._images)  # a tensor: one copy to the host, in log()

    def on_val_end(self, validator: Any) -> None:
        """The validator ran: this epoch's ``trainer.metrics`` are new; or, when it ran on a saved
        model (``final_eval`` on ``best.pt``), the next ``on_fit_epoch_end`` is no epoch."""
        self._validated = bool(validator.training)
        self._final = not validator.training

    def on_fit_epoch_end(self, trainer: Any) -> None:
        """End the epoch's row, with the validation losses and metrics when validated."""
        if self.monitor is None or self._final:
            self._final = False
            return
        metrics = validation_metrics(trainer.metrics) if self._validated else {}
        if "val_loss" in metrics:  # in the training loss's units
            metrics["val_loss"] *= self._images
        self._validated = False
        self.monitor.epoch_end(**metrics)

    def on_train_end(self, trainer: Any) -> None:
        """Close the monitor: findings, run folder, report."""
        self._close()

    def teardown(self, trainer: Any) -> None:
        """Close a monitor still open (other ranks; a run that raised)."""
        self._close()

    def _probe(self, trainer: Any) -> tuple[torch.Tensor, torch.Tensor] | None:
        """The first ``probe_images`` validation images and their boxes, as tensors: ``x`` the
        images as the trainer feeds them, ``y`` per image its boxes ``(class, x, y, w, h)``
        padded with rows of class -1. Detection only (other tasks' losses need more targets)."""
        loader = getattr(trainer, "test_loader", None)
        if not self.probe_images or trainer.args.task != "detect" or loader is None:
            return None
        data = loader.dataset
        k = min(self.probe_images, len(data), loader.batch_size or len(data))  # one rect batch: one shape
        if k < 2:
            return None
        states = random.getstate(), np.random.get_state()
        try:
            with torch.random.fork_rng(devices=[]):
                batch = data.collate_fn([data[i] for i in range(k)])
        finally:
            random.setstate(states[0])
            np.random.set_state(states[1])
        device = next(self._model.parameters()).device
        x = batch["img"].to(device).float() / 255
        image = batch["batch_idx"].long()
        boxes = torch.cat((batch["cls"].view(-1, 1).float(), batch["bboxes"].view(-1, 4).float()), 1)
        counts = torch.bincount(image, minlength=k)
        y = torch.full((k, max(int(counts.max()), 1), 5), -1.0)
        slot = torch.cat([torch.arange(int(n)) for n in counts]) if len(image) else image
        y[image, slot] = boxes
        return x, y.to(device)

    def _probe_loss(self, preds: Any, y: torch.Tensor) -> torch.Tensor:
        """The trainer's loss on the probe, as the optimizer descends it (per image, times the
        images per update)."""
        present = y[..., 0] >= 0
        image = torch.nonzero(present)[:, 0]
        boxes = y[present]
        batch = {"batch_idx": image.to(y.dtype), "cls": boxes[:, :1], "bboxes": boxes[:, 1:]}
        loss, _ = self._model.loss(batch, preds)
        return loss.sum() / len(y) * self._images

    def _close(self) -> None:
        if self.monitor is not None:
            self.diagnoses = self.monitor.close()  # a second close returns the same findings


def attach(
    model: Any,
    log_dir: str | os.PathLike | None = None,
    *,
    probe_images: int = 8,
    instruments: bool | int = True,
    print_findings: bool = True,
    tensorboard_every: int | str = "auto",
) -> DescendCallbacks:
    """Register the doctor's callbacks on ``model``: a ``ultralytics.YOLO`` model (its next
    ``train()``), or a trainer (``BaseTrainer`` and subclasses), anything with
    ``add_callback(event, fn)``. ``log_dir``: the run folder (default: a fresh ``descend``
    folder in the run's ``save_dir``); ``probe_images``: the first this many validation images
    (at most one validation batch) are the fixed batch the instruments measure sharpness and
    gradient noise on, with the trainer's own loss (detection; ``0``: no probe, and the report
    says the instruments were not taken); ``instruments``, ``print_findings``, ``tensorboard_every``
    as in :func:`descend.watch`.
    Returns the :class:`DescendCallbacks`, whose ``diagnoses`` hold the findings after training.
    Attaching again replaces the callbacks attached before (the earlier ones record nothing more).

    >>> from ultralytics import YOLO
    >>> model = YOLO("yolov8n.yaml", verbose=False)
    >>> doctor = attach(model, print_findings=False)
    >>> doctor.on_train_batch_end in model.callbacks["on_train_batch_end"]
    True
    >>> again = attach(model, print_findings=False)
    >>> doctor.on_train_batch_end in model.callbacks["on_train_batch_end"]
    False
    >>> attach("yolov8n.yaml")
    Traceback (most recent call last):
    descend._checks.InvalidArgument: model must be an Ultralytics YOLO model or trainer (anything with add_callback(event, fn)), got str 'yolov8n.yaml'
    """
    if not callable(getattr(model, "add_callback", None)):
        raise InvalidArgument(
            "model must be an Ultralytics YOLO model or trainer (anything with add_callback(event, fn)), "
            f"got {type(model).__name__} {model!r}"
        )
    callbacks = DescendCallbacks(
        log_dir,
        probe_images=probe_images,
        instruments=instruments,
        print_findings=print_findings,
        tensorboard_every=tensorboard_every,
    )
    registered = getattr(model, "callbacks", None)
    if isinstance(registered, dict):  # attached before (a notebook cell run again): one doctor per run
        for event in EVENTS:
            if event in registered:
                registered[event] = [
                    fn for fn in registered[event] if not isinstance(getattr(fn, "__self__", None), DescendCallbacks)
                ]
    for event in EVENTS:
        model.add_callback(event, getattr(callbacks, event))
    return callbacks


def validation_metrics(metrics: dict[str, Any]) -> dict[str, float]:
    """Ultralytics' ``trainer.metrics`` as the monitor's epoch metrics: the ``val/*_loss`` terms
    summed into ``val_loss``, each ``metrics/<name>`` as ``val_<name>`` in lower case with
    every run of other characters an underscore.

    >>> validation_metrics({"metrics/mAP50-95(B)": 0.25, "val/box_loss": 1.5, "val/cls_loss": 2.0})
    {'val_map50_95_b': 0.25, 'val_loss': 3.5}
    """
    out: dict[str, float] = {}
    losses = [float(v) for k, v in metrics.items() if k.startswith("val/") and k.endswith("_loss")]
    for name, value in metrics.items():
        if name.startswith("metrics/") and isinstance(value, (int, float, torch.Tensor)):
            out["val_" + re.sub(r"[^0-9a-z]+", "_", name.removeprefix("metrics/").lower()).strip("_")] = float(value)
    if losses:
        out["val_loss"] = sum(losses)
    return out
