"""``batch_size="auto"`` for a prepared run: the probe, the reference rate, the warm-up and
the choice (:func:`descend.instruments.batch_size.choose_batch_size`), and the run's data in
the chosen batches."""

from __future__ import annotations

import dataclasses
import math

from .. import optim
from .._checks import InvalidArgument, number
from ..training.data.sources import head_pieces
from .batch_size import PROBE_EXAMPLES, REFERENCE_BATCH, BatchChoice, choose_batch_size, lr_scaling
from .warmup import run_batches, warmup_steps

__all__ = ["auto_batch_for_run", "choice_in_words", "in_batches"]


def auto_batch_for_run(module, source, loss_fn, optimizer, lr, hyper, accumulate, saved, workers, epochs):
    """``batch_size="auto"``: the batch from the noise scale on a probe of up to 512 training
    examples (example weights, if any, play no part; wide inputs read in pieces of at most
    ``PIECE_ELEMENTS`` numbers, :func:`~descend.training.data.sources.head_pieces`) read after a warm-up of 5% of the run's
    steps at batch 32, on a copy of the model and optimizer that is then discarded, and the
    rate scaled to it from the user's ``lr`` or the optimizer's default, both taken as meant
    for batch 32 (``lr="auto"`` warms up at the optimizer's default and is left to the range
    test at the chosen batch). A rule for full-batch gradients (L-BFGS, Rprop:
    :func:`descend.optim.full_batch_rule`) takes the full batch (``None``) at its own rate,
    with no warm-up, its record saying why under ``"reason"``. A resumed run keeps the batch
    and rate its checkpoint holds. Returns the batch size, the rate and the record of the
    choice (:meth:`BatchChoice.as_dict`); see :mod:`descend.instruments.batch_size`.

    >>> import torch
    >>> from descend.training.data import prepare
    >>> from descend.training.losses import get
    >>> iris = prepare("iris", seed=0)
    >>> _ = torch.manual_seed(0)
    >>> batch, lr, record = auto_batch_for_run(
    ...     torch.nn.Linear(4, 3), iris.train, get("cross_entropy"), "sgd", 0.1, {}, 1, None, None, 10
    ... )
    >>> batch, lr, record["warmup_steps"]
    (32, 0.1, 10)
    """
    if saved is not None:
        config = saved["config"]
        return config["batch_size"], (lr if lr == "auto" else config["lr"]), dict(config.get("batch_choice") or {})
    probe = source.rebatched(PROBE_EXAMPLES)
    if probe is None:
        raise InvalidArgument(
            "batch_size='auto' needs data that descend batches itself (tensors, arrays, a Dataset, a CSV file or a "
            "built-in name), not a DataLoader"
        )
    if optim.full_batch_rule(optimizer):  # a mini-batch's changing gradient breaks its line search, its signs
        reason = f"full batch: {optim.rule_class(optimizer).__name__} is a rule for full-batch gradients"
        return None, lr, {"batch_size": None, "reason": reason}
    if not isinstance(optimizer, str):
        raise InvalidArgument("batch_size='auto' scales the rate, so it needs the optimizer by name, not an instance")
    probe.shuffle = True  # a random probe, drawn from the run's seed
    default = optim.default_rate(optimizer, **hyper)
    reference = default if lr is None else None if lr == "auto" else number("lr", lr, gt=0)
    reference_batch = min(REFERENCE_BATCH, source.n)
    run_steps = epochs * math.ceil(source.n / reference_batch)  # the run's steps at the reference batch
    choice = choose_batch_size(
        module,
        loss_fn,
        head_pieces(probe, PROBE_EXAMPLES),  # its first batch, a wide one read a piece at a time
        n_train=source.n,
        scaling=lr_scaling(optimizer),
        lr=reference,
        accumulate=accumulate,
        warmup=run_batches(source, reference_batch, warmup_steps(run_steps)),
        run_steps=run_steps,
        optimizer=optimizer,
        warmup_lr=default if reference is None else reference,
        hyper=hyper,
    )
    if workers is not None:
        choice = workers.broadcast(choice)
    return choice.batch_size, (lr if lr == "auto" else choice.lr), choice.as_dict()


def choice_in_words(record: dict) -> str:
    """The record of :func:`auto_batch_for_run` in words, as ``train`` shows it on a terminal:
    the reason for a full batch, a batch kept from a checkpoint, or the choice
    (:class:`~descend.instruments.batch_size.BatchChoice`).

    >>> choice_in_words({"batch_size": None, "reason": "full batch: LBFGS is a rule for full-batch gradients"})
    'full batch: LBFGS is a rule for full-batch gradients'
    >>> choice_in_words({"batch_size": 64})
    'batch_size=64 kept from the checkpoint'
    """
    if "reason" in record:
        return record["reason"]
    if "b_simple" not in record:
        return f"batch_size={record.get('batch_size')} kept from the checkpoint"
    return str(BatchChoice(**record))


def in_batches(prepared, batch_size: int | None):
    """``prepared`` (full-batch) with its training data in shuffled batches of ``batch_size``,
    as ``prepare(..., batch_size=batch_size)`` would have made them.

    >>> from descend.training.data import prepare
    >>> iris = prepare("iris", seed=0)  # full batch
    >>> iris.train.batch_size, in_batches(iris, 32).train.batch_size
    (None, 32)
    """
    if batch_size is None:
        return prepared
    train = prepared.train.rebatched(batch_size)
    train.shuffle = True
    return dataclasses.replace(prepared, train=train)
