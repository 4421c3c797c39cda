"""SparseAdam against ``torch.optim.SparseAdam``: sparse gradients from embeddings (and
hand-made ones with repeated indices), step by step to the last ulps, state dicts both ways,
and its errors."""

from __future__ import annotations

import copy

import pytest
import torch

import descend as ds
import descend.optim as do

ULPS = 4
DTYPES = pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=str)
STEPS = 60


def sparse(indices, values, size):
    return torch.sparse_coo_tensor(indices, values, size, check_invariants=True)


def batches(gen, dtype, steps):
    """Per step: rows of a (20, 4) table, and a gradient with repeated indices for a
    (6, 3, 2) tensor (left uncoalesced: the rule must sum the repeats)."""
    for _ in range(steps):
        rows = torch.randint(0, 20, (8,), generator=gen)
        target = torch.randn(8, 4, generator=gen, dtype=dtype)
        idx = torch.randint(0, 6, (1, 5), generator=gen)
        values = torch.randn(5, 3, 2, generator=gen, dtype=dtype)
        yield rows, target, sparse(idx, values, (6, 3, 2))


def run(make, dtype, steps=STEPS, start=0, init=None):
    """``steps`` steps from batch ``start``, from the seed's weights or ``init``."""
    gen = torch.Generator().manual_seed(0)
    table = torch.nn.Embedding(20, 4, sparse=True, dtype=dtype)
    with torch.no_grad():
        table.weight.copy_(torch.randn(20, 4, generator=gen, dtype=dtype))
    other = torch.nn.Parameter(torch.randn(6, 3, 2, generator=gen, dtype=dtype))
    if init is not None:
        with torch.no_grad():
            table.weight.copy_(init[0])
            other.copy_(init[1])
    params = [table.weight, other]
    opt = make([{"params": [table.weight]}, {"params": [other], "lr": 0.005}])
    history = []
    for k, (rows, target, g) in enumerate(batches(gen, dtype, start + steps)):
        if k < start:
            continue
        opt.zero_grad()
        (table(rows) - target).square().sum().backward()
        other.grad = g
        opt.step()
        history.append([p.detach().clone() for p in params])
    return params, opt, history


@DTYPES
@pytest.mark.parametrize(
    "hyper", [dict(lr=0.01), dict(lr=0.01, betas=(0.8, 0.9), eps=1e-6), dict(lr=0.01, maximize=True)], ids=str
)
def test_matches_torch_step_by_step(hyper, dtype):
    tol = ULPS * torch.finfo(dtype).eps
    ours = run(lambda groups: do.SparseAdam(groups, **hyper), dtype)
    theirs = run(lambda groups: torch.optim.SparseAdam(groups, **hyper), dtype)
    for a, b in zip(ours[2], theirs[2]):
        for p, q in zip(a, b):
            torch.testing.assert_close(p, q, rtol=tol, atol=tol)
    for p, q in zip(ours[0], theirs[0]):
        for key, expected in theirs[1].state[q].items():
            assert type(ours[1].state[p][key]) is type(expected)  # step: a plain int, as torch's
            if key != "step":
                torch.testing.assert_close(ours[1].state[p][key], expected, rtol=tol, atol=tol)
    assert ours[1].state[ours[0][0]]["step"] == STEPS


def test_only_the_rows_in_the_batch_move():
    table = torch.nn.Embedding(10, 3, sparse=True)
    opt = do.SparseAdam(table.parameters(), lr=0.1)
    before = table.weight.detach().clone()
    table(torch.tensor([1, 4, 4])).sum().backward()
    opt.step()
    moved = (table.weight != before).any(dim=1)
    assert moved.nonzero().flatten().tolist() == [1, 4]
    assert (opt.state[table.weight]["exp_avg"][~moved] == 0).all()


@pytest.mark.parametrize("direction", ["torch->descend", "descend->torch"])
def test_state_dict_moves_between_torch_and_descend(direction):
    ours, theirs = do.SparseAdam, torch.optim.SparseAdam
    first, second = (theirs, ours) if direction == "torch->descend" else (ours, theirs)
    straight = run(lambda groups: theirs(groups, lr=0.01), torch.float64, steps=10)[0]
    params, opt, _ = run(lambda groups: first(groups, lr=0.01), torch.float64, steps=5)
    saved = copy.deepcopy(opt.state_dict())
    make_second = lambda groups: _loaded(second(groups, lr=0.01), saved)  # noqa: E731
    resumed = run(make_second, torch.float64, steps=5, start=5, init=[p.detach() for p in params])[0]
    for p, q in zip(resumed, straight):
        assert torch.equal(p, q)


def _loaded(opt, state_dict):
    opt.load_state_dict(state_dict)
    return opt


def test_dense_gradients_are_rejected():
    p = torch.nn.Parameter(torch.ones(3))
    p.grad = torch.ones(3)
    with pytest.raises(RuntimeError, match="SparseAdam does not support dense gradients, please consider Adam"):
        do.SparseAdam([p]).step()


def test_sparse_and_complex_parameters_are_rejected():
    with pytest.raises(ValueError, match="SparseAdam requires dense parameter tensors"):
        do.SparseAdam([sparse([[0]], torch.ones(1), (3,))])
    with pytest.raises(ValueError, match="SparseAdam does not support complex parameters"):
        do.SparseAdam([torch.nn.Parameter(torch.ones(3, dtype=torch.complex64))])


@pytest.mark.parametrize(
    ("hyper", "message"),
    [
        (dict(lr=0.0), r"lr must be a number > 0, got 0\.0"),
        (dict(eps=0.0), r"eps must be a number > 0, got 0\.0"),
        (dict(betas=(1.0, 0.0)), r"betas\[0\] must be a number in \[0, 1\), got 1\.0"),
    ],
)
def test_bad_hyper_parameter_is_named(hyper, message):
    with pytest.raises(ValueError, match=message):
        do.SparseAdam([torch.nn.Parameter(torch.ones(3))], **hyper)


def test_an_empty_sparse_gradient_counts_a_step_and_moves_nothing():
    p = torch.nn.Parameter(torch.ones(4, 2))
    opt = do.SparseAdam([p])
    p.grad = sparse(torch.zeros(1, 0, dtype=torch.long), torch.zeros(0, 2), (4, 2))
    opt.step()
    assert opt.state[p]["step"] == 1 and torch.equal(p.detach(), torch.ones(4, 2))


def test_created_by_name():
    table = torch.nn.Embedding(5, 2, sparse=True)
    assert type(do.create("sparse_adam", table.parameters(), lr=0.01)) is do.SparseAdam
    assert ds.optim.get("Sparse_Adam") is do.SparseAdam


def test_a_dense_rule_given_a_sparse_gradient_names_what_takes_one():
    emb = torch.nn.Embedding(10, 3, sparse=True)
    emb(torch.tensor([1, 2])).sum().backward()
    with pytest.raises(RuntimeError, match=r"SGD does not support sparse gradients .*use descend.optim.SparseAdam"):
        do.SGD(emb.parameters(), lr=0.1).step()
