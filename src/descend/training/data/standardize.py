"""The one affine map of standardized inputs, :math:`(x - m) / s`, for NumPy arrays and tensors
alike: batches of the in-memory sources, ``train``'s standardized data (``standardize=True``) and the
estimators' features and targets all go through it."""

from __future__ import annotations

__all__ = ["standardize"]


def standardize(x, shift, scale, *, in_place: bool = False):
    r""":math:`(x - \mathrm{shift}) / \mathrm{scale}`, broadcast against the rows of ``x`` (a NumPy
    array or a tensor) in its arithmetic; ``in_place`` overwrites ``x``, for a batch of its own
    (never a view of the caller's data). Either way one pass subtracts and one divides, so both give
    the same bits.

    >>> import numpy as np
    >>> standardize(np.array([[1.0, 1000.0], [3.0, 3000.0]]), np.array([2.0, 2000.0]), np.array([1.0, 1000.0]))
    array([[-1., -1.],
           [ 1.,  1.]])
    """
    if in_place:
        x -= shift
    else:
        x = x - shift
    x /= scale
    return x
