"""The update rules the bench covers, their torch.optim peers, and their parameters: shared
by the ``step`` and ``memory`` sections."""

from __future__ import annotations

import inspect
import math

import torch

import descend as ds

# name -> (descend kwargs, torch.optim peer or None, torch kwargs, (reads, writes))
#
# (reads, writes) is the minimal number of full-size float32 tensors a fused, single-pass
# implementation must read and write per step, per element: the parameter, its gradient and
# each state tensor. Scalars (step counters, NAdam's mu_product) are not counted.
#
#   GD        read p, g              write p                    2 + 1 = 3
#   SGD (mom) read p, g, b           write p, b                 3 + 2 = 5
#   Adagrad   read p, g, sum         write p, sum               3 + 2 = 5
#   RMSprop   read p, g, v           write p, v                 3 + 2 = 5
#   Adadelta  read p, g, v, u        write p, v, u              4 + 3 = 7
#   Adam(W)   read p, g, m, v        write p, m, v              4 + 3 = 7
#   NAdam     read p, g, m, v        write p, m, v              4 + 3 = 7
#   RAdam     read p, g, m, v        write p, m, v              4 + 3 = 7
#   Lion      read p, g, m           write p, m                 3 + 2 = 5
#   Adamax    read p, g, m, u        write p, m, u              4 + 3 = 7
#   ASGD      read p, g, ax          write p, ax                3 + 2 = 5  (eta, mu: scalars)
#   Rprop     read p, g, prev, step  write p, prev, step        4 + 3 = 7
#   Adafactor read p, g, v           write p, v                 3 + 2 = 5  (the section's
#             tensors are vectors; a matrix's row and column state is negligible: 2 + 1 = 3)
#   LARS      read p, g (norms), then p, g, b  write p, b       5 + 2 = 7  (two passes: the
#             trust ratio needs both norms before the update)
#   LAMB      read p, g, m, v        write m, v (norms of p and r on the way), then
#             read p, m, v           write p                    7 + 3 = 10 (two passes)
#   Muon      not counted: its Newton-Schulz matrix products make it compute-bound
#
# effective bandwidth = (reads + writes) * 4 B * numel / median step time.
LR = 1e-3
RULES: dict[str, tuple[dict, str | None, dict, tuple[int, int] | None]] = {
    "GD": ({"lr": LR}, "SGD", {"lr": LR, "momentum": 0.0}, (2, 1)),
    "SGD": ({"lr": LR, "momentum": 0.9}, "SGD", {"lr": LR, "momentum": 0.9}, (3, 2)),
    "Adagrad": ({}, "Adagrad", {}, (3, 2)),
    "RMSprop": ({}, "RMSprop", {}, (3, 2)),
    "Adadelta": ({}, "Adadelta", {}, (4, 3)),
    "Adam": ({}, "Adam", {}, (4, 3)),
    "AdamW": ({}, "AdamW", {}, (4, 3)),
    "NAdam": ({}, "NAdam", {}, (4, 3)),
    "RAdam": ({}, "RAdam", {}, (4, 3)),
    "Lion": ({}, None, {}, (3, 2)),
    "Adamax": ({}, "Adamax", {}, (4, 3)),
    "ASGD": ({}, "ASGD", {}, (3, 2)),
    "Rprop": ({}, "Rprop", {}, (4, 3)),
    "Adafactor": ({}, "Adafactor", {}, (3, 2)),
    "LARS": ({}, None, {}, (5, 2)),
    "LAMB": ({}, None, {}, (7, 3)),
    "Muon": ({}, "Muon", {}, None),
}


def descend_rules() -> dict[str, type]:
    """Every optimizer class ``descend.optim`` exports, in the order of ``RULES`` first."""
    found = {}
    for name in getattr(ds.optim, "__all__", dir(ds.optim)):
        obj = getattr(ds.optim, name, None)
        if inspect.isclass(obj) and issubclass(obj, torch.optim.Optimizer):
            found[name] = obj
    order = [n for n in RULES if n in found] + sorted(n for n in found if n not in RULES)
    return {n: found[n] for n in order}


# Rules that take only sparse gradients (``nn.Embedding(sparse=True)``): the dense gradients of
# the step and memory sections do not apply, so those sections list them and skip them
# (tests/optim/test_sparse_adam.py checks SparseAdam against torch.optim.SparseAdam).
SPARSE_ONLY = {"SparseAdam"}
# Rules whose step evaluates the loss itself through a closure (LBFGS's line search, SAM's two
# passes): a step on fixed gradients does not apply, so those sections list them and skip them
# (tests/optim/test_lbfgs.py and test_sam.py check them).
CLOSURE_ONLY = {"LBFGS", "SAM"}
# Rules that take only 2-D parameters: the step section gives them square matrices.
MATRIX_ONLY = {"Muon"}


def dense_rules() -> dict[str, type]:
    """:func:`descend_rules` less the rules that take only sparse gradients or need a closure."""
    return {n: c for n, c in descend_rules().items() if n not in SPARSE_ONLY | CLOSURE_ONLY}


def rule_spec(name: str) -> tuple[dict, type | None, dict, tuple[int, int] | None]:
    """(descend kwargs, torch peer class or None, torch kwargs, (reads, writes) or None).

    A rule added after ``RULES`` was written gets default hyper-parameters and the torch
    class of the same name as its peer, if there is one."""
    if name in RULES:
        ds_kw, peer, torch_kw, rw = RULES[name]
    else:
        ds_kw, peer, torch_kw, rw = {}, name, {}, None
    peer_cls = getattr(torch.optim, peer, None) if peer else None
    return ds_kw, peer_cls, torch_kw, rw


def make_params(n_tensors: int, numel: int, seed: int = 0, device: str = "cpu"):
    """``n_tensors`` initial values and gradients of ``numel`` float32 each, from ``seed``, on
    ``device`` (drawn on the CPU: the same numbers on every device)."""
    g = torch.Generator().manual_seed(seed)
    init = [torch.randn(numel, generator=g).to(device) for _ in range(n_tensors)]
    grads = [torch.randn(numel, generator=g).to(device) for _ in range(n_tensors)]
    return init, grads


def as_matrices(init, grads):
    """The same tensors as ``side x side`` matrices, ``side`` = the square root of their size
    (rounded down: a size that is not a square loses its tail)."""
    side = math.isqrt(init[0].numel())
    square = lambda xs: [x[: side * side].view(side, side) for x in xs]  # noqa: E731
    return square(init), square(grads)


def clone_params(init, grads):
    """Fresh parameters with copies of ``init`` as values and of ``grads`` as gradients."""
    ps = []
    for x, gr in zip(init, grads):
        p = torch.nn.Parameter(x.clone())
        p.grad = gr.clone()
        ps.append(p)
    return ps
