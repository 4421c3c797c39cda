"""Data-parallel training on PyTorch's distributed engine (``strategy="ddp"``).

One process per worker, started by ``torchrun`` (``descend train --nproc N`` calls it). Each
worker holds a replica of the model wrapped in ``DistributedDataParallel``, takes its share
of every batch (rows ``[m r / w, m (r+1) / w)`` of a batch of ``m`` for worker ``r`` of
``w``, so that the global batch is the one asked for), and DDP averages the gradients over
the workers during ``backward``. Each worker's loss is weighted by ``w m_r / m`` first, so
that the averaged gradient is the gradient of the mean loss over the whole batch even when
the shares differ by one example; the update then equals a single process's on the whole
batch. ``gloo`` on CPUs, ``nccl`` on GPUs. Only worker 0 writes logs, checkpoints and the
progress bar.

No worker may stop alone, or the others would wait for it forever; and a collective per
update costs as much as a small model's step on CPUs. So the decisions that must agree rest
on what is already the same everywhere: a non-finite averaged gradient (rather than a
worker's own loss) stops all workers at the same update; the epoch's losses, the validation
loss and the stopping rules on them are equal on every worker. The per-update losses are
summed over the workers in one collective per epoch (and before a checkpoint); a worker's
own wish to stop (a time budget, a callback) is shared every 32 updates and at each epoch's
end. ``run.loss`` in a callback is this worker's share of the update's loss.

The gradient noise scale comes for free: a communication hook
(:mod:`descend.training.gradient_squares`) takes the squared norm of each worker's own
gradient before DDP's all-reduce and of the averaged one after it, with no extra backward
pass; the engine sums the workers' norms in the collective that already sums the losses, and
records them per update in ``History.steps``, from which
:func:`descend.instruments.noise_scale_from_steps` estimates B_simple (McCandlish et al. 2018).

Running ``train(..., strategy="ddp")`` outside ``torchrun`` is an error that says how to
start it.
"""

from __future__ import annotations

import datetime
import math
import os
import warnings
from typing import Any

import torch
import torch.distributed as dist
from torch.utils.data import DataLoader, DistributedSampler

from .._checks import InvalidArgument
from .._device import resolve_device
from .._names import did_you_mean
from .._plural import counted
from .gradient_squares import GradientSquares

__all__ = ["Workers", "STRATEGIES", "setup", "check_workers", "check_loaders"]

STRATEGIES = ("ddp",)
# How long a collective waits for a missing worker before it fails (torchrun usually
# stops the others first, when a worker dies).
_TIMEOUT = datetime.timedelta(minutes=10)


class Workers:
    """This process's place among the workers, and the few collectives the loop needs."""

    def __init__(self, rank: int, world: int, local_rank: int, device: torch.device, owns_group: bool) -> None:
        self.rank, self.world, self.local_rank = rank, world, local_rank
        self.device, self.owns_group = device, owns_group
        # nccl reduces CUDA tensors only; gloo reduces CPU ones.
        self.reduce_device = device if dist.get_backend() == "nccl" else torch.device("cpu")

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def part(self) -> tuple[int, int]:
        return self.rank, self.world

    def sum(self, values: list[float]) -> list[float]:
        """Element-wise sums over the workers (one collective, float64)."""
        return self.sum_(torch.tensor(values, dtype=torch.float64)).tolist()

    def sum_(self, t: torch.Tensor) -> torch.Tensor:
        """``t`` summed over the workers, in place where it lives."""
        moved = t.to(self.reduce_device)
        dist.all_reduce(moved)
        if moved is not t:
            t.copy_(moved)
        return t

    def gather(self, t: torch.Tensor) -> list[torch.Tensor]:
        """Every worker's ``t`` (the same shape on all), in rank order, on every worker."""
        moved = t.to(self.reduce_device)
        parts = [torch.empty_like(moved) for _ in range(self.world)]
        dist.all_gather(parts, moved)
        return parts

    def broadcast(self, obj: Any) -> Any:
        """Worker 0's ``obj`` on every worker."""
        box = [obj]
        dist.broadcast_object_list(box, src=0)
        return box[0]

    def check_batch_size(self, batch_size: int | None) -> None:
        """Refuse a global ``batch_size`` smaller than the workers: each batch is split among
        them, so some would have no example of any batch (and the first batch's checks none
        to read)."""
        if batch_size is not None and batch_size < self.world:
            raise InvalidArgument(
                f"batch_size={batch_size} under strategy='ddp' with {self.world} workers: batch_size (or a "
                "DataLoader's) is the global batch, which the workers split, so "
                f"{counted(self.world - batch_size, 'worker')} would have no example of any batch: give batches of "
                f"{self.world} or more, or fewer workers"
            )

    def check_same_data(self, train: Any, val: Any) -> None:
        """Refuse, on every worker at once, training or validation data that differ between the
        workers (a script that draws them unseeded, or reads another file on each): each worker
        takes its share of every batch of its own copy, so copies of other sizes break the
        collectives (gloo aborts the workers), and copies of other values train on a mix of
        them. One collective of a few numbers per part: its examples and sums of its
        in-memory tensors (the features weighted by their row, so that another order counts)."""
        mine = torch.stack([_fingerprint(train), _fingerprint(val)])
        everyone = [t.cpu() for t in self.gather(mine)]
        for rank, theirs in enumerate(everyone):
            for part, mark, first in zip(("training", "validation"), theirs, everyone[0]):
                if torch.allclose(mark, first, rtol=1e-6, atol=0.0, equal_nan=True):
                    continue
                n, n0 = (int(m[0]) if m[0] >= 0 else "no" for m in (mark, first))
                how = (
                    f"{n} examples; worker 0's: {n0}"
                    if n != n0
                    else f"the same {n} examples in number, other values or order"
                )
                raise InvalidArgument(
                    f"strategy='ddp': worker {rank}'s {part} data differ from worker 0's ({how}): every worker must "
                    "read the same data, of which it trains on its share of every batch; make them alike on every "
                    "worker (seed the generator that draws them, or read them from one file)"
                )

    def wrap(self, model: torch.nn.Module, squares: GradientSquares | None = None) -> torch.nn.Module:
        """The model under DDP (which also copies worker 0's weights to the others); with
        ``squares``, its gradient buckets go through that hook's all-reduce."""
        from torch.nn.parallel import DistributedDataParallel

        if self.is_main:
            _warn_of_batch_norm(model)
        ids = [self.device.index] if self.device.type == "cuda" else None
        ddp = DistributedDataParallel(model, device_ids=ids)
        if squares is not None:
            ddp.register_comm_hook(squares, GradientSquares.hook)
        return ddp

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, exc_type, exc: BaseException | None, _tb: Any) -> None:
        """After a run that ended well, wait for every worker (so that worker 0's files are
        whole when any returns); then leave the process group if this run made it. After an
        error, waiting could be forever: the others may be gone. A collective that failed
        because a peer vanished says so, instead of the transport's own words."""
        if exc_type is None:
            dist.barrier()
        if self.owns_group:
            dist.destroy_process_group()
        if isinstance(exc, RuntimeError) and _lost_peer(exc):
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise RuntimeError(
                f"worker {self.rank} of {self.world} lost contact with the others, so the run "
                f"stopped: another worker probably died (see its log). Resume it from its last "
                f"checkpoint with resume=True (descend train --resume). Cause: {first_line}"
            ) from exc


def check_workers(nproc: int, device: str | torch.device, examples: int | None = None) -> None:
    """Refuse ``nproc`` data-parallel workers that this machine or the data cannot take, before
    any is started: on CUDA (``device``: as ``train`` takes it) one GPU per worker (``nccl``), so no more workers than GPUs; on the
    CPU (``gloo``) no more than the cores this process may use, since every worker waits for the
    slowest at each update's all-reduce (a machine with more workers than cores runs them in
    turn, slower than one process); and no more workers than ``examples``, the training
    examples, each worker's share of every batch being rows of it.

    >>> check_workers(1, torch.device("cpu"), examples=10)
    >>> try:
    ...     check_workers(usable_cores() + 1, torch.device("cpu"))
    ... except ValueError as err:
    ...     print(str(err).split(":")[0])
    nproc=...
    """
    if resolve_device(device).type == "cuda":
        gpus = torch.cuda.device_count()
        if nproc > gpus:
            raise InvalidArgument(
                f"nproc={nproc}: each worker on CUDA takes a GPU of its own (nccl) and this machine has "
                f"{counted(gpus, 'GPU')}: give nproc 1 to {max(gpus, 1)}, or device cpu"
            )
    elif nproc > (cores := usable_cores()):
        raise InvalidArgument(
            f"nproc={nproc}: {nproc} CPU worker processes (gloo) on {counted(cores, 'core')}: each waits for the "
            f"slowest at every update, so more workers than cores run slower than fewer: give nproc 1 to {cores} "
            "(torchrun itself starts as many as asked)"
        )
    if examples is not None and nproc > examples:
        raise InvalidArgument(
            f"nproc={nproc}: more workers than the {examples} training examples (each worker trains on its share "
            f"of every batch): give nproc 1 to {examples}"
        )


def check_loaders(data: Any, val_data: Any) -> None:
    """Refuse, under ``strategy="ddp"``, a user's ``DataLoader`` that samples with a
    ``DistributedSampler``: every worker reads the whole loader and takes its own share of each
    batch (so that ``batch_size`` is the global batch), and a loader that gave each worker only
    its part of the data would have each train on its share of its part (half the examples on
    two workers), and validate on a part of its own (each worker then reads another validation
    loss, early stopping follows worker 0's part, and the workers end with different models).

    >>> from torch.utils.data import DataLoader, TensorDataset
    >>> check_loaders(DataLoader(TensorDataset(torch.zeros(4, 2), torch.zeros(4))), None)
    """
    for what, loader in (("data", data), ("val_data", val_data)):
        if not isinstance(loader, DataLoader):
            continue
        samplers = (loader.sampler, getattr(loader.batch_sampler, "sampler", None))
        if any(isinstance(s, DistributedSampler) for s in samplers):
            raise InvalidArgument(
                f"{what}: a DataLoader with a DistributedSampler under strategy='ddp': descend gives each worker "
                "its share of every batch of the whole loader itself (batch_size is the global batch), so the "
                "sampler would leave each worker a share of its part only; give every worker the same loader, "
                "with its usual sampler (shuffle=True or False)"
            )


def usable_cores() -> int:
    """The CPU cores this process may run on (its affinity where the system says, else all).

    >>> usable_cores() >= 1
    True
    """
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def setup(strategy: str | None, device: torch.device) -> Workers | None:
    """Join the process group ``torchrun`` describes in the environment (``RANK``,
    ``WORLD_SIZE``, ``LOCAL_RANK``, ``MASTER_ADDR``, ``MASTER_PORT``), unless the caller
    already did; ``None`` for a single-process run.

    >>> setup(None, torch.device("cpu")) is None
    True
    """
    if strategy is None:
        return None
    if strategy not in STRATEGIES:
        raise ValueError(
            f"unknown strategy {strategy!r}.{did_you_mean(str(strategy), STRATEGIES)} "
            f"Known: None (one process), 'ddp' (data-parallel under torchrun)."
        )
    owns = not dist.is_initialized()
    if owns:
        missing = [k for k in ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT") if k not in os.environ]
        if missing:
            raise ValueError(
                f"strategy='ddp' runs one process per worker, started by torchrun; "
                f"{', '.join(missing)} not set. Start it with `torchrun --nproc-per-node N "
                f"script.py` or `descend train --nproc N ...`"
            )
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    dev = device
    if dev.type == "cuda" and dev.index is None:  # one GPU per worker on each machine
        dev = torch.device("cuda", local_rank)
        torch.cuda.set_device(dev)
    if owns:
        backend = "nccl" if dev.type == "cuda" else "gloo"
        dist.init_process_group(
            backend, timeout=_TIMEOUT, device_id=dev if dev.type == "cuda" else None, **_fresh_store()
        )
    return Workers(dist.get_rank(), dist.get_world_size(), local_rank, dev, owns)


def _warn_of_batch_norm(model: torch.nn.Module) -> None:
    """Warn that ``model``'s BatchNorm layers break the equality with one process: each worker
    normalises its share of a batch by the share's own mean and variance (DDP keeps worker 0's
    running statistics), not the batch's. torch's ``SyncBatchNorm`` normalises by the whole
    batch's, but only on GPUs; a model that has it already is not warned about.

    >>> _warn_of_batch_norm(torch.nn.Linear(2, 1))  # no BatchNorm: no warning
    """
    layers = [
        f"{name}: {type(m).__name__}" if name else type(m).__name__
        for name, m in model.named_modules()
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm) and not isinstance(m, torch.nn.SyncBatchNorm)
    ]
    if layers:
        warnings.warn(
            f"strategy='ddp' and a model with BatchNorm ({', '.join(layers[:3])}{', ...' if len(layers) > 3 else ''}): each "
            "worker normalises its share of a batch by the share's own mean and variance, not the whole batch's, so "
            "the updates differ from one process's on the same batch (and the running statistics are worker 0's). "
            "On GPUs, torch.nn.SyncBatchNorm.convert_sync_batchnorm(model) normalises by the whole batch",
            UserWarning,
            stacklevel=5,  # the call of train(): through wrap() and the engine's __init__
        )


def _fingerprint(source: Any) -> torch.Tensor:
    """``[examples, sum of X, sum of X by row number, sum of y]`` (float64) of a source of
    batches; NaN for what it does not hold in memory, and -1 examples for no source."""
    out = torch.full((4,), math.nan, dtype=torch.float64)
    if source is None:
        out[0] = -1
        return out
    out[0] = source.n
    X, y = getattr(source, "X", None), getattr(source, "y", None)
    if isinstance(X, torch.Tensor) and isinstance(y, torch.Tensor):
        rows = X.detach().double().reshape(len(X), -1).sum(1)
        out[1] = rows.sum().cpu()
        out[2] = (rows * torch.arange(1, len(X) + 1, dtype=torch.float64, device=rows.device)).sum().cpu()
        out[3] = y.detach().double().sum().cpu()
    return out


_groups_made = 0  # by this process: every worker runs the same script, so the counts agree


def _fresh_store() -> dict[str, Any]:
    """The rendezvous store of the environment (torchrun's agent's, which outlives a process
    group), under a prefix of this group's own: a second group made in one process would
    otherwise read the first's stale addresses under torch's own prefix (it numbers the
    groups from 0 again once the first is gone) and wait on them forever, as a script that
    calls ``train(..., strategy="ddp")`` twice would, at its second call."""
    global _groups_made
    store, rank, world = next(dist.rendezvous("env://", timeout=_TIMEOUT))
    store.set_timeout(_TIMEOUT)
    _groups_made += 1
    return {"store": dist.PrefixStore(f"descend/{_groups_made}", store), "rank": rank, "world_size": world}


def _lost_peer(err: RuntimeError) -> bool:
    if isinstance(err, dist.DistError):
        return True
    text = str(err).lower()
    return any(word in text for word in ("gloo", "nccl", "connection reset", "connection closed"))
