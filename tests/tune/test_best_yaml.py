"""``best.yaml`` says how to train the best trial again in a way that works: ``descend train
--config best.yaml`` where the study named its model and data; in Python where they were objects
(a module, arrays), which the file cannot hold and ``descend train`` then refuses ("no data
given")."""

from __future__ import annotations

import torch
import yaml

import descend as ds

SPACE = {"lr": {"low": 1e-3, "high": 1.0, "log": True}}


def test_best_yaml_of_a_module_on_arrays_says_to_train_it_again_in_python(tmp_path):
    X = torch.linspace(-1, 1, 64).unsqueeze(1)
    out = tmp_path / "study"
    ds.tune(
        torch.nn.Linear(1, 1), (X, 2 * X + 1), space=SPACE, trials=2, epochs=2, metric="loss", out=out, progress=False
    )
    text = (out / "best.yaml").read_text()
    assert "descend train --config" not in text
    assert (
        "# the study's model and data (objects, not names) are not in this file: train it again in Python, "
        "descend.train(model, data, **result.best_settings)\n"
    ) in text
    assert "model" not in yaml.safe_load(text)


def test_a_study_with_validation_arrays_writes_best_yaml_without_them(tmp_path):
    # Until session 39 the study ran every trial and then stopped writing best.yaml with numpy's
    # "can only convert an array of size 1 to a Python scalar": no result, no best.yaml, no report.
    X = torch.linspace(-1, 1, 64).unsqueeze(1)
    X_val = torch.linspace(-0.9, 0.9, 16).unsqueeze(1)
    out = tmp_path / "study"
    result = ds.tune(
        "linear",
        (X, 2 * X + 1),
        val_data=(X_val, 2 * X_val + 1),
        space=SPACE,
        trials=2,
        epochs=2,
        out=out,
        progress=False,
    )
    text = (out / "best.yaml").read_text()
    assert (
        "# the study's val_data is not in this file (an object, not a setting): pass it again (val_data=...)\n" in text
    )
    assert "val_data" not in yaml.safe_load(text)
    assert result.best_settings["val_data"][0] is X_val  # what Python trains it again with
    assert (out / "report.html").is_file()
