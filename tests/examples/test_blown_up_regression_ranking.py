"""A regression stopped at an infinite loss: ``descend.examples(run).top()`` and ``descend
examples RUN_DIR`` rank no examples and say why, as the report does (one sentence,
descend.examples.unranked_losses)."""

from __future__ import annotations

import re

import pytest
import torch
from click.testing import CliRunner

import descend as ds
from descend.cli import app

SAID = (
    r"No ranking of the training examples the run fits worst: the per-example losses are not finite after the "
    r"blow-up \(inf or NaN for [1-9]\d* of the 40 examples\), so no order of them says which the model fits worst\."
)


@pytest.fixture(scope="module")
def blown_up(tmp_path_factory):
    g = torch.Generator().manual_seed(0)
    X = torch.randn(40, 3, generator=g)
    out = tmp_path_factory.mktemp("blown_up")
    h = ds.train("linear", (X, X @ torch.tensor([1.5, -2.0, 0.5])), optimizer="sgd", lr=1e6, epochs=3,
                 batch_size=8, progress=False, log_dir=out, track_examples=True)  # fmt: skip
    assert h.stopped_because.startswith("the loss became inf")
    return out


def test_top_refuses_to_rank_losses_that_are_not_finite(blown_up):
    """Was: ten rows of ``inf nan inf`` (mean loss, variability, final loss) as the worst fitted."""
    table = ds.examples(blown_up)
    for by in (None, "mean_loss"):
        with pytest.raises(ValueError) as refused:
            table.top(by=by)
        name = by or "final_loss"
        assert re.fullmatch(SAID + rf" \(by='{name}'; read them unranked as table\['{name}'\]\)", str(refused.value))
    assert len(table.top(3, by="index")) == 3  # not a loss: ranked as before


def test_the_command_says_why_it_lists_no_worst_fitted(blown_up, tmp_path):
    result = CliRunner().invoke(app, ["examples", str(blown_up), "--out", str(tmp_path)], prog_name="descend")
    assert result.exit_code == 0, result.output
    assert re.search(rf"^{SAID}$", result.output, re.M), result.output
    assert "highest final loss" not in result.output and not re.search(r"\binf\s+nan\b", result.output)
