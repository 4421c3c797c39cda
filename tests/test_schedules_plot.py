"""plot(): draws values() on a headless figure without touching pyplot's state, and says how to get
matplotlib where it is missing."""

from __future__ import annotations

import sys

import matplotlib
import pytest
from matplotlib.figure import Figure

from descend import schedules as S
from descend.schedules import constant, cosine, values


def test_plot_without_matplotlib_says_how_to_get_it(monkeypatch):
    # Hide matplotlib whether or not it is installed.
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError, match=r"plot\(\) needs matplotlib: pip install matplotlib"):
        S.plot(cosine(0.1, 10), 10)


def test_plot_draws_the_values_on_a_headless_figure():
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt  # only to see that plot() leaves it alone

    open_before = plt.get_fignums()
    ax = S.plot(cosine(0.1, 10), 10)
    assert list(ax.lines[0].get_ydata()) == values(cosine(0.1, 10), 10)
    assert type(ax.figure) is Figure and plt.get_fignums() == open_before  # no pyplot state
    mine = Figure().add_subplot()
    assert S.plot(constant(0.2), 3, ax=mine) is mine and list(mine.lines[0].get_ydata()) == [0.2] * 3
