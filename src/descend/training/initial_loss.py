"""Where a run started, measured on its data: the mean loss over the training data at the
initial weights (session 27; ``History.initial_data_loss``).

A run's first recorded loss ``steps["loss"][0]`` is the loss of its first update's examples
at the initial weights. With one update per epoch (a full batch) that is the data's loss; with
mini-batches it is one batch's, and a batch's mean scatters around the data's by the
per-example spread over √B: a median 8% off on the bench's doctor corpus, 90% below it on a
regression with Pareto targets (0.100 against 1.019). The doctor reads a run's progress
against where it started, so a mini-batch run measures it once more, before its first update:
one pass without gradients, the model in evaluation mode (no dropout drawn, no BatchNorm
statistic updated), over the first ``INITIAL_EXAMPLES`` examples of epoch 0's order (all of
them in smaller sets), in pieces of at most ``PIECE_ELEMENTS`` input numbers (a sparse ``X`` is made
dense a piece at a time: 4096 rows of 1M text columns at once would be 32 GB). Every random
generator is restored after it, so the run trains as it would without it, bit for bit.

The cap bounds the cost where the data is large or the run short: a forward pass over at most
``INITIAL_EXAMPLES`` examples, against the run's forward and backward passes over at least one
epoch. Past it the value is an estimate, the mean of a random sample of the data (epoch 0's
order is a seeded shuffle for mini-batches), off the data's loss by the per-example spread
over √4096: 1.6% for losses whose spread equals their mean.
"""

from __future__ import annotations

import math
from itertools import islice
from typing import Any

import torch

from .checkpoint import rng_state, set_rng_state
from .data.sources import LoaderSource, Source, piece_rows

__all__ = ["INITIAL_EXAMPLES", "initial_data_loss", "record_start"]

INITIAL_EXAMPLES = 4096  # examples read at most: one evaluation batch (sources.VAL_BATCH)


def initial_data_loss(
    model: torch.nn.Module, source: Source, loss_fn: Any, precision: Any, workers: Any = None
) -> float | None:
    """The mean of ``loss_fn`` over the first :data:`INITIAL_EXAMPLES` examples of ``source``'s
    epoch 0 (all of them for a source of one full batch), read in pieces of at most
    ``PIECE_ELEMENTS`` input numbers (one piece for inputs of up to 1024 numbers), ``model`` in
    evaluation mode without gradients under ``precision``'s autocast: the sum over the pieces of
    their mean loss times their examples, over the examples, in float64. With ``workers``, each
    reads its share of each piece and the sums are added. The modules' modes and every random
    generator are as before afterwards. ``None`` for a user's ``DataLoader`` (iterating it could draw
    from a generator of its own or consume a stream), where the loss is not finite, and where
    the pass fails (a model built for other data, a loss that is no number): a measurement
    never stops a run, whose first step then raises its own clear error.

    >>> import torch
    >>> from descend.training.data.sources import TensorSource
    >>> from descend.training.precision import Precision
    >>> model = torch.nn.Linear(1, 1, bias=False)
    >>> _ = torch.nn.init.zeros_(model.weight)
    >>> X, y = torch.ones(6, 1), torch.tensor([[0.0], [0.0], [0.0], [0.0], [0.0], [6.0]])
    >>> source = TensorSource(X, y, batch_size=2, shuffle=True, seed=0)
    >>> initial_data_loss(model, source, torch.nn.functional.mse_loss, Precision("fp32", torch.device("cpu")))
    6.0
    """
    if isinstance(source, LoaderSource):
        return None
    rows = piece_rows(source.example_size(), INITIAL_EXAMPLES)
    chunks = source.rebatched(rows) if source.batch_size is not None else source
    if chunks is None:
        return None
    modes = [(m, m.training) for m in model.modules()]
    state = rng_state()
    total, n = 0.0, 0
    try:
        model.eval()
        with torch.no_grad(), precision.autocast():
            # The first INITIAL_EXAMPLES examples of epoch 0 (this worker's share of each piece).
            pieces = chunks.batches(0, part=workers.part if workers is not None else (0, 1))
            for xb, yb, *extra in islice(pieces, INITIAL_EXAMPLES // rows):
                # every worker runs as many forwards (a data-parallel model's may sync buffers)
                loss = float(loss_fn(model(xb), yb, *extra))
                if len(yb):  # a share of a piece of fewer rows than workers is empty: its mean is NaN
                    total, n = total + loss * len(yb), n + len(yb)
    except Exception:  # the engine's first forward names what is wrong (input_check.py)
        total, n = math.nan, 0
    finally:
        for m, training in modes:
            m.training = training
        set_rng_state(state)
    if workers is not None:
        total, n = workers.sum([total, n])
    value = total / n if n else math.nan
    return value if math.isfinite(value) else None


def record_start(
    history: Any,
    model: torch.nn.Module,
    source: Source,
    loss_fn: Any,
    precision: Any,
    accumulate: int = 1,
    workers: Any = None,
) -> None:
    """Record where a run started, ``history.initial_data_loss``, once: a run of one update per
    epoch (a full batch, or all its batches accumulated into one) reads it from its first loss,
    once it has one; a run of mini-batches measures it before its first update
    (:func:`initial_data_loss`). The training loop calls it before its first update and at its
    end; a history that has its start, or a mini-batch run already under way (a resumed run of
    an older version), is left as it is.

    >>> import torch
    >>> from descend.training.history import History
    >>> from descend.training.data.sources import TensorSource
    >>> from descend.training.precision import Precision
    >>> model, cpu = torch.nn.Linear(1, 1), Precision("fp32", torch.device("cpu"))
    >>> full = TensorSource(torch.ones(6, 1), torch.zeros(6, 1), batch_size=None, shuffle=False, seed=0)
    >>> h = History(steps={"step": [], "loss": []})
    >>> record_start(h, model, full, torch.nn.functional.mse_loss, cpu); h.initial_data_loss is None
    True
    >>> h.steps["loss"].append(0.5); record_start(h, model, full, torch.nn.functional.mse_loss, cpu); h.initial_data_loss
    0.5
    """
    if history.initial_data_loss is not None:
        return
    losses = history.steps.get("loss")
    if source.updates_per_epoch(accumulate) == 1:
        if losses:
            history.initial_data_loss = float(losses[0])
    elif not losses:
        history.initial_data_loss = initial_data_loss(model, source, loss_fn, precision, workers)
