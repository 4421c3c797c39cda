"""The README's picture of a watched loop, drawn from a real run. Run once, from the repository
root, after a change to what ``descend.watch`` records or the training plot draws:

    .venv/bin/python docs/make_watch_picture.py

A plain PyTorch loop (no descend in it but ``ds.watch``) trains descend's MLP on the digits
data set with SGD and momentum 0.9 at lr = 0.3, batches of 32, 8 epochs, logging each step's
loss and each epoch's validation loss; ``descend.watch`` reads the instruments on a 64-example
probe every 18 updates (``instruments=18``) and the gradient norms at every update
(``monitor.sampling.share = inf``). Both are pinned because watch's default sampling follows
the loop's measured time (the readings at most 3% of it, the norms 0.5%): with it, which
readings were taken, and so the doctor's advice, changed from one run of this script to the
next. ``close()`` writes the run folder (into a temporary folder) and its
``plots/training.png`` is copied to ``docs/watch.png``: the plot ``descend train`` draws, with
the doctor's findings marked. Seconds on a laptop's CPU; the run is seeded.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from pathlib import Path

import torch
import torch.nn.functional as F

import descend as ds
from descend.training import build_model, prepare

OUT = Path(__file__).resolve().parent / "watch.png"
LR, MOMENTUM, BATCH, EPOCHS = 0.3, 0.9, 32, 8
READ_EVERY = 18  # the instruments' reading every 18 updates: the first step of their default plan for 360


def main() -> None:
    prepared = prepare("digits", seed=0)
    X, y = prepared.train.X, prepared.train.y
    X_val, y_val = prepared.val.X, prepared.val.y
    torch.manual_seed(0)
    model = build_model("mlp", X.shape[1], 10, task="classification")
    opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    steps = -(-len(X) // BATCH) * EPOCHS
    with tempfile.TemporaryDirectory() as tmp:
        with ds.watch(
            model,
            opt,
            log_dir=Path(tmp) / "run",
            loss_fn=F.cross_entropy,
            probe=(X[:64], y[:64]),
            instruments=READ_EVERY,
            total_steps=steps,
            batch_size=BATCH,
        ) as monitor:
            monitor.sampling.share = math.inf  # every update's gradient norms: none left out for time
            g = torch.Generator().manual_seed(0)
            for _ in range(EPOCHS):
                order = torch.randperm(len(X), generator=g)
                for i in range(0, len(X), BATCH):
                    idx = order[i : i + BATCH]
                    opt.zero_grad()
                    loss = F.cross_entropy(model(X[idx]), y[idx])
                    loss.backward()
                    opt.step()
                    monitor.log(loss)
                with torch.no_grad():
                    out = model(X_val)
                monitor.epoch_end(
                    val_loss=F.cross_entropy(out, y_val), val_accuracy=(out.argmax(1) == y_val).float().mean()
                )
        shutil.copyfile(Path(tmp) / "run" / "plots" / "training.png", OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB); findings: {[d.kind for d in monitor.diagnoses]}")


if __name__ == "__main__":
    main()
