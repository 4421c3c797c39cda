"""The portfolio of first trials of ``descend tune`` (:data:`descend.tune.PORTFOLIO`), built on
the bench's tuning half (section ``tune``'s fitting set: digits MLP, breast_cancer logistic,
Friedman #2 MLP, two-moons MLP) and on nothing else.

Candidates: train's defaults and ``CANDIDATES`` points drawn at random (seed 0) from
:func:`descend.tune.default_space` of an MLP. Each is trained on each task as a trial of the
section is (``tune.EPOCHS`` epochs, the task's fixed validation split, search seed 0; no
pruning), valued by its best validation loss. The portfolio is then the defaults plus the
greedy choice of :func:`descend.tune.greedy_portfolio` (Feurer et al. 2022, Auto-sklearn 2.0),
``PORTFOLIO_SIZE`` points in all. Printed as the Python literal to paste into
src/descend/tune/portfolio.py.

    cd bench && PYTHONPATH=../src python tune_portfolio.py
"""

from __future__ import annotations

import math
import warnings

import optuna
import torch

import descend as ds
from descend.tune import PORTFOLIO_SIZE, Space, default_space, greedy_portfolio, settings_of, train_defaults
from tune import EPOCHS, TASKS, fixed_split

CANDIDATES = 40
SETTINGS = ("optimizer", "lr", "momentum", "weight_decay", "batch_size", "hidden", "dropout")


def candidates() -> list[dict]:
    """Train's defaults, then ``CANDIDATES`` random points of the MLP's default space, as
    train settings (decoded: hidden as a list)."""
    d = train_defaults()
    points = [
        {"optimizer": "adam", "lr": d["lr"], "weight_decay": 0.0, "batch_size": 64, "hidden": [64], "dropout": 0.0}
    ]
    space = Space.parse(default_space("mlp"))
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    for _ in range(CANDIDATES):
        trial = study.ask()
        points.append(space.suggest(trial, optimizer="adam"))
        study.tell(trial, 0.0)
    return points


def value(model: str, parts: tuple, point: dict) -> float:
    """The best validation loss of ``point`` trained as a trial (search seed 0)."""
    settings = settings_of({k: v for k, v in point.items() if k in SETTINGS})
    if model != "mlp":
        settings.pop("model_options", None)
    data, val = parts
    try:
        h = ds.train(model, data, val_data=val, epochs=EPOCHS, seed=0, progress=False, **settings)
    except Exception:  # a point that cannot train: the worst
        return math.inf
    values = [v for v in h.epochs.get("val_loss", []) if math.isfinite(v)]
    return min(values) if values else math.inf


def main() -> None:
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    torch.set_num_threads(1)
    points = candidates()
    tasks = [t for t in TASKS if t[3] == "tuning"]
    losses = [[math.inf] * len(tasks) for _ in points]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for j, (name, model, data, _, _) in enumerate(tasks):
            parts = fixed_split(model, data)
            for i, point in enumerate(points):
                losses[i][j] = value(model, parts, point)
            print(f"{name}: defaults {losses[0][j]:.4g}, best {min(r[j] for r in losses):.4g}", flush=True)
    chosen = greedy_portfolio(losses, PORTFOLIO_SIZE, first=[0])
    for i in chosen:
        print(i, [f"{v:.4g}" for v in losses[i]], points[i])
    print("PORTFOLIO = " + repr([points[i] for i in chosen[1:]]))


if __name__ == "__main__":
    main()
