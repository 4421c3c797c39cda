"""A rule that takes sparse gradients only (SparseAdam) on a model whose gradients are dense is
refused by train, lr_find and ``descend train`` before any step, in one sentence naming the
value and what would do, not with torch's "SparseAdam does not support dense gradients" from
inside the first step; a folder's files are left as they were."""

from __future__ import annotations

import pytest
import torch
from _sparse_model import Lookup, tokens
from click.testing import CliRunner

import descend as ds
from descend.cli import app

REFUSAL = r"optimizer='sparse_adam' \(SparseAdam\) takes sparse gradients only, and the model's .* get dense ones"


@pytest.mark.parametrize("lr", [0.01, "auto"])
def test_train_refuses_sparse_adam_on_a_dense_model_before_any_step(tmp_path, lr):
    (tmp_path / "notes.txt").write_text("the user's own")
    with pytest.raises(ValueError, match=REFUSAL) as caught:
        ds.train("softmax", "iris", optimizer="sparse_adam", lr=lr, epochs=1, progress=False, log_dir=tmp_path)
    assert "nn.Embedding(n, d, sparse=True)" in str(caught.value) and "optimizer='adam'" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text() == "the user's own"


def test_lr_find_refuses_sparse_adam_on_a_dense_model_and_takes_it_on_sparse_embeddings():
    with pytest.raises(ValueError, match=REFUSAL):
        ds.lr_find("softmax", "iris", optimizer="sparse_adam")
    with pytest.raises(ValueError, match=r"optimizer SparseAdam takes sparse gradients only"):
        ds.lr_find("softmax", "iris", optimizer=torch.optim.SparseAdam)
    found = ds.lr_find(Lookup(), tokens(), optimizer="sparse_adam", num=30)
    assert found.suggestion is not None


def test_descend_train_refuses_sparse_adam_and_leaves_no_run_folder(tmp_path):
    out = tmp_path / "run"
    result = CliRunner().invoke(
        app,
        [
            "train",
            "--data",
            "iris",
            "--model",
            "softmax",
            "--optimizer",
            "sparse_adam",
            "--lr",
            "0.01",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code != 0
    assert "SparseAdam) takes sparse gradients only" in result.output
    assert "does not support dense gradients" not in result.output
    assert not out.exists()
