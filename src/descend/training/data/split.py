"""The validation split and the standardisation statistics, both drawn from the data alone:
the split from the seed (stratified by class), the statistics from the training part."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import Tensor

from ..._plural import counted

__all__ = ["split", "fit_scaler"]


def split(n: int, stratify: Tensor | None, seed: int, val_fraction: float) -> tuple[Tensor, Tensor]:
    """Reproducible train/validation indices, stratified by ``stratify`` labels if given.

    >>> train_idx, val_idx = split(10, torch.arange(10) % 2, seed=0, val_fraction=0.2)
    >>> len(train_idx), len(val_idx), sorted(int(i) % 2 for i in val_idx)
    (8, 2, [0, 1])
    """
    n_val = math.ceil(n * val_fraction)
    if n_val >= n:
        raise ValueError(
            f"cannot split {counted(n, 'example')} into training and validation parts with val_fraction={val_fraction}"
        )
    from sklearn.model_selection import train_test_split  # with the first split, not with descend

    index = np.arange(n)
    state = seed % 2**32  # scikit-learn takes 32-bit seeds
    try:
        train_idx, val_idx = train_test_split(
            index,
            test_size=val_fraction,
            random_state=state,
            stratify=None if stratify is None else stratify.cpu().numpy(),
        )
    except ValueError:
        # Too few examples of some class to stratify: an unstratified split still works.
        train_idx, val_idx = train_test_split(index, test_size=val_fraction, random_state=state)
    return torch.as_tensor(train_idx), torch.as_tensor(val_idx)


def fit_scaler(values: Tensor) -> tuple[Tensor, Tensor]:
    """The mean and standard deviation of ``values`` per element of an example (a standard
    deviation of 0 becomes 1), shaped like one example, of ``values``' dtype.

    >>> fit_scaler(torch.tensor([[1.0, 5.0], [3.0, 5.0]]))
    (tensor([2., 5.]), tensor([1., 1.]))
    """
    from sklearn.preprocessing import StandardScaler  # with the first scaling, not with descend

    flat = values.reshape(len(values), -1).cpu().numpy()
    scaler = StandardScaler().fit(flat)
    shape = values.shape[1:]
    mean = torch.tensor(scaler.mean_, dtype=values.dtype).reshape(shape)
    scale = torch.tensor(scaler.scale_, dtype=values.dtype).reshape(shape)
    return mean.to(values.device), scale.to(values.device)
