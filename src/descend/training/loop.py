"""``descend.train``: full-batch, mini-batch and stochastic gradient descent for any model."""

from __future__ import annotations

import contextlib
import gc
import math
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import torch
from torch import Tensor
from tqdm.auto import tqdm

from .. import optim as _optim
from .. import schedules
from ..optim import takes_plain_steps
from ..doctor import diagnose
from . import checkpoint as _ckpt
from . import lock as _lock
from .callbacks import Callback, Convergence, Divergence, EarlyStopping, TimeBudget
from .data import Prepared, prepare
from .distributed import Workers
from .distributed import setup as setup_workers
from .history import History
from .losses import check_batch, default_loss
from .losses import get as get_loss
from .models import build_model
from .precision import Precision

__all__ = ["train", "Run"]

_CHECKPOINT_FORMAT = "descend-checkpoint-1"
# Update-to-weight ratios need a copy of the weights before the step: take one every this
# many steps (and at the first), so that their cost stays below a percent of training.
_RATIO_EVERY = 100
_NO_CONTEXT = contextlib.nullcontext()  # reusable; one per step would cost a little each time
# Workers compare their wishes to stop every this many updates (and at each epoch's end).
_AGREE_EVERY = 32


class Run:
    """The live state of a training run, as callbacks see it."""

    def __init__(self, model: torch.nn.Module, optimizer: torch.optim.Optimizer, history: History,
                 workers: Workers | None = None) -> None:
        self.model, self.optimizer, self.history = model, optimizer, history
        self.workers = workers
        self.rank, self.world_size = (workers.rank, workers.world) if workers is not None else (0, 1)
        self.epoch = 0
        self.step = 0
        self.batch = 0
        self.loss = math.nan
        self.should_stop = False
        self.converged = False

    def stop(self, reason: str, converged: bool = False) -> None:
        """End training after the current step; ``reason`` becomes ``History.stopped_because``."""
        if not self.should_stop:
            self.should_stop, self.converged = True, converged
            self.history.stopped_because = reason


def train(
    model: torch.nn.Module | str,
    data: Any,
    loss: str | Callable[[Tensor, Tensor], Tensor] | None = None,
    optimizer: str | torch.optim.Optimizer = "adam",
    lr: float | str | None = None,
    batch_size: int | None = None,
    epochs: int = 10,
    val_data: Any = None,
    schedule: Any = None,
    tol: float | None = 1e-4,
    patience: int = 5,
    checkpoint_dir: str | Path | None = None,
    resume: bool = False,
    callbacks: Sequence[Callback] = (),
    device: str | torch.device = "auto",
    seed: int = 0,
    progress: bool = True,
    log_dir: str | Path | None = None,
    *,
    target: str | None = None,
    time_budget: float | None = None,
    checkpoint_every: int | None = None,
    model_options: dict[str, Any] | None = None,
    strategy: str | None = None,
    accumulate: int = 1,
    clip_grad_norm: float | None = None,
    clip_grad_value: float | None = None,
    precision: str = "fp32",
    **hyper: Any,
) -> History:
    """Train ``model`` on ``data`` by gradient descent and return its :class:`History`.

    ``batch_size=None`` is full-batch gradient descent (one step per epoch on the whole
    training set), ``batch_size=1`` stochastic gradient descent, any other integer
    mini-batch; the data is reshuffled every epoch from ``seed``, and the same seed gives the
    same weights bit for bit. Training stops at ``epochs``, when the training loss changes
    by less than ``tol`` (relative) over ``patience`` epochs, when the validation loss has
    not improved for ``patience`` epochs (the best weights are then restored, whatever ended
    the run), after ``time_budget`` seconds, on a non-finite loss, when an epoch's mean loss
    rises over 1000 times its scale above its best (:class:`Divergence`), or when a callback
    says so.

    Args:
        model: an ``nn.Module``, or a built-in name ("linear", "logistic", "softmax", "mlp",
            "cnn") sized from the data (``model_options`` go to its builder).
        data: ``(X, y)`` tensors or arrays, a ``Dataset``, a ``DataLoader``, a CSV path (with
            ``target=``) or a built-in dataset name ("digits", "iris", ...).
        loss: "mse", "mae", "huber", "bce", "cross_entropy" or a callable; by default
            cross-entropy for classification and MSE for regression.
        optimizer: a name known to ``descend.optim.create`` or an optimizer instance.
        lr: learning rate (the optimizer's default when ``None``); ``"auto"`` runs
            :func:`descend.lr_find` first, with pilot runs sized to this run's budget, and
            uses its suggestion (kept in ``History.lr_finder``); a resumed run keeps the rate
            its checkpoint holds.
        schedule: a name from ``descend.schedules`` ("cosine", "onecycle", ... sized to
            this run), a ``descend.schedules`` object, or a function ``optimizer -> torch
            scheduler``; stepped after every optimizer update. A reduce-on-plateau schedule
            sees the validation loss (else the training loss) after every epoch.
        checkpoint_dir: where ``last.pt`` (every epoch, and every ``checkpoint_every``
            steps) and ``best.pt`` go; ``resume=True`` continues from ``last.pt`` (an error if
            there is none), refusing settings that contradict it (the optimizer, its
            hyper-parameters and rate, the model, loss, precision, schedule, clipping, seed,
            batches); a run that had reached its epochs trains on to a larger ``epochs``, as
            if asked for them from the start; one that stopped for another reason trains no
            more, with a warning that says why.
        log_dir: write ``steps.csv``, ``epochs.csv``, ``metrics.jsonl`` and TensorBoard
            events there. ``checkpoint_dir`` and ``log_dir`` are locked for the run (see
            :mod:`descend.training.lock`): a second process gets an error naming this pid.
        strategy: ``None`` (one process) or ``"ddp"``: data-parallel over the workers that
            ``torchrun`` started (see :mod:`descend.training.distributed`); ``batch_size`` is
            the global batch, split across them, and only worker 0 writes files.
        accumulate: ``K`` batches per update, their gradients summed with weights that make
            the update the one of a single batch of ``K * batch_size`` (with the memory of one).
        clip_grad_norm, clip_grad_value: rescale the gradient so that its global L2 norm is
            at most this, or clamp each component to ``[-v, v]``, before every update (the
            recorded ``grad_norm`` is the norm before clipping).
        precision: ``"fp32"``, ``"bf16"`` (autocast, CPU or GPU) or ``"fp16"`` (autocast with
            loss scaling, GPU only); see :mod:`descend.training.precision`.
        **hyper: optimizer hyper-parameters (``momentum=0.9``, ``weight_decay=1e-4``).

    >>> import descend as ds
    >>> hist = ds.train("softmax", "iris", optimizer="adam", lr=0.05, epochs=30, progress=False)
    >>> hist.epochs["val_accuracy"][-1] > 0.8
    True
    """
    _check_options(epochs, tol, patience, checkpoint_every, time_budget, resume, checkpoint_dir,
                   accumulate, clip_grad_norm, clip_grad_value)
    dev = _device(device)
    workers = setup_workers(strategy, dev)
    if workers is not None:
        dev = workers.device  # a worker's own GPU, cuda:LOCAL_RANK
    # One writer per run folder, for the whole run (worker 0 writes for all of them).
    folders = (checkpoint_dir, log_dir) if workers is None or workers.is_main else ()
    with workers if workers is not None else contextlib.nullcontext(), _lock.locked(*folders):
        # A classifier's model or loss says what 0/1 targets stored as floats are.
        classifier = model in ("logistic", "softmax") or loss in ("bce", "cross_entropy")
        prepared = prepare(data, val_data, target=target, batch_size=batch_size, seed=seed,
                           task="classification" if classifier else None)
        main = workers is None or workers.is_main
        amp = Precision(precision, dev)
        loss_name = default_loss(prepared.task, model=model) if loss is None else loss
        loss_fn = get_loss(loss_name)
        rules: list[Callback] = [Divergence()]
        if tol is not None:
            rules.append(Convergence(tol, patience))
        if prepared.val is not None:
            rules.append(EarlyStopping(patience, tol or 0.0))
        if time_budget is not None:
            rules.append(TimeBudget(time_budget))
        if log_dir is not None and main:
            from .logs import Logger

            rules.append(Logger(log_dir))

        # The run seeds torch's generator (initial weights, dropout) inside a fork of it, so the
        # caller's random state is the same after training as before.
        with torch.random.fork_rng(devices=[dev] if dev.type == "cuda" else []):
            torch.manual_seed(seed)
            module = build_model(model, prepared.n_features, prepared.n_outputs, task=prepared.task,
                                 input_shape=prepared.input_shape, image_shape=prepared.image_shape,
                                 **(model_options or {})).to(dev)
            steps_per_epoch = math.ceil(len(prepared.train) / accumulate)
            found = None
            saved = _last_checkpoint(Path(checkpoint_dir)) if resume else None
            idle = None  # why a resumed run trains nothing more
            if saved is not None and saved["finished"]:
                saved, idle = _continued(saved, epochs, Path(checkpoint_dir))
            if lr == "auto":
                if saved is not None:  # the rate the first run chose; a named schedule is sized from it
                    group = saved["optimizer"]["param_groups"][0]
                    lr = float(group.get("initial_lr", group["lr"]))
                else:
                    found = _auto_lr(module, data, loss_name, optimizer, batch_size, seed, dev, target,
                                     hyper, budget=epochs * steps_per_epoch, accumulate=accumulate,
                                     clip=(clip_grad_norm, clip_grad_value))
                    lr = found.suggestion
                    if workers is not None:  # every worker must take the same steps
                        lr = workers.broadcast(lr)
            opt = _make_optimizer(optimizer, module, lr, hyper)
            definition = _definition(model, model_options, optimizer, opt, loss_name, precision,
                                     schedule, (clip_grad_norm, clip_grad_value))
            scheduler = schedules.for_run(schedule, opt, epochs * steps_per_epoch)
            history = History(task=prepared.task, model=module, lr_finder=found,
                              plain_steps=takes_plain_steps(opt))
            loop = _Loop(Run(module, opt, history, workers), prepared, dev, loss_name, loss_fn, scheduler,
                         [*rules, *callbacks],
                         checkpoint_dir=Path(checkpoint_dir) if checkpoint_dir is not None else None,
                         checkpoint_every=checkpoint_every, seed=seed, batch_size=batch_size,
                         accumulate=accumulate, clip=(clip_grad_norm, clip_grad_value),
                         precision=amp)
            loop.config.update(definition)
            try:
                if saved is not None:
                    loop.resume_from(saved)
                if idle is not None:
                    warnings.warn(idle, stacklevel=2)
                if not loop.finished:
                    loop.fit(epochs, progress and main)
                else:  # a finished run's checkpoint: the doctor reads its record again
                    history.diagnoses = diagnose(history)
            finally:
                loop.release()
        return history


class _Loop:
    """One training run's moving parts, and the epoch/step loop over them."""

    def __init__(self, run: Run, prepared: Prepared, device: torch.device, loss_name, loss_fn,
                 scheduler, callbacks: list[Callback], *, checkpoint_dir: Path | None,
                 checkpoint_every: int | None, seed: int, batch_size: int | None,
                 accumulate: int, clip: tuple[float | None, float | None],
                 precision: Precision) -> None:
        self.run = run
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
        self.metric = _metric_name(prepared.task)
        self.totals = _EpochTotals(self.metric)
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
                    self.totals = _EpochTotals(self.metric)
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
        history.diagnoses = diagnose(history)
        _optimizer_mode(run.optimizer, "eval")  # the trained weights are the evaluation ones
        if progress and sys.stderr.isatty():  # the same rule as the progress bar's
            print(f"stopped: {history.stopped_because}", *(f"- {d}" for d in history.diagnoses),
                  sep="\n", file=sys.stderr)
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
        what = (f"the gradient averaged over the workers became non-finite"
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
        _optimizer_mode(self.run.optimizer, "eval")
        loss_sum, n = 0.0, 0
        totals = _EpochTotals(self.metric)
        for xb, yb in self.val_source.batches(0):
            with self.precision.autocast():
                out = model(xb)
                loss_sum += self.loss_fn(out, yb).item() * len(yb)
            n += len(yb)
            totals.add_batch(out, yb)
        model.train()
        _optimizer_mode(self.run.optimizer, "train")
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
            "format": _CHECKPOINT_FORMAT,
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
            "rng": _ckpt.rng_state(),
            "history": run.history.state_dict(),
            "callbacks": [cb.state_dict() for cb in self.callbacks],
            "epoch_totals": self.totals.state_dict(self.workers),
            "precision": self.precision.state_dict(),
            "callback_names": [type(cb).__qualname__ for cb in self.callbacks],
        }
        if self.workers is None or self.workers.is_main:
            path = self.checkpoint_dir / name
            if self.finished and name == "last.pt" and _hit_epoch_limit(run.history.stopped_because, epoch):
                # For a resume that asks for more epochs: the state at the end of the last epoch,
                # before on_train_end changed it (EarlyStopping restores the best weights).
                state["at_epoch_end"] = _epoch_end_state(path, epoch, run.step)
            _ckpt.save_atomic(state, path)

    def resume_from(self, state: dict[str, Any]) -> None:
        """Continue from ``state``, the run's ``last.pt`` (see :func:`_last_checkpoint`)."""
        path = self.checkpoint_dir / "last.pt"
        run = self.run
        conflicts = _conflicts(state["config"], self.config, state["model"], run.model.state_dict())
        if conflicts:
            raise ValueError(f"cannot resume from {path}: {'; '.join(conflicts)}; use the same "
                             f"settings, or another checkpoint_dir")
        try:
            run.model.load_state_dict(state["model"])
        except RuntimeError as err:
            raise ValueError(f"cannot resume from {path}: its weights do not load into this call's "
                             f"model: {' '.join(str(err).split())}") from err
        run.optimizer.load_state_dict(state["optimizer"])  # moves state to each param's device
        if self.scheduler is not None and state["scheduler"] is not None:
            self.scheduler.load_state_dict(state["scheduler"])
        _ckpt.set_rng_state(state["rng"])
        run.history.load_state_dict(state["history"])
        run.history.stopped_because = state["stopped_because"]
        run.history.converged = run.converged = state["converged"]
        for cb, cb_state in _callback_states(self.callbacks, state):
            cb.load_state_dict(cb_state)
        self.totals.load_state_dict(state["epoch_totals"], self.workers)
        self.precision.load_state_dict(state.get("precision", {}))
        # At an epoch's end the run is in the epoch just done (the loop sets the next one).
        run.step = state["step"]
        run.epoch = state["epoch"] - 1 if state["batch"] == 0 and state["epoch"] > 0 else state["epoch"]
        self.start_epoch, self.start_batch = state["epoch"], state["batch"]
        self.finished = state["finished"]


# --- helpers -------------------------------------------------------------------------------


def _last_checkpoint(folder: Path) -> dict[str, Any]:
    """The training checkpoint ``folder/last.pt``, loaded once for the whole resume (the
    temporary files of a save cut off by a kill are removed first)."""
    path = folder / "last.pt"
    _ckpt.remove_stale_temporaries(path)
    _ckpt.remove_stale_temporaries(folder / "best.pt")
    if not path.is_file():
        raise FileNotFoundError(
            f"cannot resume from {path}: there is no such file (a run saves it after its first "
            f"epoch, or every checkpoint_every steps); give checkpoint_dir of a run to continue, "
            f"or resume=False to start a new run")
    state = _ckpt.load(path)
    if state.get("format") != _CHECKPOINT_FORMAT:
        raise ValueError(f"{path} is not a descend training checkpoint")
    return state


def _hit_epoch_limit(stopped_because: str | None, epochs: int) -> bool:
    """Whether a run stopped because it had trained ``epochs`` epochs (``_Loop.fit`` says so)."""
    return stopped_because == f"reached the maximum of {epochs} epochs"


def _epoch_end_state(path: Path, epoch: int, step: int) -> dict[str, Any] | None:
    """The checkpoint ``path`` if it holds the run at the end of epoch ``epoch`` (``step``
    updates in), as ``fit`` saves it; ``None`` if it holds something else."""
    if not path.is_file():
        return None
    state = _ckpt.load(path)
    if state.get("finished") or (state.get("epoch"), state.get("batch"), state.get("step")) != (epoch, 0, step):
        return None
    state.pop("at_epoch_end", None)
    return state


def _continued(saved: dict[str, Any], epochs: int, folder: Path) -> tuple[dict[str, Any], str | None]:
    """What a resume from the finished run ``saved`` (``folder/last.pt``) continues from: its
    state at the end of its last epoch when it stopped at its epoch budget and this call asks
    for more epochs (it then trains on as a run asked for ``epochs`` from the start would,
    schedules sized to the run aside); otherwise ``saved`` itself, with the notice that says
    why nothing more is trained."""
    done, reason = saved["epoch"], saved["stopped_because"]
    if not _hit_epoch_limit(reason, done):
        why = f"it had stopped: {reason}"
    elif epochs <= done:
        why = f"it had trained its {done} epochs and this call has epochs={epochs}; give epochs > {done} to train on"
    elif saved.get("at_epoch_end") is None:
        why = (f"it had trained its {done} epochs, and its checkpoint (from an earlier version of "
               f"descend) lacks the state at the end of its last epoch needed to train on to epochs={epochs}")
    else:
        return saved["at_epoch_end"], None
    return saved, f"resume: the run in {folder} had finished, so nothing more is trained: {why}"


def _definition(model, model_options, optimizer, opt: torch.optim.Optimizer, loss, precision,
                schedule, clip: tuple[float | None, float | None]) -> dict[str, Any]:
    """What defines a run beyond its data's order (``_Loop.config``), as plain data, for a
    resume to check against its checkpoint: the model, the optimizer with its hyper-parameters
    and starting rate (``lr="auto"``'s pick), the loss, the precision, the kind of schedule
    (its parameters are checked by the schedule itself) and the gradient clipping."""
    group = opt.param_groups[0]
    return {
        "model": model.strip().lower() if isinstance(model, str) else type(model).__qualname__,
        "model_options": _plain(model_options or {}),
        "optimizer": optimizer.strip().lower() if isinstance(optimizer, str) else _class_path(optimizer),
        "optimizer_class": _class_path(opt),
        "hyper": {k: _plain(v) for k, v in opt.defaults.items() if k not in _NOT_HYPER},
        "lr": _plain(group.get("initial_lr", group["lr"])),
        "loss": loss.strip().lower() if isinstance(loss, str) else "a function",
        "precision": precision.strip().lower() if isinstance(precision, str) else precision,
        "schedule": _schedule_kind(schedule),
        "clip_grad_norm": clip[0],
        "clip_grad_value": clip[1],
    }


# Optimizer settings that say how an update is computed (or are the rate), not which one.
_NOT_HYPER = ("lr", "initial_lr", "foreach", "fused", "capturable", "differentiable")


def _class_path(obj: Any) -> str:
    return f"{type(obj).__module__}.{type(obj).__qualname__}"


def _schedule_kind(schedule: Any) -> str | None:
    if schedule is None or isinstance(schedule, str):
        return schedule.strip().lower() if schedule is not None else None
    if isinstance(schedule, schedules.Schedule):
        return schedule.name
    if isinstance(schedule, schedules.Plateau):
        return "plateau"
    return "a function" if callable(schedule) else type(schedule).__qualname__


def _plain(value: Any) -> Any:
    """``value`` as data a checkpoint holds (tuples as lists, tensors as numbers)."""
    if isinstance(value, Tensor):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return f"<{type(value).__qualname__}>"


def _same(a: Any, b: Any) -> bool:
    return a == b or repr(a) == repr(b)  # NaN is NaN here


def _conflicts(saved: dict[str, Any], config: dict[str, Any], saved_weights: dict[str, Any],
               weights: dict[str, Any]) -> list[str]:
    """Each setting of ``config`` that contradicts the checkpoint's ``saved`` one, as "it was
    trained with KEY=SAVED, this call has KEY=VALUE"; settings an older checkpoint did not
    record are not checked. The weights' names and shapes are compared in any case."""
    def clash(key: str, was: Any, now: Any) -> str:
        return f"it was trained with {key}={was!r}, this call has {key}={now!r}"

    found = []
    for key, value in config.items():
        if key not in saved or key in ("optimizer", "hyper") or _same(saved[key], value):
            continue
        if key == "optimizer_class":
            found.append(clash("optimizer", saved.get("optimizer", saved[key]), config["optimizer"]))
        else:
            found.append(clash(key, saved[key], value))
    if "hyper" in saved and _same(saved.get("optimizer_class"), config["optimizer_class"]):
        was, now = saved["hyper"], config["hyper"]
        found += [clash(k, was.get(k), now.get(k)) for k in dict.fromkeys([*was, *now])
                  if not _same(was.get(k), now.get(k))]
    if "model" not in saved or _same(saved["model"], config["model"]):
        architecture = _architecture_conflict(saved_weights, weights)
        if architecture:
            found.append(architecture)
    return found


def _architecture_conflict(saved: dict[str, Any], current: dict[str, Any]) -> str | None:
    """The first difference in the names and shapes of two models' state dicts, if any."""
    def shapes(state: dict[str, Any]) -> dict[str, tuple[int, ...]]:
        return {k: tuple(v.shape) for k, v in state.items() if isinstance(v, Tensor)}

    was, now = shapes(saved), shapes(current)
    if was == now:
        return None
    for name, shape in was.items():
        if name not in now:
            return f"it was trained with a model that has {name!r} of shape {shape}, this call's model has no {name!r}"
    for name, shape in now.items():
        if name not in was:
            return f"it was trained with a model that has no {name!r}, this call's model has {name!r} of shape {shape}"
    name = next(n for n in was if was[n] != now[n])
    return f"it was trained with a model whose {name!r} has shape {was[name]}, this call's model has shape {now[name]}"


def _callback_states(callbacks: Sequence[Callback], state: dict[str, Any]) -> list[tuple[Callback, Any]]:
    """Each callback with its saved state: the state of the saved callback of the same class
    and rank among those of its class, so that a stopping rule added or dropped on resume (a
    ``time_budget``, say) shifts no other callback's state; by position in older checkpoints."""
    names = state.get("callback_names")
    if names is None:
        return list(zip(callbacks, state["callbacks"]))
    saved: dict[str, list[Any]] = {}
    for name, cb_state in zip(names, state["callbacks"]):
        saved.setdefault(name, []).append(cb_state)
    pairs = []
    for cb in callbacks:
        kept = saved.get(type(cb).__qualname__)
        if kept:
            pairs.append((cb, kept.pop(0)))
    return pairs


def clip_gradients(params: list[Tensor], clip: tuple[float | None, float | None],
                   norms: Sequence[Tensor] | None = None) -> None:
    """Clip the gradients of ``params`` (all set) in place as ``train`` does: to a global L2
    norm of at most ``clip[0]`` (torch's rule, from the per-tensor gradient ``norms`` when the
    caller has them), or to values within ``clip[1]``; nothing when both are ``None``."""
    max_norm, max_value = clip
    if max_norm is not None:
        norms = torch._foreach_norm([p.grad for p in params]) if norms is None else norms
        total = torch.linalg.vector_norm(torch.stack(norms))
        torch.nn.utils.clip_grads_with_norm_(params, max_norm, total)
    elif max_value is not None:
        torch.nn.utils.clip_grad_value_(params, max_value)


def _input_mismatch(name: str, module: torch.nn.Module, args: tuple, xb: Tensor) -> str | None:
    """Why ``module`` (a linear, convolutional or recurrent layer) failed on the input
    ``args[0]``: its size along the dimension the layer was built for is another; ``None``
    where it is not, or the layer is of another kind (then the error is something else)."""
    inp = args[0] if args and isinstance(args[0], Tensor) else None
    if inp is None or inp.ndim == 0:
        return None
    if isinstance(module, torch.nn.modules.conv._ConvNd):
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


def _metric_name(task: str) -> str | None:
    if task == "classification":
        return "accuracy"
    return "r2" if task == "regression" else None


class _EpochTotals:
    """One epoch's running record, cheap per step.

    A step only keeps references to tensors it already has: the norm of each parameter's
    gradient, the batch's (detached) outputs and targets. Reductions and device-to-host
    copies happen in batches, in :meth:`settle`: at the end of the epoch, before a
    checkpoint, or when the kept outputs grow past ``_PENDING_LIMIT`` elements.
    """

    def __init__(self, metric: str | None) -> None:
        self.metric = metric
        self.steps, self.loss_sum, self.seconds = 0, 0.0, 0.0
        self.grad_norms: list[float] = []
        self.pending_norms: list[tuple[Tensor, ...]] = []
        self.pending: list[tuple[Tensor, Tensor]] = []
        self.pending_size = 0
        # See _metric_sums: (4, k), one column of zeros until the first batch sets k.
        self.sums = torch.zeros(4, 1, dtype=torch.float64)

    def add_step(self, loss: float, param_norms: tuple[Tensor, ...]) -> None:
        self.steps += 1
        self.loss_sum += loss
        self.pending_norms.append(param_norms)

    def add_batch(self, out: Tensor, y: Tensor) -> None:
        if self.metric is not None:
            self.pending.append((out.detach(), y))
            self.pending_size += out.numel()
            if self.pending_size > _PENDING_LIMIT:
                self._settle_metric()

    def settle(self) -> tuple[list[float], tuple[int, int] | None]:
        """Reduce what is pending. Returns the new global gradient norms, one per step, and
        ``(i, j)`` for the first non-finite one: its index in that list and the parameter."""
        self._settle_metric()
        if not self.pending_norms:
            return [], None
        widths = {len(n) for n in self.pending_norms}
        if len(widths) == 1 and 0 not in widths:  # one stack for all the steps, not one each
            per_param = torch.stack([t for n in self.pending_norms for t in n]).double().view(-1, widths.pop())
            new = torch.linalg.vector_norm(per_param, dim=1).tolist()
        else:  # the set of parameters with a gradient changed between steps
            per_param = [torch.stack(n).double() if n else torch.zeros(1, dtype=torch.float64)
                         for n in self.pending_norms]
            new = [float(torch.linalg.vector_norm(n)) for n in per_param]
        self.pending_norms.clear()
        self.grad_norms.extend(new)
        bad = next((i for i, v in enumerate(new) if not math.isfinite(v)), None)
        if bad is None:
            return new, None
        return new, (bad, int((~torch.isfinite(per_param[bad])).nonzero()[0]))

    def _settle_metric(self) -> None:
        if self.pending:
            out = torch.cat([o for o, _ in self.pending])
            y = torch.cat([t for _, t in self.pending])
            sums = _metric_sums(self.metric, out, y).cpu()
            if self.sums.shape != sums.shape:
                if self.sums.any():  # only sums loaded from a checkpoint can disagree
                    raise ValueError(f"the epoch's {self.metric} so far was kept for "
                                     f"{self.sums.shape[1]} output column(s), but the outputs "
                                     f"now have {sums.shape[1]}")
                self.sums = torch.zeros_like(sums)
            self.sums += sums
            self.pending.clear()
            self.pending_size = 0

    def metric_value(self, workers: Workers | None = None) -> float:
        """The epoch's metric, over every worker's share of the batches."""
        return _metric_from_sums(self.metric, self._total_sums(workers))

    def _total_sums(self, workers: Workers | None) -> Tensor:
        self._settle_metric()
        return self.sums if workers is None else workers.sum_(self.sums.clone())

    def state_dict(self, workers: Workers | None = None) -> dict[str, Any]:
        self.settle()
        return {"steps": self.steps, "loss_sum": self.loss_sum, "seconds": self.seconds,
                "grad_norms": self.grad_norms, "sums": self._total_sums(workers)}

    def load_state_dict(self, state: dict[str, Any], workers: Workers | None = None) -> None:
        """Loss and gradient norms are the same on every worker; the metric's sums are each
        worker's own, so the saved total goes to worker 0 alone."""
        self.steps, self.loss_sum, self.seconds = state["steps"], state["loss_sum"], state["seconds"]
        self.grad_norms = state["grad_norms"]
        self.sums = state["sums"].reshape(4, -1)  # earlier checkpoints hold 4 sums, 1-D
        if workers is not None and not workers.is_main:
            self.sums = torch.zeros_like(self.sums)


_PENDING_LIMIT = 1 << 22  # output elements kept for the metric before they are reduced


def _metric_sums(metric: str, out: Tensor, y: Tensor) -> Tensor:
    """The sums from which accuracy or R² over any number of batches follows exactly: a
    ``(4, k)`` float64 tensor, added batch by batch (and worker by worker).

    Accuracy: one column ``[hits, n, 0, 0]``. R²: for each output column ``j`` (a target of
    shape ``(n, ...)`` counts as ``k`` columns) ``[Σ (out_j - y_j)², n, Σ y_j, Σ y_j²]``.
    """
    if metric == "accuracy":
        pred = out.argmax(1) if out.ndim == 2 and out.shape[1] > 1 else out.reshape(y.shape) > 0
        hits = (pred == y).sum().double()
        n = torch.tensor(float(len(y)), dtype=torch.float64, device=y.device)
        zero = torch.zeros((), dtype=torch.float64, device=y.device)
        return torch.stack([hits, n, zero, zero])[:, None]
    y = y.double().reshape(len(y), math.prod(y.shape[1:]))  # not -1: a share may have 0 rows
    residual = out.double().reshape(y.shape) - y
    n = torch.full((y.shape[1],), float(len(y)), dtype=torch.float64, device=y.device)
    return torch.stack([residual.square().sum(0), n, y.sum(0), y.square().sum(0)])


def _metric_from_sums(metric: str | None, sums: Tensor) -> float:
    """Accuracy as ``sklearn.metrics.accuracy_score``; R² as ``r2_score`` with its defaults:
    each output column's R², averaged (``multioutput="uniform_average"``); a constant column
    scores 1 where predicted exactly and 0 otherwise (``force_finite=True``); NaN below two
    examples."""
    sums = sums.reshape(4, -1)
    n = float(sums[1, 0])
    if metric is None or n == 0:
        return math.nan
    if metric == "accuracy":
        return float(sums[0, 0]) / n
    if n < 2:
        return math.nan
    sse, _, sy, syy = sums
    sst = syy - sy * sy / n
    # Where a column is constant, Σy² - (Σy)²/n is a rounding error of Σy², not exactly 0.
    constant = sst <= _CONSTANT_RTOL * syy
    r2 = torch.where(constant, (sse == 0).double(), 1.0 - sse / torch.where(constant, 1.0, sst))
    return float(r2.mean())


_CONSTANT_RTOL = 1e-12  # a column's variance this small a part of its mean square is rounding


def _device(device: str | torch.device) -> torch.device:
    """``"auto"`` (CUDA when there is one, else the CPU), ``"cpu"``, ``"cuda"`` or ``"cuda:N"``:
    the devices descend trains on. Others (``"mps"``, ...) are refused here in one line, not
    deep inside torch."""
    if isinstance(device, str) and device.strip().lower() == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    allowed = "'auto', 'cpu', 'cuda' or 'cuda:N'"
    try:
        dev = torch.device(device.strip().lower() if isinstance(device, str) else device)
    except (RuntimeError, TypeError) as err:
        raise ValueError(f"device must be {allowed}, got {device!r}") from err
    if dev.type not in ("cpu", "cuda"):
        raise ValueError(f"device must be {allowed}, got {device!r}: descend trains on the CPU "
                         "or CUDA GPUs")
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device={device!r} asked for CUDA, but no CUDA device is available; use device='auto'")
    if dev.type == "cuda" and dev.index is not None and dev.index >= torch.cuda.device_count():
        count = torch.cuda.device_count()
        raise ValueError(f"device={device!r}: there is no CUDA device {dev.index}, only {count} "
                         f"(cuda:0 to cuda:{count - 1})")
    return dev


def _make_optimizer(optimizer, module: torch.nn.Module, lr: float | None, hyper: dict) -> torch.optim.Optimizer:
    if isinstance(optimizer, torch.optim.Optimizer):
        if lr is not None or hyper:
            raise ValueError("lr and optimizer hyper-parameters go to the optimizer instance itself, not to train()")
        ours = {id(p) for p in module.parameters()}
        theirs = [p for g in optimizer.param_groups for p in g["params"]]
        if not theirs or any(id(p) not in ours for p in theirs):
            raise ValueError("the optimizer instance does not hold this model's parameters")
        return optimizer
    if lr is not None:
        # The rule minimize's _make_optimizer applies, in the same words: lr=0 never moves.
        if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not lr > 0 or not math.isfinite(lr):
            raise ValueError(f"lr must be a finite number > 0, got {lr!r}")
        hyper = {"lr": lr, **hyper}
    if not isinstance(optimizer, str):
        raise TypeError(f"optimizer must be a name ({', '.join(_optim.names())}) or a torch.optim.Optimizer, got {optimizer!r}")
    return _optim.create(optimizer, module.parameters(), **hyper)


def _optimizer_mode(optimizer: torch.optim.Optimizer, mode: str) -> None:
    """Schedule-free optimizers evaluate at another point than they train at (``eval()``
    swaps the averaged weights in); other optimizers have no modes."""
    switch = getattr(optimizer, mode, None)
    if callable(switch):
        switch()


def _auto_lr(module, data, loss, optimizer, batch_size, seed, device, target, hyper, *,
             budget: int, accumulate: int, clip: tuple[float | None, float | None]):
    """``lr="auto"``: the range test with pilot runs sized to the run's ``budget`` of optimizer
    steps (see :func:`descend.lr_find`), taking the run's own kind of step (full-batch ones for
    ``batch_size=None``; ``accumulate`` batches' worth of examples per update; its gradient
    clipping); the optimizer's default (with a warning that says why) when the curve
    gives no suggestion. Returns the range test's result."""
    from ..lr_find import lr_find

    if not isinstance(optimizer, str):
        raise ValueError("lr='auto' needs the optimizer by name, not an instance")
    per_update = None if batch_size is None else batch_size * accumulate
    found = lr_find(module, data, loss=loss, optimizer=optimizer, batch_size=per_update, seed=seed,
                    device=device, target=target, budget=budget, clip_grad_norm=clip[0],
                    clip_grad_value=clip[1], **hyper)
    if found.suggestion is None:
        warnings.warn(f"lr='auto': the range test gave no suggestion ({found.reason}); "
                      f"using {optimizer}'s default learning rate", stacklevel=3)
    return found


def check_clip(clip_grad_norm: Any, clip_grad_value: Any) -> None:
    """Both ``None``, or one of them a number > 0 (``train`` and ``lr_find`` take the same)."""
    for name, value in (("clip_grad_norm", clip_grad_norm), ("clip_grad_value", clip_grad_value)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0):
            raise ValueError(f"{name} must be a number > 0 or None, got {value!r}")
    if clip_grad_norm is not None and clip_grad_value is not None:
        raise ValueError("give clip_grad_norm or clip_grad_value, not both: they are two ways "
                         "of bounding the same gradient")


def _check_options(epochs, tol, patience, checkpoint_every, time_budget, resume, checkpoint_dir,
                   accumulate, clip_grad_norm, clip_grad_value) -> None:
    def positive_int(name: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be an integer >= 1, got {value!r}")

    positive_int("epochs", epochs)
    positive_int("patience", patience)
    if checkpoint_every is not None:
        positive_int("checkpoint_every", checkpoint_every)
    if tol is not None and (isinstance(tol, bool) or not isinstance(tol, (int, float)) or not tol >= 0):
        raise ValueError(f"tol must be a number >= 0 or None, got {tol!r}")
    if time_budget is not None and (isinstance(time_budget, bool) or not isinstance(time_budget, (int, float)) or not time_budget > 0):
        raise ValueError(f"time_budget must be a number of seconds > 0 or None, got {time_budget!r}")
    positive_int("accumulate", accumulate)
    check_clip(clip_grad_norm, clip_grad_value)
    if not isinstance(resume, bool):  # resume="no" is truthy: it must not mean yes
        raise TypeError(f"resume must be True or False, got {resume!r}")
    if resume and checkpoint_dir is None:
        raise ValueError("resume=True needs checkpoint_dir: the folder of the run to continue")
