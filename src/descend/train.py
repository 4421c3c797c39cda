"""``descend.train``: full-batch, mini-batch and stochastic gradient descent for any model.

It composes the layers below: the data prepared once, the model built once, ``lr="auto"``
through the range test on them, the training engine with its stopping rules, logs and
checkpoints, and the doctor on the finished run."""

from __future__ import annotations

import contextlib
import functools
import math
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import torch
from torch import Tensor

from . import optim, schedules
from ._device import resolve_device
from ._train_arguments import checked_arguments
from ._train_record import examine, example_tracker, run_record
from ._wrappers import inner_module
from .doctor import diagnose, wants_rate_probe
from .instruments.run_batch import auto_batch_for_run, choice_in_words, in_batches
from .instruments.run_probe import instruments_for_run
from .lr_find import rate_for_run
from .training.callbacks import Callback, stopping_rules
from .training.closure_step import check_closure_settings
from .training.data import prepare
from .training.data.checks import TRAIN_BATCH_SIZE, is_default_batch
from .training.distributed import check_loaders
from .training.distributed import setup as setup_workers
from .training.engine import Engine
from .training.history import History
from .training.input_check import check_run_start, check_trainable
from .training.lock import locked
from .training.logs import Logger
from .training.losses import default_loss
from .training.losses import get as get_loss
from .training.models import build_for
from .training.new_run import check_new_run, clear_unsaved_run, holds_descend_history
from .training.precision import Precision
from .training.range_test import RANGE_PROBE_EXAMPLES
from .training.resume import continued, definition, last_checkpoint, refuse_a_spent_cycle, saved_rate
from .training.run import Run
from .training.run_data import check_measurable, in_model_dtype, read_for, reading_dtype
from .training.run_options import check_accumulate

__all__ = ["train"]


def train(
    model: torch.nn.Module | str,
    data: Any,
    *,
    loss: str | Callable[[Tensor, Tensor], Tensor] | None = None,
    optimizer: str | torch.optim.Optimizer = "adam",
    lr: float | str | None = None,
    batch_size: int | str | None = TRAIN_BATCH_SIZE,
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
    tensorboard_every: int | str = "auto",
    target: str | None = None,
    standardize: bool | None = None,
    time_budget: float | None = None,
    checkpoint_every: int | None = None,
    model_options: dict[str, Any] | None = None,
    strategy: str | None = None,
    accumulate: int = 1,
    clip_grad_norm: float | None = None,
    clip_grad_value: float | None = None,
    precision: str = "fp32",
    instruments: bool | int = True,
    track_examples: bool | str = "auto",
    **hyper: Any,
) -> History:
    """Train ``model`` on ``data`` by gradient descent and return its :class:`History`.

    ``batch_size`` is 32 by default (mini-batches of 32, as ``lr_find`` and the estimators
    take; a training set of fewer than 32 examples is one full batch, silently, where a batch
    you chose larger than the data is an error; ``optimizer="lbfgs"`` and ``"rprop"``, rules
    for full-batch gradients, take the full batch; a ``DataLoader`` keeps its own batches);
    ``batch_size=None`` is full-batch gradient descent (one step per epoch on the whole
    training set), ``batch_size=1`` stochastic gradient descent, any other integer
    mini-batch; the data is reshuffled every epoch from ``seed``, and the same seed gives the
    same weights bit for bit. Training stops at ``epochs``, when the training loss changes
    by less than ``tol`` (relative) over ``patience`` epochs, when the validation loss has
    not improved for ``patience`` epochs (the best weights are then restored, whatever ended
    the run), after ``time_budget`` seconds, on a non-finite loss, when an epoch's mean loss
    rises over 1000 times its scale above its best (:class:`Divergence`), or when a callback
    says so.

    ``batch_size="auto"`` picks the batch from the gradient noise scale B_noise read over a
    warm-up of 5% of the run at batch 32 on a discarded copy (B_simple on a probe of up to 512
    training examples, extrapolated along its growth to the run's mean; the largest power of
    two at most B_noise, at least 32, the full batch where the data size is within a factor 2
    of B_noise, within a memory limit) and scales the rate to it: ``lr`` (or the optimizer's
    default) is taken as the rate for batch 32 and scaled by (1 + B_noise/32)/(1 + B_noise/B)
    for SGD, momentum and GD (linear well below B_noise, saturating above it), by sqrt(B/32)
    for adaptive rules; with ``lr="auto"`` the range test runs at the chosen batch instead. See :mod:`descend.instruments.batch_size`.
    L-BFGS and Rprop take the full batch, with no warm-up. The choice is in
    ``History.batch_choice`` and the checkpoint (a resume keeps it).

    Args:
        model: an ``nn.Module``, or a built-in name ("linear", "logistic", "softmax", "mlp",
            "cnn") sized from the data (``model_options`` go to its builder). A
            ``torch.compile``'d module's steps run compiled, all else (checks, instruments,
            layer names, checkpoints) on the module inside: a checkpoint resumes compiled or not.
        data: ``(X, y)`` tensors or arrays, a ``Dataset``, a ``DataLoader``, a CSV path (with
            ``target=``) or a built-in dataset name ("digits", "iris", ...).
        standardize: scale the features (and a regression target) to mean 0 and standard
            deviation 1 with the training part's statistics (``History.scaling`` keeps them, to
            predict on raw inputs); ``None`` (default): yes for built-in data sets, no
            otherwise. In-memory data only (arrays, a CSV file, a built-in name).
        loss: "mse", "mae", "huber", "bce", "cross_entropy" or a callable; by default
            cross-entropy for classification and MSE for regression. A torch loss module
            (``nn.CrossEntropyLoss()``, ``NLLLoss``, ``BCEWithLogitsLoss``, ``BCELoss`` on
            probabilities, ``MSELoss``, ``L1Loss``, ``HuberLoss``, ``SmoothL1Loss``) is checked
            and reads its labels as the named loss does, with its own settings; its reduction
            must be "mean" or "sum". A regression loss (by name or module) reads integer targets
            as numbers to regress on, not as class labels.
        optimizer: a name known to ``descend.optim.create`` or an optimizer instance.
        lr: learning rate (the optimizer's default when ``None``); ``"auto"`` runs
            :func:`descend.lr_find` first, with pilot runs sized to this run's budget, and
            uses its suggestion (kept in ``History.lr_finder``); a resumed run keeps the rate
            its checkpoint holds. Beside a schedule object, which sets every rate itself, only
            its first rate or ``None`` (``"auto"`` too is refused; a schedule name is sized
            from the suggestion).
        schedule: a name from ``descend.schedules`` ("cosine", "onecycle", ... sized to
            this run from ``lr``), a ``descend.schedules`` object (which sets every rate
            itself: an ``lr`` other than its first rate is refused), a function
            ``optimizer -> torch scheduler``, or a torch scheduler built on the instance given
            as ``optimizer``; stepped after every optimizer update (a rate per update, not per
            epoch). A reduce-on-plateau schedule sees the validation loss (else the training
            loss) after every epoch.
        checkpoint_dir: where ``last.pt`` (every epoch, and every ``checkpoint_every``
            steps) and ``best.pt`` go; ``resume=True`` continues from ``last.pt`` (an error if
            there is none), refusing settings that contradict it (the optimizer, its
            hyper-parameters and rate, the model, loss, precision, kind of schedule, clipping,
            seed, batches; a named schedule resized to another horizon continues with a
            warning); a run that had reached its epochs trains on to a larger ``epochs``, as
            if asked for them from the start; one that stopped for another reason trains no
            more, with a warning that says why.
        log_dir, tensorboard_every: write ``steps.csv``, ``epochs.csv``, ``metrics.jsonl`` and TensorBoard
            events (every ``tensorboard_every``-th step's; ``"auto"``: each of the first 1000, then as
            often as 1% of the run's time allows) there as the run goes (:class:`descend.training.logs.Logger`). ``checkpoint_dir`` and ``log_dir``
            are locked for the run (:mod:`descend.training.lock`): a second process gets an error naming this pid.
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
        instruments: readings of the run on a probe batch (the whole training set up to 256
            examples, else the first ``max(64, examples per update)``, at most 1024, of epoch
            0's order) into ``History.instruments``: probe loss, sharpness against the
            optimizer's stability threshold, gradient noise scale, step quality α (see
            :class:`descend.instruments.Instruments`; they do not change the run). ``True``:
            one reading per 400 planned steps, 2 to 12, the first at 5% of the run (see
            :func:`descend.instruments.default_steps`; a few percent of a small model's
            training time); ``N``: every ``N``-th step; ``False``: none.
        track_examples: record every training example's loss, probability of its given label,
            margin (given-label logit minus the largest other) and predicted class per epoch,
            from the training steps' own forward passes, into ``History.examples`` (a
            :class:`descend.training.ExampleRecord`; ``examples.npz`` in ``log_dir``) for
            :func:`descend.examples`. ``"auto"`` (default): on for training sets of at most
            50,000 examples (20 bytes per example per epoch, see
            :data:`descend.training.examples_tracking.AUTO_LIMIT`, and where the loss can be
            split per example and the data says which examples a batch holds); ``True``:
            always (an error where the loss cannot be split per example or the data cannot say
            which examples a batch holds: a ``DataLoader`` over an ``IterableDataset``);
            ``False``: never. The tables name each example by its row of the data given
            (``index``), and where that data is a pandas DataFrame (or Series) with an index of
            its own by its label there too (``index_label``: ``df.loc`` reads it).
        **hyper: optimizer hyper-parameters (``momentum=0.9``, ``weight_decay=1e-4``).

    >>> import descend as ds
    >>> hist = ds.train("softmax", "iris", optimizer="adam", lr=0.05, epochs=30, progress=False)
    >>> hist.epochs["val_accuracy"][-1] > 0.8
    True
    """
    batch_size, instruments, model_options = checked_arguments(
        train, optimizer=optimizer, lr=lr, batch_size=batch_size, epochs=epochs, schedule=schedule, tol=tol,
        patience=patience, checkpoint_dir=checkpoint_dir, resume=resume, callbacks=callbacks, log_dir=log_dir,
        tensorboard_every=tensorboard_every, standardize=standardize, time_budget=time_budget,
        checkpoint_every=checkpoint_every, model_options=model_options, accumulate=accumulate,
        clip_grad_norm=clip_grad_norm, clip_grad_value=clip_grad_value, instruments=instruments,
        track_examples=track_examples, hyper=hyper,
    )  # fmt: skip
    # A torch.compile'd model's steps run compiled, all else on the module inside (the same parameters).
    forward = model if isinstance(model, torch.nn.Module) else None
    model = inner_module(model)
    dev = resolve_device(device)
    workers = setup_workers(strategy, dev)
    if workers is not None:
        dev = workers.device  # a worker's own GPU, cuda:LOCAL_RANK
    # One writer per run folder, for the whole run (worker 0 writes for all of them).
    folders = (checkpoint_dir, log_dir) if workers is None or workers.is_main else ()
    with workers if workers is not None else contextlib.nullcontext(), locked(*folders):
        clip = (clip_grad_norm, clip_grad_value)  # a closure rule (L-BFGS, SAM): refused before any work
        world = workers.world if workers is not None else 1
        check_closure_settings(optimizer, workers=world, precision=precision, clip=clip)
        if workers is not None:
            check_loaders(data, val_data)
        # Before anything is written: a new run never starts over another's files (as descend train --out, watch).
        if folders:
            check_new_run(checkpoint_dir, log_dir, resume)
            if not resume:  # what a descend run killed before its first checkpoint left is no run: cleared
                for folder in filter(None, folders):
                    if holds_descend_history(Path(folder)):
                        clear_unsaved_run(Path(folder))
        read = functools.partial(
            prepare,
            data,
            val_data,
            target=target,
            batch_size=None if batch_size == "auto" else batch_size,
            seed=seed,
            standardize=standardize,
            dtype=reading_dtype(model),
        )
        prepared = read_for(read, model, loss)
        check_measurable(prepared, instruments)
        if batch_size != "auto":
            check_accumulate(accumulate, prepared.train)
        if workers is not None:
            workers.check_same_data(prepared.train, prepared.val)
            workers.check_batch_size(prepared.train.batch_size)  # the one asked for, or a loader's
        if is_default_batch(batch_size):  # 32, or the full batch on fewer examples; a loader's own
            batch_size = None if prepared.name == "loader" else prepared.train.batch_size
        main = workers is None or workers.is_main
        amp = Precision(precision, dev)
        loss_name = default_loss(prepared.task, model=model) if loss is None else loss
        loss_fn = get_loss(loss_name)
        rules = stopping_rules(tol, patience, time_budget, validated=prepared.val is not None)
        if log_dir is not None and main:
            rules.append(Logger(log_dir, tensorboard_every=tensorboard_every))

        # Seeded inside a fork of torch's generator (weights, dropout): the caller's state is as before.
        with torch.random.fork_rng(devices=[dev] if dev.type == "cuda" else []):
            torch.manual_seed(seed)
            module = build_for(model, prepared, **model_options).to(dev)
            check_trainable(module)
            optim.refuse_sparse_rule_on_dense_gradients(optimizer, module)
            prepared = in_model_dtype(prepared, module)
            found = None
            saved = last_checkpoint(Path(checkpoint_dir)) if resume else None
            idle = None  # why a resumed run trains nothing more
            if saved is not None and saved["finished"]:
                saved, idle = continued(saved, epochs, Path(checkpoint_dir))
            # Before any reading or file, a loss of more than one number, say, named as such (a resume names first
            # what contradicts its checkpoint), on one batch's examples at most (a loader's first): a step's memory.
            if saved is None:
                first = batch_size if isinstance(batch_size, int) else RANGE_PROBE_EXAMPLES
                check_run_start(module, prepared.train, min(first, RANGE_PROBE_EXAMPLES), loss_name, loss_fn)
            chosen: dict[str, Any] = {}  # batch_size="auto"'s record
            if batch_size == "auto":
                batch_size, lr, chosen = auto_batch_for_run(
                    module, prepared.train, loss_fn, optimizer, lr, hyper, accumulate, saved, workers, epochs
                )
                prepared = in_batches(prepared, batch_size)
                check_accumulate(accumulate, prepared.train)
                if progress and main and sys.stderr.isatty():
                    print(f"batch_size='auto': {choice_in_words(chosen)}", file=sys.stderr)
            steps_per_epoch = math.ceil(len(prepared.train) / accumulate)
            budget = epochs * steps_per_epoch  # the run's optimizer updates
            if lr == "auto" and saved is not None:  # the first run's pick; a named schedule is sized from it
                lr = saved_rate(saved)
            elif lr == "auto":
                source = prepared.train
                if accumulate > 1 and batch_size is not None:  # updates of K batches' examples
                    k = batch_size * accumulate
                    source = source.rebatched(k) or in_model_dtype(read(batch_size=k, task=prepared.task), module).train
                found = rate_for_run(
                    module,
                    source,
                    loss_name,
                    loss_fn,
                    optimizer,
                    hyper,
                    device=dev,
                    seed=seed,
                    budget=budget,
                    clip=clip,
                )
                lr = found.suggestion if workers is None else workers.broadcast(found.suggestion)
            opt = optim.build(optimizer, module.parameters(), lr=lr, **hyper)
            scheduler = schedules.for_run(schedule, opt, budget)
            settings = definition(
                model,
                model_options,
                optimizer,
                opt,
                loss_name,
                precision,
                schedule,
                scheduler,
                clip,
            )
            history = run_record(prepared, module, opt, found, schedule, batch_size, accumulate, chosen)
            examples = example_tracker(track_examples, prepared, loss_name)
            loop = Engine(
                Run(module, opt, history, workers),
                prepared,
                dev,
                loss_name,
                loss_fn,
                scheduler,
                [
                    *rules,
                    *instruments_for_run(instruments, prepared, loss_fn, budget, accumulate, wants_rate_probe),
                    *callbacks,
                ],
                checkpoint_dir=Path(checkpoint_dir) if checkpoint_dir is not None else None,
                checkpoint_every=checkpoint_every,
                seed=seed,
                batch_size=batch_size,
                accumulate=accumulate,
                clip=clip,
                precision=amp,
                finish=functools.partial(examine, show=progress and main),
                examples=examples,
                forward=forward,
            )
            loop.config.update(settings, standardize=bool(history.scaling))
            if chosen:
                loop.config["batch_choice"] = chosen
            try:
                if saved is not None:
                    refuse_a_spent_cycle(saved, scheduler, epochs, steps_per_epoch, Path(checkpoint_dir))
                    loop.resume_from(saved)
                if idle is not None:
                    warnings.warn(idle, stacklevel=2)
                if not loop.finished:
                    loop.fit(epochs, progress and main)
                else:  # a finished run's checkpoint: the doctor reads its record again
                    history.diagnoses = diagnose(history)
            except BaseException as error:
                loop.release(error)
                raise
            loop.release()
        return history
