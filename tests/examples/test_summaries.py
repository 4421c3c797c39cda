"""``descend.examples``: every summary against a hand computation on a tiny record."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _example_records import tiny_record

import descend as ds
from descend.examples import ExampleTable, forgetting_events
from descend.training import ExampleRecord, History


def test_summaries_equal_the_hand_computation():
    t = ds.examples(tiny_record())
    assert t.columns == [
        "index", "label", "predicted", "confidence", "variability", "correctness", "aum", "relative_aum",
        "forgetting", "final_loss", "region",
    ]  # fmt: skip
    assert t["index"].tolist() == [0, 1, 2]
    assert t["label"].tolist() == [0, 1, 2]
    assert t["predicted"].tolist() == [0, 2, 2]  # the last epoch's
    # confidence: mean p(label) over the epochs that saw the example (2: 3 epochs)
    np.testing.assert_allclose(t["confidence"], [0.675, 0.2, 0.7], rtol=1e-6)
    # variability: population std (numpy's default, as allenai/cartography)
    np.testing.assert_allclose(t["variability"][0], np.std([0.4, 0.6, 0.8, 0.9]), rtol=1e-6)
    np.testing.assert_allclose(t["variability"][2], np.std([0.6, 0.7, 0.8]), rtol=1e-6)
    # correctness: example 0 wrong once of 4, example 1 right once (epoch 2), example 2 always
    np.testing.assert_allclose(t["correctness"], [0.75, 0.25, 1.0])
    np.testing.assert_allclose(t["aum"], [1.0, -1.45, 1.2], rtol=1e-6)
    # relative AUM: each epoch's margins over that epoch's median |margin|
    scales = [1.0, 0.75, 1.2, 2.5]  # medians of |margin| per epoch (epoch 1: of 0.5 and 1.0)
    margins = tiny_record().margin.astype(float)
    expected0 = np.mean([margins[e, 0] / scales[e] for e in range(4)])
    expected2 = np.mean([margins[e, 2] / scales[e] for e in (0, 2, 3)])
    np.testing.assert_allclose(t["relative_aum"][[0, 2]], [expected0, expected2], rtol=1e-6)
    np.testing.assert_allclose(t["final_loss"], [0.1, 2.5, 0.3], rtol=1e-6)
    assert t["region"].tolist() == ["easy to learn", "hard to learn", "easy to learn"]


def test_forgetting_counts_correct_to_incorrect_between_presentations():
    # example 1: right at epoch 2, wrong at 3: one event; example 0: wrong then right: none
    assert ds.examples(tiny_record())["forgetting"].tolist() == [0, 1, 0]
    # an unseen epoch is skipped: 1, (unseen), 0 is one event; 0, 0 none; 1, 0, 1, 0 two
    correct = np.array([[1, 0, 1], [np.nan, 0, 0], [0, np.nan, 1], [np.nan, np.nan, 0]])
    assert forgetting_events(correct).tolist() == [1, 0, 2]


def test_regions_follow_the_stated_rule():
    # variability >= 0.2: ambiguous whatever the confidence; else confidence >= 0.5: easy
    r = ExampleRecord.from_arrays(
        task="classification", labels=[0, 0, 0, 0], epochs=[0, 1],
        loss=np.ones((2, 4)), p_label=[[0.5, 0.49, 0.1, 0.0], [0.5, 0.49, 0.6, 0.9]],
        margin=np.zeros((2, 4)), predicted=np.zeros((2, 4)),
    )  # fmt: skip
    assert ds.examples(r)["region"].tolist() == ["easy to learn", "hard to learn", "ambiguous", "ambiguous"]


def test_regression_has_loss_summaries_only():
    r = ExampleRecord.from_arrays(task="regression", epochs=[0, 1, 2], loss=[[1.0, 4.0], [3.0, np.nan], [2.0, 1.0]])
    t = ds.examples(r)
    assert t.columns == ["index", "mean_loss", "loss_variability", "final_loss"]
    np.testing.assert_allclose(t["mean_loss"], [2.0, 2.5])
    np.testing.assert_allclose(t["loss_variability"], [np.std([1, 3, 2]), 1.5])
    np.testing.assert_allclose(t["final_loss"], [2.0, 1.0])
    assert t.top(1)["index"].tolist() == [0]  # regression: highest final loss first
    with pytest.raises(KeyError, match="no column 'region'"):
        t["region"]


def test_top_sorts_each_column_from_its_interesting_end():
    t = ds.examples(tiny_record())
    assert t.top(3)["index"].tolist() == [1, 0, 2]  # relative AUM, lowest first
    assert t.top(2, by="final_loss")["index"].tolist() == [1, 2]  # highest first
    assert t.top(1, by="final_loss", ascending=True)["index"].tolist() == [0]
    assert t.top(3, by="forgetting")["index"].tolist() == [1, 0, 2]  # ties by index


def test_a_history_a_folder_and_a_file_give_the_same_table(tmp_path):
    record = tiny_record()
    record.save(tmp_path / "examples.npz")
    h = History(examples=record)
    tables = [ds.examples(x) for x in (record, h, tmp_path, tmp_path / "examples.npz", str(tmp_path))]
    for t in tables[1:]:
        for name in t.columns:
            if name == "region":
                assert t[name].tolist() == tables[0][name].tolist()
            else:
                np.testing.assert_array_equal(t[name], tables[0][name])


def test_csv_round_trip(tmp_path):
    t = ds.examples(tiny_record())
    back = ExampleTable.from_csv(t.to_csv(tmp_path / "sub" / "examples.csv"))
    assert back.columns == t.columns and back.task == "classification"
    for name in t.columns:
        if name == "region":
            assert back[name].tolist() == t[name].tolist()
        else:
            np.testing.assert_array_equal(back[name], t[name])  # bit for bit: floats written in full
    assert back["index"].dtype == np.int64 and back["aum"].dtype == np.float64


def test_csv_round_trip_keeps_nan(tmp_path):
    r = ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[np.nan, 1.0]])
    table = ds.examples(r)
    assert repr(table).startswith("ExampleTable (regression): 2 examples, 1 epoch\n")
    back = ExampleTable.from_csv(table.to_csv(tmp_path / "e.csv"))
    assert math.isnan(back["final_loss"][0]) and back["final_loss"][1] == 1.0


def test_repr_reads_as_a_table():
    text = repr(ds.examples(tiny_record()))
    first, header = text.splitlines()[:2]
    assert first == "ExampleTable (classification): 3 examples, 4 epochs; easy to learn 2, hard to learn 1"
    assert header.split() == ["index", "label", "predicted", "confidence", "variability", "correctness", "aum",
                              "relative_aum", "forgetting", "final_loss", "region"]  # fmt: skip
    assert len(text.splitlines()) == 5


def test_a_loss_of_minus_zero_prints_as_0():
    """A diverged run's float32 cross entropy of -0.0 printed as "final_loss -0"."""
    table = ExampleTable({"index": [0, 1], "final_loss": [-0.0, 0.25]}, task="regression")
    assert [line.split() for line in repr(table).splitlines()[2:]] == [["0", "0"], ["1", "0.25"]]


def test_to_csv_and_from_csv_name_what_is_wrong_with_the_file(tmp_path):
    """to_csv(folder) was pathlib's IsADirectoryError; from_csv of another CSV was a silent
    'regression' table of its columns, and a short row an IndexError."""
    t = ds.examples(tiny_record())
    with pytest.raises(
        ValueError, match=r"^path .* is a folder: give a file in it for the table, such as .*examples\.csv"
    ):
        t.to_csv(tmp_path)
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    with pytest.raises(
        ValueError, match=r"other\.csv is not a table of examples .*: it has no 'index' column; its columns are a, b"
    ):
        ExampleTable.from_csv(tmp_path / "other.csv")
    (tmp_path / "short.csv").write_text("index,final_loss\n0,1.5\n1\n")
    with pytest.raises(ValueError, match=r"short\.csv, row 3: expected 2 cells \(index, final_loss\), got 1"):
        ExampleTable.from_csv(tmp_path / "short.csv")
    (tmp_path / "word.csv").write_text("index,final_loss\n0,high\n")
    with pytest.raises(ValueError, match=r"word\.csv, row 2: final_loss must be a number, got 'high'"):
        ExampleTable.from_csv(tmp_path / "word.csv")


def test_iterating_a_table_says_how_to_read_its_rows():
    """Was KeyError "no column 0; the columns are ..." (Python's fallback iteration by index)."""
    with pytest.raises(
        TypeError, match=r"^an ExampleTable is read by column, not iterated: table\.rows\(\) gives the rows"
    ):
        list(ds.examples(tiny_record()))
