"""The run folder's JSON files are strict JSON where a finding or a reading is not finite, and
``History.load`` reads the same values back."""

import json
import math
from types import SimpleNamespace

import torch

import descend as ds
from descend.training.findings import Diagnosis
from descend.training.logs import Logger


def _strict(text):
    def refuse(name):
        raise ValueError(f"{name} is not standard JSON")

    return json.loads(text, parse_constant=refuse)


def test_non_finite_change_initial_loss_and_scaling_survive_the_end_of_a_run(tmp_path):
    history = ds.History(
        diagnoses=[
            Diagnosis(
                "divergence", 3, "the loss became nan", "try lr=0.05", {"lr": float("nan"), "clip": [float("inf")]}
            )
        ],
        initial_data_loss=float("inf"),
        scaling={"feature_scale": torch.tensor([1.0, float("nan")])},
    )
    history.append_epoch(loss=float("nan"), seconds=0.1)
    history.steps = {"step": [1], "epoch": [1], "loss": [float("nan")], "lr": [[0.1]], "grad_norm": [float("inf")]}
    Logger(tmp_path).on_train_end(SimpleNamespace(history=history))  # raised ValueError: out of range float

    for name in ("diagnosis.json", "history.json", "metrics.jsonl"):
        for line in (
            (tmp_path / name).read_text().splitlines() if name.endswith("l") else [(tmp_path / name).read_text()]
        ):
            _strict(line)
    loaded = ds.History.load(tmp_path)
    change = loaded.diagnoses[0].change
    assert math.isnan(change["lr"]) and change["clip"] == [float("inf")]
    assert loaded.initial_data_loss == float("inf")
    assert math.isnan(loaded.scaling["feature_scale"][1]) and loaded.scaling["feature_scale"][0] == 1.0
    assert ds.diagnose(tmp_path)[0].kind == "divergence"
