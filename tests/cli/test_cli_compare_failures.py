"""``descend compare --data``: an optimizer that cannot train the model is refused before any
run (it was refused once the runs before it had written their folders: the table was lost and
--out refused ever after), and a run that fails later loses none of the others: their rows are
printed, their folders kept, and the failure named for its optimizer."""

from __future__ import annotations

import pytest

ARGS = ["--data", "iris", "--model", "softmax", "--lr", "0.05", "--batch-size", "16", "--epochs", "1"]


def test_sparse_adam_on_a_model_of_dense_gradients_is_refused_before_any_run(tmp_path, cli):
    out = tmp_path / "cmp"
    result = cli("compare", *ARGS, "--optimizers", "sgd,sparse_adam", "--out", out)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: optimizer='sparse_adam' (SparseAdam) takes sparse gradients only, and the model's "
    )
    assert result.stdout == "" and not out.exists()


def _failing(monkeypatch, failures):
    """compare's runs of the optimizers in ``failures`` raise the ValueError given for each."""
    import descend.cli.compare as compare_module

    def failing(real):
        def run(*args, **kw):
            name = args[0].optimizer if args else kw["optimizer"]
            if name in failures:
                raise ValueError(failures[name])
            return real(*args, **kw)

        return run

    monkeypatch.setattr(compare_module, "run_training", failing(compare_module.run_training))
    monkeypatch.setattr(compare_module, "train", failing(compare_module.train))


@pytest.mark.parametrize("folder", [True, False])
def test_a_run_that_fails_later_keeps_the_others_rows_and_folders(folder, tmp_path, cli, monkeypatch):
    _failing(monkeypatch, {"adam": "the loss of lr=0.05 is not finite"})
    out = tmp_path / "cmp"
    where = ["--out", out] if folder else []
    result = cli("compare", *ARGS, "--optimizers", "sgd,adam,momentum", *where)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: 1 run of 3 failed (the others' are shown above): adam: the loss of --lr 0.05 is not finite\n"
    )
    rows = [line.split()[0] for line in result.stdout.splitlines()[2:] if line.strip()][:2]
    assert rows == ["sgd", "momentum"]
    if folder:
        assert sorted(p.name for p in out.iterdir()) == ["curves.png", "momentum", "sgd"]
        assert (out / "sgd" / "summary.json").is_file() and (out / "momentum" / "summary.json").is_file()
        assert result.stdout.endswith(f"run folders: {out / 'sgd'}, {out / 'momentum'}\n")


def test_each_failure_is_said_once_with_the_optimizers_it_stopped(cli, monkeypatch):
    _failing(monkeypatch, {"adam": "out of memory", "momentum": "out of memory", "rmsprop": "lr=0.05 is too high"})
    result = cli("compare", *ARGS, "--optimizers", "sgd,adam,momentum,rmsprop")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: 3 runs of 4 failed (the others' are shown above): adam, momentum: out of memory; rmsprop: "
        "--lr 0.05 is too high\n"
    )
    assert [line.split()[0] for line in result.stdout.splitlines()[2:3]] == ["sgd"]
