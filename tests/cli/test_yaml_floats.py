"""Numbers written with an exponent and no dot (1e-4), in --config files and --hyper values, are
numbers: PyYAML (YAML 1.1) read them as strings, and the settings' checks refused them
("--hyper: weight_decay must be a number >= 0, got '1e-4'"; a tune space's lr: [1e-3, 1e-2]
failed inside the first trial)."""

from __future__ import annotations

from descend.cli._config_files import read_config_file
from descend.cli._parsers import parse_hyper


def test_hyper_values_with_an_exponent_are_numbers():
    assert parse_hyper(["weight_decay=1e-4", "betas=[0.9, 1e-3]", "eps=1.0e-8", "name=1e-4x"]) == {
        "weight_decay": 1e-4,
        "betas": [0.9, 1e-3],
        "eps": 1e-8,
        "name": "1e-4x",
    }


def test_a_config_file_s_exponents_are_numbers(tmp_path):
    config = tmp_path / "tune.yaml"
    config.write_text("lr: 3e-4\nhyper:\n  weight_decay: 1e-4\nspace:\n  lr: [1e-3, 1E-2, +2e0]\ntag: '1e-4'\n")
    assert read_config_file(config) == {
        "lr": 3e-4,
        "hyper": {"weight_decay": 1e-4},
        "space": {"lr": [1e-3, 1e-2, 2.0]},
        "tag": "1e-4",  # quoted: a string
    }
