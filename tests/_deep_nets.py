"""A deep ReLU network whose initialisation the doctor's layer tests choose."""

import torch


def deep_relu(gain=None, depth=8, width=32):
    """``depth`` ReLU layers of ``width`` on 8 inputs, one output; ``gain``: weights drawn with
    standard deviation gain / sqrt(fan-in) (He initialisation is gain sqrt(2); torch's default
    about gain 0.6). At gain 4 each layer multiplies the signal by about 4 / sqrt(2) = 2.8, and
    every layer's gradient grows by about 2.8^8 ~ 4000 against torch's default."""
    torch.manual_seed(0)
    layers = []
    for i in range(depth):
        linear = torch.nn.Linear(8 if i == 0 else width, width)
        if gain is not None:
            torch.nn.init.normal_(linear.weight, std=gain / linear.in_features**0.5)
        layers += [linear, torch.nn.ReLU()]
    return torch.nn.Sequential(*layers, torch.nn.Linear(width, 1))
