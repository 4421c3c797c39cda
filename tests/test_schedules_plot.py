"""plot(): draws values() on a headless figure without touching pyplot's state, and says how to get
matplotlib where it is missing."""

from __future__ import annotations

import sys

import matplotlib
import pytest
import torch
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


def test_values_and_plot_of_what_is_no_schedule_say_what_is_wanted():
    """values("cosine", 10) said "'str' object is not callable"; values of a torch scheduler
    "'StepLR' object is not callable"; values(0.1, n) failed so too, where a number is a constant
    schedule everywhere else."""
    with pytest.raises(
        TypeError,
        match=r"^schedule must be a Schedule or a number, got 'cosine' \(a name is a schedule once given its "
        r"arguments: get\('cosine', lr=\.\.\., \.\.\.\)\)$",
    ):
        S.plot("cosine", 10)
    step_lr = torch.optim.lr_scheduler.StepLR(torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))]), 3)
    with pytest.raises(TypeError, match=r"^schedule must be a Schedule or a number, got <torch.optim.lr_scheduler"):
        values(step_lr, 10)
    assert values(0.1, 3) == [0.1, 0.1, 0.1] == values(constant(0.1), 3)
