"""The doctor in a Hugging Face ``Trainer``: :class:`DescendCallback`, a ``TrainerCallback``
that drives a :func:`descend.watch` monitor.

::

    from descend.integrations.transformers import DescendCallback

    doctor = DescendCallback()      # run folder: <output_dir>/descend (descend-2, ... if taken)
    trainer = Trainer(model=model, args=args, train_dataset=..., callbacks=[doctor])
    trainer.train()
    doctor.diagnoses                # the findings, as descend.train's

What it reads, and where:

- **gradient norms** before clipping: ``Trainer`` clips in its loop and calls
  ``on_pre_optimizer_step`` after clipping, so the monitor reads each gradient in a
  post-accumulate-grad hook (``gradients="accumulated"``: raw, the last backward before the
  step wins) and is told ``grad_clip=args.max_grad_norm``. Under ``fp16`` a gradient scaler
  multiplies the raw gradients: the monitor is given Accelerate's (the optimizer's ``scaler``)
  and divides them by its scale (until session 35 it read them in the optimizer's step
  pre-hook, unscaled but clipped, so no evidence of exploding or vanishing gradients; still so
  where no scaler is found).
- **the loss of every update**: the ``loss`` the model returns for each micro-batch (a forward
  hook, training mode only), combined as ``Trainer`` combines them (the mean; the sum when the
  model normalises by ``num_items_in_batch`` over the whole update, times the processes when
  that count is gathered across devices). A model that returns no
  loss (``compute_loss_func``, label smoothing) is read from ``on_log``'s ``loss`` instead, at
  the ``logging_steps`` cadence.
- **validation**: ``eval_loss`` (and the other ``eval_*`` metrics, as ``val_*``) from
  ``on_evaluate``, in the row of the epoch it follows; epochs from ``on_epoch_end``. Under
  ``eval_strategy="steps"`` each evaluation closes a row of its own instead
  (:meth:`~descend.watch.Monitor.evaluated`, with the step it was taken at), so that the
  doctor reads every evaluation, not each epoch's last.
- ``on_train_end`` closes the monitor: findings printed and kept in :attr:`diagnoses`, the run
  folder and its ``report.html`` written (rank 0 only).

The doctor's advice is in ``descend.train``'s terms: ``finding.change["lr"]`` is
``TrainingArguments(learning_rate=...)``, ``clip_grad_norm`` is ``max_grad_norm``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch
from transformers import TrainerCallback

from .._checks import InvalidArgument
from ..training.findings import Diagnosis
from ..watch import Monitor, WatchOptions, watch
from .run_folders import fresh_folder

__all__ = ["DescendCallback"]

# Trainer's own bookkeeping in on_evaluate's metrics: not measurements of the model.
_NOT_METRICS = ("epoch", "runtime", "samples_per_second", "steps_per_second")


class DescendCallback(TrainerCallback):
    """A ``transformers.TrainerCallback`` that records the run with :func:`descend.watch` and
    runs the doctor at the end. ``log_dir``: the run folder (default
    ``<output_dir>/descend``); ``probe=(x, y)`` with ``loss_fn`` (``loss_fn(model(x), y)``)
    lets the instruments measure sharpness and noise on a fixed batch; ``instruments``,
    ``print_findings`` and ``tensorboard_every`` as in :func:`descend.watch`. After training,
    :attr:`monitor` holds the record (``monitor.history``) and :attr:`diagnoses` the findings.

    >>> from transformers import TrainerCallback
    >>> doctor = DescendCallback(log_dir=None, print_findings=False)
    >>> isinstance(doctor, TrainerCallback), doctor.diagnoses
    (True, [])
    """

    def __init__(
        self,
        log_dir: str | Path | None = None,
        *,
        probe: Any = None,
        loss_fn: Any = None,
        instruments: bool | int = True,
        print_findings: bool = True,
        tensorboard_every: int | str = "auto",
    ) -> None:
        _check_probe(probe)
        self.options = WatchOptions(
            log_dir,
            loss_fn=loss_fn,
            probe=probe,
            instruments=instruments,
            print_findings=print_findings,
            tensorboard_every=tensorboard_every,
        )  # checked before Trainer's set-up, not at on_train_begin
        self.options.refuse_used_log_dir()  # watch() checks again when training starts
        self.monitor: Monitor | None = None
        self.diagnoses: list[Diagnosis] = []
        self._hook: Any = None
        self._active = False  # between on_train_begin and on_train_end
        self._losses: list[torch.Tensor] = []  # the model's losses in this update's micro-batches
        self._summed = False  # whether they add up (normalised by the update's item count)
        self._devices = 1  # the processes that item count was gathered over
        self._from_model = False  # a model loss was seen: on_log's loss is not needed
        self._epoch_done = False  # an epoch ended; its row waits for the evaluation after it
        self._by_evaluation = False  # eval_strategy="steps": evaluations, not epochs, close the rows

    # -- Trainer's events -------------------------------------------------------------------

    def on_train_begin(self, args, state, control, model=None, optimizer=None, **kwargs):
        """Attach the monitor to the model and the optimizer ``Trainer`` built."""
        self._finish()  # a second train() on the same callback: a new record
        # Accelerate wraps the optimizer; the step hooks belong on the torch optimizer inside.
        inner = getattr(optimizer, "optimizer", optimizer)
        # Under fp16 the gradients after each backward pass are scaled by Accelerate's scaler.
        scaler = getattr(optimizer, "scaler", None) if args.fp16 else None
        scaler = scaler if isinstance(scaler, torch.amp.GradScaler) and scaler.is_enabled() else None
        clip = float(args.max_grad_norm) if args.max_grad_norm and args.max_grad_norm > 0 else None
        folder = self.options.log_dir
        folder = folder if folder is not None else fresh_folder(Path(args.output_dir) / "descend")
        self.monitor = watch(
            model,
            inner,
            **dataclasses.replace(self.options, log_dir=folder).given(),
            # A resumed run (resume_from_checkpoint) takes the updates left, not max_steps.
            total_steps=max(state.max_steps - state.global_step, 0) or None,
            grad_clip=clip,
            gradients="step" if args.fp16 and scaler is None else "accumulated",
            scaler=scaler,
            rank=args.process_index,
            batch_size=args.train_batch_size * args.gradient_accumulation_steps * max(args.world_size, 1),
        )
        self.diagnoses, self._active = [], True
        # (evaluation_strategy: its name before transformers 4.41)
        strategy = getattr(args, "eval_strategy", getattr(args, "evaluation_strategy", "no"))
        self._by_evaluation = strategy == "steps"
        self._losses, self._from_model, self._epoch_done = [], False, False
        gathered = getattr(args, "average_tokens_across_devices", False) and args.world_size > 1
        self._devices = args.world_size if gathered else 1
        self._hook = model.register_forward_hook(self._model_loss, with_kwargs=True)

    def on_step_begin(self, args, state, control, **kwargs):
        """A new update: the last epoch's row goes in without a validation loss if none came."""
        self._end_epoch()

    def on_step_end(self, args, state, control, **kwargs):
        """Log the update's loss (from its micro-batches) to the monitor."""
        if not self._active or not self._losses:
            return
        total = torch.stack(self._losses).sum()  # one copy to the host per update, in log()
        if self._summed:  # each is its micro-batch's share of the update's (all devices') items
            loss = total * self._devices
        else:
            loss = total / len(self._losses)
        self._losses = []
        self.monitor.log(loss)

    def on_log(self, args, state, control, logs=None, **kwargs):
        """Only for a model that returns no loss: ``Trainer``'s logged ``loss`` (the mean over
        the updates since the last log) as the loss of the last update."""
        if self._active and not self._from_model and logs and "loss" in logs:
            self.monitor.log(logs["loss"])

    def on_epoch_end(self, args, state, control, **kwargs):
        """Mark the epoch; its row is written at the evaluation that follows (or the next step).
        Under ``eval_strategy="steps"`` the evaluations write the rows, not the epochs."""
        self._epoch_done = self._active and not self._by_evaluation

    def on_evaluate(self, args, state, control, metrics=None, **kwargs):
        """``eval_loss`` and the other ``eval_*`` metrics, as ``val_*``, for the epoch's row (under
        ``eval_strategy="steps"``, a row of the evaluation's own)."""
        if not self._active or not metrics:  # also trainer.evaluate() after training
            return
        values = {
            "val_" + name.removeprefix("eval_"): float(value)
            for name, value in metrics.items()
            if name.startswith("eval_")
            and not name.endswith(_NOT_METRICS)
            and isinstance(value, (int, float))
            and not isinstance(value, bool)
        }
        if self._by_evaluation:
            self.monitor.evaluated(**values)
        elif self._epoch_done:
            self._epoch_done = False
            self.monitor.epoch_end(**values)
        else:  # an evaluation of another kind within an epoch (trainer.evaluate() in a callback)
            self.monitor.log(**values)

    def on_train_end(self, args, state, control, **kwargs):
        """Close the monitor: the doctor's findings in :attr:`diagnoses`, the run folder written."""
        self._finish()

    # -- helpers ----------------------------------------------------------------------------

    def _model_loss(self, module, args, kwargs, output) -> None:
        """Forward hook: keep the loss of a training forward pass."""
        if not module.training:
            return
        loss = output.get("loss") if isinstance(output, dict) else getattr(output, "loss", None)
        if isinstance(loss, torch.Tensor) and loss.numel() == 1:
            self._losses.append(loss.detach().float().reshape(()))
            self._summed = kwargs.get("num_items_in_batch") is not None
            self._from_model = True

    def _end_epoch(self) -> None:
        if self._epoch_done and self._active:
            self._epoch_done = False
            self.monitor.epoch_end()

    def _finish(self) -> None:
        if not self._active:
            return
        self._end_epoch()
        self._active = False
        self._hook.remove()
        self.diagnoses = self.monitor.close()


def _check_probe(probe: Any) -> None:
    """A batch dict (what a Hugging Face collator makes) is not the probe ``(x, y)`` that
    :func:`descend.watch` measures ``loss_fn(model(x), y)`` on: say what to pass instead, here,
    not the bare "probe must be a pair (x, y) of tensors, got dict" at ``on_train_begin``.

    >>> _check_probe({"input_ids": None, "labels": None})
    Traceback (most recent call last):
    descend._checks.InvalidArgument: probe must be a pair (x, y) of tensors, got a dict of 'input_ids', 'labels' (a batch): the instruments call model(x) on the tensor x alone and measure loss_fn(model(x), y); pass probe=(batch["input_ids"], batch["labels"]) with a loss_fn(output, labels) that reads the model's output.logits, e.g. loss_fn=lambda out, y: torch.nn.functional.cross_entropy(out.logits, y)
    """
    if isinstance(probe, Mapping):
        keys = ", ".join(repr(k) for k in list(probe)[:5]) + (", ..." if len(probe) > 5 else "")
        raise InvalidArgument(
            f"probe must be a pair (x, y) of tensors, got a {type(probe).__name__} of {keys} (a batch): the "
            "instruments call model(x) on the tensor x alone and measure loss_fn(model(x), y); pass "
            'probe=(batch["input_ids"], batch["labels"]) with a loss_fn(output, labels) that reads the model\'s '
            "output.logits, e.g. loss_fn=lambda out, y: torch.nn.functional.cross_entropy(out.logits, y)"
        )
