"""``descend examples RUN_DIR`` on a run trained from a CSV file: the gallery's table names the
file's feature columns, and the classes are the file's labels, not their indices."""

from __future__ import annotations

import numpy as np
import yaml
from click.testing import CliRunner

import descend as ds
from descend.cli import app
from descend.cli.examples import training_inputs
from descend.examples import ExampleTable
from descend.training import ExampleRecord, run_folder


def _csv_run(tmp_path):
    r = np.random.default_rng(0)
    n = 120
    height, weight = r.normal(170, 10, n), r.normal(70, 8, n)
    species = np.where(height > 170, "tall", "short")
    species[:6] = np.where(species[:6] == "tall", "short", "tall")  # six flipped
    rows = ["height,weight,species", *(f"{h:.1f},{w:.1f},{s}" for h, w, s in zip(height, weight, species))]
    csv = tmp_path / "people.csv"
    csv.write_text("\n".join(rows) + "\n")
    out = tmp_path / "run"
    settings = {"data": str(csv), "target": "species", "model": "mlp", "epochs": 6, "seed": 0}
    ds.train(
        "mlp", str(csv), target="species", epochs=6, seed=0, instruments=False, progress=False, log_dir=out,
        track_examples=True,
    )  # fmt: skip
    (out / run_folder.CONFIG).write_text(yaml.safe_dump(settings))
    return out


def test_a_csv_run_names_its_columns_and_classes(tmp_path, monkeypatch):
    run = _csv_run(tmp_path)
    inputs = training_inputs(run, 120)
    assert inputs.columns == ["height", "weight"] and inputs.classes == ["short", "tall"]
    shown = {}

    def spy(table, X, **options):
        shown.update(options)

    monkeypatch.setattr("descend.cli.examples.example_gallery", spy)
    result = CliRunner().invoke(app, ["examples", str(run), "--out", str(tmp_path / "ex")])
    assert result.exit_code == 0, result.output
    # Was "classes: 0 = 'short', 1 = 'tall'", a key to positions the label columns no longer show.
    assert "0 = 'short'" not in result.stdout and "short" in result.stdout
    assert shown["columns"] == ["height", "weight"] and shown["classes"] == ["short", "tall"]


def test_a_record_saved_without_class_names_prints_the_key_to_its_positions(tmp_path):
    run = _csv_run(tmp_path)
    record = ExampleRecord.load(run / run_folder.EXAMPLES)
    record.class_names = None  # as descend saved it before it kept class names
    record.save(run / run_folder.EXAMPLES)
    result = CliRunner().invoke(app, ["examples", str(run), "--out", str(tmp_path / "ex")])
    assert result.exit_code == 0, result.output
    assert (
        "classes by position (examples.npz, saved before descend kept class names, names none): 0 = 'short', "
        "1 = 'tall'\n"
    ) in result.stdout


def test_the_gallery_table_heads_the_columns_and_labels_the_classes():
    r = ExampleRecord.from_arrays(task="classification", labels=[0, 1], epochs=[0],
        loss=[[0.1, 2.0]], p_label=[[0.9, 0.1]], margin=[[2.0, -2.0]], predicted=[[0, 0]])  # fmt: skip
    fig = ds.plots.example_gallery(r, np.zeros((2, 2)), k=2, columns=["height", "weight"], classes=["short", "tall"])
    cells = [t.get_text().get_text() for t in fig.axes[0].tables[0].get_celld().values()]
    assert "height" in cells and "weight" in cells and "x0" not in cells
    assert "tall" in cells and "short" in cells


def test_a_csv_changed_since_the_run_draws_no_gallery_of_other_rows(tmp_path):
    """The CSV edited after the run (its rows reordered, as removing or adding rows does to the
    ones after): the gallery drew the rows now at the record's positions, other examples than
    the record's, beside their recorded labels."""
    run = _csv_run(tmp_path)
    csv = tmp_path / "people.csv"
    header, *rows = csv.read_text().splitlines()
    csv.write_text("\n".join([header, *reversed(rows)]) + "\n")
    assert training_inputs(run, 120, ds.examples(run).positions("label")) is None
    result = CliRunner().invoke(app, ["examples", str(run), "--out", str(tmp_path / "ex")])
    assert result.exit_code == 0, result.output
    assert "no gallery: the run's training inputs cannot be rebuilt as it trained on them" in result.stdout
    assert "data changed since the run: other rows or labels than the record's" in result.stdout
    assert not (tmp_path / "ex" / "gallery.png").exists()


def test_the_csv_files_give_the_runs_own_labels(tmp_path):
    """examples.csv and label_issues.csv held the class positions 0 and 1, which only the
    printed key ("classes: 0 = 'short', 1 = 'tall'") mapped back to the file's labels."""
    run = _csv_run(tmp_path)
    result = CliRunner().invoke(app, ["examples", str(run), "--out", str(tmp_path / "ex")])
    assert result.exit_code == 0, result.output
    import pandas as pd

    table = pd.read_csv(tmp_path / "ex" / "examples.csv")
    assert set(table["label"]) == {"short", "tall"} and set(table["predicted"]) <= {"short", "tall"}
    issues = pd.read_csv(tmp_path / "ex" / "label_issues.csv")
    assert len(issues) and set(issues["label"]) | set(issues["suggested"].dropna()) <= {"short", "tall"}
    back = ExampleTable.from_csv(tmp_path / "ex" / "examples.csv")
    assert back.classes == ("short", "tall") and back["label"].tolist() == ds.examples(run)["label"].tolist()


def test_a_tables_class_names_round_trip_and_positions_stay_without_names(tmp_path):
    named = ExampleTable(
        {"index": [0, 1, 2], "label": [1, 0, 1], "suggested": [0, -1, -1]},
        task="classification",
        classes=["cat", "dog"],
    )
    lines = named.to_csv(tmp_path / "named.csv").read_text().splitlines()
    assert lines == ["index,label,suggested", "0,dog,cat", "1,cat,", "2,dog,"]
    back = ExampleTable.from_csv(tmp_path / "named.csv")
    assert back.classes == ("cat", "dog") and back["suggested"].tolist() == ["cat", None, None]
    assert back.positions("suggested").tolist() == [0, -1, -1]
    plain = ExampleTable({"index": [0, 1], "label": [1, 0], "suggested": [-1, 1]}, task="classification")
    lines = plain.to_csv(tmp_path / "plain.csv").read_text().splitlines()
    assert lines == ["index,label,suggested", "0,1,", "1,0,1"]  # no class: a blank cell, as with names
    back = ExampleTable.from_csv(tmp_path / "plain.csv")
    assert back.classes is None and back["suggested"].tolist() == [-1, 1]
