"""Recording the per-example record (:class:`~descend.training.examples_record.ExampleRecord`)
during training, from the outputs of the forward pass each training step already does: no
extra pass over the data, a few element-wise operations on each batch's outputs.

Per example of a batch, with logits ``z`` and given label ``y``: the loss (the run's loss with
``reduction="none"``), ``p_label = softmax(z)_y``, ``margin = z_y - max_{k != y} z_k`` and the
predicted class ``argmax z``. A single-logit binary model (``bce``) is read as the two logits
``(0, z)``, whose softmax is ``(1 - sigmoid(z), sigmoid(z))``, the probabilities the loss
uses: ``p_label = sigmoid(+-z)``, ``margin = +-z`` (``+`` for label 1), prediction ``z > 0``.
A model of probabilities ``p`` (``torch.nn.BCELoss``) is read through its logits
``z = logit(p)`` (:func:`~descend.training.loss_modules.probability_logits`).

The values of an epoch are kept on the device in buffers of the training set's size, filled at
each batch's indices, and moved to the host once per epoch (under data-parallel training
gathered from all workers first, each holding its share of every batch).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import torch
from torch import Tensor

from .._checks import InvalidArgument
from .._plural import counted
from .example_losses import is_cross_entropy, per_example_loss
from .examples_record import ExampleRecord
from .label_terms import label_terms
from .loss_modules import probability_logits, takes_probabilities
from .tracker_checkpoint import TrackerCheckpoint

__all__ = ["ExampleTracker", "AUTO_LIMIT", "wants_tracking", "tracker_for"]

#: ``track_examples="auto"`` records training sets of at most this many examples: 20 bytes
#: per example per epoch (4 float32 and an int32), 1 MB an epoch at the limit, small next to
#: the data itself (50,000 CIFAR-10 images are 600 MB as float32).
AUTO_LIMIT = 50_000

# Outputs of a whole training set up to this many floats are kept over an epoch and reduced
# at its end (64 MB); larger ones batch by batch.
_STAGE_LIMIT = 1 << 24

# The rows of one epoch's buffers: seen (1/0), loss, p_label, margin, predicted, label.
_SEEN, _LOSS, _P, _MARGIN, _PRED, _LABEL = range(6)


def wants_tracking(track_examples: Any, n: int) -> bool:
    """Whether ``track_examples`` (``True``, ``False`` or ``"auto"``) records a training set
    of ``n`` examples: ``"auto"`` does up to :data:`AUTO_LIMIT`.

    >>> wants_tracking("auto", 1437), wants_tracking("auto", 60_000), wants_tracking(True, 60_000)
    (True, False, True)
    """
    if track_examples == "auto" and isinstance(track_examples, str):
        return n <= AUTO_LIMIT
    if isinstance(track_examples, bool):
        return track_examples
    raise InvalidArgument(f"track_examples must be True, False or 'auto', got {track_examples!r}")


def tracker_for(
    track_examples: Any,
    task: str,
    source: Any,
    loss: Any,
    classes: int | None = None,
    class_names: Any = None,
    **given: Any,
) -> ExampleTracker | None:
    """The tracker that ``track_examples`` asks for on ``source`` (``None``: no tracking).
    ``True`` raises where the loss or the data cannot be recorded per example; ``"auto"``
    then quietly records nothing. ``class_names``: the record's (a CSV file's text labels);
    ``given``: the record's ``rows``, ``n_rows`` and ``index_labels`` of the data given
    (:meth:`Prepared.example_rows <descend.training.data.Prepared.example_rows>`).

    >>> from descend.training.data import prepare
    >>> src = prepare((torch.zeros(4, 2), torch.tensor([0, 1, 0, 1]))).train
    >>> tracker_for("auto", "classification", src, lambda out, y: out.sum()) is None
    True
    """
    if not wants_tracking(track_examples, source.n):
        return None
    try:
        return ExampleTracker(
            task, source, loss, classes, strict=track_examples is True, class_names=class_names, **given
        )
    except InvalidArgument:
        if track_examples is True:
            raise
        return None


class ExampleTracker(TrackerCheckpoint):
    """Records the per-example values of one run's training batches (see the module's
    docstring). ``source`` is the training source, whose batches must say their examples'
    indices; ``loss`` the run's loss (name, module or callable, see :func:`per_example_loss`).
    The engine iterates :meth:`batches` and calls :meth:`add` after each forward pass and
    :meth:`end_epoch` at each epoch's end; :meth:`record` is what it has recorded. By default
    the record's examples are the source's; ``keys`` (one per source example) puts source
    example ``i`` at ``keys[i]`` of a record of ``n`` examples instead (an estimator's rows of
    ``X``, some held out for validation), ``labels`` the given labels of all ``n`` (else read
    from the batches), ``class_names`` the record's names of the classes, ``rows`` the record's
    rows of the data given (:attr:`ExampleRecord.rows`: a validation split drew the training
    set), ``n_rows`` and ``index_labels`` that data's number of rows and their pandas index
    labels. Where the first batch shows that the loss gives no value per example, a ``strict``
    tracker raises, another one stops recording (its record is ``None``).
    The engine also tells it, at each epoch's start, how many optimizer updates an epoch makes
    (:meth:`note_updates_per_epoch`): the record's ``updates_per_epoch``, ``None`` until told
    and where the count changed between epochs.

    >>> from descend.training.data import prepare
    >>> src = prepare((torch.randn(6, 2), torch.tensor([0, 1, 0, 1, 1, 0])), batch_size=4).train
    >>> tracker = ExampleTracker("classification", src, "cross_entropy")
    >>> model = torch.nn.Linear(2, 2)
    >>> for xb, yb in tracker.batches(src, epoch=0):
    ...     tracker.add(model(xb), yb)
    >>> tracker.end_epoch(0).loss.shape
    (1, 6)
    """

    def __init__(
        self,
        task: str,
        source: Any,
        loss: Any,
        classes: int | None = None,
        *,
        keys: Any = None,
        n: int | None = None,
        labels: Any = None,
        strict: bool = True,
        class_names: Any = None,
        rows: Any = None,
        n_rows: int | None = None,
        index_labels: Any = None,
    ) -> None:
        problem = source.indices_problem()
        if problem is not None:
            raise InvalidArgument(f"track_examples needs the index of every training example; {problem}")
        self.task, self.n, self.classes = task, int(source.n if n is None else n), classes
        self._keys = None if keys is None else torch.as_tensor(np.asarray(keys), dtype=torch.int64)
        self._given = None if labels is None else torch.as_tensor(np.asarray(labels).reshape(-1), dtype=torch.float32)
        self._labels: np.ndarray | None = None
        self.loss = per_example_loss(loss)
        self._cross_entropy = is_cross_entropy(loss)
        self._probabilities = takes_probabilities(loss)  # BCELoss: a model of probabilities, read as logits
        self.epochs: list[int] = []
        self._rows: dict[str, np.ndarray] = {}  # (capacity, n) arrays, the first len(epochs) rows used
        self._buffer: Tensor | None = None  # (6, n) float32 on the device: this epoch's values
        self._idx: Tensor | None = None
        # The batches added since the last reduction: (indices, outputs, targets), references only.
        self._pending: list[tuple[Tensor, Tensor, Tensor]] = []
        self._checked = False
        self.strict, self.off = strict, False
        self.class_names = class_names  # the record's names of the classes (None: their indices)
        # the record's rows of the data given (rows None: their positions), their number and labels
        self._data_rows = {"rows": rows, "n_rows": n_rows, "index_labels": index_labels}
        # Optimizer updates per epoch: 0 not told yet, -1 not the same in every epoch.
        self._updates = 0

    @property
    def updates_per_epoch(self) -> int | None:
        """The optimizer updates of each recorded epoch, as the engine told them (``None``
        where not told, or not the same in every epoch)."""
        return self._updates if self._updates > 0 else None

    def note_updates_per_epoch(self, count: int) -> None:
        """The engine's number of optimizer updates in the epoch starting (every worker's
        loop has the same, the batches' count over the accumulation); a count unlike an
        earlier one makes the record's ``updates_per_epoch`` ``None``."""
        count = int(count)
        if self._updates == 0:
            self._updates = count if count >= 1 else -1
        elif self._updates != count:
            self._updates = -1

    # -- during an epoch ---------------------------------------------------------------------

    def batches(self, source: Any, epoch: int, start: int = 0, part: tuple[int, int] = (0, 1)) -> Iterator[tuple]:
        """``source``'s batches of ``epoch`` from ``start`` (as ``source.batches``), noting each
        batch's example indices for the :meth:`add` that follows."""
        for idx, batch in source.example_batches(epoch, start, reuse=True, part=part):
            self._idx = idx
            yield batch

    def add(self, out: Tensor, y: Tensor) -> None:
        """Record the batch whose indices :meth:`batches` just gave: ``out`` the model's output
        on it (detached here: nothing joins the autograd graph), ``y`` the targets.

        The outputs are only kept, with the indices and targets (a list append a step); the loss, probability, margin and prediction of all of them are computed at
        once when the epoch closes (or a checkpoint is taken).
        Outputs too large to keep for a whole training set (over 64 MB) are reduced batch by
        batch instead."""
        if self.off:
            return
        z = out.detach()
        if z.dtype != torch.float32:  # autocast's half-precision outputs, float64 estimators
            z = z.float()
        if not self._checked:
            try:
                self._check(z, y, self.loss(z, y))
            except InvalidArgument:
                if self.strict:
                    raise
                self.off, self._buffer = True, None
                return
        if len(z) == self.n or self.n * (z.numel() // max(len(z), 1)) > _STAGE_LIMIT:  # nothing to keep
            self._write(self._positions(self._idx, z.device), z, y)
            return
        if self._pending and self._pending[-1][1].device != z.device:
            self._flush()
        self._pending.append((self._idx, z, y))  # the sources make both afresh for each batch

    def _positions(self, idx: Tensor, device: torch.device) -> Tensor:
        """The record's positions of the source's examples ``idx``, on ``device``."""
        if self._keys is not None:
            idx = self._keys[idx]
        return idx if idx.device == device else idx.to(device, non_blocking=True)

    def _write(self, idx: Tensor, z: Tensor, y: Tensor) -> None:
        """The values of outputs ``z`` (float32) for targets ``y`` into this epoch's buffer at ``idx``."""
        buffer = self._buffer
        if buffer is None or buffer.device != z.device:
            buffer = self._buffer = self._fresh(z.device, buffer)
        if self.task == "regression":
            loss = self.loss(z, y).float()
            buffer[:2].index_copy_(1, idx, torch.stack((torch.ones_like(loss), loss)))
            return
        terms = label_terms(probability_logits(z) if self._probabilities else z, y)
        if self._cross_entropy and z.ndim == 2 and z.shape[1] > 1:
            loss = -terms[0]  # softmax cross-entropy is minus the label's log-probability
        else:
            loss = self.loss(z, y).float()
        buffer.index_copy_(1, idx, torch.stack((torch.ones_like(loss), loss, *terms[1:])))

    def _flush(self) -> None:
        """Reduce the batches kept since the last time into the epoch's buffer: all at once
        (three concatenations and one write, not a write per batch), or batch by batch where
        an example came twice (a sampler with replacement), so that its later batch wins."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        device = pending[0][1].device
        idx = self._positions(torch.cat([i for i, _, _ in pending]), device)
        if len(pending) > 1 and len(torch.unique(idx)) != len(idx):
            for i, z, y in pending:
                self._write(self._positions(i, device), z, y)
            return
        self._write(idx, torch.cat([z for _, z, _ in pending]), torch.cat([y for _, _, y in pending]))

    def _check(self, out: Tensor, y: Tensor, loss: Tensor) -> None:
        if loss.ndim != 1 or len(loss) != len(y):
            raise InvalidArgument(
                f"track_examples needs one loss value per example: the loss with reduction='none' "
                f"gave shape {tuple(loss.shape)} for a batch of {counted(len(y), 'example')}"
            )
        if self.task == "classification" and not (out.ndim == 1 or (out.ndim == 2 and out.shape[1] >= 1)):
            raise InvalidArgument(
                f"track_examples needs class logits of shape (n, K) or (n,) for classification, "
                f"got model output of shape {tuple(out.shape)}"
            )
        if self._keys is None and len(self._idx) and int(self._idx.max()) >= self.n:
            raise InvalidArgument(
                f"track_examples: a batch holds example index {int(self._idx.max())}, beyond the "
                f"{self.n} training examples; the loader's sampler must draw indices below {self.n}"
            )
        if self.classes is None and self.task == "classification":  # the model's outputs say
            self.classes = int(out.shape[1]) if out.ndim == 2 and out.shape[1] > 1 else 2
        self._checked = True

    def _fresh(self, device: torch.device, old: Tensor | None = None) -> Tensor:
        buffer = torch.full((6, self.n), float("nan"), device=device)
        buffer[_SEEN] = 0.0
        buffer[_PRED] = -1.0
        buffer[_LABEL] = -1.0 if self._given is None else self._given.round().to(device)
        if old is not None:
            buffer.copy_(old.to(device))
        return buffer

    # -- at an epoch's end -------------------------------------------------------------------

    def end_epoch(self, epoch: int, workers: Any = None) -> ExampleRecord | None:
        """Close ``epoch``: its values (gathered from all ``workers``) become a row of the
        record, which is returned; the next epoch starts empty."""
        if self.off:  # the same on every worker: they all check the same first batch
            return None
        merged = self._merged(workers)
        self._append(epoch, merged)
        labels = merged[_LABEL]
        self._buffer = None
        if self.task == "classification":  # the labels stay known from epoch to epoch
            self._buffer = self._fresh(torch.device("cpu"))
            self._buffer[_LABEL] = torch.from_numpy(labels)
        return self.record()

    def _merged(self, workers: Any) -> np.ndarray:
        """This epoch's ``(6, n)`` values on the host, each worker's part filled in (in rank
        order, where no earlier worker had the example)."""
        self._flush()
        local = self._buffer if self._buffer is not None else self._fresh(torch.device("cpu"))
        if workers is None:
            return local.cpu().numpy()
        parts = workers.gather(local)
        merged = parts[0].clone()
        for part in parts[1:]:
            new = (merged[_SEEN] == 0) & (part[_SEEN] == 1)
            merged[:, new] = part[:, new]
            merged[_LABEL] = torch.maximum(merged[_LABEL], part[_LABEL])
        return merged.cpu().numpy()

    def _append(self, epoch: int, values: np.ndarray) -> None:
        e = len(self.epochs)
        if not self._rows or e == len(self._rows["loss"]):  # grow by doubling: amortised copies
            capacity = max(4, 2 * e)
            grown = {
                "loss": np.full((capacity, self.n), np.nan, np.float32),
                "p_label": np.full((capacity, self.n), np.nan, np.float32),
                "margin": np.full((capacity, self.n), np.nan, np.float32),
                "predicted": np.full((capacity, self.n), -1, np.int32),
            }
            for key, rows in self._rows.items():
                grown[key][:e] = rows[:e]
            self._rows = grown
        seen = values[_SEEN] == 1
        self._rows["loss"][e] = np.where(seen, values[_LOSS], np.nan)
        self._rows["p_label"][e] = np.where(seen, values[_P], np.nan)
        self._rows["margin"][e] = np.where(seen, values[_MARGIN], np.nan)
        self._rows["predicted"][e] = np.where(seen, np.nan_to_num(values[_PRED], nan=-1), -1).astype(np.int32)
        self._labels = np.nan_to_num(values[_LABEL], nan=-1).astype(np.int64)
        self.epochs.append(int(epoch))

    def record(self) -> ExampleRecord | None:
        """The record of the epochs closed so far (``None`` before the first)."""
        if not self.epochs:
            return None
        if self.classes is None and self.class_names is not None:
            self.classes = len(self.class_names)
        if self.classes is None and self.task == "classification":  # found once, not every epoch
            predicted = self._rows["predicted"][: len(self.epochs)]
            self.classes = max(int(self._labels.max()) + 1, int(predicted.max()) + 1, 2)
        e = len(self.epochs)
        if self.task == "regression":
            return ExampleRecord(
                task="regression",
                epochs=self.epochs,
                loss=self._rows["loss"][:e],
                updates_per_epoch=self.updates_per_epoch,
                **self._data_rows,
            )
        return ExampleRecord(
            task="classification",
            epochs=self.epochs,
            labels=self._labels,
            loss=self._rows["loss"][:e],
            p_label=self._rows["p_label"][:e],
            margin=self._rows["margin"][:e],
            predicted=self._rows["predicted"][:e],
            classes=self.classes,
            updates_per_epoch=self.updates_per_epoch,
            class_names=self.class_names,
            **self._data_rows,
        )
