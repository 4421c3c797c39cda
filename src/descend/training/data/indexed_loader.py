"""A user's ``DataLoader`` whose batches also say which examples they hold (their indices in
its dataset), for the per-example record of a run (``train(..., track_examples=True)``)."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor
from torch.utils.data import DataLoader, Dataset

__all__ = ["indexed_loader"]


class _Indexed(Dataset):
    """A map-style dataset whose examples come with their index: ``(i, dataset[i])``."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def __len__(self) -> int:
        return len(self.dataset)

    def __getitem__(self, i: int) -> tuple[int, Any]:
        return i, self.dataset[i]


class _IndexedCollate:
    """The loader's own collate function on the examples, their indices as an int64 tensor."""

    def __init__(self, collate: Any) -> None:
        self.collate = collate

    def __call__(self, items: list[tuple[int, Any]]) -> tuple[Tensor, Any]:
        return torch.tensor([i for i, _ in items], dtype=torch.int64), self.collate([x for _, x in items])


def indexed_loader(loader: DataLoader) -> DataLoader:
    """``loader`` rebuilt over the same dataset, batch sampler, workers and generator, each
    batch ``(indices, batch)``: the same batches in the same order (the sampler draws as the
    loader itself would), with the dataset indices of their examples as an int64 tensor.

    >>> from torch.utils.data import TensorDataset
    >>> loader = DataLoader(TensorDataset(torch.arange(5.0), torch.arange(5)), batch_size=2)
    >>> [(i.tolist(), y.tolist()) for i, (x, y) in indexed_loader(loader)]
    [([0, 1], [0, 1]), ([2, 3], [2, 3]), ([4], [4])]
    """
    workers = loader.num_workers
    return DataLoader(
        _Indexed(loader.dataset),
        batch_sampler=loader.batch_sampler,
        num_workers=workers,
        collate_fn=_IndexedCollate(loader.collate_fn),
        pin_memory=loader.pin_memory,
        timeout=loader.timeout,
        worker_init_fn=loader.worker_init_fn,
        multiprocessing_context=loader.multiprocessing_context if workers else None,
        generator=loader.generator,
        prefetch_factor=loader.prefetch_factor if workers else None,
        persistent_workers=loader.persistent_workers if workers else False,
        in_order=getattr(loader, "in_order", True),
    )
