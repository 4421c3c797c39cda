"""MuonWithAuxAdam: Muon for 2-D weights and AdamW for the other parameters, checked step by
step against torch.optim.Muon and torch.optim.AdamW run side by side by hand; its groups
(automatic split by ndim, use_muon flags, adamw_lr), state dict, bad input, and train."""

from __future__ import annotations

import copy

import pytest
import torch

import descend as ds
import descend.optim as do


def mlp(seed=0, dtype=torch.float32):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(4, 6), torch.nn.LayerNorm(6), torch.nn.Tanh(), torch.nn.Linear(6, 1)).to(
        dtype
    )


def batches(steps, dtype):
    gen = torch.Generator().manual_seed(1)
    for _ in range(steps):
        x = torch.randn(8, 4, generator=gen, dtype=dtype)
        yield x, x.sum(1, keepdim=True).sin()


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=str)
@pytest.mark.parametrize(
    "hyper",
    [
        dict(lr=0.02),
        dict(lr=0.02, adamw_lr=3e-3, weight_decay=0.0),
        dict(lr=0.01, nesterov=False, adamw_betas=(0.8, 0.9)),
    ],
    ids=["shared-lr", "adamw-lr", "options"],
)
def test_matches_torch_muon_and_adamw_side_by_side(hyper, dtype):
    ours, theirs = mlp(dtype=dtype), mlp(dtype=dtype)
    opt = do.MuonWithAuxAdam(ours.parameters(), **hyper)
    muon_kw = {k: v for k, v in hyper.items() if not k.startswith("adamw_")}
    matrices = [p for p in theirs.parameters() if p.ndim == 2]
    others = [p for p in theirs.parameters() if p.ndim != 2]
    ref_muon = torch.optim.Muon(matrices, **muon_kw)
    ref_adamw = torch.optim.AdamW(
        others,
        lr=hyper.get("adamw_lr", hyper["lr"]),
        betas=hyper.get("adamw_betas", (0.9, 0.95)),
        eps=1e-10,
        weight_decay=hyper.get("weight_decay", 0.1),
    )
    assert len(others) == 4  # the two biases and LayerNorm's weight and bias
    rtol = 1e-6 if dtype == torch.float32 else 1e-12
    for step, (x, y) in enumerate(batches(10, dtype)):
        for model, optimizers in ((ours, [opt]), (theirs, [ref_muon, ref_adamw])):
            for o in optimizers:
                o.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            for o in optimizers:
                o.step()
        for (name, p), q in zip(ours.named_parameters(), theirs.parameters()):
            torch.testing.assert_close(p, q, rtol=rtol, atol=rtol, msg=f"{name} after step {step + 1}")


def test_groups_split_by_ndim_and_flags_are_obeyed():
    emb, w, b = (
        torch.nn.Parameter(torch.randn(5, 3)),
        torch.nn.Parameter(torch.randn(3, 3)),
        torch.nn.Parameter(torch.zeros(3)),
    )
    opt = do.MuonWithAuxAdam(
        [{"params": [emb], "use_muon": False}, {"params": [w, b], "lr": 0.05}], lr=0.02, adamw_lr=1e-3
    )
    got = [
        (g["use_muon"], g["lr"], [p is q for p, q in zip(g["params"], ps)])
        for g, ps in zip(opt.param_groups, [[emb], [w], [b]])
    ]
    assert got == [(False, 1e-3, [True]), (True, 0.05, [True]), (False, 0.05, [True])]  # a group's own lr wins
    with pytest.raises(ValueError, match=r"Muon only supports 2D parameters .* torch\.Size\(\[3\]\)"):
        do.MuonWithAuxAdam([{"params": [b], "use_muon": True}])
    with pytest.raises(ValueError, match="use_muon must be True or False, got 1"):
        do.MuonWithAuxAdam([{"params": [w], "use_muon": 1}])


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("adamw_betas", (0.9, 1.5), "adamw_betas"),
        ("adamw_eps", 0.0, "adamw_eps must be a number > 0, got 0.0"),
        ("adamw_lr", -1.0, "adamw_lr must be a number >= 0, got -1.0"),
    ],
)
def test_bad_hyper_parameter_is_named(name, value, shown):
    with pytest.raises(ValueError, match=shown):
        do.MuonWithAuxAdam(mlp().parameters(), **{name: value})


def test_state_dict_round_trip_and_state_layout():
    model = mlp()
    opt = do.MuonWithAuxAdam(model.parameters(), lr=0.02)
    for x, y in batches(2, torch.float32):
        opt.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        opt.step()
    w, b = model[0].weight, model[0].bias
    assert set(opt.state[w]) == {"momentum_buffer"}  # torch.optim.Muon's
    assert set(opt.state[b]) == {"step", "exp_avg", "exp_avg_sq"} and opt.state[b]["step"].item() == 2  # AdamW's
    twin = copy.deepcopy(model)  # the same weights, a fresh optimizer loaded from opt's state
    again = do.MuonWithAuxAdam(twin.parameters(), lr=0.5)
    again.load_state_dict(copy.deepcopy(opt.state_dict()))
    assert again.state_dict()["param_groups"] == opt.state_dict()["param_groups"]
    for p, q in zip(model.parameters(), twin.parameters()):
        for key, value in opt.state[p].items():
            torch.testing.assert_close(again.state[q][key], value, rtol=0, atol=0)
    for m, o in ((model, opt), (twin, again)):  # one more step each on the same batch: the same weights
        x, y = next(iter(batches(1, torch.float32)))
        o.zero_grad()
        torch.nn.functional.mse_loss(m(x), y).backward()
        o.step()
    for p, q in zip(model.parameters(), twin.parameters()):
        torch.testing.assert_close(q, p, rtol=0, atol=0)


def test_muon_by_name_trains_an_mlp_with_biases():
    gen = torch.Generator().manual_seed(0)
    X = torch.randn(128, 4, generator=gen)
    y = X @ torch.tensor([[1.0], [-2.0], [0.5], [1.5]]) + 0.3
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
    history = ds.train(model, (X, y), loss="mse", optimizer="muon", lr=0.02, epochs=20, batch_size=32, progress=False)
    losses = history.steps["loss"]
    assert losses[-1] < 0.1 * losses[0]
