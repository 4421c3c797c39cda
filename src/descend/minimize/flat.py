"""A gradient that is exactly 0 because ``fn`` is flat as autograd sees it, not because ``x`` is
a minimum: ``round``, ``floor``, ``sign`` and comparisons have a zero derivative wherever they
have one, so a piecewise-constant ``fn`` gives a zero gradient at almost every point, and a
stop on ``gtol`` there would report a run that never moved as converged.

The test is structural and costs one evaluation, taken only where the gradient is exactly 0:
the gradient computed with its own graph (``create_graph=True``) does not depend on ``x``
when nothing smooth in ``fn`` reaches it. At a minimum of a smooth ``fn`` (Booth at (1, 3),
even :math:`x^4` at 0) the gradient is 0 but still a function of ``x``, and the run converged.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor

from .._wrappers import eagerly
from ..training.findings import Diagnosis

__all__: list[str] = []


def flat_gradient(fn: Callable[[Tensor], Tensor], x: Tensor, g: Tensor) -> bool:
    """Whether ``g``, the gradient of ``fn`` at ``x``, is exactly 0 and independent of ``x``.

    >>> x = torch.tensor([0.3, 0.7], requires_grad=True)
    >>> flat_gradient(lambda x: x.round().sum(), x, torch.zeros(2))
    True
    >>> y = torch.tensor([1.0, 3.0], requires_grad=True)  # Booth's minimum: 0, and smooth
    >>> flat_gradient(lambda x: (x[0] + 2 * x[1] - 7) ** 2 + (2 * x[0] + x[1] - 5) ** 2, y, torch.zeros(2))
    False
    """
    if bool(g.any()):
        return False
    try:
        with torch.enable_grad(), eagerly():  # a torch.compile'd fn's graph, else not differentiable twice
            (again,) = torch.autograd.grad(fn(x).reshape(()), x, create_graph=True)
    except RuntimeError:  # fn has no second derivative: no verdict, the gradient stands
        return False
    return not again.requires_grad


def flat_words(nit: int) -> str:
    """Why a run whose gradient was flat after ``nit`` steps stopped (:func:`flat_gradient`)."""
    where = "x0" if nit == 0 else f"iteration {nit}"
    return (
        f"the gradient of fn is exactly 0 at {where} and does not depend on x there (autograd finds "
        "nothing smooth in fn): fn looks piecewise constant, as round, floor, sign or a comparison make it, "
        "so there is no slope to descend, and a zero gradient there shows no minimum"
    )


def flat_finding(nit: int, evidence: str) -> Diagnosis:
    """The finding on a run stopped by a flat gradient: what to change, as no rate can help."""
    return Diagnosis(
        "vanishing_gradients",
        nit,
        evidence,
        "gradient descent follows the derivative, which a step function has none of: make fn smooth "
        "(a sigmoid for a step; a straight-through x + (x.round() - x).detach() for round(x)), or use a "
        "derivative-free method",
    )
