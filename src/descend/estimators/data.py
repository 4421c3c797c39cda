"""The estimators' data as the training engine reads it: NumPy or scipy sparse arrays made
tensors (a sparse ``X`` stays sparse until a batch), sample weights checked and normalised,
the held-out split of early stopping, and the CPU thread rule for small problems."""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
import torch
from sklearn.model_selection import train_test_split
from sklearn.utils import check_array
from torch import Tensor

from .._device import resolve_device
from .._plural import counted
from ..training.data.sources import PIECE_ELEMENTS, Source, TensorSource, WeightedSource
from ..training.data.standardize import standardize

__all__ = ["ArrayData", "to_tensor", "sample_weights", "cpu_threads", "split", "DENSE_CHUNK", "dense_rows", "device_of"]

# A sparse batch is made dense this many matrix elements at a time (32 MiB in float64), the
# engine's pieces.
DENSE_CHUNK = PIECE_ELEMENTS
# Below this many (rows x parameters) per step, one CPU thread is faster than several: the
# thread pool's hand-offs cost more than the arithmetic, and far more on a busy machine.
_SMALL_WORK = 1 << 20


def dense_rows(n_features: int) -> int:
    """Rows of a sparse ``X`` of ``n_features`` columns made dense at a time (:data:`DENSE_CHUNK`
    elements, read at each call), in ``fit`` and ``predict``.

    >>> dense_rows(1000)
    4194
    """
    return max(1, DENSE_CHUNK // max(1, n_features))


def to_tensor(a: np.ndarray, dtype: torch.dtype, device: torch.device) -> Tensor:
    """``a`` as a tensor of ``dtype`` on ``device``, without a copy where it can.

    >>> to_tensor(np.arange(3), torch.float64, torch.device("cpu"))
    tensor([0., 1., 2.], dtype=torch.float64)
    """
    a = np.ascontiguousarray(a)
    t = torch.from_numpy(a) if a.flags.writeable else torch.tensor(a)
    return t.to(device=device, dtype=dtype)


def sample_weights(sample_weight: Any, X: Any) -> np.ndarray:
    """One non-negative, finite weight per row of ``X`` (ones for ``None``), in ``X``'s dtype,
    not all zero.
    (scikit-learn's own check, ``_check_sample_weight``, is private.)

    >>> sample_weights(None, np.zeros((2, 3)))
    array([1., 1.])
    >>> sample_weights([1.0, -2.0], np.zeros((2, 3)))
    Traceback (most recent call last):
    ...
    ValueError: sample_weight must be non-negative (0 leaves a row out); got sample_weight[1] = -2.
    """
    n = X.shape[0]
    if sample_weight is None:
        return np.ones(n, dtype=X.dtype)
    scalar = np.isscalar(sample_weight)
    # A scalar weight gets the checks of an array's: 0, -1 or NaN for every row is no weighting.
    given = np.full(n, sample_weight) if scalar else sample_weight
    w = check_array(given, ensure_2d=False, dtype=X.dtype, input_name="sample_weight")
    if w.ndim != 1:
        raise ValueError(f"Sample weights must be 1D array or scalar, got {w.ndim}D array")
    if w.shape != (n,):
        raise ValueError(f"sample_weight.shape == {w.shape}, expected {(n,)}!")
    negative = np.flatnonzero(w < 0)
    if negative.size:
        where = f"sample_weight={sample_weight}" if scalar else f"sample_weight[{negative[0]}] = {w[negative[0]]:g}"
        raise ValueError(f"sample_weight must be non-negative (0 leaves a row out); got {where}.")
    if not w.any():
        got = f"sample_weight={sample_weight}" if scalar else f"{n} zeros"
        raise ValueError(f"Sample weights must contain at least one non-zero number; got {got}.")
    return w


@dataclass
class ArrayData:
    """Training (or validation) data as tensors: ``X`` a tensor, or a CSR matrix made dense a
    batch at a time; ``w`` the sample weights divided by their mean, so that a batch's mean of
    ``w * loss`` estimates the weighted mean without bias (and the full batch is it exactly).

    >>> data = ArrayData.of(np.eye(3), np.array([0.0, 1.0, 2.0]), np.array([1.0, 1.0, 4.0]),
    ...                     torch.float32, torch.device("cpu"))
    >>> data.w.tolist(), data.weighted, data.n, data.sparse  # w_i / mean(w), the mean 2
    ([0.5, 0.5, 2.0], True, 3, False)
    """

    X: Any
    y: Tensor
    w: Tensor
    weighted: bool
    dtype: torch.dtype
    device: torch.device
    affine: tuple[Tensor, Tensor] | None = None  # (mean, sd): each batch's rows become (x - mean) / sd

    @classmethod
    def of(cls, X, y: np.ndarray, w: np.ndarray, dtype: torch.dtype, device: torch.device, moments=None) -> ArrayData:
        """The data of ``X``, encoded targets ``y`` and weights ``w``, with the ``moments`` (mean,
        sd) per column that standardize each batch as it is taken, a sparse one's once made dense
        (a standardized copy of a large ``X`` cost more than an epoch of Adam on it; a sparse
        ``X``'s would be dense)."""
        mean_w = float(w.sum()) / max(1, X.shape[0])
        weighted = not bool(np.all(w == 1))
        X = X.tocsr() if sp.issparse(X) else to_tensor(X, dtype, device)
        yt = to_tensor(y, dtype if y.dtype.kind == "f" else torch.int64, device)
        wt = to_tensor(w / mean_w if mean_w > 0 else w, dtype, device)
        affine = None if moments is None else tuple(to_tensor(np.asarray(v), dtype, device) for v in moments)
        return cls(X, yt, wt, weighted, dtype, device, affine)

    @property
    def n(self) -> int:
        return len(self.y)

    @property
    def sparse(self) -> bool:
        return not isinstance(self.X, Tensor)

    @property
    def chunk_rows(self) -> int:
        """Rows of a sparse ``X`` made dense at a time."""
        return dense_rows(self.X.shape[1])

    def dense(self, X, rows: np.ndarray | None) -> Tensor:
        """Rows ``rows`` (all for ``None``) of ``X`` (``WeightedSource``'s gather) as a dense tensor
        of their own, standardized in place through ``affine``: a sparse ``X``'s made dense, a dense
        one's gathered (all of a dense ``X``: :attr:`standardized_X`)."""
        if not self.sparse and rows is None:
            return self.standardized_X
        if self.sparse:
            part = to_tensor((X if rows is None else X[rows]).toarray(), self.dtype, self.device)
        else:
            part = X.index_select(0, torch.from_numpy(rows).to(X.device))
        return part if self.affine is None else standardize(part, *self.affine, in_place=True)

    @functools.cached_property
    def standardized_X(self) -> Tensor:
        """The dense ``X`` through ``affine``, whole (made once, for full batches and evaluation)."""
        return self.X if self.affine is None else standardize(self.X, *self.affine)

    def tensor_source(self, y: Tensor, batch_size: int | None, seed: int) -> TensorSource:
        """A dense ``X`` and targets ``y`` as a :class:`TensorSource`: mini-batches of
        ``batch_size`` reshuffled every epoch from ``seed`` (standardized as they are taken), or
        the full batch."""
        if batch_size is None:
            return TensorSource(self.standardized_X, y, None, False, seed)
        return TensorSource(self.X, y, batch_size, True, seed, self.affine)

    def source(self, batch_size: int | None, seed: int) -> tuple[Source, int]:
        """The engine's source of this data and the batches per update: mini-batches of
        ``batch_size`` reshuffled every epoch from ``seed``, or the full batch (a sparse one, full
        or mini, in dense chunks, their gradients accumulated into one update)."""
        if batch_size is not None and batch_size >= self.n:
            batch_size = None
        if not self.sparse and not self.weighted:
            return self.tensor_source(self.y, batch_size, seed), 1
        gather = self.dense if self.sparse or self.affine is not None else None
        if self.sparse and batch_size is None and self.n > self.chunk_rows:
            src = WeightedSource(self.X, self.y, self.w, self.chunk_rows, False, seed, gather)
            return src, len(src)
        # A mini-batch of a sparse X above the budget is read in pieces, accumulated into its update.
        pieces = self.chunk_rows if self.sparse else None
        src = WeightedSource(self.X, self.y, self.w, batch_size, batch_size is not None, seed, gather, pieces)
        return src, src.pieces_per_batch

    def chunks(self):
        """``(X, y, w)`` of all the rows, a sparse ``X`` in dense pieces."""
        if not self.sparse:
            yield self.standardized_X, self.y, self.w
            return
        step = self.chunk_rows
        for start in range(0, self.n, step):
            rows = np.arange(start, min(start + step, self.n))
            yield self.dense(self.X, rows), self.y[start : start + step], self.w[start : start + step]


def split(y: np.ndarray, fraction: float, rng, stratify: bool):
    """Row indices ``(train, validation)``: ``fraction`` of the rows held out (stratified by
    the labels ``y`` where ``stratify``, else at least 2 rows: R² is undefined on one).

    >>> tr, va = split(np.arange(10), 0.2, 0, stratify=False)
    >>> len(tr), len(va)
    (8, 2)
    >>> split(np.arange(10), 0.1, 0, stratify=False)
    Traceback (most recent call last):
    ...
    ValueError: early_stopping=True could not hold out validation_fraction=0.1 of 10 samples: it holds out 1 sample, and the validation R² needs at least 2. Set validation_fraction > 0.1 (2 of 10 samples), or early_stopping=False.
    """
    idx = np.arange(len(y))
    head = f"early_stopping=True could not hold out validation_fraction={fraction} of {counted(len(y), 'sample')}"
    try:
        train, val = train_test_split(idx, test_size=fraction, random_state=rng, stratify=y if stratify else None)
    except ValueError as err:
        raise ValueError(f"{head}: {err}") from None
    if not stratify and len(val) < 2:
        # r2_score of one row is NaN: no epoch would ever improve on it, and the fit would
        # stop after n_iter_no_change epochs as if it had converged.
        raise ValueError(
            f"{head}: it holds out {counted(len(val), 'sample')}, and the validation R² needs at least 2. "
            f"Set validation_fraction > {1 / len(y):.3g} (2 of {len(y)} samples), or early_stopping=False."
        )
    return train, val


@contextlib.contextmanager
def cpu_threads(device: torch.device, work: int):
    """Run a small problem's torch ops on one CPU thread (restored afterwards).

    >>> with cpu_threads(torch.device("cpu"), 10):
    ...     torch.get_num_threads()
    1
    """
    old = torch.get_num_threads()
    if device.type != "cpu" or work >= _SMALL_WORK or old == 1:
        yield
        return
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(old)


def device_of(value: Any) -> torch.device:
    """The torch device of the ``device`` parameter, resolved as ``descend.train`` does
    ("cpu", "cuda", "cuda:N" or "auto"), with an error that names the parameter.

    >>> device_of("cpu")
    device(type='cpu')
    """
    try:
        return resolve_device(value)
    except ValueError as err:
        raise ValueError(f"The 'device' parameter: {err}") from None
