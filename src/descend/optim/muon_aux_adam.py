r"""Muon with an auxiliary AdamW (Jordan et al., 2024, the reference implementation's
``MuonWithAuxAdam``): Muon for the 2-D weight matrices, AdamW for every other parameter
(biases, gains; and the embeddings or output layer a param group sends there), in one
optimizer, so that a whole model trains under one name.

``torch.optim.Muon`` (torch 2.13) rejects a parameter that is not 2-D and leaves the rest to
the user (:class:`~descend.optim.Muon` keeps that contract); the reference takes param groups
flagged ``use_muon=True`` or ``False``. :class:`MuonWithAuxAdam` takes both: a group with
``use_muon`` goes where it says, a group without it is split by shape, its 2-D parameters to
Muon and the others to AdamW.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from torch import Tensor

from ._hyper_checks import betas, flag, non_negative, positive
from ._optimizer import zeros_state
from .adam import adam
from .muon import Muon

__all__ = ["MuonWithAuxAdam"]


class MuonWithAuxAdam(Muon):
    r"""Muon for 2-D parameters, AdamW for the others (Jordan's ``MuonWithAuxAdam``).

    A Muon group steps as :class:`~descend.optim.Muon` (``torch.optim.Muon``'s update and
    state); an AdamW group as ``torch.optim.AdamW(lr, betas=adamw_betas, eps=adamw_eps,
    weight_decay)`` (:func:`~descend.optim.adam` with decoupled weight decay, the reference's
    ``adam_update``; state ``step``, ``exp_avg``, ``exp_avg_sq`` as torch's). The AdamW
    defaults are the reference's: betas (0.9, 0.95), eps 1e-10; its groups take ``adamw_lr``
    (``lr`` when ``None``) unless they set their own ``lr``. Groups flagged ``use_muon`` go where
    they say (``use_muon=False`` for an embedding, which is 2-D); a group without the flag is
    split in two by ``ndim`` (Muon groups first).

    >>> import torch
    >>> model = torch.nn.Linear(3, 2)
    >>> opt = MuonWithAuxAdam(model.parameters(), lr=0.02, adamw_lr=3e-4)
    >>> [(g["use_muon"], g["lr"], [tuple(p.shape) for p in g["params"]]) for g in opt.param_groups]
    [(True, 0.02, [(2, 3)]), (False, 0.0003, [(2,)])]
    >>> model(torch.ones(4, 3)).square().sum().backward(); opt.step()
    """

    _common: dict[str, Any] = {}
    _constraints = {
        **Muon._constraints,
        "use_muon": flag,
        "adamw_betas": betas,
        "adamw_eps": positive,
        "adamw_lr": lambda name, value: None if value is None else non_negative(name, value),
    }

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        weight_decay: float = 0.1,
        momentum: float = 0.95,
        nesterov: bool = True,
        ns_coefficients: tuple[float, float, float] = (3.4445, -4.775, 2.0315),
        eps: float = 1e-7,
        ns_steps: int = 5,
        adjust_lr_fn: str | None = None,
        adamw_lr: float | None = None,
        adamw_betas: tuple[float, float] = (0.9, 0.95),
        adamw_eps: float = 1e-10,
    ) -> None:
        super(Muon, self).__init__(
            params,
            dict(
                lr=lr,
                weight_decay=weight_decay,
                momentum=momentum,
                nesterov=nesterov,
                ns_coefficients=ns_coefficients,
                eps=eps,
                ns_steps=ns_steps,
                adjust_lr_fn=adjust_lr_fn,
                use_muon=True,
                adamw_lr=adamw_lr,
                adamw_betas=adamw_betas,
                adamw_eps=adamw_eps,
            ),
        )

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        if "use_muon" in param_group:
            if not param_group["use_muon"] and "lr" not in param_group:
                adamw_lr = param_group.get("adamw_lr", self.defaults["adamw_lr"])
                param_group = {**param_group, "lr": self.defaults["lr"] if adamw_lr is None else adamw_lr}
            super().add_param_group(param_group)
            return
        params = param_group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        matrices = [p for p in params if p.ndim == 2]
        others = [p for p in params if p.ndim != 2]
        if matrices or not others:
            super().add_param_group({**param_group, "params": matrices, "use_muon": True})
        if others:
            self.add_param_group({**param_group, "params": others, "use_muon": False})

    def _check_group(self, group: dict[str, Any]) -> None:
        if group["use_muon"]:
            super()._check_group(group)  # 2-D only, as torch.optim.Muon
        else:
            super(Muon, self)._check_group(group)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        if group["use_muon"]:  # Muon's own state (its momentum_buffer is made at its first step)
            return super()._init_state(p, group)
        return zeros_state(p, "exp_avg", "exp_avg_sq")

    def _step_group(self, group: dict[str, Any]) -> None:
        if group["use_muon"]:
            super()._step_group(group)
            return
        beta1, beta2 = group["adamw_betas"]
        for p in group["params"]:
            if p.grad is None:
                continue
            if p.is_complex() or p.grad.is_sparse:
                raise RuntimeError("MuonWithAuxAdam does not support complex parameters or sparse gradients")
            state = self._state_of(p, group)
            state["step"] += 1
            adam(
                [p],
                [p.grad],
                [state["exp_avg"]],
                [state["exp_avg_sq"]],
                None,
                t=int(state["step"].item()),
                lr=group["lr"],
                beta1=beta1,
                beta2=beta2,
                eps=group["adamw_eps"],
                weight_decay=group["weight_decay"],
                decoupled_weight_decay=True,
            )
