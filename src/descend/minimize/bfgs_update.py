r"""The BFGS update of an inverse-Hessian approximation (Nocedal & Wright, 2006, eq. 6.17),
shared by the unbounded and the projected (box-constrained) BFGS of ``minimize``."""

from __future__ import annotations

import torch
from torch import Tensor

from ..optim import curvature_pair

__all__ = ["bfgs_update"]


def bfgs_update(H: Tensor | None, s: Tensor, y: Tensor) -> Tensor | None:
    r""":math:`H \leftarrow (I - \rho s y^\top) H (I - \rho y s^\top) + \rho s s^\top` with
    :math:`\rho = 1 / y^\top s`, for the step :math:`s` and gradient change :math:`y`; ``H=None``
    starts from :math:`H_0 = (y^\top s / y^\top y) I` (eq. 6.20). ``None`` where the pair fails
    the curvature condition :math:`y^\top s > 10^{-10}` (the caller keeps its ``H``).

    >>> s, y = torch.tensor([1.0, 0.0]), torch.tensor([2.0, 0.0])   # curvature 2 along e1
    >>> bfgs_update(None, s, y) @ y    # the secant equation H y = s
    tensor([1., 0.])
    """
    ys = float(y.dot(s))
    if not curvature_pair(ys):
        return None
    if H is None:
        H = torch.eye(len(s), dtype=s.dtype, device=s.device) * (ys / float(y.dot(y)))
    rho, Hy = 1.0 / ys, H @ y
    # The product expanded: two rank-one corrections and one in s s^T.
    return H - rho * (torch.outer(s, Hy) + torch.outer(Hy, s)) + (rho**2 * float(y.dot(Hy)) + rho) * torch.outer(s, s)
