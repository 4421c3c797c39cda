"""Sampled, cheap measurements of a training run (each with its reference in its docstring)."""

from .batch_size import BatchChoice, choose_batch_size, lr_scaling, scaled_lr
from .decrease import Decrease, model_decrease, probe_decrease, remaining_decrease
from .example_norms import example_noise_scale, reads_example_norms
from .noise_scale import (
    NoiseScale,
    gradient_noise_scale,
    noise_scale_from_examples,
    noise_scale_from_norms,
    noise_scale_from_steps,
)
from .rate_probe import RateGain, RateProbe, rate_gain
from .recording import RecordInstruments
from .sampler import COLUMNS, Instruments
from .sampling import default_steps
from .sharpness import Sharpness, sharpness, sharpness_from_gradient, top_eigenvalue
from .step_quality import step_alpha
from .thresholds import StabilityRule, stability_rule, stability_threshold

__all__ = [
    "BatchChoice",
    "choose_batch_size",
    "lr_scaling",
    "scaled_lr",
    "NoiseScale",
    "gradient_noise_scale",
    "example_noise_scale",
    "reads_example_norms",
    "noise_scale_from_examples",
    "noise_scale_from_norms",
    "noise_scale_from_steps",
    "Instruments",
    "RecordInstruments",
    "COLUMNS",
    "default_steps",
    "Sharpness",
    "sharpness",
    "sharpness_from_gradient",
    "top_eigenvalue",
    "step_alpha",
    "Decrease",
    "model_decrease",
    "remaining_decrease",
    "probe_decrease",
    "RateGain",
    "RateProbe",
    "rate_gain",
    "StabilityRule",
    "stability_rule",
    "stability_threshold",
]
