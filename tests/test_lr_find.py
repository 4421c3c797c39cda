"""lr_find (the range test), lr="auto" in minimize, and schedules inside train."""

import copy
import math
import sys

import matplotlib
import pytest
import torch

import descend as ds
from descend import functions as F
from descend.lr_find import LRFinderResult, curvature_lr
from descend.minimize.auto_rate import probe_lr

from _breaking import cross_entropy_raising_at

matplotlib.use("Agg")


def _flat(model):
    return torch.cat([t.detach().flatten() for t in model.state_dict().values()])


def test_range_test_restores_weights_buffers_optimizer_and_rng():
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(64, 32),
        torch.nn.BatchNorm1d(32),
        torch.nn.ReLU(),
        torch.nn.Dropout(0.2),
        torch.nn.Linear(32, 10),
    )
    model[3].eval()  # a submodule in another mode than its parent
    model[0].weight.grad = torch.ones_like(model[0].weight)  # a gradient already there; no others
    opt = ds.optim.Adam(model.parameters(), lr=1e-3)
    model(torch.randn(8, 64)).sum().backward()
    opt.step()  # optimizer state the test must leave as it was
    grads = {n: None if p.grad is None else p.grad.clone() for n, p in model.named_parameters()}
    state = copy.deepcopy(opt.state_dict())
    before = _flat(model)
    rng = torch.get_rng_state()
    found = ds.lr_find(model, "digits", optimizer=opt, num=40)
    assert torch.equal(_flat(model), before)  # incl. batch-norm running statistics
    assert torch.equal(torch.get_rng_state(), rng)
    assert len(found.lrs) == len(found.losses) == len(found.raw_losses) <= 40
    assert [m.training for m in model.modules()] == [True, True, True, True, False, True]
    for n, p in model.named_parameters():
        assert (p.grad is None) == (grads[n] is None) and (p.grad is None or torch.equal(p.grad, grads[n]))
    after = opt.state_dict()
    assert all(after["param_groups"][0][k] == v for k, v in state["param_groups"][0].items())
    for k, v in state["state"].items():
        assert all(torch.equal(v[key], after["state"][k][key]) for key in v)


def test_range_test_restores_everything_even_when_it_raises():
    model = torch.nn.Linear(4, 3)
    before = _flat(model)
    opt = ds.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    rng = torch.get_rng_state()
    with pytest.raises(RuntimeError, match="boom"):
        ds.lr_find(model, "iris", loss=cross_entropy_raising_at(7), optimizer=opt, num=20, batch_size=8)
    assert torch.equal(_flat(model), before)
    assert torch.equal(torch.get_rng_state(), rng)
    assert opt.state_dict()["state"] == {} and opt.param_groups[0]["lr"] == 0.1  # no momentum left
    assert all(p.grad is None for p in model.parameters())


def test_lrs_grow_exponentially_from_start_to_end():
    found = ds.lr_find("softmax", "iris", optimizer="sgd", start=1e-4, end=1.0, num=9, batch_size=16)
    assert found.lrs == pytest.approx([10 ** (-4 + k / 2) for k in range(9)])
    assert found.stopped_because == "reached end=1 after 9 steps"


@pytest.mark.parametrize(
    "model, data, optimizer, epochs, floor",
    [
        ("softmax", "iris", "sgd", 30, 0.85),
        ("mlp", "digits", "adam", 10, 0.95),
    ],
)
@pytest.mark.slow
def test_the_suggestion_trains_well(model, data, optimizer, epochs, floor):
    found = ds.lr_find(model, data, optimizer=optimizer)
    assert found.suggestion is not None and found.rule == "steepest descent before the minimum"
    assert found.candidates == found.pilot_losses == [] and found.pilot_steps == 0  # no budget
    h = ds.train(model, data, optimizer=optimizer, lr=found.suggestion, batch_size=32, epochs=epochs, progress=False)
    assert h.epochs["val_accuracy"][h.best_epoch] > floor
    # and better than a learning rate 100 times smaller
    slow = ds.train(
        model, data, optimizer=optimizer, lr=found.suggestion / 100, batch_size=32, epochs=epochs, progress=False
    )
    assert min(h.val_loss) < min(slow.val_loss)


def test_no_suggestion_when_the_loss_cannot_fall():
    model = torch.nn.Linear(3, 1)
    torch.nn.init.zeros_(model.weight)
    torch.nn.init.zeros_(model.bias)
    X, y = torch.randn(64, 3), torch.zeros(64)
    found = ds.lr_find(model, (X, y), loss="mse", optimizer="sgd", num=30, batch_size=16)
    assert found.suggestion is None and "never fell" in found.reason
    with pytest.raises(ValueError, match="no learning rate to apply: the loss never fell"):
        found.apply(ds.optim.SGD(model.parameters()))


def test_early_stop_on_blow_up_is_sign_safe():
    # A loss shifted to negative values: "4 times the best" must mean best + 3|best|.
    # A rule of "4 times the best" (-40 for a best of -10) would stop at the first step.
    shifted = lambda out, y: torch.nn.functional.mse_loss(out.squeeze(1), y) - 10.0  # noqa: E731
    X = torch.randn(256, 3, generator=torch.Generator().manual_seed(0))
    # Seeded: 4 of 40 initialisations start the shifted loss near 0, where "4 times the best" is a
    # band narrower than the batches' noise and the test stops at lr ~ 1e-3 (a known fragility).
    torch.manual_seed(1)
    found = ds.lr_find(
        torch.nn.Linear(3, 1),
        (X, X @ torch.tensor([1.0, -1.0, 2.0])),
        loss=shifted,
        optimizer="sgd",
        start=1e-4,
        end=1e3,
        num=100,
        batch_size=16,
    )
    assert found.stopped_because.startswith("the mini-batch loss blew up: its moving average rose to ")
    # SGD on this least squares is stable up to lr ~ 2/L ~ 1: the stop comes past it, not before
    assert 1.0 < found.lrs[-1] < 1e3 and len(found.lrs) > 50
    best = min(found.raw_losses)
    assert best < -5 and found.stopped_because.endswith(f"at lr={found.lrs[-1]:.3g}")


def test_clipping_takes_the_runs_clipped_steps():
    # Inputs scaled by 100 make gradients of norm ~1e4: unclipped, the test blows up at a small
    # rate; with the gradient clipped to norm 1, a step moves at most lr, so it lasts far longer.
    X = 100 * torch.randn(256, 3, generator=torch.Generator().manual_seed(0))
    data = (X, X @ torch.tensor([1.0, -1.0, 2.0]))
    kw = dict(loss="mse", optimizer="sgd", start=1e-7, end=10.0, num=100, batch_size=16, seed=0)
    plain = ds.lr_find(torch.nn.Linear(3, 1), data, **kw)
    clipped = ds.lr_find(torch.nn.Linear(3, 1), data, clip_grad_norm=1.0, **kw)
    assert plain.lrs[-1] < 1e-3 and clipped.lrs[-1] > 30 * plain.lrs[-1]
    with pytest.raises(ValueError, match="give clip_grad_norm or clip_grad_value, not both"):
        ds.lr_find(torch.nn.Linear(3, 1), data, clip_grad_norm=1.0, clip_grad_value=1.0, **kw)


@pytest.mark.slow
def test_train_with_lr_auto_tests_the_runs_own_updates(monkeypatch):
    # accumulate=4 batches of 8 make updates of 32 examples; the clipping comes along; the
    # range test runs on the run's own model.
    module = sys.modules["descend.train"]  # the module; ds.train is the function
    seen = {}
    real = sys.modules["descend.lr_find"].range_test

    def spy(model, source, *args, **kwargs):
        seen.update(kwargs, model=model, rows=source.rows(0))
        return real(model, source, *args, **kwargs)

    monkeypatch.setattr(sys.modules["descend.lr_find"], "range_test", spy)  # what train's rate_for_run calls
    prepared = []  # the data is prepared once: the range test re-batches the run's source
    real_prepare = module.prepare
    monkeypatch.setattr(module, "prepare", lambda *a, **k: prepared.append(1) or real_prepare(*a, **k))
    hist = ds.train(
        "softmax",
        "iris",
        optimizer="sgd",
        lr="auto",
        batch_size=8,
        accumulate=4,
        epochs=2,
        clip_grad_norm=0.5,
        progress=False,
    )
    assert seen["rows"] == 32 and seen["clip"] == (0.5, None)
    assert seen["budget"] == 2 * math.ceil(math.ceil(120 / 8) / 4)
    assert seen["model"] is hist.model
    assert len(prepared) == 1


def test_a_schedule_free_optimizer_is_probed_at_its_evaluation_point_and_left_as_it_was():
    model = torch.nn.Linear(4, 3)
    opt = ds.optim.ScheduleFreeAdamW(model.parameters(), lr=1e-3)
    switches = []
    for name in ("eval", "train"):

        def switch(method=getattr(opt, name), name=name):
            switches.append(name)
            method()

        setattr(opt, name, switch)
    before = _flat(model)
    found = ds.lr_find(model, "iris", optimizer=opt, num=20, batch_size=8)
    assert switches[:4] == ["eval", "train", "eval", "train"] and switches.count("eval") == len(found.lrs)
    assert all(g["train_mode"] for g in opt.param_groups) and torch.equal(_flat(model), before)


@pytest.mark.slow
def test_pilots_restore_weights_optimizer_and_rng_exactly():
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Dropout(0.2), torch.nn.Linear(8, 3)
    )
    before, rng = _flat(model), torch.get_rng_state()
    found = ds.lr_find(model, "iris", optimizer="adam", num=30, batch_size=32, budget=40)
    assert torch.equal(_flat(model), before) and torch.equal(torch.get_rng_state(), rng)
    assert found.pilot_steps > 0 and all(math.isfinite(v) or v == math.inf for v in found.pilot_losses)
    # the same call again picks the same rate: every pilot starts from the same state
    again = ds.lr_find(model, "iris", optimizer="adam", num=30, batch_size=32, budget=40)
    assert again.candidates == found.candidates and again.pilot_losses == found.pilot_losses


def test_apply_and_plot():
    found = ds.lr_find("softmax", "iris", optimizer="sgd", num=60, batch_size=16)
    opt = ds.optim.SGD(
        [
            torch.nn.Parameter(torch.zeros(1)),
        ],
        lr=0.5,
    )
    found.apply(opt)
    assert opt.param_groups[0]["lr"] == found.suggestion
    ax = found.plot()
    assert ax.get_xscale() == "log" and len(ax.lines) == 3


def test_a_blow_up_does_not_flatten_the_descent_on_the_plot():
    """Was: a blow-up to 4765 set the axis's top, the descent 2.3 -> 0.8 flat along its foot."""
    lrs = [1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0]
    smoothed, raw = [2.3, 2.2, 1.5, 0.8, 133.0, 2750.0], [2.3, 2.1, 1.4, 0.7, 190.0, 4765.0]
    found = LRFinderResult(lrs, smoothed, raw, 0.05, "steepest descent", "", "blew up")
    ax = found.plot()
    assert ax.get_ylim() == pytest.approx((0.7 - 0.15, 2.3 + 0.75))  # the batches' lowest shown too
    assert [t.get_text() for t in ax.texts] == [
        "the loss blew up beyond the top: per batch to 4.76e+03, smoothed to 2.75e+03"
    ]
    calm = LRFinderResult(lrs[:4], smoothed[:4], raw[:4], 0.05, "steepest descent", "", "reached end")
    assert calm.plot().get_ylim()[1] < 2.5 and not calm.plot().texts
    rising = LRFinderResult(lrs, sorted(smoothed), sorted(raw), None, "none", "no descent", "blew up")
    assert rising.plot().get_ylim()[1] > 4765 and not rising.plot().texts


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(start=0), "start must be a number > 0, got 0"),
        (dict(start=1.0, end=0.5), "end must be larger than start"),
        (dict(num=2), "num must be an integer >= 5, got 2"),
        (dict(num=50.0), "num must be an integer >= 5, got 50.0"),
        (dict(end=float("inf")), "end must be a finite number > 0, got inf"),
        (dict(end="10"), "end must be a number > 0, got '10'"),
    ],
)
def test_bad_range_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ds.lr_find("softmax", "iris", **kwargs)


@pytest.mark.parametrize(
    "fn, iterations, match",
    [
        (lambda x: x**2, 20, r"fn must return a one-element tensor \(the value to minimise\), got \(3,\)"),
        (lambda x: 1.0, 20, "fn must return a one-element tensor .*, got float"),
        (lambda x: (x**2).sum(), 0, "iterations must be an integer >= 1, got 0"),
    ],
)
def test_curvature_lr_bad_input(fn, iterations, match):
    with pytest.raises(ValueError, match=match):
        curvature_lr(fn, torch.ones(3), iterations=iterations)


def test_curvature_lr_is_one_over_the_largest_eigenvalue():
    lr, L = curvature_lr(F.quadratic(100.0, dim=5), torch.ones(5, dtype=torch.float64))
    assert L == pytest.approx(100.0, rel=1e-6) and lr == pytest.approx(0.01, rel=1e-6)
    assert math.isnan(curvature_lr(lambda x: x.sum(), torch.ones(3))[0])  # no curvature


def test_curvature_lr_reads_the_largest_positive_curvature_not_a_negative_one():
    # Was 1/|λ| for the eigenvalue of largest magnitude: 1/10 on this saddle, 1/1.88 at a double
    # well's top, where no curvature is positive.
    saddle = lambda x: 0.5 * (4 * x[0] ** 2 - 10 * x[1] ** 2)  # noqa: E731
    lr, L = curvature_lr(saddle, torch.ones(2, dtype=torch.float64))
    assert L == pytest.approx(4.0, rel=1e-6) and lr == pytest.approx(0.25, rel=1e-6)
    well = lambda x: (x**4 - x**2).sum()  # noqa: E731
    assert math.isnan(curvature_lr(well, torch.tensor([0.1, 0.2], dtype=torch.float64))[0])
    assert math.isnan(curvature_lr(lambda x: -(x**2).sum(), torch.ones(3))[0])  # a maximum


def test_probe_lr_finds_a_step_that_decreases_the_function():
    x = torch.tensor([-1.2, 1.0], dtype=torch.float64)
    lr = probe_lr(F.rosenbrock, x, "adam", {})
    opt = ds.optim.Adam([xp := x.clone().requires_grad_()], lr=lr)
    F.rosenbrock(xp).backward()
    opt.step()
    assert F.rosenbrock(xp) < F.rosenbrock(x)


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "adam", "rmsprop"])
def test_minimize_with_lr_auto_converges_on_the_quadratic(optimizer):
    quad = F.quadratic(100.0)
    res = ds.minimize(
        quad, torch.tensor(quad.start, dtype=torch.float64), optimizer=optimizer, lr="auto", max_iter=20_000
    )
    assert res.converged, res
    if optimizer == "gd":
        assert res.history.lr[0] == pytest.approx(1 / quad.lipschitz, rel=1e-6)


@pytest.mark.slow
def test_train_follows_a_schedule_by_name_and_by_object():
    h = ds.train(
        "softmax", "iris", optimizer="sgd", lr=0.1, batch_size=30, epochs=5, tol=None, schedule="cosine", progress=False
    )
    total = 5 * 4
    expected = [0.1 * (1 + math.cos(math.pi * t / total)) / 2 for t in range(total)]
    assert [row[0] for row in h.steps["lr"]] == pytest.approx(expected)
    plateau = ds.schedules.plateau(base=0.1, patience=0, factor=0.5)
    h = ds.train(
        "softmax", "iris", optimizer="sgd", lr=0.1, batch_size=30, epochs=6, tol=None, schedule=plateau, progress=False
    )
    val = h.val_loss
    # the lr halves after each epoch whose validation loss did not improve on the best
    worse = sum(1 for e in range(1, 5) if val[e] >= min(val[:e]) - 1e-4 * abs(min(val[:e])))
    assert h.epochs["lr"][-1] == [pytest.approx(0.1 * 0.5**worse)]


def test_minimize_follows_a_schedule():
    res = ds.minimize(F.booth, [0.0, 0.0], lr=0.05, schedule="cosine", max_iter=50, gtol=0)
    assert res.history.lr[:-1] == pytest.approx([0.05 * (1 + math.cos(math.pi * t / 50)) / 2 for t in range(50)])


def test_a_misspelt_keyword_is_named_as_lr_finds_own():
    with pytest.raises(TypeError, match=r"lr_find\(\) takes no keyword 'nums', .*Did you mean 'num'\?"):
        ds.lr_find("softmax", "iris", nums=20)


def test_an_lr_is_refused_as_what_the_test_sweeps():
    """Was "descend.optim._registry.build() got multiple values for keyword argument 'lr'"."""
    with pytest.raises(
        TypeError,
        match=r"^lr_find takes no lr: it sweeps the learning rate from start to end \(start=1e-07, end=10\) and suggests one; got lr=0\.1$",
    ):
        ds.lr_find("softmax", "iris", lr=0.1)


def test_lr_find_at_its_default_batch_on_fewer_examples_takes_the_full_batch_with_a_warning():
    # The user never chose 32: as scikit-learn's and Keras' min(batch_size, n), with one warning.
    X = torch.randn(20, 3, generator=torch.Generator().manual_seed(0))
    y = X.sum(1)
    with pytest.warns(
        UserWarning, match=r"^batch_size=32 \(the default\) is more than the 20 training examples"
    ) as caught:
        found = ds.lr_find("linear", (X, y), num=20)
    assert len(caught) == 1 and caught[0].filename == __file__  # the warning points at the call
    full = ds.lr_find("linear", (X, y), num=20, batch_size=None)
    assert found.suggestion == full.suggestion and found.lrs == full.lrs


@pytest.mark.parametrize("optimizer", ["lbfgs", torch.optim.Rprop])
def test_lr_find_at_its_default_batch_takes_the_full_batch_for_a_rule_of_full_batch_gradients(optimizer):
    """As train and descend lr-find do: at batch 32, L-BFGS's ramp on iris stalled until the
    probe loss went to 1e31, and said "the model unable to learn, or the data unsuitable"."""
    default = ds.lr_find("mlp", "iris", optimizer=optimizer, num=30)
    full = ds.lr_find("mlp", "iris", optimizer=optimizer, num=30, batch_size=None)
    assert default.lrs == full.lrs and default.losses == full.losses
    assert default.suggestion is not None or optimizer is torch.optim.Rprop  # Rprop's steps ignore the rate


def test_lr_find_with_a_batch_chosen_larger_than_the_data_is_an_error():
    X = torch.randn(20, 3, generator=torch.Generator().manual_seed(0))
    with pytest.raises(
        ValueError, match=r"^batch_size=32 is larger than the 20 training examples; use batch_size=None"
    ):
        ds.lr_find("linear", (X, X.sum(1)), num=20, batch_size=32)


def test_lr_find_of_a_loader_at_the_default_batch_keeps_the_loaders_batches():
    X = torch.randn(20, 3, generator=torch.Generator().manual_seed(0))
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, X.sum(1, keepdim=True)), batch_size=4)
    assert ds.lr_find(torch.nn.Linear(3, 1), loader, num=20).lrs
    with pytest.raises(ValueError, match=r"^a DataLoader brings its own batch size \(4\); leave batch_size=None"):
        ds.lr_find(torch.nn.Linear(3, 1), loader, num=20, batch_size=32)


def test_the_result_prints_in_one_line_not_every_rate():
    """Its repr was the dataclass's: every rate, loss and raw loss of the curve (a screenful)."""
    found = ds.lr_find("softmax", "iris", optimizer="sgd", num=50, batch_size=16)
    text = repr(found)
    assert "\n" not in text and len(text) < 400 and "lrs=" not in text
    assert text.startswith(f"LRFinderResult(suggestion {found.suggestion:.4g} by ")
    assert text.endswith(f"; 50 rates from 1e-07 to 10; {found.stopped_because})")
