"""``batch_size="auto"``: the batch from the measured noise scale and the rate scaled to it, in
``train``, the command line and the estimators; the rule's pieces; one clear error for bad values."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.estimators import GDClassifier
from descend.instruments.batch_size import (
    BatchChoice,
    batch_for_training,
    check_batch_size,
    choose_batch_size,
    lr_scaling,
    memory_batch_limit,
    scaled_lr,
)
from descend.instruments.noise_scale import gradient_noise_scale
from descend.instruments.warmup import warmed_noise_scale, warmup_steps
from descend.training.history import History


def _low_noise(n=2000, d=3):
    # No label noise, weights far from the solution: B_simple = d + 1 for standard normal x.
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, d, generator=g)
    return x, x @ torch.full((d,), 3.0)


def _high_noise(n=2000, d=3):
    # Unit label noise, a weak signal: from zero weights, B_simple ~ d / 0.1^2 = 300.
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, d, generator=g)
    return x, 0.1 * x[:, 0] + torch.randn(n, generator=g)


def _zero_linear(d=3):
    model = torch.nn.Linear(d, 1)
    torch.nn.init.zeros_(model.weight)
    torch.nn.init.zeros_(model.bias)
    return model


def test_a_low_noise_problem_keeps_batch_32_and_its_rate_and_a_noisy_one_gets_a_large_batch():
    small = ds.train("linear", _low_noise(), optimizer="sgd", lr=0.01, batch_size="auto", epochs=1, progress=False)
    large = ds.train(
        _zero_linear(), _high_noise(), optimizer="sgd", lr=0.01, batch_size="auto", epochs=1, progress=False
    )
    # B_simple ~ 4 asks for a batch of 4: no batch below 32, and the rate is not lowered.
    assert small.batch_choice["batch_size"] == 32 and small.batch_choice["b_simple"] < 12
    assert small.batch_choice["lr"] == 0.01
    assert large.batch_choice["batch_size"] >= 256 and large.batch_choice["b_simple"] > 200
    # Below B_noise the rate grows almost linearly; McCandlish's optimum keeps it below linear.
    assert 0.01 < large.batch_choice["lr"] < 0.01 * large.batch_choice["batch_size"] / 32
    for h in (small, large):
        chosen = h.batch_choice
        assert chosen["examples"] == 512 and chosen["scaling"] == "linear" and chosen["reference_lr"] == 0.01
        # Read over a warm-up of 10 steps (5% of 63 steps at batch 32, at least 10), then the
        # power law through the readings after 5 and 10 steps averaged over the run's 63 steps.
        assert chosen["warmup_steps"] == 10 and 0 <= chosen["growth"] <= 1
        p, warmed = chosen["growth"], chosen["b_simple_warmed"]
        assert p == pytest.approx(min(1, max(0, math.log2(warmed / chosen["b_simple_middle"]))))
        assert chosen["b_simple"] == pytest.approx(max(warmed, warmed * 6.3**p / (1 + p)))
        assert chosen["lr"] == pytest.approx(
            scaled_lr(0.01, chosen["batch_size"], "linear", noise_scale=chosen["b_simple"])
        )
        assert h.steps["lr"][0][0] == pytest.approx(chosen["lr"])
        assert h.batch_choice["batch_size"] == batch_for_training(chosen["b_simple"], 2000)


def test_the_warm_up_reads_the_noise_scale_later_on_a_copy_and_falls_back_where_it_diverges():
    x, y = _high_noise(n=640)
    y = y + 3 * x[:, 1]  # a strong signal the warm-up learns: the noise scale grows
    model = _zero_linear()
    before = [p.clone() for p in model.parameters()]
    mse = ds.training.losses.get("mse")
    batches = [(x[i : i + 32], y[i : i + 32]) for i in range(0, 640, 32)]
    state = torch.random.get_rng_state()
    start = gradient_noise_scale(model, mse, x[:512], y[:512])
    warmed = warmed_noise_scale(model, mse, (x[:512], y[:512]), batches, 20, "sgd", 0.05)
    assert warmed.steps == 20 and not warmed.diverged
    assert warmed.final.b_simple > 3 * warmed.middle.b_simple > 3 * start.b_simple
    # Growth x4 from step 10 to 20 is steps^2, clamped to steps^1: the run's mean over 400 steps
    # is final x (400/20)^1 / 2.
    assert warmed.growth == 1 and warmed.run_mean(400) == pytest.approx(10 * warmed.final.b_simple)
    assert warmed.run_mean(20) == warmed.final.b_simple
    assert all(torch.equal(a, b) for a, b in zip(model.parameters(), before, strict=True))
    assert torch.equal(torch.random.get_rng_state(), state)
    blown = warmed_noise_scale(model, mse, (x[:512], y[:512]), batches, 20, "sgd", 1e6)
    assert blown.diverged and blown.steps < 20 and blown.final == blown.middle == start
    assert blown.growth == 0 and blown.run_mean(400) == start.b_simple
    with pytest.raises(ValueError, match="choose_batch_size with warmup needs the optimizer"):
        choose_batch_size(model, mse, x, y, n_train=640, scaling="linear", warmup=batches)


def test_auto_trains_exactly_as_the_chosen_batch_and_rate_given_by_hand():
    data = _high_noise(n=600)
    auto = ds.train("mlp", data, optimizer="adam", batch_size="auto", epochs=2, progress=False)
    chosen = auto.batch_choice
    assert chosen["scaling"] == "sqrt" and chosen["reference_lr"] == 0.001  # Adam's default, for batch 32
    assert chosen["lr"] == pytest.approx(0.001 * (chosen["batch_size"] / 32) ** 0.5)
    by_hand = ds.train(
        "mlp", data, optimizer="adam", batch_size=chosen["batch_size"], lr=chosen["lr"], epochs=2, progress=False
    )
    assert auto.steps["loss"] == by_hand.steps["loss"]
    for a, b in zip(auto.model.parameters(), by_hand.model.parameters(), strict=True):
        assert torch.equal(a, b)
    assert by_hand.batch_choice == {"batch_size": chosen["batch_size"], "scaling": "sqrt", "accumulate": 1}


def test_lr_auto_runs_the_range_test_at_the_chosen_batch():
    h = ds.train("softmax", "iris", optimizer="sgd", lr="auto", batch_size="auto", epochs=2, progress=False)
    assert h.lr_finder is not None
    assert h.batch_choice["lr"] is None and h.batch_choice["reference_lr"] is None
    assert h.steps["lr"][0][0] == pytest.approx(h.lr_finder.suggestion)


def test_the_choice_is_in_the_checkpoint_and_history_json_and_a_resume_keeps_it(tmp_path):
    data = _high_noise(n=600)
    first = ds.train(
        "linear", data, optimizer="sgd", lr=0.01, batch_size="auto", epochs=1, progress=False,
        checkpoint_dir=tmp_path / "ckpt", log_dir=tmp_path / "logs",
    )  # fmt: skip
    assert History.load(tmp_path / "logs").batch_choice == first.batch_choice
    saved = torch.load(tmp_path / "ckpt" / "last.pt", weights_only=True)
    assert saved["config"]["batch_choice"]["batch_size"] == first.batch_choice["batch_size"]
    # Other data at resume would measure another noise scale: the checkpoint's choice stands.
    resumed = ds.train(
        "linear", data, optimizer="sgd", lr=0.01, batch_size="auto", epochs=2, progress=False,
        checkpoint_dir=tmp_path / "ckpt", resume=True,
    )  # fmt: skip
    assert resumed.batch_choice == first.batch_choice
    assert len(resumed.loss) == 2 and resumed.steps["lr"][-1][0] == pytest.approx(first.batch_choice["lr"])


@pytest.mark.parametrize("value", ["autox", 0, -3, 2.5, True])
def test_bad_batch_sizes_give_one_clear_error(value):
    with pytest.raises(ValueError) as err:
        ds.train("linear", _low_noise(n=50), batch_size=value, epochs=1, progress=False)
    assert str(err.value) == f"batch_size must be an integer >= 1, None (full batch) or 'auto', got {value!r}"


def test_auto_refuses_an_optimizer_instance_and_a_dataloader():
    x, y = _low_noise(n=64)
    model = torch.nn.Linear(3, 1)
    with pytest.raises(ValueError, match="batch_size='auto' scales the rate, so it needs the optimizer by name"):
        ds.train(model, (x, y), optimizer=torch.optim.SGD(model.parameters(), lr=0.1), batch_size="auto")
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=8)
    with pytest.raises(ValueError, match="batch_size='auto' needs data that descend batches itself"):
        ds.train("linear", loader, batch_size="auto", progress=False)


def test_the_command_line_takes_batch_size_auto(tmp_path):
    out = tmp_path / "run"
    result = CliRunner().invoke(
        app,
        ["train", "--data", "iris", "--model", "softmax", "--batch-size", "auto", "--epochs", "1", "--out", str(out)],
        prog_name="descend",
    )
    assert result.exit_code == 0, result.output
    chosen = json.loads((out / "history.json").read_text())["batch_choice"]
    assert json.loads((out / "summary.json").read_text())["batch_size_used"] == chosen["batch_size"]
    assert f"batch size     {chosen['batch_size']}" in result.stdout


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_the_estimators_take_batch_size_auto():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 4))
    y = (X[:, 0] + 0.3 * rng.normal(size=400) > 0).astype(int)
    clf = GDClassifier(optimizer="sgd", lr=0.1, batch_size="auto", max_epochs=3, random_state=0).fit(X, y)
    chosen = clf.history_.batch_choice
    assert clf.batch_size_ == chosen["batch_size"] and 1 <= clf.batch_size_ <= 400
    assert clf.lr_ == pytest.approx(scaled_lr(0.1, clf.batch_size_, "linear", noise_scale=chosen["b_simple"]))
    assert clf.batch_size_ >= 32 and clf.lr_ >= 0.1
    # train's rule: B_simple read after a warm-up of 5% of the fit's steps at batch 32 (at least 10)
    assert chosen["warmup_steps"] == 10 and chosen["b_simple_warmed"] is not None
    with pytest.raises(ValueError, match="'batch_size' parameter of GDClassifier must be"):
        GDClassifier(batch_size="autox").fit(X, y)


def test_the_rule_pieces():
    assert scaled_lr(0.1, 8, "linear") == pytest.approx(0.025) and scaled_lr(0.1, 128, "sqrt") == pytest.approx(0.2)
    assert [lr_scaling(n) for n in ("gd", "sgd", "nesterov", "adam", "rmsprop", "adagrad")] == ["linear"] * 3 + [
        "sqrt"
    ] * 3
    # The run's batch: the largest power of two <= B_noise, at least 32 (or the data), the full
    # batch where the data is within a factor 2 of B_noise.
    assert [batch_for_training(b, 1000) for b in (0.2, 3.0, 45.0, 127.0, 128.0, 499.0, 500.0, float("inf"))] == [
        32, 32, 32, 64, 128, 256, 1000, 1000,
    ]  # fmt: skip
    assert batch_for_training(3.0, 20) == 20 and batch_for_training(300.0, 10_000, limit=100) == 64
    # McCandlish's optimum: linear well below B_noise, at most lr (1 + B_noise/32) above it.
    assert scaled_lr(0.1, 64, "linear", noise_scale=1e6) == pytest.approx(0.2, rel=1e-4)
    assert scaled_lr(0.1, 10**6, "linear", noise_scale=32.0) == pytest.approx(0.2, rel=1e-4)
    assert scaled_lr(0.1, 128, "sqrt", noise_scale=32.0) == pytest.approx(0.2)
    assert scaled_lr(0.1, 8, "linear", noise_scale=float("inf")) == pytest.approx(0.025)
    assert [warmup_steps(s) for s in (1, 10, 100, 1000)] == [1, 10, 10, 50]
    with pytest.raises(ValueError, match="noise_scale must be a number >= 0 or None, got -1.0"):
        scaled_lr(0.1, 8, "linear", noise_scale=-1.0)
    assert check_batch_size(np.int64(16)) == 16
    with pytest.raises(ValueError, match="scaling must be 'linear' or 'sqrt', got 'cubic'"):
        scaled_lr(0.1, 8, "cubic")
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1, got 0"):
        scaled_lr(0.1, 0, "linear")  # was 0.0
    with pytest.raises(ValueError, match="lr must be a number > 0, got -0.1"):
        scaled_lr(-0.1, 8, "linear")
    with pytest.raises(ValueError, match="reference must be an integer >= 1, got 0"):
        scaled_lr(0.1, 8, "linear", reference=0)


def test_the_memory_limit_counts_activations_and_leaves_the_model_alone():
    model = torch.nn.Sequential(torch.nn.Linear(100, 1000), torch.nn.BatchNorm1d(1000), torch.nn.Linear(1000, 1))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    # Per example: 2 x 4 bytes x (100 input + 1000 + 1000 + 1 outputs) = 16808 bytes.
    weights = 4 * 4 * sum(p.numel() for p in model.parameters())
    limit = memory_batch_limit(model, torch.randn(16, 100), cap_bytes=weights + 16808 * 100)
    assert limit == 100
    assert all(torch.equal(v, before[k]) for k, v in model.state_dict().items())
    assert "B_simple=inf" in str(BatchChoice(8, float("inf"), 64, 10, "sqrt"))
