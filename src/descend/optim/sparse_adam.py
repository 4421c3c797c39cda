"""SparseAdam: Adam for sparse gradients (``nn.Embedding(sparse=True)``), as
``torch.optim.SparseAdam``: only the rows a gradient touches are updated, moments included."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from ._hyper_checks import betas, denominator_eps, flag, positive
from ._optimizer import RuleOptimizer, zeros_state


def sparse_adam(
    theta: Tensor,
    g: Tensor,
    m: Tensor,
    v: Tensor,
    *,
    t: int,
    lr: float,
    beta1: float,
    beta2: float,
    eps: float,
) -> None:
    r"""One lazy Adam step, in place, for one parameter and its sparse gradient ``g``
    (Kingma & Ba, 2015, Algorithm 1, restricted to the entries ``g`` holds, as in torch).

    .. math::
        m_S &\leftarrow m_S + (1-\beta_1)(g_S - m_S) \qquad
        v_S \leftarrow v_S + (1-\beta_2)(g_S^2 - v_S) \\
        \theta_S &\leftarrow \theta_S - \eta\,\frac{\sqrt{1-\beta_2^t}}{1-\beta_1^t}\,
            \frac{m_S}{\sqrt{v_S} + \epsilon}

    where :math:`S` is the set of entries (rows) ``g`` holds; the others do not change.

    >>> theta, m, v = torch.ones(3, 2), torch.zeros(3, 2), torch.zeros(3, 2)
    >>> g = torch.sparse_coo_tensor([[1]], torch.tensor([[2.0, -2.0]]), (3, 2), check_invariants=True)
    >>> sparse_adam(theta, g, m, v, t=1, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8)
    >>> theta  # only row 1 moves, by lr, as a first Adam step
    tensor([[1.0000, 1.0000],
            [0.9000, 1.1000],
            [1.0000, 1.0000]])
    """
    g = g.coalesce()  # the update is non-linear in g: one value per index
    indices, values = g._indices(), g._values()
    if values.numel() == 0:
        return

    def sparse(x: Tensor) -> Tensor:
        return torch.sparse_coo_tensor(indices, x, g.size(), check_invariants=False)

    m_old = m.sparse_mask(g)._values()
    dm = values.sub(m_old).mul_(1 - beta1)
    m.add_(sparse(dm))
    v_old = v.sparse_mask(g)._values()
    dv = values.pow(2).sub_(v_old).mul_(1 - beta2)
    v.add_(sparse(dv))
    m_new, v_new = dm.add_(m_old), dv.add_(v_old)
    step_size = lr * math.sqrt(1 - beta2**t) / (1 - beta1**t)
    theta.add_(sparse(-step_size * m_new.div_(v_new.sqrt_().add_(eps))))


class SparseAdam(RuleOptimizer):
    """SparseAdam: Adam for parameters whose gradients are sparse, such as the weight of an
    ``nn.Embedding(..., sparse=True)``; a step reads and writes only the rows in the batch.

    Same arguments and defaults as ``torch.optim.SparseAdam``. Dense gradients are rejected
    (use :class:`Adam`), as are sparse or complex parameters. The state is torch's: ``step``
    (a plain int), ``exp_avg`` and ``exp_avg_sq``. There is no ``foreach`` or ``fused``:
    each sparse gradient is its own set of rows.

    >>> emb = torch.nn.Embedding(10, 3, sparse=True)
    >>> opt = SparseAdam(emb.parameters(), lr=0.1)
    >>> before = emb.weight.detach().clone()
    >>> emb(torch.tensor([2, 5])).sum().backward(); opt.step()
    >>> changed = (emb.weight != before).any(dim=1).nonzero().flatten()
    >>> changed.tolist()
    [2, 5]
    """

    _constraints = {"lr": positive, "betas": betas, "eps": denominator_eps}
    _scalar_state = ()  # torch keeps SparseAdam's step a plain int
    _common = {"maximize": flag}  # no foreach or fused: torch's groups have neither

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        maximize: bool = False,
    ) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, maximize=maximize))

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        params = param_group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        for p in params:
            if isinstance(p, Tensor) and p.is_sparse:
                raise ValueError("SparseAdam requires dense parameter tensors (the gradients are the sparse ones)")
            if isinstance(p, Tensor) and p.is_complex():
                raise ValueError("SparseAdam does not support complex parameters")
        super().add_param_group({**param_group, "params": params})

    def _step_group(self, group: dict[str, Any]) -> None:
        beta1, beta2 = group["betas"]
        for p in group["params"]:
            if p.grad is None:
                continue
            if not p.grad.is_sparse:
                raise RuntimeError("SparseAdam does not support dense gradients, please consider Adam instead")
            state = self.state[p]
            if not state:
                state["step"] = 0
                state.update(zeros_state(p, "exp_avg", "exp_avg_sq"))
            # torch keeps a plain int here; a checkpoint may hold a tensor
            state["step"] = int(state["step"]) + 1
            g = -p.grad if group["maximize"] else p.grad
            sparse_adam(
                p,
                g,
                state["exp_avg"],
                state["exp_avg_sq"],
                t=state["step"],
                lr=group["lr"],
                beta1=beta1,
                beta2=beta2,
                eps=group["eps"],
            )
