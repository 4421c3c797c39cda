"""A regression's per-example losses are of the target as the run trained on it: where it was
standardised, ``descend examples`` and the report say so, with the mean and scale."""

from __future__ import annotations

import torch
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.examples.target_units import target_units
from descend.report._examples_section import examples_section as report_examples


def test_descend_examples_and_the_report_name_the_standardised_target(tmp_path):
    """Was "The 10 training examples with the highest final loss:" with losses such as 5.49 on
    diabetes (target mean 151.6, scale 78.3), read as squared errors in y's units."""
    run = tmp_path / "run"
    h = ds.train("mlp", "diabetes", epochs=2, progress=False, instruments=False, track_examples=True, log_dir=run)
    mean, scale = h.scaling["target_mean"].item(), h.scaling["target_scale"].item()
    said = f"the losses are of the standardised target (y - {mean:.4g}) / {scale:.4g}, as the run trained on it"
    result = CliRunner().invoke(app, ["examples", str(run), "--top", "3", "--out", str(tmp_path / "ex")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"The 3 training examples with the highest final loss ({said}, not of y):"
    assert said in report_examples(h.examples, None, h.scaling)


def test_a_target_left_as_it_is_gets_no_words():
    assert target_units({"feature_mean": torch.zeros(3), "feature_scale": torch.ones(3)}) is None
    two = {"target_mean": torch.zeros(2), "target_scale": torch.ones(2)}
    assert target_units(two) == (
        "the losses are of the standardised targets (y - target_mean) / target_scale, per output (History.scaling), "
        "as the run trained on them, not of y"
    )
