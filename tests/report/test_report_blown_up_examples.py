"""The report's Examples section of a regression stopped at an infinite loss: no ranking by
losses that are not finite."""

import re

from _pages import data as _data
from _pages import words

import descend as ds
from descend import report


def test_a_run_stopped_at_an_infinite_loss_ranks_no_examples_and_says_why(tmp_path):
    """Was: "The training examples the run fits worst (highest final loss):" over ten rows of
    ``inf nan inf`` (mean loss, variability, final loss)."""
    h = ds.train("linear", _data(40), optimizer="sgd", lr=1e6, epochs=3, batch_size=8, progress=False,
                 log_dir=tmp_path, track_examples=True)  # fmt: skip
    assert h.stopped_because.startswith("the loss became inf")
    page = report.write_report(tmp_path).read_text()
    section = page.split("<h2>Examples</h2>")[1].split("<h2>")[0]
    assert "<table" not in section
    assert re.fullmatch(
        r"No ranking of the training examples the run fits worst: the per-example losses are not finite after the "
        r"blow-up \(inf or NaN for [1-9]\d* of the 40 examples\), so no order of them says which the model fits worst\.",
        words(section),
    )
