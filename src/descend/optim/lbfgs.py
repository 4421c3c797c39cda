r"""L-BFGS (Liu & Nocedal, 1989): a quasi-Newton method that keeps the last :math:`m` steps
:math:`s_i` and gradient changes :math:`y_i` and applies the inverse-Hessian approximation they
define by the two-loop recursion (Nocedal & Wright, 2006, Algorithm 7.4), iterate for iterate
``torch.optim.LBFGS``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

import torch
from torch import Tensor

from .._checks import InvalidArgument, number
from ._hyper_checks import non_negative
from ._optimizer import RuleOptimizer, real_views
from ._param_checks import check_closure
from .strong_wolfe import strong_wolfe

__all__ = ["LBFGS", "lbfgs", "curvature_pair"]


def lbfgs(g: Tensor, s: list[Tensor], y: list[Tensor], rho: list[Any], gamma: Any) -> Tensor:
    r"""The L-BFGS search direction :math:`p = -H g` by the two-loop recursion (Nocedal &
    Wright, 2006, Algorithm 7.4), oldest pair first in ``s`` and ``y``,
    :math:`\rho_i = 1 / y_i^\top s_i` and :math:`H^0 = \gamma I`
    (usually :math:`\gamma = s_{k-1}^\top y_{k-1} / y_{k-1}^\top y_{k-1}`, eq. 7.20).

    .. math::
        &q \leftarrow g;\quad \text{for } i = k-1, \dots, k-m:\
            \alpha_i \leftarrow \rho_i s_i^\top q,\ q \leftarrow q - \alpha_i y_i \\
        &r \leftarrow \gamma q;\quad \text{for } i = k-m, \dots, k-1:\
            \beta \leftarrow \rho_i y_i^\top r,\ r \leftarrow r + s_i (\alpha_i - \beta) \\
        &p = -r

    >>> g = torch.tensor([1.0, 4.0], dtype=torch.float64)   # f = (x1^2 + 4 x2^2) / 2 at (1, 1)
    >>> s, y = [torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0])], [torch.tensor([1.0, 0.0]), torch.tensor([0.0, 4.0])]
    >>> lbfgs(g, [v.double() for v in s], [v.double() for v in y], [1.0, 0.25], 0.25)  # the Newton step
    tensor([-1., -1.], dtype=torch.float64)
    """
    q = g.clone()
    alpha = [None] * len(s)
    for i in range(len(s) - 1, -1, -1):
        alpha[i] = s[i].dot(q) * rho[i]
        q.add_(y[i], alpha=-alpha[i])
    r = torch.mul(q, gamma)
    for i in range(len(s)):
        beta = y[i].dot(r) * rho[i]
        r.add_(s[i], alpha=alpha[i] - beta)
    return r.neg_()


def _count(name: str, value: Any) -> int:
    return number(name, value, integer=True, ge=1)


def _line_search(name: str, value: Any) -> str | None:
    if value is not None and value != "strong_wolfe":
        raise InvalidArgument(f"{name} must be None or 'strong_wolfe', got {value!r}")
    return value


_NEEDS_CLOSURE = (
    "LBFGS evaluates the loss several times per step, so step() needs a closure that "
    "recomputes it: opt.step(closure) with closure() doing zero_grad, forward, backward and "
    "returning the loss. descend.train, its range tests (lr='auto', batch_size='auto') and "
    "the estimators give it one. For a function of a few tensors use descend.minimize."
)


class LBFGS(RuleOptimizer):
    """L-BFGS with ``torch.optim.LBFGS``'s arguments, defaults, closure interface, iterates and
    state dict; ``line_search_fn="strong_wolfe"`` searches each step with
    :func:`~descend.optim.strong_wolfe.strong_wolfe`, otherwise the step is ``lr`` (the first
    one ``lr * min(1, 1/|g|_1)``). One param group; every ``step(closure)`` runs up to
    ``max_iter`` iterations and ``max_eval`` evaluations of ``closure``. Where a trial of the
    search gives a NaN loss (outside the loss's domain) the search backs off from it; torch's
    ends on it, or fails with an ``IndexError``.

    >>> w = torch.nn.Parameter(torch.tensor([1.5, -0.5], dtype=torch.float64))
    >>> opt = LBFGS([w], line_search_fn="strong_wolfe")
    >>> def closure():
    ...     opt.zero_grad()
    ...     loss = (1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2   # Rosenbrock
    ...     loss.backward()
    ...     return loss
    >>> for _ in range(3):
    ...     _ = opt.step(closure)
    >>> [round(v, 4) for v in w.tolist()]
    [1.0, 1.0]
    """

    _common: dict[str, Callable[[str, Any], Any]] = {}
    _constraints = {
        "lr": non_negative,
        "max_iter": _count,
        "max_eval": _count,
        "tolerance_grad": non_negative,
        "tolerance_change": non_negative,
        "history_size": _count,
        "line_search_fn": _line_search,
    }

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1,
        max_iter: int = 20,
        max_eval: int | None = None,
        tolerance_grad: float = 1e-7,
        tolerance_change: float = 1e-9,
        history_size: int = 100,
        line_search_fn: str | None = None,
    ) -> None:
        max_iter = _count("max_iter", max_iter)
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = dict(
            lr=lr,
            max_iter=max_iter,
            max_eval=max_eval,
            tolerance_grad=tolerance_grad,
            tolerance_change=tolerance_change,
            history_size=history_size,
            line_search_fn=line_search_fn,
        )
        super().__init__(params, defaults)

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        super().add_param_group(param_group)  # torch's checks of the group come first, as in torch
        if len(self.param_groups) > 1:
            self.param_groups.pop()
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups): it takes one group")

    # -- the parameters as one flat vector (a complex entry as two reals, as torch) ----------

    def _params(self) -> list[Tensor]:
        return real_views(self.param_groups[0]["params"])

    def _flat_grad(self) -> Tensor:
        views = []
        for p in self.param_groups[0]["params"]:
            if p.grad is None:
                view = p.new_zeros(p.numel())
            else:
                view = (p.grad.to_dense() if p.grad.is_sparse else p.grad).view(-1)
            views.append(torch.view_as_real(view).view(-1) if view.is_complex() else view)
        return torch.cat(views, 0)

    def _move(self, alpha: Any, p: Tensor) -> None:
        """x <- x + alpha p."""
        offset = 0
        for x in self._params():
            x.add_(p[offset : offset + x.numel()].view_as(x), alpha=alpha)
            offset += x.numel()

    # -- the step -----------------------------------------------------------------------------

    def _step_groups(self) -> None:
        raise RuntimeError(_NEEDS_CLOSURE)

    @torch.no_grad()
    def step(self, closure: Callable[[], Any] | None = None) -> Any:  # type: ignore[override]
        """Up to ``max_iter`` L-BFGS iterations; returns the loss ``closure()`` gave first."""
        if closure is None:
            raise RuntimeError(_NEEDS_CLOSURE)
        check_closure(type(self).__name__, closure)
        closure = torch.enable_grad()(closure)
        group = self.param_groups[0]
        lr, history_size = group["lr"], group["history_size"]
        tol_grad, tol_change = group["tolerance_grad"], group["tolerance_change"]
        max_iter, max_eval = group["max_iter"], group["max_eval"]
        # All of L-BFGS's state is global; torch keeps it under the first parameter, so that
        # load_state_dict moves it to the parameters' device and dtype. Same keys as torch's:
        # old_stps = s_i, old_dirs = y_i, ro = rho_i, H_diag = gamma, d = p, t = alpha.
        state = self.state[group["params"][0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)

        first_loss = closure()
        f = float(first_loss)
        evals = 1
        state["func_evals"] += 1
        g = self._flat_grad()
        if g.abs().max() <= tol_grad:
            return first_loss

        p, alpha = state.get("d"), state.get("t")
        s, y, rho, gamma = state.get("old_stps"), state.get("old_dirs"), state.get("ro"), state.get("H_diag")
        g_prev, f_prev = state.get("prev_flat_grad"), state.get("prev_loss")
        k = 0
        while k < max_iter:
            k += 1
            state["n_iter"] += 1
            if state["n_iter"] == 1:
                p, s, y, rho, gamma = g.neg(), [], [], [], 1
            else:
                gamma = _remember(s, y, rho, gamma, alpha * p, g.sub(g_prev), history_size)
                p = lbfgs(g, s, y, rho, gamma)
            if g_prev is None:
                g_prev = g.clone(memory_format=torch.contiguous_format)
            else:
                g_prev.copy_(g)
            f_prev = f

            alpha = min(1.0, 1.0 / g.abs().sum()) * lr if state["n_iter"] == 1 else lr
            gtp = g.dot(p)
            if gtp > -tol_change:  # not a descent direction any more
                break
            ls_evals = 0
            if group["line_search_fn"] is not None:
                x = [v.clone(memory_format=torch.contiguous_format) for v in self._params()]
                phi = functools.partial(self._evaluate_along, closure, x, p)
                f, g, alpha, ls_evals = strong_wolfe(phi, p, alpha, f, g, gtp, max_ls=max_eval - evals)
                self._move(alpha, p)
                converged = g.abs().max() <= tol_grad
            else:
                self._move(alpha, p)
                if k != max_iter:  # the last iteration's loss is the next step's first
                    f = float(closure())
                    g = self._flat_grad()
                    converged = g.abs().max() <= tol_grad
                    ls_evals = 1
            evals += ls_evals
            state["func_evals"] += ls_evals

            if k == max_iter or evals >= max_eval or converged:
                break
            if p.mul(alpha).abs().max() <= tol_change or abs(f - f_prev) < tol_change:
                break  # no more progress

        state.update(d=p, t=alpha, old_dirs=y, old_stps=s, ro=rho, H_diag=gamma)
        state.update(prev_flat_grad=g_prev, prev_loss=f_prev)
        return first_loss

    def _evaluate_along(
        self, closure: Callable[[], Any], x: list[Tensor], p: Tensor, alpha: Any
    ) -> tuple[float, Tensor]:
        """f and its flat gradient at x + alpha p; the parameters are left at x."""
        self._move(alpha, p)
        f = float(closure())
        g = self._flat_grad()
        for v, x_v in zip(self._params(), x):
            v.copy_(x_v)
        return f, g


def curvature_pair(ys: Any) -> bool:
    r"""Whether a step :math:`s` with gradient change :math:`y` updates a quasi-Newton
    approximation: the curvature condition :math:`y^\top s > 10^{-10}` (``ys`` is
    :math:`y^\top s`), as torch.optim.LBFGS skips a pair (Nocedal & Wright 2006, eq. 6.7).

    >>> curvature_pair(0.5), curvature_pair(1e-12), curvature_pair(-1.0)
    (True, False, False)
    """
    return bool(ys > 1e-10)


def _remember(
    s: list[Tensor], y: list[Tensor], rho: list[Any], gamma: Any, s_new: Tensor, y_new: Tensor, m: int
) -> Any:
    r"""Add the pair :math:`(s, y)` to the history (dropping the oldest beyond ``m``) when the
    curvature condition :math:`y^\top s > 10^{-10}` holds; returns the new :math:`\gamma`."""
    ys = y_new.dot(s_new)
    if curvature_pair(ys):
        if len(y) == m:
            del s[0], y[0], rho[0]
        y.append(y_new)
        s.append(s_new)
        rho.append(1.0 / ys)
        gamma = ys / y_new.dot(y_new)
    return gamma
