"""The training engine: full-batch, mini-batch and stochastic gradient descent over a prepared
source, with accumulation, clipping, mixed precision, data-parallel workers, callbacks and
checkpoints that resume bit for bit."""

from __future__ import annotations

import contextlib
import gc
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from torch import Tensor
from tqdm.auto import tqdm

from .. import schedules
from . import checkpoint
from .callbacks import Callback
from .clipping import clip_gradients
from .data import Prepared
from .losses import check_batch
from .metrics import EpochTotals, metric_name
from .precision import Precision
from .resume import CHECKPOINT_FORMAT, callback_states, conflicts, epoch_end_state, hit_epoch_limit
from .run import Run

__all__ = ["Engine", "optimizer_mode"]

# Update-to-weight ratios need a copy of the weights before the step: take one every this
# many steps (and at the first), so that their cost stays below a percent of training.
_RATIO_EVERY = 100
_NO_CONTEXT = contextlib.nullcontext()  # reusable; one per step would cost a little each time
# Workers compare their wishes to stop every this many updates (and at each epoch's end).
_AGREE_EVERY = 32
# The layers whose input size _input_mismatch can read (torch's public convolution classes).
_CONVOLUTIONS = (torch.nn.Conv1d, torch.nn.Conv2d, torch.nn.Conv3d, torch.nn.ConvTranspose1d,
                 torch.nn.ConvTranspose2d, torch.nn.ConvTranspose3d)


class Engine:
    """One training run's moving parts, and the epoch/step loop over them: the one loop that
    ``train``, the range test's pilots and the estimators run.

    It takes a prepared source (:func:`descend.training.data.prepare`), a module already on
    its device, a loss and an optimizer (in ``run``), and runs them until the epochs are done
    or a callback stops the run; the callbacks see every step and epoch. It records into
    ``run.history`` and writes ``last.pt``/``best.pt`` into ``checkpoint_dir``. ``finish``
    is called with the run when training ends, before the callbacks' ``on_train_end`` (``train``
    asks the doctor there, so that the logs hold its findings).
    """

    def __init__(self, run: Run, prepared: Prepared, device: torch.device, loss_name, loss_fn,
                 scheduler, callbacks: list[Callback], *, checkpoint_dir: Path | None,
                 checkpoint_every: int | None, seed: int, batch_size: int | None,
                 accumulate: int, clip: tuple[float | None, float | None],
                 precision: Precision, finish: Callable[[Run], None] | None = None) -> None:
        self.run = run
        self.finish = finish
        self.loss_name, self.loss_fn, self.scheduler = loss_name, loss_fn, scheduler
        self.callbacks = callbacks
        self.checkpoint_dir, self.checkpoint_every = checkpoint_dir, checkpoint_every
        self.config = {"seed": seed, "batch_size": batch_size, "n_train": prepared.train.n,
                       "accumulate": accumulate}
        self.train_source = prepared.train.to(device)
        self.val_source = prepared.val.to(device) if prepared.val is not None else None
        self.params = [p for p in run.model.parameters() if p.requires_grad]
        self.names = [n for n, p in run.model.named_parameters() if p.requires_grad]
        self.workers = run.workers
        self.forward = run.model if self.workers is None else self.workers.wrap(run.model)
        self.accumulate, self.clip, self.precision = accumulate, clip, precision
        # One process, one batch per update: the loss of the update is the batch's.
        self.plain = self.workers is None and accumulate == 1
        self.start_epoch, self.start_batch = 0, 0
        self.finished = False
        self.non_finite = False
        self.metric = metric_name(prepared.task)
        self.totals = EpochTotals(self.metric)
        self._local_losses: list[list[float]] = []  # [loss sum, examples] of unsettled updates

    # -- the loop ---------------------------------------------------------------------------

    def fit(self, epochs: int, progress: bool) -> None:
        run, history = self.run, self.run.history
        model, workers, source = run.model, self.workers, self.train_source
        batches_per_epoch, K = len(source), self.accumulate
        steps_per_epoch = math.ceil(batches_per_epoch / K)
        bar = tqdm(total=epochs * steps_per_epoch,
                   initial=self.start_epoch * steps_per_epoch + self.start_batch // K,
                   disable=None if progress else True, unit="step", leave=False, dynamic_ncols=True)
        for cb in self.callbacks:
            cb.on_train_begin(run)
        # The hook runs every step: call only the callbacks that define it.
        step_callbacks = [cb for cb in self.callbacks if type(cb).on_step_end is not Callback.on_step_end]
        part = workers.part if workers is not None else (0, 1)
        checked = False
        model.train()
        try:
            for epoch in range(self.start_epoch, epochs):
                run.epoch = epoch
                start = self.start_batch if epoch == self.start_epoch else 0
                if start == 0:
                    self.totals = EpochTotals(self.metric)
                    for cb in self.callbacks:
                        cb.on_epoch_begin(run)
                started = time.perf_counter()
                for b, (xb, yb) in enumerate(source.batches(epoch, start, reuse=True, part=part), start=start):
                    run.batch = b
                    first, last = b % K == 0, (b + 1) % K == 0 or b + 1 == batches_per_epoch
                    with self.precision.autocast():
                        out = self.forward(xb) if checked else self._first_forward(xb)
                        if not checked:
                            check_batch(self.loss_name, out, yb)
                            checked = True
                        loss = self.loss_fn(out, yb)
                    value = loss.item()
                    weight = 1.0
                    if not self.plain:
                        value, weight = self._share_of_update(value, len(yb), b, first)
                    if workers is None and not math.isfinite(value):
                        self._stop_non_finite(value)
                        break
                    if first:
                        for p in self.params:  # zero_grad(set_to_none=True), without its wrapper
                            p.grad = None
                    with _NO_CONTEXT if last or workers is None else self.forward.no_sync():
                        self.precision.backward(loss if weight == 1.0 else loss * weight)
                    self.totals.add_batch(out, yb)
                    if not last:
                        continue
                    norms = self._grad_norms()
                    if workers is not None and not self._finite(norms):
                        self._stop_non_finite(value, on_a_worker=True)
                        break
                    self._step(value, norms)
                    bar.update()
                    for cb in step_callbacks:
                        cb.on_step_end(run)
                    if workers is None:
                        if run.should_stop:
                            break
                    elif run.step % _AGREE_EVERY == 0 and self._agree_to_stop():
                        break
                    if self.checkpoint_every and run.step % self.checkpoint_every == 0:
                        self._save("last.pt", epoch, b + 1)
                self.totals.seconds += time.perf_counter() - started
                if self.totals.steps:
                    self._end_epoch(bar)
                if workers is not None:
                    self._agree_to_stop()
                if run.should_stop:
                    break
                self._save("last.pt", epoch + 1, 0)
            else:
                history.stopped_because = f"reached the maximum of {epochs} epochs"
        finally:
            bar.close()
        history.converged = run.converged
        self._settle()
        optimizer_mode(run.optimizer, "eval")  # the trained weights are the evaluation ones
        if self.finish is not None:  # before the callbacks' end: a logger writes what it says
            self.finish(run)
        for cb in self.callbacks:
            cb.on_train_end(run)
        self.finished = True
        if not self.non_finite:
            self._save("last.pt", run.epoch + 1, 0)

    def release(self) -> None:
        """Free the DDP wrapper while its process group still exists: freed later, at
        exit, its communication threads can abort the process."""
        if self.forward is not self.run.model:
            self.forward = self.run.model
            gc.collect()

    def _first_forward(self, xb: Tensor) -> Tensor:
        """The forward pass of the run's first batch. A layer that does not take the size of
        its input (a model built for other data) raises one ValueError naming both sizes, not
        torch's error from deep inside; hooks watch this pass only, so later steps pay nothing."""
        running: list[tuple[str, torch.nn.Module, Any]] = []  # the modules entered, not left

        def leave(module: torch.nn.Module, args: Any, out: Any) -> None:  # None: out unchanged
            running.pop()

        handles = []
        for name, module in self.run.model.named_modules():
            handles.append(module.register_forward_pre_hook(
                lambda m, args, name=name: running.append((name, m, args))))
            handles.append(module.register_forward_hook(leave))
        try:
            return self.forward(xb)
        except RuntimeError as err:
            problem = _input_mismatch(*running[-1], xb) if running else None
            if problem is None:
                raise
            raise ValueError(problem) from err
        finally:
            for handle in handles:
                handle.remove()

    def _share_of_update(self, value: float, m: int, b: int, first: bool) -> tuple[float, float]:
        """With several workers or accumulated batches: the weight of this batch's loss in
        the update, and this worker's loss of the update so far.

        The update is the gradient of the mean loss over the ``N`` examples of its batches
        on all workers. Each of the ``w`` workers' gradients is averaged by DDP, so a batch of
        ``m`` examples weighs ``w m / N``.
        """
        if first:
            rows = [self.train_source.rows(i) for i in range(b, min(b + self.accumulate, len(self.train_source)))]
            # A user's loader may not say its batches' sizes: then each batch weighs the same.
            self._update_weights = (1.0 / len(rows), None) if None in rows else (None, sum(rows))
            self._update_sums = [0.0, 0]
        self._update_sums = [self._update_sums[0] + value * m, self._update_sums[1] + m]
        equal, N = self._update_weights
        weight = equal if N is None else (self.workers.world if self.workers is not None else 1) * m / N
        return self._update_sums[0] / self._update_sums[1], weight

    def _agree_to_stop(self) -> bool:
        """Whether to stop now: every worker stops if any wants to (a time budget, a
        callback). Compared every ``_AGREE_EVERY`` updates and at the end of each epoch, not
        at every update, which would cost a collective each."""
        run = self.run
        if self.workers.sum([float(run.should_stop)])[0] and not run.should_stop:
            run.stop("another worker stopped the run")
        return run.should_stop

    def _grad_norms(self) -> tuple[Tensor, ...]:
        """The L2 norm of each parameter's gradient (unscaled first under fp16)."""
        self.precision.unscale_(self.run.optimizer)
        return torch._foreach_norm([p.grad for p in self.params if p.grad is not None])

    def _finite(self, norms: tuple[Tensor, ...]) -> bool:
        """Whether the averaged gradient is finite: the same answer on every worker, which a
        worker's own loss is not. (Under fp16 an overflow only skips the update.)"""
        if self.precision.scaler is not None or not norms:
            return True
        return math.isfinite(torch.stack(norms).sum().item())

    def _step(self, value: float, norms: tuple[Tensor, ...]) -> None:
        run, opt = self.run, self.run.optimizer
        clip_gradients(self.params, self.clip, norms)
        before = [p.detach().clone() for p in self.params] if run.step % _RATIO_EVERY == 0 else None
        lrs = [g["lr"] for g in opt.param_groups]  # the rates this update uses
        self.precision.step(opt)
        if self.scheduler is not None:
            self.scheduler.step()
        if before is not None:
            self._record_update_ratios(before, norms)
        run.step += 1
        run.loss = value
        self.totals.add_step(value, norms)
        if self.workers is not None:  # made the update's loss over all workers when settled
            self._local_losses.append(self._update_sums)
        steps = run.history.steps
        steps["step"].append(run.step)
        steps["epoch"].append(run.epoch)
        steps["loss"].append(value)
        steps["lr"].append(lrs)

    def _stop_non_finite(self, value: float, on_a_worker: bool = False) -> None:
        run = self.run
        self.non_finite = True
        if on_a_worker:  # this worker's loss may be finite; the averaged gradient is not
            value = math.nan if math.isfinite(value) else value
        run.history.non_finite_step, run.history.non_finite_loss = run.step + 1, value
        lrs = ", ".join(f"{g['lr']:g}" for g in run.optimizer.param_groups)
        kept = ""
        if self.checkpoint_dir is not None and (self.checkpoint_dir / "last.pt").is_file():
            kept = f" The last good checkpoint is kept in {self.checkpoint_dir / 'last.pt'}."
        what = ("the gradient averaged over the workers became non-finite"
                if on_a_worker else f"the loss became {value}")
        remedy = ("Check the data for NaN, inf or huge values: no update had been made yet"
                  if run.step == 0 else "Try a smaller learning rate")
        run.stop(
            f"{what} at step {run.step + 1} (epoch {run.epoch}, batch "
            f"{run.batch}) with lr={lrs}; training stopped before applying that step.{kept} "
            f"{remedy}."
        )

    def _end_epoch(self, bar) -> None:
        run, history, totals = self.run, self.run.history, self.totals
        self._settle()
        row: dict[str, Any] = {
            "epoch": run.epoch,
            "loss": totals.loss_sum / totals.steps,
            "grad_norm": sum(totals.grad_norms) / totals.steps,
            "lr": history.steps["lr"][-1],  # the rates of the epoch's last update
            "seconds": totals.seconds,
        }
        if self.metric:
            row[self.metric] = totals.metric_value(self.workers)
        if self.val_source is not None:
            row.update(self._evaluate())
        history.append_epoch(**row)
        if isinstance(getattr(self.scheduler, "schedule", None), schedules.Plateau):
            self.scheduler.observe(row.get("val_loss", row["loss"]))
        bar.set_postfix({k: f"{v:.4g}" for k, v in row.items() if k in ("loss", "val_loss", self.metric, f"val_{self.metric}")}, refresh=False)
        for cb in self.callbacks:
            cb.on_epoch_end(run)
        if self.val_source is None:
            losses = history.loss
            if losses[-1] <= min(losses):
                history.best_epoch = run.epoch
        if history.best_epoch == run.epoch and self.checkpoint_dir is not None:
            self._save("best.pt", run.epoch + 1, 0)

    # -- metrics ----------------------------------------------------------------------------

    def _settle(self) -> None:
        """Reduce what steps left pending: the updates' losses over the workers (one
        collective), the gradient norms, the first non-finite layer."""
        history = self.run.history
        if self._local_losses:  # one collective for all the updates since the last time
            local = torch.tensor(self._local_losses, dtype=torch.float64)
            total = self.workers.sum_(local.clone())
            mean_local, mean_all = (local[:, 0] / local[:, 1]).tolist(), (total[:, 0] / total[:, 1]).tolist()
            history.steps["loss"][-len(mean_all):] = mean_all
            self.totals.loss_sum += sum(mean_all) - sum(mean_local)
            self._local_losses.clear()
        norms = history.steps.setdefault("grad_norm", [])
        new, bad = self.totals.settle()
        if bad is not None and history.non_finite_layer is None:
            history.non_finite_layer = (len(norms) + bad[0] + 1, self.names[bad[1]])
        norms.extend(new)

    @torch.no_grad()
    def _evaluate(self) -> dict[str, float]:
        model = self.run.model
        model.eval()
        optimizer_mode(self.run.optimizer, "eval")
        loss_sum, n = 0.0, 0
        totals = EpochTotals(self.metric)
        for xb, yb in self.val_source.batches(0):
            with self.precision.autocast():
                out = model(xb)
                loss_sum += self.loss_fn(out, yb).item() * len(yb)
            n += len(yb)
            totals.add_batch(out, yb)
        model.train()
        optimizer_mode(self.run.optimizer, "train")
        result = {"val_loss": loss_sum / n}
        if self.metric:
            result[f"val_{self.metric}"] = totals.metric_value()
        return result

    def _record_update_ratios(self, before: list[Tensor], grad_norms: tuple[Tensor, ...]) -> None:
        """``||Δθ|| / ||θ||`` and ``||∇θ|| / ||θ||`` per parameter tensor, at this step."""
        with torch.no_grad():
            deltas = torch._foreach_sub([p.detach() for p in self.params], before)
            weight = torch.stack(torch._foreach_norm(before))
            # A tensor at zero (a zero-initialised layer) has no scale to compare with: NaN.
            weight = torch.where(weight > 0, weight, torch.nan)
            updates = (torch.stack(torch._foreach_norm(deltas)) / weight).tolist()
            grads = (torch.stack(grad_norms) / weight).tolist() if len(grad_norms) == len(before) else None
        step = self.run.step + 1
        self.run.history.update_ratios.append({"step": step, **dict(zip(self.names, updates))})
        if grads is not None:
            # Weights only: a bias or a norm layer's scale may start at (or near) zero, and its
            # gradient-to-weight ratio then says nothing about the gradient's health.
            self.run.history.layer_grad_ratios.append(
                {"step": step, **{n: r for n, r, p in zip(self.names, grads, self.params) if p.ndim >= 2}})

    # -- checkpoints ------------------------------------------------------------------------

    def _save(self, name: str, epoch: int, batch: int) -> None:
        if self.checkpoint_dir is None:
            return
        run = self.run
        self._settle()
        state = {
            "format": CHECKPOINT_FORMAT,
            "config": self.config,
            "epoch": epoch,
            "batch": batch,
            "step": run.step,
            "finished": self.finished,
            "stopped_because": run.history.stopped_because,
            "converged": run.converged,
            "model": run.model.state_dict(),
            "optimizer": run.optimizer.state_dict(),
            "scheduler": self.scheduler.state_dict() if self.scheduler is not None else None,
            "rng": checkpoint.rng_state(),
            "history": run.history.state_dict(),
            "callbacks": [cb.state_dict() for cb in self.callbacks],
            "epoch_totals": self.totals.state_dict(self.workers),
            "precision": self.precision.state_dict(),
            "callback_names": [type(cb).__qualname__ for cb in self.callbacks],
        }
        if self.workers is None or self.workers.is_main:
            path = self.checkpoint_dir / name
            if self.finished and name == "last.pt" and hit_epoch_limit(run.history.stopped_because, epoch):
                # For a resume that asks for more epochs: the state at the end of the last epoch,
                # before on_train_end changed it (EarlyStopping restores the best weights).
                state["at_epoch_end"] = epoch_end_state(path, epoch, run.step)
            checkpoint.save_atomic(state, path)

    def resume_from(self, state: dict[str, Any]) -> None:
        """Continue from ``state``, the run's ``last.pt`` (see :func:`descend.training.resume.last_checkpoint`)."""
        path = self.checkpoint_dir / "last.pt"
        run = self.run
        clashes = conflicts(state["config"], self.config, state["model"], run.model.state_dict())
        if clashes:
            raise ValueError(f"cannot resume from {path}: {'; '.join(clashes)}; use the same "
                             f"settings, or another checkpoint_dir")
        try:
            run.model.load_state_dict(state["model"])
        except RuntimeError as err:
            raise ValueError(f"cannot resume from {path}: its weights do not load into this call's "
                             f"model: {' '.join(str(err).split())}") from err
        run.optimizer.load_state_dict(state["optimizer"])  # moves state to each param's device
        if self.scheduler is not None and state["scheduler"] is not None:
            self.scheduler.load_state_dict(state["scheduler"])
        checkpoint.set_rng_state(state["rng"])
        run.history.load_state_dict(state["history"])
        run.history.stopped_because = state["stopped_because"]
        run.history.converged = run.converged = state["converged"]
        for cb, cb_state in callback_states(self.callbacks, state):
            cb.load_state_dict(cb_state)
        self.totals.load_state_dict(state["epoch_totals"], self.workers)
        self.precision.load_state_dict(state.get("precision", {}))
        # At an epoch's end the run is in the epoch just done (the loop sets the next one).
        run.step = state["step"]
        run.epoch = state["epoch"] - 1 if state["batch"] == 0 and state["epoch"] > 0 else state["epoch"]
        self.start_epoch, self.start_batch = state["epoch"], state["batch"]
        self.finished = state["finished"]


def optimizer_mode(optimizer: torch.optim.Optimizer, mode: str) -> None:
    """Schedule-free optimizers evaluate at another point than they train at (``eval()``
    swaps the averaged weights in); other optimizers have no modes.

    >>> import descend as ds
    >>> opt = ds.optim.ScheduleFreeAdamW([torch.nn.Parameter(torch.zeros(1))])
    >>> optimizer_mode(opt, "eval"); opt.param_groups[0]["train_mode"]
    False
    """
    switch = getattr(optimizer, mode, None)
    if callable(switch):
        switch()


def _input_mismatch(name: str, module: torch.nn.Module, args: tuple, xb: Tensor) -> str | None:
    """Why ``module`` (a linear, convolutional or recurrent layer) failed on the input
    ``args[0]``: its size along the dimension the layer was built for is another; ``None``
    where it is not, or the layer is of another kind (then the error is something else)."""
    inp = args[0] if args and isinstance(args[0], Tensor) else None
    if inp is None or inp.ndim == 0:
        return None
    if isinstance(module, _CONVOLUTIONS):
        dim = inp.ndim - len(module.kernel_size) - 1  # (N, C, *spatial) or (C, *spatial)
        want, what = module.in_channels, "input channels"
    elif isinstance(module, torch.nn.Linear):
        dim, want, what = -1, module.in_features, "input features"
    elif isinstance(module, torch.nn.RNNBase):
        dim, want, what = -1, module.input_size, "input features"
    else:
        return None
    if dim < -inp.ndim or dim >= inp.ndim or inp.shape[dim] == want:
        return None
    layer = "the model" if not name else f"its layer {name!r}"
    return (f"the model does not take the data's examples of shape {tuple(xb.shape[1:])}: "
            f"{layer} ({module}) expects {want} {what} but got {inp.shape[dim]} (an input of "
            f"shape {tuple(inp.shape)}); build the model for this data, or give it data of "
            f"the size it takes")
