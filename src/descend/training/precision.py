"""Mixed precision for :func:`descend.train`: ``"fp32"``, ``"bf16"`` or ``"fp16"``.

``"bf16"`` runs the forward pass and the loss under ``torch.autocast`` with bfloat16, on the
CPU or a GPU: matrix products in bfloat16, reductions and the weights in float32. bfloat16
has float32's exponent range, so gradients need no scaling. ``"fp16"`` (GPUs only) has a
narrow range: the loss is multiplied by a scale before backpropagation and the gradients
divided by it before the update (``torch.amp.GradScaler``), which also skips the updates
whose gradients overflowed and adapts the scale.

>>> p = Precision("bf16", torch.device("cpu"))
>>> with p.autocast():
...     y = torch.ones(2, 3) @ torch.ones(3, 2)
>>> y.dtype
torch.bfloat16
"""

from __future__ import annotations

import contextlib
from typing import Any

import torch

from .._names import choice
from ..optim import step_unhooked
from .backward_pass import backward

__all__ = ["Precision", "PRECISIONS"]

PRECISIONS = ("fp32", "bf16", "fp16")
_NO_CONTEXT = contextlib.nullcontext()


class Precision:
    """The autocast context and, for ``"fp16"``, the gradient scaler of one run.

    >>> precision = Precision("bf16", torch.device("cpu"))
    >>> with precision.autocast():
    ...     (torch.ones(2, 2) @ torch.ones(2, 2)).dtype
    torch.bfloat16
    >>> precision.scaler is None  # loss scaling is fp16's, on a GPU
    True
    """

    def __init__(self, name: str, device: torch.device) -> None:
        self.name = choice(name, PRECISIONS, "precision")
        if self.name == "fp16" and device.type != "cuda":
            raise ValueError(
                f"precision='fp16' needs a CUDA device (float16 training relies on loss "
                f"scaling on the GPU); this run is on {device.type}: use precision='bf16', "
                f"which works on the CPU too, or precision='fp32'"
            )
        self.device_type = device.type
        dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(self.name)
        self.dtype = dtype
        self.scaler = torch.amp.GradScaler("cuda") if self.name == "fp16" else None

    def autocast(self) -> contextlib.AbstractContextManager:
        if self.dtype is None:
            return _NO_CONTEXT
        return torch.autocast(self.device_type, dtype=self.dtype)

    def backward(self, loss: torch.Tensor) -> None:
        if self.scaler is not None:
            loss = self.scaler.scale(loss)
        backward(loss)

    def unscale_(self, optimizer: torch.optim.Optimizer) -> None:
        """Bring the gradients back to their true size before they are measured or clipped."""
        if self.scaler is not None:
            self.scaler.unscale_(optimizer)

    def step(self, optimizer: torch.optim.Optimizer) -> None:
        """The update: through the scaler under fp16 (which skips it on overflow)."""
        if self.scaler is None:
            step_unhooked(optimizer)
        else:
            self.scaler.step(optimizer)  # skipped when the gradients overflowed
            self.scaler.update()

    def state_dict(self) -> dict[str, Any]:
        return self.scaler.state_dict() if self.scaler is not None else {}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        if self.scaler is not None and state:
            self.scaler.load_state_dict(state)
