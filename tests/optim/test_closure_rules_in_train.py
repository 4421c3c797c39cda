"""The new rules through ``descend.train``, the estimators and the CLI: LARS, LAMB and Muon train
as any rule; LBFGS and SAM step through a closure on the update's batch (closure_step), and
the settings a closure cannot serve are refused at the first update with their reason."""

from __future__ import annotations

import pytest
import torch
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.training.closure_step import batch_closure, needs_closure, refusal

W_TRUE, B_TRUE = torch.tensor([1.0, -1.0, 2.0]), 0.5


def data(n=64):
    gen = torch.Generator().manual_seed(0)
    X = torch.randn(n, 3, generator=gen)
    return X, (X @ W_TRUE + B_TRUE).unsqueeze(1)


@pytest.mark.parametrize(
    ("name", "hyper", "bias"),
    [
        ("lars", dict(lr=1.0, trust_coefficient=0.01), True),
        ("lamb", dict(lr=0.05), True),
        ("muon", dict(lr=0.02), True),  # the bias goes to Muon's auxiliary AdamW
    ],
)
def test_trains_by_name(name, hyper, bias):
    torch.manual_seed(0)
    history = ds.train(
        torch.nn.Linear(3, 1, bias=bias),
        data(),
        loss="mse",
        optimizer=name,
        epochs=3,
        batch_size=None,
        progress=False,
        **hyper,
    )  # the full batch: each step's loss is the training loss
    losses = history.steps["loss"]
    assert losses[-1] < losses[0]


def test_lbfgs_in_train_solves_linear_regression():
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    history = ds.train(model, data(), loss="mse", optimizer="lbfgs", epochs=5, progress=False)
    torch.testing.assert_close(model.weight.detach(), W_TRUE.unsqueeze(0), atol=1e-4, rtol=0)
    assert abs(model.bias.item() - B_TRUE) < 1e-4 and history.steps["loss"][-1] < 1e-8


def test_sam_in_train_converges_on_linear_regression():
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    history = ds.train(
        model, data(), loss="mse", optimizer="sam", lr=0.1, rho=0.01, batch_size=16, epochs=40, progress=False
    )
    assert history.steps["loss"][-1] < 1e-3
    torch.testing.assert_close(model.weight.detach(), W_TRUE.unsqueeze(0), atol=0.02, rtol=0)


def test_sam_in_train_is_a_hand_loop_with_sam_step_for_step():
    # Full batch: the hand loop takes the same batch; the recorded loss is the one at w_k,
    # before the update (the loop's own forward pass).
    X, y = data()
    torch.manual_seed(0)
    ours = torch.nn.Linear(3, 1)
    theirs = torch.nn.Linear(3, 1)
    theirs.load_state_dict(ours.state_dict())
    hyper = dict(lr=0.05, rho=0.1, momentum=0.9)
    history = ds.train(
        ours, (X, y), loss="mse", optimizer="sam", epochs=8, tol=None, batch_size=None, progress=False, **hyper
    )
    opt = ds.optim.SAM(theirs.parameters(), base="sgd", **hyper)
    losses = []

    def closure():
        loss = torch.nn.functional.mse_loss(theirs(X), y)
        loss.backward()
        return loss

    for _ in range(8):
        losses.append(opt.step(closure).item())
    assert len(history.steps["loss"]) == 8
    torch.testing.assert_close(torch.tensor(history.steps["loss"]), torch.tensor(losses), rtol=1e-6, atol=0)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        torch.testing.assert_close(p, q, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("momentum", [0.1, None])  # None: the cumulative average, weighted by the count
def test_the_closure_moves_batchnorm_statistics_only_in_the_loops_pass(momentum):
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4, momentum=momentum), torch.nn.Linear(4, 1)
    )
    ds.train(model, data(), loss="mse", optimizer="sam", lr=0.01, epochs=3, tol=None, batch_size=None, progress=False)
    assert model[1].num_batches_tracked.item() == 3  # one per step: the loop's pass, not SAM's second
    reference = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 1))
    reference.train()
    x = data()[0]
    running = reference[1].running_mean.clone()
    closure = batch_closure(reference, reference, torch.nn.functional.mse_loss, list(reference.parameters()), data())
    closure()
    assert torch.equal(reference[1].running_mean, running)  # frozen inside the closure
    reference(x)
    assert not torch.equal(reference[1].running_mean, running)  # and moving again after it


def test_the_first_call_returns_the_loops_loss_and_gradients_without_a_pass():
    model = torch.nn.Linear(3, 1)
    calls = []
    model.register_forward_hook(lambda *_: calls.append(1))
    params = list(model.parameters())
    for p in params:
        p.grad = torch.full_like(p, 7.0)
    closure = batch_closure(model, model, torch.nn.functional.mse_loss, params, data(), loss=2.5)
    for p in params:
        p.grad.zero_()  # as a rule's zero_grad(set_to_none=False) would
    assert closure().item() == 2.5 and not calls
    assert all(torch.equal(p.grad, torch.full_like(p, 7.0)) for p in params)
    recomputed = closure()
    assert len(calls) == 1 and recomputed.item() == torch.nn.functional.mse_loss(model(data()[0]), data()[1]).item()


def test_the_first_call_gives_a_float64_models_loss_unrounded():
    # A float32 tensor of it (until session 40) moved LBFGS's first loss by up to 6e-8 of itself,
    # more than a float64 run's late steps change it.
    model = torch.nn.Linear(3, 1).double()
    params = list(model.parameters())
    for p in params:
        p.grad = torch.zeros_like(p)
    X, y = data()
    closure = batch_closure(model, model, torch.nn.functional.mse_loss, params, (X.double(), y.double()), loss=0.1)
    assert float(closure()) == 0.1


@pytest.mark.filterwarnings("ignore:GDClassifier stopped at max_epochs")
def test_classifier_fits_with_sam():
    gen = torch.Generator().manual_seed(0)
    X = torch.randn(120, 2, generator=gen)
    y = (X[:, 0] + X[:, 1] > 0).long()
    clf = ds.GDClassifier(optimizer="sam", lr=0.5, max_epochs=30, random_state=0).fit(X.numpy(), y.numpy())
    assert clf.score(X.numpy(), y.numpy()) > 0.95


def test_cli_trains_with_sam(tmp_path):
    out = tmp_path / "run"
    args = ["train", "--data", "iris", "--model", "softmax", "--optimizer", "sam", "--lr", "0.1"]
    args += ["--hyper", "rho=0.02", "--epochs", "2", "--out", str(out), "--no-progress"]
    result = CliRunner().invoke(app, args, prog_name="descend")
    assert result.exit_code == 0, result.output
    assert (out / "steps.csv").is_file()


def test_refused_settings_are_named_before_any_update():
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    start = [p.detach().clone() for p in model.parameters()]
    shown = r"LBFGS takes .* its line search compares the loss with its gradient"
    with pytest.raises(ValueError, match=shown):
        ds.train(model, data(), loss="mse", optimizer="lbfgs", epochs=1, progress=False, clip_grad_norm=1.0)
    assert all(torch.equal(p, q) for p, q in zip(model.parameters(), start))  # weights untouched


@pytest.mark.parametrize("name", ["sam", "lbfgs"])
def test_a_step_without_a_closure_says_what_to_pass(name):
    model = torch.nn.Linear(3, 1)
    opt = ds.optim.create(name, model.parameters(), lr=0.1)
    torch.nn.functional.mse_loss(model(torch.ones(2, 3)), torch.zeros(2, 1)).backward()
    with pytest.raises(RuntimeError, match=r"needs a closure .* descend.train, its range tests \(lr='auto'"):
        opt.step()


@pytest.mark.skipif(not torch.cuda.is_available(), reason="fp16 training needs a CUDA device")
def test_fp16_is_refused_on_cuda():
    with pytest.raises(ValueError, match=r"SAM takes .* fp16's gradient scaler cannot step through a closure"):
        ds.train(
            torch.nn.Linear(3, 1), data(), loss="mse", optimizer="sam", precision="fp16", device="cuda", progress=False
        )


def test_refusal_of_workers_and_fp16():
    w = [torch.nn.Parameter(torch.zeros(2))]
    sam, lbfgs = ds.optim.SAM(w), ds.optim.LBFGS(w)
    free = dict(workers=1, precision="fp32", clip=(None, None))
    assert refusal(sam, **free) is None and refusal(lbfgs, **free) is None
    assert refusal(sam, **{**free, "clip": (1.0, None)}) is None  # SAM clips each of its gradients
    assert "with 2 data-parallel workers its evaluations would differ" in refusal(sam, **{**free, "workers": 2})
    assert refusal(lbfgs, **{**free, "precision": "fp16"}).endswith(
        "fp16's gradient scaler cannot step through a closure: use precision='bf16' or precision='fp32'"
    )  # each a keyword, so that the command line reads --precision bf16 or --precision fp32
    assert needs_closure(torch.optim.LBFGS(w)) and not needs_closure(ds.optim.Adam(w))
