"""The probe of ``batch_size="auto"`` (512 rows, the noise scale's) reads a wide or sparse X a piece
at a time (session 40), never whole.

scipy's dense copy of a piece is NumPy's memory, which tracemalloc sees (the float32 tensors torch
makes of it are not traced): the traced peak is the largest block of rows made dense at once. The
peak is read over the choice alone: the fit's own batches, of the size chosen, are the fit's."""

import sys
import tracemalloc

import numpy as np
import pytest
import scipy.sparse as sp

from descend.estimators import GDRegressor

X = sp.random(2000, 20_000, density=1e-4, format="csr", random_state=0)
Y = np.asarray(X[:, :10].sum(axis=1)).ravel()


def _peak_of(monkeypatch, module: str, name: str, **params) -> tuple[GDRegressor, list[int]]:
    """A fit of ``params`` and the traced peaks of each call of ``module.name`` within it."""
    peaks: list[int] = []
    real = getattr(sys.modules[module], name)

    def traced(*args, **kwargs):
        tracemalloc.reset_peak()
        start = tracemalloc.get_traced_memory()[0]
        try:
            return real(*args, **kwargs)
        finally:
            peaks.append(tracemalloc.get_traced_memory()[1] - start)

    monkeypatch.setattr(sys.modules[module], name, traced)
    GDRegressor(max_epochs=1, **params).fit(X[:50], Y[:50])  # the imports of a first such fit, outside the trace
    peaks.clear()
    tracemalloc.start()
    try:
        fit = GDRegressor(max_epochs=1, random_state=0, **params).fit(X, Y)
    finally:
        tracemalloc.stop()
    return fit, peaks


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # one epoch
def test_batch_size_auto_reads_its_probe_of_a_sparse_x_in_pieces(monkeypatch):
    """The noise scale's probe of 512 rows was made dense at once: 78 MiB of float64 for a 56 kB
    2000 x 20000 csr X (4 GB at 1M columns). Now in pieces of 128 rows (PIECE_ELEMENTS numbers):
    20 MiB."""
    fit, peaks = _peak_of(monkeypatch, "descend.estimators.optimizer_setup", "auto_batch_for_run", batch_size="auto")
    probe = 512 * X.shape[1] * 8
    assert fit.history_.batch_choice["examples"] == 512 and len(peaks) == 1
    assert peaks[0] < probe / 3, f"a peak of {peaks[0] / 2**20:.0f} MiB, the probe dense {probe / 2**20:.0f} MiB"
