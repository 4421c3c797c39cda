"""What the prepare() tests share: a small classification set whose column 0 is the row index (so
a batch tells which examples it holds), the same data in every input form, and readers of a
source's batches."""

from __future__ import annotations

import torch
from torch.utils.data import Dataset, TensorDataset

from descend.training.data import Source

N, D = 23, 3
# Column 0 is the row index, so a batch tells which examples it holds.
X = torch.cat([torch.arange(N, dtype=torch.float32)[:, None], torch.randn(N, D - 1)], dim=1)
Y = torch.arange(N) % 3


class PairDataset(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return self.X[i], self.y[i]


def write_csv(path, header, rows):
    path.write_text("\n".join([",".join(header), *(",".join(map(str, r)) for r in rows)]) + "\n")
    return path


def as_csv(tmp_path):
    rows = [[*map(repr, x.tolist()), int(label)] for x, label in zip(X, Y)]
    return write_csv(tmp_path / "data.csv", ["a", "b", "c", "label"], rows)


# Each builds the same (X, Y) in another form; the batches must not depend on the form.
INPUT_KINDS = {
    "tensors": lambda tmp: ((X, Y), {}),
    "numpy": lambda tmp: ((X.numpy(), Y.numpy()), {}),
    "numpy_float64": lambda tmp: ((X.double().numpy(), Y.numpy()), {}),
    "lists": lambda tmp: ((X.tolist(), Y.tolist()), {}),
    "tensor_dataset": lambda tmp: (TensorDataset(X, Y), {}),
    "dataset": lambda tmp: (PairDataset(X, Y), {}),
    "csv": lambda tmp: (as_csv(tmp), {"target": "label"}),
    "csv_str_path": lambda tmp: (str(as_csv(tmp)), {"target": "label"}),
}


def epoch_batches(source: Source, epoch: int, start: int = 0):
    return [(xb.clone(), yb.clone()) for xb, yb in source.batches(epoch, start)]


def row_ids(batches):
    return [xb[:, 0].long().tolist() for xb, _ in batches]
