"""``descend.watch``: the doctor, the instruments, the plots and the report in a training loop
descend does not own — a plain PyTorch loop, or a framework's through its adapter
(:mod:`descend.integrations`).

>>> import torch, descend as ds
>>> model = torch.nn.Linear(3, 1)
>>> opt = torch.optim.SGD(model.parameters(), lr=0.1)
>>> x, y = torch.randn(64, 3), torch.randn(64, 1)
>>> monitor = ds.watch(model, opt, print_findings=False)
>>> for _ in range(20):
...     opt.zero_grad(); loss = torch.nn.functional.mse_loss(model(x), y); loss.backward(); opt.step()
...     monitor.log(loss)
>>> findings = monitor.close()
>>> len(monitor.history.steps["loss"]), monitor.history.steps["lr"][0]
(20, [0.1])
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from torch import Tensor

from .._checks import InvalidArgument, flag, number
from .._plural import counted
from .._wrappers import inner_module
from ..instruments.batch_size import rule_record
from ..instruments.held_params import refuse_outside_model
from ..instruments.sampler import Instruments
from ..instruments.sampling import check_sampling
from ..optim import takes_plain_steps
from ..training.data.checks import check_finite
from ..training.history import History
from ..training.input_check import check_first_batch
from ..training.tensorboard_steps import check_tensorboard_every
from .data_parallel import worker_norms
from .gradients import MODES, GradientReader
from .monitor import RATIO_EVERY, Monitor
from .outputs import RunFolder, refuse_used_folder
from .sampling import reading_steps

__all__ = ["watch", "check_options", "WatchOptions", "Monitor", "RATIO_EVERY"]


def watch(
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    *,
    log_dir: str | os.PathLike | None = None,
    tensorboard_every: int | str = "auto",
    loss_fn: Callable[[Tensor, Tensor], Tensor] | None = None,
    instruments: bool | int = True,
    probe: tuple[Tensor, Tensor] | None = None,
    total_steps: int | None = None,
    grad_clip: float | None = None,
    gradients: str = "step",
    rank: int | None = None,
    print_findings: bool = True,
    batch_size: int | None = None,
    scaler: torch.amp.GradScaler | None = None,
) -> Monitor:
    """Watch the training of ``model`` by ``optimizer`` in any loop; returns a :class:`Monitor`.

    Nothing in the loop changes: ``watch`` reads through the optimizer's step hooks, and the
    loop's weights are bit for bit those without it. Call ``monitor.log(loss)`` after each
    ``optimizer.step()`` (or step with a closure: its loss is taken), ``monitor.epoch_end()``
    at each epoch's end (with ``val_loss=...`` the doctor can find overfitting; a loop that
    evaluates every N updates calls ``monitor.evaluated(val_loss=...)`` at each evaluation
    instead, a row with its step) and ``monitor.close()`` at the end, or use ``with ds.watch(...) as monitor:``. ``close()``
    runs the doctor (the same :class:`~descend.Diagnosis` findings as ``descend.train``),
    prints them and writes the run folder.

    What it costs and when it sees what: every step, the loss and the rates (free: the loop has
    them); the gradient norms of the tensors the optimizer steps (one fused
    ``torch._foreach_norm`` per update read) at every update of the first 20, then every ``k``-th,
    ``k`` adapted as the loop runs so that the readings
    (and their reduction, the last of an epoch with none read, and the update ratios every ``RATIO_EVERY`` updates)
    take at most 0.5% of the loop's measured time (the instruments' readings, budgeted by their own
    sampling, count as neither), and, without ``total_steps``, at least once every ``step // 10``
    updates (with it, at least 5 times in its last tenth: :class:`descend.watch.sampling.NormSampling`);
    NaN in ``history.steps["grad_norm"]`` at the updates not read, which the doctor, the plots and the TensorBoard events skip. The steps' rows are kept in the
    monitor and written into ``monitor.history`` at each ``epoch_end()`` and at ``close()``. A non-finite loss is caught at its
    step (its finiteness is checked at every ``log``), naming the first layer whose gradient
    went non-finite: the gradients the step left are read then if the step was not one read. A
    non-finite gradient under a finite loss is caught at the next update read whose gradient is
    non-finite, when the norms are next reduced (every 32 readings, at each ``epoch_end()``).
    At ``close()``, and at an ``epoch_end()`` whose epoch had no update read, the last update is
    read from the gradients the loop left. In all, at the default sampling: the instruments'
    readings and the gradient norms' reads within 3% of the loop's measured time, the last
    planned reading's cost reserved from the start (``instruments``), and the untimed rest (the
    other updates' hooks, ``log``, the epochs' ends, the doctor at ``close()``) about 2% more on
    a small model on a CPU (``bench/watch.py``); but the last planned reading is taken whatever
    it costs, so a loop that lasts less than about 33 readings (3% of it less than one: the
    bench's 900-update CPU loops last 25-50) pays more.

    Args:
        model, optimizer: the module trained and any ``torch.optim.Optimizer`` (torch's,
            descend's or another's) over its parameters.
        log_dir: a new or empty folder for the run folder ``descend train`` writes
            (steps/epochs CSV, ``metrics.jsonl``, ``history.json``, TensorBoard events when
            tensorboard is installed, ``diagnosis.json``, ``summary.json``, ``plots/``,
            ``report.html``); a folder that holds files is refused. ``None``: no files.
        tensorboard_every: ``N``: the TensorBoard events hold every ``N``-th logged step's
            scalars; ``"auto"``: each of the first 1000, then as often as 1% of the loop's time
            allows (every step where a step takes 5 ms or more), the first and the last always
            (:mod:`descend.training.tensorboard_steps`). ``steps.csv`` holds every step.
        loss_fn, probe: ``loss_fn(output, target)`` (the mean of per-example losses) and a
            fixed batch ``(x, y)`` of at least 2 examples, on which the instruments measure
            (:class:`descend.Instruments`; for a model of ``nn.Linear`` and ``nn.Conv2d``
            layers, the noise scale's per-example gradients are read off one backward pass:
            :func:`descend.instruments.example_norms.example_noise_scale`); without both, no
            readings are taken and the summary says so; one without the other is an error
            (unless ``instruments=False``).
        instruments: ``True`` (the default sampling: that of a ``descend.train`` run of
            ``total_steps`` updates, else readings at steps 50, 100, 200, ...; of these the
            last planned is always taken, each earlier one where the loss rose since the last
            one or while the readings, the last planned's reserved at their mean cost, and the
            gradient norms' reads take at most 3% of the loop's measured time (a probe's
            gradient is taken before a reading only where that may still hold), and a loop
            that ends before any was taken is read at ``close()``:
            :class:`descend.watch.sampling.ReadingBudget`, whose counts are ``monitor.budget``),
            ``N``: every ``N``-th step, ``False``: none.
        total_steps: the updates the loop plans, for the instruments' sampling and the
            gradient norms' (read at least 5 times in its last tenth).
        grad_clip: the norm the loop (or its framework) clips gradients at; norms read after
            clipping are then not taken as evidence of exploding or vanishing gradients.
        gradients: ``"step"``: read in the optimizer's step pre-hook (what the step uses;
            for ``step(closure)``, after the closure ran); ``"accumulated"``: raw, before any
            clipping, after each backward pass (``Tensor.register_post_accumulate_grad_hook``;
            the last backward before the step wins).
        scaler: the ``torch.amp.GradScaler`` the loop steps through (``scaler.step(optimizer)``):
            with ``gradients="accumulated"`` the norms read are the scaled gradients', divided
            by its scale at the step (the one their backward passes used). Without it they read
            ``scaler.get_scale()`` times too large (65536 at its default start). ``"step"``
            reads what ``scaler.step`` has unscaled and needs no scaler.
        rank: this process's rank under data-parallel training (by default
            ``torch.distributed``'s when initialised, else 0); only rank 0 measures, prints
            and writes.
        print_findings: print the findings at ``close()`` (rank 0).
        batch_size: examples per update (over all workers under DDP), for the instruments' rows,
            the doctor's batch advice and, for a ``DistributedDataParallel`` model, the gradient
            noise scale from each worker's gradient norm before the all-reduce and the averaged
            one after it (a DDP communication hook; summed over the workers at each
            ``epoch_end()`` and at ``close()``, which every worker must call). There each
            update's examples are counted from the batches the loop feeds the DDP model with
            gradients (an epoch's smaller last batch is read as what it is); ``batch_size``
            stands in where no batch size is seen.

    >>> model = torch.nn.Linear(2, 1)
    >>> watch(model, torch.optim.SGD(model.parameters(), lr=0.1), gradients="raw")
    Traceback (most recent call last):
    descend._checks.InvalidArgument: gradients must be one of 'step', 'accumulated' ('step': read in the optimizer's step pre-hook, what the step uses; 'accumulated': raw, after each backward pass), got 'raw'
    """
    if not isinstance(model, torch.nn.Module):
        raise InvalidArgument(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if not isinstance(optimizer, torch.optim.Optimizer):
        several = ""
        if isinstance(optimizer, (list, tuple)) and any(isinstance(o, torch.optim.Optimizer) for o in optimizer):
            several = (
                f" of {len(optimizer)} optimizers: descend.watch follows one optimizer's steps (each is an update "
                "of its record); watch the one that steps the model, or its main part (watch(model, optimizers[0])): "
                "the gradient norms are read over the parameters it steps"
            )
        raise InvalidArgument(
            "optimizer must be a torch.optim.Optimizer (torch's, descend's or any subclass), got "
            f"{type(optimizer).__name__}{several}"
        )
    if gradients not in MODES:
        GradientReader([], gradients, clipped=False)  # its message
    check_options(
        log_dir=log_dir,
        loss_fn=loss_fn,
        probe=probe,
        instruments=instruments,
        print_findings=print_findings,
        tensorboard_every=tensorboard_every,
    )
    number("total_steps", total_steps, integer=True, ge=1, none=True)
    grad_clip = number("grad_clip", grad_clip, gt=0, none=True)
    number("batch_size", batch_size, integer=True, ge=1, none=True)
    if scaler is not None and not isinstance(scaler, torch.amp.GradScaler):
        raise InvalidArgument(
            f"scaler must be the loop's torch.amp.GradScaler or None, got {type(scaler).__name__}: {scaler!r}"
        )
    rank = _rank(rank)
    main = rank == 0
    plain = inner_module(model)  # the instruments run it eagerly; its layers keep their names
    params = [p for p in plain.parameters() if p.requires_grad]
    if not params:
        raise InvalidArgument("model has no trainable parameters: there is nothing to watch")
    held = {id(p) for group in optimizer.param_groups for p in group["params"]}
    if not any(id(p) in held for p in params):
        raise InvalidArgument(
            f"optimizer updates none of model's {counted(len(params), 'trainable parameter tensor')}: watch the "
            "model whose parameters the optimizer was built on (optimizer(model.parameters(), ...))"
        )
    reading, note = None, _instruments_note(instruments, loss_fn, probe)
    if note is None:  # on every rank: one that raised alone would leave the others waiting
        _check_held_by_model(optimizer, params)
    if note is None and main:
        reading = Instruments(plain, loss_fn, probe, optimizer=optimizer, every=1, batch_size=batch_size)
        _check_probe_finite(reading.probe)
        _check_probe_loss(plain, loss_fn, reading.probe)
        note = f"taken on a probe of {len(probe[0])} examples"
    elif not main:
        note = f"taken by rank 0 (this is rank {rank})"
    history = History(task=None, model=plain, plain_steps=takes_plain_steps(optimizer))
    history.batch_choice = {"batch_size": batch_size, **rule_record(optimizer), "accumulate": 1}
    settings = {
        "optimizer": type(optimizer).__name__,
        "gradients": gradients,
        "grad_clip": grad_clip,
        "instruments": note,
    }
    folder = RunFolder(log_dir, settings, tensorboard_every) if log_dir is not None and main else None
    # Last, once nothing else can fail: DDP takes one communication hook, for good.
    workers, no_noise = worker_norms(model, batch_size)
    if no_noise:
        settings["workers"] = no_noise
    if workers is not None and reading is not None:
        reading.noise_scale = False  # it comes from the workers' norms, not per-example gradients
    monitor = Monitor(
        plain,
        optimizer,
        history,
        GradientReader(params, gradients, clipped=grad_clip is not None, optimizer=optimizer, scaler=scaler),
        instruments=reading,
        readings=reading_steps(instruments, total_steps),
        folder=folder,
        main=main,
        print_findings=print_findings,
        workers=workers,
        total_steps=total_steps,
        budgeted=instruments is True,
        instruments_note=note,
    )
    return monitor


def check_options(
    *,
    log_dir: Any = None,
    loss_fn: Any = None,
    probe: Any = None,
    instruments: Any = True,
    print_findings: Any = True,
    tensorboard_every: Any = "auto",
) -> None:
    """The checks of :func:`watch`'s arguments that need neither the model nor the optimizer, so
    that a framework's adapter makes them when it is built, before the framework's own set-up:
    ``log_dir`` a path, ``tensorboard_every`` ``"auto"`` or a count, ``instruments`` a sampling, ``print_findings`` a flag, ``loss_fn`` and
    ``probe`` given together (the instruments measure ``loss_fn(model(x), y)`` on the probe; one
    alone would be silently unused) unless ``instruments=False``.

    >>> import torch
    >>> check_options(probe=(torch.zeros(4, 2), torch.zeros(4)))
    Traceback (most recent call last):
    descend._checks.InvalidArgument: probe=(x, y) was given without loss_fn: the instruments measure loss_fn(model(x), y) on the probe; give loss_fn too, or leave out probe
    """
    if log_dir is not None and not isinstance(log_dir, (str, os.PathLike)):
        raise InvalidArgument(f"log_dir must be a folder path (str or os.PathLike) or None, got {log_dir!r}")
    check_tensorboard_every(tensorboard_every)
    check_sampling(instruments, "instruments")
    flag("print_findings", print_findings)
    if loss_fn is not None and not callable(loss_fn):
        raise InvalidArgument(f"loss_fn must be a callable (output, target) -> loss, got {loss_fn!r}")
    if instruments is not False and (probe is None) != (loss_fn is None):
        given, missing = ("probe=(x, y)", "loss_fn") if loss_fn is None else ("loss_fn", "probe=(x, y)")
        raise InvalidArgument(
            f"{given} was given without {missing}: the instruments measure loss_fn(model(x), y) on the probe; "
            f"give {missing.split('=')[0]} too, or leave out {given.split('=')[0]}"
        )


@dataclasses.dataclass(frozen=True)
class WatchOptions:
    """The options of :func:`watch` that a framework's adapter takes, checked by
    :func:`check_options` when made (the adapter is built, before the framework's set-up), and
    given to :func:`watch` by :meth:`given`: one place to add an option, not one per adapter.

    >>> options = WatchOptions("runs/a", print_findings=False)
    >>> options.given()["print_findings"], dataclasses.replace(options, log_dir="runs/b").log_dir
    (False, 'runs/b')
    >>> WatchOptions(tensorboard_every=0)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: tensorboard_every must be 'auto' or an integer >= 1 (TensorBoard gets every N-th step's scalars; steps.csv every step), got 0
    """

    log_dir: str | os.PathLike | None = None
    loss_fn: Callable[[Tensor, Tensor], Tensor] | None = None
    probe: tuple[Tensor, Tensor] | None = None
    instruments: bool | int = True
    print_findings: bool = True
    tensorboard_every: int | str = "auto"

    def __post_init__(self) -> None:
        check_options(**self.given())

    def given(self) -> dict[str, Any]:
        """The options by name, as :func:`watch` takes them (not copied: the probe's tensors are the caller's)."""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}

    def refuse_used_log_dir(self) -> None:
        """Refuse a ``log_dir`` that already holds files, as :func:`watch` does when training
        starts (and will again: the folder may fill meanwhile), so that an adapter refuses it
        when built, not from inside the framework's fit. Not in ``__post_init__``: an adapter's
        ``dataclasses.replace`` at the start of training would check on every rank while rank 0
        writes the folder.

        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     _ = (Path(tmp) / "notes.txt").write_text("mine")
        ...     WatchOptions(tmp).refuse_used_log_dir()
        Traceback (most recent call last):
        descend._checks.InvalidArgument: log_dir ... already holds files (notes.txt); descend.watch never writes over a run folder: give a new or empty folder
        """
        if self.log_dir is not None:
            refuse_used_folder(Path(self.log_dir))


def _check_probe_loss(model: torch.nn.Module, loss_fn: Callable, probe: tuple[Tensor, Tensor]) -> None:
    """``loss_fn(model(x), y)`` on the probe is one number to descend on (a tensor of one
    element), checked at ``watch()`` with :func:`~descend.training.input_check.one_number`'s
    message: a per-example loss (``reduction="none"``) made every reading fail, and ``close()``
    raise torch's "grad can be implicitly created only for scalar outputs" after the whole loop.
    In eval mode, without gradients, torch's generators forked: the loop sees nothing of it.

    >>> model = torch.nn.Linear(3, 1)
    >>> _check_probe_loss(model, torch.nn.MSELoss(reduction="none"), (torch.zeros(4, 3), torch.zeros(4, 1)))
    Traceback (most recent call last):
    ValueError: the loss must return one number (a tensor of one element) to descend on, got a tensor of shape (4, 1); reduce it, e.g. with .mean()
    """
    device = probe[0].device
    with torch.random.fork_rng(devices=[device] if device.type == "cuda" else []):
        check_first_batch(model, probe, loss_fn, loss_fn)


def _check_probe_finite(probe: tuple[Tensor, Tensor]) -> None:
    """The probe holds no NaN or infinity, refused as ``train`` refuses such data
    (:func:`~descend.training.data.checks.check_finite`): every reading on it was NaN and none
    was kept, while the summary said they were taken. Here, not in ``Instruments``: ``train``'s
    probe is a sample of its own training data, checked (or not, a loader's) as that.

    >>> _check_probe_finite((torch.tensor([[1.0], [float("nan")]]), torch.zeros(2)))
    Traceback (most recent call last):
    ValueError: probe x contains NaN in 1 row (first: row 1); remove or fill those values
    """
    for values, name in zip(probe, "xy", strict=True):
        check_finite(values, f"probe {name}")


def _check_held_by_model(optimizer: torch.optim.Optimizer, params: list[Tensor]) -> None:
    """With a probe, every tensor the optimizer steps is one of the model's
    (:func:`~descend.instruments.held_params.refuse_outside_model`), or the user watches
    without the instruments."""
    refuse_outside_model(
        (p for group in optimizer.param_groups for p in group["params"]),
        params,
        ", or watch without probe and loss_fn (the doctor then reads the loss curve and the gradient norms alone)",
    )


def _instruments_note(instruments: Any, loss_fn: Any, probe: Any) -> str | None:
    """Why no readings are taken (``None``: they are)."""
    if instruments is False:
        return "off (instruments=False)"
    if probe is None or loss_fn is None:
        missing = " and ".join(name for name, v in (("probe=(x, y)", probe), ("loss_fn", loss_fn)) if v is None)
        return f"not taken: descend.watch was given no {missing} to measure on"
    return None


def _rank(rank: int | None) -> int:
    if rank is not None:
        return number("rank", rank, integer=True, ge=0)
    dist = torch.distributed
    return dist.get_rank() if dist.is_available() and dist.is_initialized() else 0
