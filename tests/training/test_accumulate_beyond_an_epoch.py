"""``accumulate`` larger than an epoch's batches is refused with the numbers: each update was
quietly the whole epoch (one update per epoch), in ``descend.train`` and ``descend train``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import descend as ds
from descend.cli import app


@pytest.mark.parametrize(
    ("batch_size", "accumulate", "said"),
    [
        (64, 8, "accumulate=8 batches per update, but an epoch has 2 batches (120 examples in batches of 64)"),
        (None, 2, "accumulate=2 batches per update, but an epoch has 1 batch (120 examples in one batch)"),
    ],
)
def test_train_refuses_more_batches_per_update_than_an_epoch_has(batch_size, accumulate, said):
    with pytest.raises(ValueError) as caught:
        ds.train("softmax", "iris", batch_size=batch_size, accumulate=accumulate, epochs=1, progress=False)
    assert str(caught.value).startswith(said)
    assert "so every update would be the whole epoch" in str(caught.value)


def test_accumulating_every_batch_of_the_epoch_is_allowed():
    h = ds.train("softmax", "iris", batch_size=64, accumulate=2, epochs=2, tol=None, instruments=False, progress=False)
    assert len(h.steps["step"]) == 2  # one update an epoch, as asked
    with pytest.raises(ValueError, match=r"^accumulate=3 batches per update"):
        ds.train("softmax", "iris", batch_size=64, accumulate=3, epochs=1, progress=False)


def test_the_cli_says_it_in_its_options(tmp_path):
    args = ["train", "--data", "iris", "--model", "softmax", "--batch-size", "64", "--accumulate", "8"]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "r")], prog_name="descend")
    assert result.exit_code != 0
    assert "--accumulate 8 batches per update, but an epoch has 2 batches" in result.output
    assert "use --accumulate 2 or fewer" in result.output
