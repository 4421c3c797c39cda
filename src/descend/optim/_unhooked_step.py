"""The optimizer step for a hot loop: ``RuleOptimizer``'s update without ``step()``'s profiler
label and hook scan, taken only where neither would be missed."""

from __future__ import annotations

import torch
from torch.optim import optimizer as _torch_optimizer

from ._optimizer import RuleOptimizer


def step_unhooked(optimizer: torch.optim.Optimizer) -> None:
    """``optimizer.step()`` for a loop that calls it thousands of times a second.

    ``torch.optim.Optimizer.step`` wraps every call in a profiler label and a scan of the
    step hooks, a sizeable share of a small model's step. When the optimizer is one of ours,
    no hook is registered (its own, global ones, or a torch scheduler's patched ``step``) and
    no profiler listens, the update runs directly; otherwise through ``step()``.

    This reads torch's private hook registries and profiler flag: torch offers no public way
    to ask whether a step would run hooks, and the direct path is what keeps ``train`` and
    ``minimize`` within the bench's ratios against hand-written loops on small models.
    """
    if (
        isinstance(optimizer, RuleOptimizer)
        and "step" not in vars(optimizer)
        and not optimizer._optimizer_step_pre_hooks
        and not optimizer._optimizer_step_post_hooks
        and not _torch_optimizer._global_optimizer_pre_hooks
        and not _torch_optimizer._global_optimizer_post_hooks
        and not torch.autograd._profiler_enabled()
    ):
        # ``torch.no_grad()`` without its context-manager objects (a microsecond a step).
        grad_was_enabled = torch.is_grad_enabled()
        torch._C._set_grad_enabled(False)
        try:
            optimizer._read_tensor_rates()
            optimizer._step_groups()
        finally:
            torch._C._set_grad_enabled(grad_was_enabled)
    else:
        optimizer.step()
