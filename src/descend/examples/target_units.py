"""The units of a regression's per-example losses: those of the target as the run trained on it,
standardised where ``train(..., standardize=...)`` standardised it (``History.scaling``)."""

from __future__ import annotations

from typing import Any

__all__ = ["target_units"]


def target_units(scaling: dict[str, Any]) -> str | None:
    """The sentence saying a regression's per-example losses are of its standardised target
    ``(y - target_mean) / target_scale``, read from ``scaling`` (``History.scaling``); ``None``
    where the target was not standardised (the losses are in its own units).

    >>> import torch
    >>> target_units({"target_mean": torch.tensor(151.6), "target_scale": torch.tensor(78.3)})
    'the losses are of the standardised target (y - 151.6) / 78.3, as the run trained on it, not of y'
    >>> target_units({}) is None
    True
    """
    mean, scale = scaling.get("target_mean"), scaling.get("target_scale")
    if mean is None or scale is None:
        return None
    if mean.numel() == 1 and scale.numel() == 1:
        return (
            f"the losses are of the standardised target (y - {mean.item():.4g}) / {scale.item():.4g}, as the run "
            "trained on it, not of y"
        )
    return (
        "the losses are of the standardised targets (y - target_mean) / target_scale, per output (History.scaling), "
        "as the run trained on them, not of y"
    )
