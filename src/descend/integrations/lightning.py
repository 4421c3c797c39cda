"""PyTorch Lightning: :class:`DescendCallback`, a ``Callback`` that drives a
:func:`descend.watch` monitor, so that a ``Trainer.fit`` gets the doctor's findings, the
instruments and the run folder of ``descend train``.

- Gradients are read in ``on_before_optimizer_step``, where Lightning has unscaled
  mixed-precision gradients and not yet clipped them (raw: evidence for the doctor); for a rule
  that evaluates Lightning's closure several times an update (``SAM``, ``LBFGS``), at its first
  evaluation, the gradient at the update's weights.
- The loss of each update comes from ``outputs`` in ``on_train_batch_end`` (Lightning divides
  it by ``accumulate_grad_batches`` there; the callback multiplies it back); for ``SAM`` and
  ``LBFGS``, whose closure Lightning evaluates several times, the first evaluation's (from
  ``on_before_backward``): the loss at the update's weights, not at SAM's ascent point.
- The validation loss (``val_loss`` in ``trainer.callback_metrics``, as ``self.log("val_loss",
  ...)`` puts it) and the other ``val_*`` metrics (``val/loss``, ``val/acc``... as ``val_loss``,
  ``val_acc``) are read at the end of each validation run (not the sanity check), and each
  training epoch is marked, so overfitting is found. Where validation runs other than once at
  each epoch's end (``val_check_interval`` < 1 or a number of batches,
  ``check_val_every_n_epoch`` > 1), each validation run closes a row of its own instead
  (:meth:`~descend.watch.Monitor.evaluated`, with the step it was taken at), so that the
  doctor reads every validation, not each epoch's last.
- The trainer's ``gradient_clip_val`` is passed as ``grad_clip``; the monitor starts with
  training (``on_train_start``: a fit resumed from ``ckpt_path`` plans its readings over the
  updates left) and is closed at the end of ``fit`` (or when it raises), printing the findings
  and writing the run folder.
- A rule that evaluates the loss through Lightning's closure (``ds.optim.SAM``, ``LBFGS``) is
  refused at ``on_train_start`` under ``accumulate_grad_batches > 1`` (also from a later epoch,
  by a ``GradientAccumulationScheduler``; the closure recomputes
  the last batch only: Lightning would train on without the earlier batches' gradients), and
  ``LBFGS`` under ``gradient_clip_val`` (its line search needs the loss's own gradient), as
  ``descend.train`` refuses them.

>>> callback = DescendCallback(log_dir=None, print_findings=False)
>>> callback.diagnoses
[]
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from typing import Any

import torch
from torch import Tensor

from ..optim import LBFGS
from ..training.closure_step import needs_closure
from ..watch import Monitor, WatchOptions, watch
from .torchvision_build import torchvision_mismatch_error

try:
    import lightning.pytorch as pl
    from lightning.fabric.utilities.exceptions import MisconfigurationException
    from lightning.pytorch.callbacks import GradientAccumulationScheduler
except RuntimeError as err:  # a torchvision built for another torch: one line that says so and how to fix it
    mismatch = torchvision_mismatch_error(err, "Lightning")
    if mismatch is None:
        raise
    raise mismatch from None

__all__ = ["DescendCallback"]


class DescendCallback(pl.Callback):
    """Watch a ``Trainer.fit`` with :func:`descend.watch`: ``Trainer(callbacks=[DescendCallback(
    log_dir="runs/mine")])``. ``loss_fn`` and ``probe=(x, y)`` give the instruments a fixed
    batch to measure on; ``instruments``, ``print_findings`` and ``tensorboard_every`` are
    :func:`descend.watch`'s (the gradients are read in ``on_before_optimizer_step``, unscaled and
    not yet clipped: there is no ``gradients`` choice to make). After ``fit``, :attr:`monitor`
    holds the record (``monitor.history``) and :attr:`diagnoses` the findings. The first
    optimizer is watched.

    >>> import torch
    >>> class Line(pl.LightningModule):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.net = torch.nn.Linear(1, 1)
    ...     def training_step(self, batch, batch_idx):
    ...         x, y = batch
    ...         return torch.nn.functional.mse_loss(self.net(x), y)
    ...     def configure_optimizers(self):
    ...         return torch.optim.SGD(self.parameters(), lr=0.5)
    >>> _ = torch.manual_seed(0)
    >>> x = torch.linspace(-1, 1, 32).unsqueeze(1)
    >>> loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, 2 * x + 1), batch_size=8)
    >>> callback = DescendCallback(print_findings=False)
    >>> trainer = pl.Trainer(max_epochs=3, callbacks=[callback], accelerator="cpu", logger=False,
    ...                      enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False)
    >>> trainer.fit(Line(), loader)
    >>> len(callback.monitor.history.steps["loss"]), len(callback.monitor.history.loss)  # 4 updates an epoch
    (12, 3)
    >>> [finding.kind for finding in callback.diagnoses]
    ['slow_progress']
    """

    def __init__(
        self,
        log_dir: str | os.PathLike | None = None,
        *,
        loss_fn: Callable[[Tensor, Tensor], Tensor] | None = None,
        probe: tuple[Tensor, Tensor] | None = None,
        instruments: bool | int = True,
        print_findings: bool = True,
        tensorboard_every: int | str = "auto",
    ) -> None:
        super().__init__()
        self.options = WatchOptions(
            log_dir,
            loss_fn=loss_fn,
            probe=probe,
            instruments=instruments,
            print_findings=print_findings,
            tensorboard_every=tensorboard_every,
        )  # checked before Lightning's set-up, not at fit's start
        self.options.refuse_used_log_dir()  # watch() checks again when training starts
        self.monitor: Monitor | None = None
        self.diagnoses: list[Any] = []
        self._by_evaluation = False  # validation runs close the rows, not the epochs
        self._read_at: int | None = None  # the global_step whose gradients were read
        self._closure_rule = False  # the watched rule evaluates Lightning's closure again (SAM, LBFGS)
        self._first_loss: Tensor | None = None  # that rule's first evaluation's loss, this batch

    def on_train_start(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        # Here, not at on_fit_start: a fit resumed from a checkpoint (ckpt_path) has its
        # global_step restored by now, and takes the updates left, not all of them.
        if not trainer.optimizers:
            return
        _refuse_closure_rules(trainer, pl_module)
        total = trainer.estimated_stepping_batches - _stepping_batches_done(trainer, pl_module)
        clip = trainer.gradient_clip_val if trainer.gradient_clip_algorithm in (None, "norm") else None
        self.monitor = watch(
            pl_module,
            trainer.optimizers[0],
            **self.options.given(),
            total_steps=int(total) if isinstance(total, (int, float)) and math.isfinite(total) and total >= 1 else None,
            grad_clip=float(clip) if clip else None,
            rank=trainer.global_rank,
        )
        self._by_evaluation = trainer.enable_validation and not _once_an_epoch(trainer)
        self._read_at, self._first_loss = None, None
        self._closure_rule = pl_module.automatic_optimization and needs_closure(trainer.optimizers[0])

    def on_before_backward(self, trainer: pl.Trainer, pl_module: pl.LightningModule, loss: Tensor) -> None:
        # Lightning hands on_train_batch_end its closure's last result: for SAM the loss at
        # w + epsilon, for LBFGS its line search's last. The update's loss is the first's.
        if self._closure_rule and self._first_loss is None:
            self._first_loss = loss.detach()

    def on_before_optimizer_step(self, trainer: pl.Trainer, pl_module: pl.LightningModule, optimizer: Any) -> None:
        # Lightning calls this after each evaluation of its closure: a rule that evaluates it
        # again in one update (SAM at w + epsilon, LBFGS along its line search) is read at the
        # first, the gradient at the update's weights, as descend.train reads it.
        if self.monitor is not None and trainer.global_step != self._read_at:
            self._read_at = trainer.global_step
            self.monitor.read_gradients()

    def on_train_batch_end(
        self, trainer: pl.Trainer, pl_module: pl.LightningModule, outputs: Any, batch: Any, batch_idx: int
    ) -> None:
        first, self._first_loss = self._first_loss, None
        if self.monitor is None:
            return
        loss = first if first is not None else outputs.get("loss") if isinstance(outputs, dict) else outputs
        if isinstance(loss, Tensor) and loss.numel() == 1:
            # Automatic optimisation hands on the loss divided by the accumulated batches.
            scale = trainer.accumulate_grad_batches if pl_module.automatic_optimization else 1
            self.monitor.log(loss.detach() * scale)

    def on_validation_epoch_end(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        if self.monitor is None or trainer.sanity_checking:
            return
        values = {
            "val_" + name[4:].replace("/", "_"): float(value)
            for name, value in trainer.callback_metrics.items()
            if name.startswith(("val_", "val/")) and isinstance(value, (Tensor, float, int)) and _scalar(value)
        }
        if self._by_evaluation:
            self.monitor.evaluated(**values)
        elif values:
            self.monitor.log(**values)

    def on_train_epoch_end(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        if self.monitor is not None and not self._by_evaluation:
            self.monitor.epoch_end()

    def on_fit_end(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        self._close()

    def on_exception(self, trainer: pl.Trainer, pl_module: pl.LightningModule, exception: BaseException) -> None:
        if self.monitor is not None and not self.monitor.history.stopped_because:
            self.monitor.history.stopped_because = f"Lightning's fit raised {type(exception).__name__}: {exception}"
        self._close()

    def _close(self) -> None:
        if self.monitor is not None:
            self.diagnoses = self.monitor.close()  # a second close returns the same findings


def _refuse_closure_rules(trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
    """Refuse, before the first update, a rule that evaluates the loss through Lightning's
    closure (``SAM``, ``LBFGS``: ``needs_closure``) where that closure is not the update's
    gradient (``descend.train``'s closure evaluates every accumulated batch, and it refuses LBFGS
    with clipping alike). Lightning itself trains on silently:

    - ``accumulate_grad_batches > 1``: the closure of an update's last batch recomputes that batch
      only, and does not zero the gradients (it zeroes them at the accumulation's first batch).
      SAM zeroes them itself, so the earlier batches are dropped; LBFGS adds every
      evaluation's gradient to those before it.
    - ``gradient_clip_val`` with LBFGS: Lightning clips after each evaluation, and the line
      search compares the loss with a gradient that is not the loss's (SAM's two clipped
      gradients keep their directions).
    """
    if not pl_module.automatic_optimization:  # the user's own step(closure); Lightning refuses both settings there
        return
    accumulated = _accumulation(trainer)
    for optimizer in trainer.optimizers:
        if not needs_closure(optimizer):
            continue
        name = type(optimizer).__name__
        lead = f"{name} evaluates the loss and its gradient again in Lightning's closure, on the update's last batch"
        if accumulated is not None:
            raise MisconfigurationException(
                f"{lead}, which cannot recompute a gradient accumulated over several batches ({accumulated}; "
                "Lightning would train on without the earlier batches' gradients, or adding each evaluation's to "
                f"them): use accumulate_grad_batches=1 with {name}, and a larger batch_size in the DataLoader instead"
            )
        if trainer.gradient_clip_val and isinstance(optimizer, (LBFGS, torch.optim.LBFGS)):
            raise MisconfigurationException(
                f"{lead}; its line search compares the loss with its gradient, which Lightning's clipping "
                f"(gradient_clip_val={trainer.gradient_clip_val}) would change: train {name} without "
                "gradient_clip_val"
            )


def _accumulation(trainer: pl.Trainer) -> str | None:
    """Where the fit accumulates gradients over several batches, in words; ``None`` where it never
    does. A ``GradientAccumulationScheduler`` sets ``accumulate_grad_batches`` at each epoch's
    start: its schedule counts (for the epochs the fit runs), not only the value before the first."""
    if trainer.accumulate_grad_batches > 1:
        return f"accumulate_grad_batches={trainer.accumulate_grad_batches}"
    for callback in trainer.callbacks:
        if isinstance(callback, GradientAccumulationScheduler):
            last = trainer.max_epochs if trainer.max_epochs is not None and trainer.max_epochs >= 0 else math.inf
            later = [(epoch, n) for epoch, n in sorted(callback.scheduling.items()) if n > 1 and epoch < last]
            if later:
                epoch, n = later[0]
                return f"accumulate_grad_batches={n} from epoch {epoch}, by GradientAccumulationScheduler"
    return None


def _stepping_batches_done(trainer: pl.Trainer, pl_module: pl.LightningModule) -> int:
    """What a resumed fit has done of ``trainer.estimated_stepping_batches``: under automatic
    optimisation the optimizer steps (``global_step``); under manual optimisation that counts
    every optimizer's steps (two optimizers: twice the batches, and the plan left came out
    empty) while the estimate counts batches, so the batches completed."""
    if pl_module.automatic_optimization:
        return trainer.global_step
    return trainer.fit_loop.epoch_loop.batch_progress.total.completed


def _once_an_epoch(trainer: pl.Trainer) -> bool:
    """Whether validation runs once at each training epoch's end (Lightning's default), not
    mid-epoch (``val_check_interval`` < 1 or a number of batches) nor every few epochs."""
    interval = trainer.val_check_interval
    return isinstance(interval, float) and interval == 1.0 and trainer.check_val_every_n_epoch == 1


def _scalar(value: Any) -> bool:
    return not isinstance(value, Tensor) or value.numel() == 1
