"""The training engine: full-batch, mini-batch and stochastic gradient descent over a prepared
source, with accumulation, clipping, mixed precision, data-parallel workers, callbacks and
checkpoints that resume bit for bit."""

from __future__ import annotations

import contextlib
import gc
import math
import time
import traceback
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path
from typing import Any

import torch
from torch import Tensor
from tqdm.auto import tqdm

from .._checks import InvalidArgument
from .._wrappers import data_parallel
from . import run_folder
from .callbacks import Callback
from .clipping import clip_gradients, gradient_norms
from .closure_step import needs_closure, refusal, update_closure
from .data import Prepared
from .epoch_end import end_epoch
from .examples_tracking import ExampleTracker
from .gradient_squares import GradientSquares, pad_columns
from .initial_loss import record_start
from .input_check import first_forward, one_number
from .loss_modules import decision_threshold
from .losses import check_batch
from .metrics import RATIO_EVERY, EpochTotals, metric_name, record_update_ratios
from .non_finite import stop_non_finite
from .precision import Precision
from .resume import epoch_limit_reason, load_state, save_state
from .run import Run
from .update_share import UpdateShare
from .validation import optimizer_mode
from .workers_sync import agree_to_stop, settle_worker_losses

__all__ = ["Engine"]

_NO_CONTEXT = contextlib.nullcontext()  # reusable; one per step would cost a little each time
# Workers compare their wishes to stop every this many updates (and at each epoch's end).
_AGREE_EVERY = 32


class Engine:
    """One training run's moving parts, and the epoch/step loop over them: the loop that
    ``train`` and the estimators run (the range test steps through the same clipping and
    optimizer step, on the same prepared source and module, in its own short loop).

    It takes a prepared source (:func:`descend.training.data.prepare`), a module already on
    its device, a loss and an optimizer (in ``run``), and runs them until the epochs are done
    or a callback stops the run; the callbacks see every step and epoch. It records into
    ``run.history`` and writes ``last.pt``/``best.pt`` into ``checkpoint_dir``. ``finish``
    is called with the run when training ends, before the callbacks' ``on_train_end`` (``train``
    asks the doctor there, so that the logs hold its findings).

    A source whose batches carry fields after ``(x, y)`` (a
    :class:`~descend.training.data.sources.WeightedSource`: ``(x, y, w)``) has them passed to
    the loss, ``loss_fn(out, y, w)``: per-example weights. ``evaluate``, when given, replaces
    the built-in validation pass: ``evaluate(run)`` is called at each epoch's end, in
    evaluation mode without gradients, and its fields (``"val_loss"``, scores) join the
    epoch's row before the callbacks see it. A run that continues an earlier one (the
    estimators' ``partial_fit`` and ``warm_start``) sets ``start_epoch`` and ``run.step``.
    ``forward``, when given, is what the training steps call instead of ``run.model``: a
    ``torch.compile``'d wrapper around it (the checks, names and checkpoints stay the module's).
    """

    def __init__(
        self,
        run: Run,
        prepared: Prepared,
        device: torch.device,
        loss_name,
        loss_fn,
        scheduler,
        callbacks: list[Callback],
        *,
        checkpoint_dir: Path | None,
        checkpoint_every: int | None,
        seed: int,
        batch_size: int | None,
        accumulate: int,
        clip: tuple[float | None, float | None],
        precision: Precision,
        finish: Callable[[Run], None] | None = None,
        evaluate: Callable[[Run], dict[str, float]] | None = None,
        examples: ExampleTracker | None = None,
        forward: torch.nn.Module | None = None,
    ) -> None:
        self.run = run
        self.finish = finish
        # Replaces the built-in validation pass: called at each epoch's end, in evaluation
        # mode, its fields ("val_loss", scores) join the epoch's row before the callbacks run.
        self.evaluate = evaluate
        # Records each training example's loss, probability, margin and prediction per epoch
        # from the batches' own forward passes (History.examples), when given.
        self.examples = examples
        self.loss_name, self.loss_fn, self.scheduler = loss_name, loss_fn, scheduler
        self.callbacks = callbacks
        self.checkpoint_dir, self.checkpoint_every = checkpoint_dir, checkpoint_every
        self.config = {"seed": seed, "batch_size": batch_size, "n_train": prepared.train.n, "accumulate": accumulate}
        self.train_source = prepared.train.to(device)
        self.val_source = prepared.val.to(device) if prepared.val is not None else None
        self.params = [p for p in run.model.parameters() if p.requires_grad]
        self.names = [n for n, p in run.model.named_parameters() if p.requires_grad]
        self.workers = run.workers
        # Under DDP, the squared gradient norms before and after the all-reduce (noise scale).
        self.squares = GradientSquares(self.workers.world) if self.workers is not None else None
        forward = run.model if forward is None else forward
        self.forward = forward if self.workers is None else self.workers.wrap(forward, self.squares)
        self.accumulate, self.clip, self.precision = accumulate, clip, precision
        # One process, one batch per update: the loss of the update is the batch's.
        self.plain = self.workers is None and accumulate == 1
        # Otherwise each batch's share of its update (see UpdateShare).
        self.share = UpdateShare(self.workers.world if self.workers is not None else 1)
        self.start_epoch, self.start_batch = 0, 0
        self.checked = False  # the first batch's forward pass and loss are checked once
        # The hook runs every step: call only the callbacks that define it.
        self.step_callbacks = [cb for cb in callbacks if type(cb).on_step_end is not Callback.on_step_end]
        self.finished = False
        self.non_finite = False
        # A rule that evaluates the loss itself (LBFGS, SAM) steps through a closure; why this
        # run cannot give it one, if so (set up once, not at every update).
        self.closure = needs_closure(run.optimizer)
        # The batches of the open update, for its closure, where they cannot be read again alike
        # (a Dataset or DataLoader may draw or augment anew): an in-memory source is re-read.
        self.kept: list[tuple[Any, ...]] | None = (
            [] if self.closure and not self.plain and not self.train_source.rereads_same else None
        )
        self.closure_refused = (
            refusal(
                run.optimizer,
                workers=self.workers.world if self.workers is not None else 1,
                precision=precision.name,
                clip=clip,
            )
            if self.closure
            else None
        )
        self.metric = metric_name(prepared.task)
        self.threshold = decision_threshold(loss_fn)  # BCELoss: a probability's, 1/2
        self.totals = EpochTotals(self.metric, self.threshold)
        self._local_losses: list[list[float]] = []  # [loss sum, examples] of unsettled updates

    # -- the loop ---------------------------------------------------------------------------

    def fit(self, epochs: int, progress: bool) -> None:
        """Train from where the run stands to ``epochs`` epochs, or until a rule stops it."""
        run, history = self.run, self.run.history
        start = (history, run.model, self.train_source, self.loss_fn, self.precision, self.accumulate, self.workers)
        record_start(*start)  # where the run starts, on its data (a mini-batch run: one pass, bit for bit the same run)
        steps_per_epoch = self.train_source.updates_per_epoch(self.accumulate)
        bar = tqdm(
            total=epochs * steps_per_epoch,
            initial=self.start_epoch * steps_per_epoch + self.start_batch // self.accumulate,
            disable=None if progress else True,
            unit="step",
            leave=False,
            dynamic_ncols=True,
        )
        if self.squares is not None:  # the logs' columns from the first row (even on a resume)
            pad_columns(history.steps, create=True)
        try:
            for cb in self.callbacks:
                cb.on_train_begin(run)
            self._fit(epochs, bar, start)
        except BaseException:  # a logger writes the epochs finished since its last write first
            for cb in self.callbacks:
                cb.on_train_error(run)
            raise
        self.finished = True
        if not self.non_finite:
            self.save(run_folder.LAST, run.epoch + 1, 0)

    def _fit(self, epochs: int, bar: Any, start: tuple[Any, ...]) -> None:
        """:meth:`fit`'s epochs and its end, the callbacks begun."""
        run, history = self.run, self.run.history
        run.model.train()
        optimizer_mode(run.optimizer, "train")  # a continued run's optimizer may be in eval mode
        try:
            for epoch in range(self.start_epoch, epochs):
                self._epoch(epoch, bar)
                if run.should_stop:
                    break
                self.save(run_folder.LAST, epoch + 1, 0)
            else:
                history.stopped_because = epoch_limit_reason(epochs)
        finally:
            bar.close()
        history.converged = run.converged
        self.settle()
        for cb in self.callbacks:
            cb.on_updates_end(run)
        optimizer_mode(run.optimizer, "eval")  # the trained weights are the evaluation ones
        record_start(*start)  # a full batch's start is its first loss
        if self.finish is not None:  # before the callbacks' end: a logger writes what it says
            self.finish(run)
        for cb in self.callbacks:
            cb.on_train_end(run)

    def _epoch(self, epoch: int, bar: Any) -> None:
        """One epoch's batches (from where a resumed run stood), its updates and its end."""
        run, workers, source, K = self.run, self.workers, self.train_source, self.accumulate
        batches_per_epoch = len(source)
        run.epoch = epoch
        start = self.start_batch if epoch == self.start_epoch else 0
        if start == 0:
            self.totals = EpochTotals(self.metric, self.threshold)
            for cb in self.callbacks:
                cb.on_epoch_begin(run)
        started = time.perf_counter()
        part = workers.part if workers is not None else (0, 1)
        tracked = self.examples
        if tracked is not None:  # the same count fit's progress bar counts by, on every worker
            tracked.note_updates_per_epoch(source.updates_per_epoch(K))
        if tracked is None:
            batches = source.batches(epoch, start, reuse=True, part=part)
        else:  # the same batches, the tracker told each one's example indices
            batches = tracked.batches(source, epoch, start, part)
        # A batch's fields after (x, y), such as example weights, go to the loss.
        for b, (xb, yb, *extra) in enumerate(batches, start=start):
            run.batch = b
            first, last = b % K == 0, (b + 1) % K == 0 or b + 1 == batches_per_epoch
            with self.precision.autocast():
                if self.checked:
                    out = self.forward(xb)
                    loss = self.loss_fn(out, yb, *extra)
                else:
                    # Eagerly (a compiled forward would trace the check's hooks, and compile
                    # again once they are gone), unless DDP must see the pass to sync its gradients.
                    checked = self.forward if data_parallel(self.forward) is not None else run.model
                    out = first_forward(run.model, checked, xb)
                    check_batch(self.loss_name, out, yb)
                    loss = one_number(self.loss_fn(out, yb, *extra))
                    self.checked = True
            if tracked is not None:
                tracked.add(out, yb)
            value = loss.item()
            weight = 1.0
            if not self.plain:
                value, weight = self._share_of_update(value, len(yb), b, first)
            if workers is None and not math.isfinite(value):
                self.stop_non_finite(value)
                break
            if first:
                for p in self.params:  # zero_grad(set_to_none=True), without its wrapper
                    p.grad = None
                if self.kept is not None:
                    self.kept.clear()
            if self.kept is not None:
                self.kept.append((xb, yb, *extra))
            with _NO_CONTEXT if last or workers is None else self.forward.no_sync():
                self.precision.backward(loss if weight == 1.0 else loss * weight)
            self.totals.add_batch(out, yb)
            if not last:
                continue
            norms = self._grad_norms()
            if workers is not None and not self._finite(norms):
                self.stop_non_finite(value, on_a_worker=True)
                break
            batches = self._update_batches(epoch, b, part, (xb, yb, *extra)) if self.closure else None
            self._step(value, norms, len(yb), batches)
            bar.update()
            for cb in self.step_callbacks:
                cb.on_step_end(run)
            if self.scheduler is not None:  # after the callbacks: they see the rate the update used
                self.scheduler.step()
            if workers is None:
                if run.should_stop:
                    break
            elif run.step % _AGREE_EVERY == 0 and agree_to_stop(self.run, workers):
                break
            if self.checkpoint_every and run.step % self.checkpoint_every == 0:
                self.save(run_folder.LAST, epoch, b + 1)
        self.totals.seconds += time.perf_counter() - started
        if self.totals.steps:
            end_epoch(self, bar)
        if workers is not None:
            agree_to_stop(self.run, workers)

    def save(self, name: str, epoch: int, batch: int) -> None:
        """Write the run's state as ``name`` (``last.pt``, ``best.pt``) of the checkpoint folder,
        if any, to resume at batch ``batch`` of epoch ``epoch`` (settled first)."""
        if self.checkpoint_dir is not None:
            self.settle()
            if not self.finished:  # the logs hold at least what a checkpoint holds (whole once finished)
                for cb in self.callbacks:
                    cb.on_checkpoint(self.run)
            save_state(self, self.checkpoint_dir / name, epoch, batch)

    def resume_from(self, state: dict[str, Any]) -> None:
        """Continue from ``state``, the run's ``last.pt`` (see :func:`descend.training.resume.load_state`)."""
        load_state(self, state, self.checkpoint_dir / run_folder.LAST)

    def release(self, error: BaseException | None = None) -> None:
        """Free the DDP wrapper while its process group still exists: freed later, at
        exit, its communication threads can abort the process. After ``error``, the finished
        frames of its traceback (and of the exceptions it was raised in) are cleared first:
        their locals, the loop's, hold the wrapper for as long as the exception lives."""
        if self.workers is not None:
            self.forward = self.run.model
            seen = set()
            while error is not None and id(error) not in seen:
                seen.add(id(error))
                traceback.clear_frames(error.__traceback__)
                error = error.__context__
            gc.collect()

    def _share_of_update(self, value: float, m: int, b: int, first: bool) -> tuple[float, float]:
        """With several workers or accumulated batches: this worker's loss of the update so far,
        and the weight of this batch's loss in it (see :class:`UpdateShare`)."""
        if first:
            self.share.start(
                [self.train_source.rows(i) for i in range(b, min(b + self.accumulate, len(self.train_source)))]
            )
        return self.share.add(value, m)

    def _grad_norms(self) -> tuple[Tensor, ...]:
        """The L2 norm of each parameter's gradient (unscaled first under fp16)."""
        self.precision.unscale_(self.run.optimizer)
        return gradient_norms([p.grad for p in self.params if p.grad is not None])

    def _finite(self, norms: tuple[Tensor, ...]) -> bool:
        """Whether the averaged gradient is finite: the same answer on every worker, which a
        worker's own loss is not. (Under fp16 an overflow only skips the update.)"""
        if self.precision.scaler is not None or not norms:
            return True
        return math.isfinite(torch.stack(norms).sum().item())

    def _update_batches(
        self, epoch: int, b: int, part: tuple[int, int], batch: tuple[Any, ...]
    ) -> Callable[[], Iterable[tuple[tuple[Any, ...], float]]]:
        """The batches ``(x, y, *extra)`` of the update that ends with batch ``b`` of ``epoch``
        (``batch``), each with its weight in the update, for a closure to read at each of its
        evaluations: ``batch`` alone; or the update's accumulated batches, read again from an
        in-memory source (the same examples, one batch made at a time: a sparse X's full batch
        stays in pieces), or the ones the loop kept."""
        if self.plain:
            return lambda: ((batch, 1.0),)
        weights = list(self.share.weights)
        if self.kept is not None:
            kept = list(self.kept)
            return lambda: zip(kept, weights)
        source, start = self.train_source, b + 1 - len(weights)
        return lambda: zip(islice(source.batches(epoch, start, reuse=True, part=part), len(weights)), weights)

    def _step(
        self,
        value: float,
        norms: tuple[Tensor, ...],
        rows: int,
        batches: Callable[[], Iterable[tuple[tuple[Any, ...], float]]] | None,
    ) -> None:
        """The update of the gradients the loop computed, whose last batch had ``rows``
        examples; a rule that evaluates the loss itself (LBFGS, SAM) steps through a closure
        on the update's ``batches`` (:meth:`_update_batches`)."""
        run, opt = self.run, self.run.optimizer
        clip_gradients(self.params, self.clip, norms)
        before = [p.detach().clone() for p in self.params] if run.step % RATIO_EVERY == 0 else None
        # The rates this update uses, as numbers: a schedule sets a tensor lr in place.
        lrs = [float(g["lr"]) for g in opt.param_groups]
        if self.squares is not None:  # before the scaler's update changes the loss scale
            self.squares.add_update(self.share.sums[1], self.share.examples, self.precision.scaler)
        if self.closure:
            if self.closure_refused is not None:  # at the first update, before the weights change
                raise InvalidArgument(self.closure_refused)
            taken = value if self.plain else self.share.weighted  # the loss whose gradient the loop took
            parts = (self.forward, run.model, self.loss_fn, self.params, batches)
            opt.step(update_closure(*parts, autocast=self.precision.autocast, clip=self.clip, loss=taken))
        else:
            self.precision.step(opt)
        if before is not None:
            record_update_ratios(self.run.history, self.run.step + 1, self.names, self.params, before, norms)
        run.step += 1
        run.loss = value
        self.totals.add_step(value, norms, rows if self.plain else self.share.sums[1])
        if self.workers is not None:  # made the update's loss over all workers when settled
            self._local_losses.append(self.share.sums)
        steps = run.history.steps
        steps["step"].append(run.step)
        steps["epoch"].append(run.epoch)
        steps["loss"].append(value)
        steps["lr"].append(lrs)

    def stop_non_finite(self, value: float, on_a_worker: bool = False) -> None:
        """Stop before the update whose loss is ``value`` (see :func:`stop_non_finite`)."""
        self.non_finite = True
        mini_batch = self.train_source.updates_per_epoch(self.accumulate) > 1
        stop_non_finite(self.run, value, self.checkpoint_dir, on_a_worker, mini_batch)

    # -- metrics ----------------------------------------------------------------------------

    def settle(self) -> None:
        """Reduce what steps left pending: the updates' losses over the workers (one
        collective), the gradient norms, the first non-finite layer."""
        history = self.run.history
        if self._local_losses:  # one collective for all the updates since the last time
            settle_worker_losses(self._local_losses, self.workers, self.squares, self.totals, history.steps)
        pad_columns(history.steps)  # a one-process run resumed from workers' checkpoint
        norms = history.steps.setdefault("grad_norm", [])
        new, bad = self.totals.settle()
        if bad is not None and history.non_finite_layer is None:
            history.non_finite_layer = (len(norms) + bad[0] + 1, self.names[bad[1]])
        norms.extend(new)
