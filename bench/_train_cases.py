"""The cases of bench section ``train``: the digits MLP and synthetic logistic regression, each
run by ``descend.train`` and by the hand-written PyTorch loop a user would otherwise write."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import torch
import torch.nn.functional as F

import descend as ds
from descend import train as ds_train
from descend.training import build_model, prepare

# (a.i) the digits MLP
MLP_EPOCHS = 20
MLP_BATCH, MLP_LR = 32, 1e-3
# (a.ii) and (b): synthetic binary data
N_FEATURES = 100
LOGISTIC_EPOCHS, LOGISTIC_BATCH, LOGISTIC_LR = 2, 1024, 0.1


def train_4d(model: str, data, device: str, **measuring) -> ds.History:
    """``descend.train`` with section 4d's settings, shared by it and ``_cost_ledger.py``: the
    digits ``model`` (``mlp`` or ``cnn``) on ``data``, adam at MLP_LR, batch MLP_BATCH, MLP_EPOCHS
    epochs, no tolerance, no progress bar; ``measuring``: ``instruments``, ``track_examples``."""
    return ds_train(
        model,
        data,
        optimizer="adam",
        lr=MLP_LR,
        batch_size=MLP_BATCH,
        epochs=MLP_EPOCHS,
        tol=None,
        progress=False,
        device=device,
        **measuring,
    )


# --- data ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def synthetic(rows: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """``rows`` x 100 float32 standard-normal features and binary int64 labels
    ``1[x @ w + 0.25 + noise > 0]``, ``w`` ~ N(0, 4/d), noise ~ N(0, 1): about 54% positive,
    Bayes log-loss about 0.33. Generated once per run from a fixed ``torch.Generator``."""
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(rows, N_FEATURES, generator=g)
    w = torch.randn(N_FEATURES, generator=g) * (2.0 / math.sqrt(N_FEATURES))
    y = (X @ w + 0.25 + torch.randn(rows, generator=g) > 0).long()
    return X, y


def hand_loop(
    X: torch.Tensor,
    y: torch.Tensor,
    make_model: Callable[[], torch.nn.Module],
    loss_fn: Callable,
    make_opt: Callable,
    epochs: int,
    batch_size: int,
) -> list[float]:
    """The loop a user writes: seed, model (on the data's device), optimizer, a fresh
    ``randperm`` order per epoch, ``X[idx], y[idx]`` per batch, forward, loss, zero_grad,
    backward, step, and the loss logged with ``.item()``. Returns the per-step losses."""
    torch.manual_seed(0)
    model = make_model().to(X.device)
    opt = make_opt(model.parameters())
    n, losses = len(X), []
    for _ in range(epochs):
        order = torch.randperm(n)
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            xb, yb = X[idx], y[idx]
            loss = loss_fn(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
    return losses


def _bce(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return F.binary_cross_entropy_with_logits(out.squeeze(1), y.float())


class Case:
    """One training problem, run either by ``descend.train`` or by :func:`hand_loop`: the
    same model (built after ``torch.manual_seed(0)``, as ``train(seed=0)`` does), the same
    optimizer class and hyper-parameters, the same number and size of batches."""

    def __init__(
        self,
        label: str,
        data: Callable[[], tuple[torch.Tensor, torch.Tensor]],
        train_kw: dict,
        make_model: Callable[[int], torch.nn.Module],
        loss_fn: Callable,
        make_opt: Callable,
        epochs: int,
        batch_size: int,
        describe: str,
    ) -> None:
        self.label, self.data, self.train_kw = label, data, train_kw
        self.make_model, self.loss_fn, self.make_opt = make_model, loss_fn, make_opt
        self.epochs, self.batch_size, self.describe = epochs, batch_size, describe

    def run_descend(self, X: torch.Tensor, y: torch.Tensor):
        return ds_train(
            data=(X, y),
            epochs=self.epochs,
            batch_size=self.batch_size,
            tol=None,
            progress=False,
            device=X.device.type,
            instruments=False,  # the hand loop measures nothing either: 4d prices what train measures
            track_examples=False,
            **self.train_kw,
        )

    def run_hand(self, X: torch.Tensor, y: torch.Tensor) -> list[float]:
        return hand_loop(
            X, y, lambda: self.make_model(X.shape[1]), self.loss_fn, self.make_opt, self.epochs, self.batch_size
        )


def digits() -> tuple[torch.Tensor, torch.Tensor]:
    prepared = prepare("digits", seed=0)  # standardised; its train split only
    return prepared.train.X, prepared.train.y


def cases(rows: int) -> dict[str, Case]:
    """(i) the digits MLP, (ii) logistic regression on ``rows`` synthetic rows."""
    return {
        "mlp": Case(
            "digits MLP",
            digits,
            {"model": "mlp", "optimizer": "adam", "lr": MLP_LR},
            lambda d: build_model("mlp", d, 10, task="classification"),
            F.cross_entropy,
            lambda ps: ds.optim.Adam(ps, lr=MLP_LR),
            MLP_EPOCHS,
            MLP_BATCH,
            f"default MLP (64-64-10, ReLU) on the train split of prepare('digits', seed=0), "
            f"cross-entropy, adam lr={MLP_LR}, batch {MLP_BATCH}, {MLP_EPOCHS} epochs",
        ),
        "logistic": Case(
            "logistic 500k" if rows == 500_000 else f"logistic {rows:,}",
            lambda: synthetic(rows),
            {"model": "logistic", "loss": "bce", "optimizer": "sgd", "lr": LOGISTIC_LR},
            lambda d: torch.nn.Linear(d, 1),
            _bce,
            lambda ps: ds.optim.SGD(ps, lr=LOGISTIC_LR),
            LOGISTIC_EPOCHS,
            LOGISTIC_BATCH,
            f"logistic regression (nn.Linear({N_FEATURES}, 1)) on {rows:,} x {N_FEATURES} "
            f"synthetic rows, bce, sgd lr={LOGISTIC_LR}, batch {LOGISTIC_BATCH}, "
            f"{LOGISTIC_EPOCHS} epochs",
        ),
    }
