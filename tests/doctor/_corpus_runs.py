"""A doctor-corpus run as the tests train it (bench/_doctor_corpus.py's settings: SGD on
mini-batches of 32, seed 0, the instruments on); the bench's modules for their tasks: ``_bench.bench_module``."""

from __future__ import annotations

import descend as ds


def corpus_run(data, loss: str, lr: float, epochs: int, **model_options):
    """``descend.train`` of the default MLP with ``model_options`` on ``data``, as the corpus
    trains an SGD run."""
    return ds.train(
        "mlp",
        data,
        loss=loss,
        optimizer="sgd",
        lr=lr,
        batch_size=32,
        epochs=epochs,
        model_options=model_options,
        progress=False,
        device="cpu",
        seed=0,
        instruments=True,
    )
