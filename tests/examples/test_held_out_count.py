"""The opt-in held-out count (``held_out_count``, ``find_label_issues(count=...)``) and the
note on a run that has not fitted its training set."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from _example_records import blobs, tiny_record

import descend as ds
from descend.examples import (
    STILL_RISING,
    confident_learning_count,
    held_out_count,
    training_accuracy_rise,
)
from descend.training import ExampleRecord

SETTINGS = dict(lr=0.01, batch_size=16, tol=None, instruments=False, progress=False)


def test_confident_learning_count_is_the_calibrated_off_diagonal_of_the_confident_joint():
    # thresholds: class 0 mean p0 over the examples labelled 0 = (0.9 + 0.8 + 0.4) / 3 = 0.7,
    # class 1 mean p1 over those labelled 1 = (0.7 + 0.8 + 0.25 + 0.5) / 4 = 0.5625
    p = np.array([[0.9, 0.1], [0.8, 0.2], [0.4, 0.6], [0.3, 0.7], [0.2, 0.8], [0.75, 0.25], [0.5, 0.5]])
    labels = [0, 0, 0, 1, 1, 1, 1]
    # example 2 (labelled 0): p1 0.6 >= 0.5625 -> C[0, 1]; example 5 (labelled 1): p0 0.75 >= 0.7 -> C[1, 0];
    # example 6: neither threshold reached -> not counted. Rows: C[0] = (2, 1) of 3 labelled 0 -> 1 off
    # the diagonal; C[1] = (1, 2) over 3 confident, calibrated to the 4 labelled 1 -> 4/3 off it
    assert confident_learning_count(p, labels) == pytest.approx(1 + 4 / 3)
    assert confident_learning_count(p[[0, 1, 3, 4]], [0, 0, 1, 1]) == 0.0  # all confidently their label


@pytest.mark.parametrize("classes", [2, 3, 5])
def test_confident_learning_count_agrees_with_cleanlab(classes):
    # cleanlab (a test dependency) rounds the calibrated joint's entries; the counts agree within 1
    import cleanlab.count

    rng = np.random.default_rng(classes)
    for _ in range(3):
        y = rng.integers(0, classes, 300)
        logits = 2 * rng.normal(size=(300, classes))
        logits[np.arange(300), y] += 2
        p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        labels = y.copy()
        flipped = rng.choice(300, 30, replace=False)
        labels[flipped] = (labels[flipped] + 1) % classes
        theirs = cleanlab.count.num_label_issues(labels, p, estimation_method="off_diagonal_calibrated")
        assert abs(confident_learning_count(p, labels) - theirs) <= 1


def test_the_held_out_count_caps_the_list_and_keeps_its_ranking():
    # 300 separable blobs, 30 labels moved to another class: one run on half the examples for
    # half the epochs counts about as many mislabelled on the other half, scaled to the set
    X, y = blobs(300, seed=3)
    rng = np.random.default_rng(3)
    flipped = np.sort(rng.choice(len(y), 30, replace=False))
    noisy = y.copy()
    noisy[flipped] = (y[flipped] + rng.integers(1, 3, 30)) % 3
    h = ds.train("mlp", (X, noisy), epochs=12, seed=0, track_examples=True, **SETTINGS)
    count = held_out_count("mlp", (X, noisy), epochs=12, seed=0, **SETTINGS)
    assert 0.5 * len(flipped) <= count <= 1.5 * len(flipped)
    plain, uncapped = ds.find_label_issues(h), ds.find_label_issues(h, tail=None)
    capped, alone = ds.find_label_issues(h, count=count), ds.find_label_issues(h, count=count, tail=None)
    # with the tails' estimate: the smaller cap; with tail=None: the count alone; the same ranking, cut
    assert len(capped) == min(round(count), round(plain.estimated), len(uncapped)) and capped.count == count
    assert len(alone) == min(round(count), len(uncapped)) and alone.estimated is None
    for part in (capped, alone):
        assert part.indices.tolist() == uncapped.indices[: len(part)].tolist()
    assert np.isin(capped.indices, flipped).mean() >= 0.9
    assert f"and the {count:.0f} of the count given" in repr(capped)
    assert f"at most the {count:.0f} of the count given" in repr(alone)
    assert "of the count given" not in repr(plain)
    assert ds.find_label_issues(h, count=0).flagged == 0


def test_the_held_out_count_takes_a_model_factory_and_tensors():
    X, y = blobs(150, seed=4)
    y[:6] = (y[:6] + 1) % 3
    count = held_out_count(
        lambda: torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3)),
        (torch.as_tensor(X), torch.as_tensor(y)), epochs=20, **SETTINGS,
    )  # fmt: skip
    assert 2 <= count <= 12
    # the split and the run are fixed by the seed
    assert held_out_count("mlp", (X, y), epochs=4, seed=3, **SETTINGS) == held_out_count(
        "mlp", (X, y), epochs=4, seed=3, **SETTINGS
    )


def test_the_held_out_count_takes_text_labels_as_train_does():
    """train reads text labels; the held-out count of the same (X, y) stopped with "y one integer
    label >= 0 per row of X, ... (<U10)"."""
    X, y = blobs(150, seed=4)
    y[:6] = (y[:6] + 1) % 3
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    counts = [held_out_count("mlp", (X, labels), epochs=4, seed=3, **SETTINGS) for labels in (y, names)]
    assert counts[0] == counts[1]


def test_bad_input_to_the_held_out_count_is_one_clear_error():
    X, y = blobs(30)
    with pytest.raises(
        ValueError, match=r"^model must be a model name or a function returning a fresh torch.nn.Module .*got Linear$"
    ):
        held_out_count(torch.nn.Linear(2, 3), (X, y))
    with pytest.raises(ValueError, match=r"^data must be a pair \(X, y\) of in-memory arrays .*got str$"):
        held_out_count("mlp", "iris")
    with pytest.raises(
        ValueError,
        match=r"^data must be \(X, y\) with y one integer label >= 0 per row of X, got X of shape \(30, 2\) and y of shape \(29,\)",
    ):
        held_out_count("mlp", (X, y[:-1]))
    with pytest.raises(ValueError, match=r"^data must be \(X, y\) with y one integer label .*\(float64\)$"):
        held_out_count("mlp", (X, y.astype(float)))
    with pytest.raises(ValueError, match=r"^fraction must be a number in \(0, 1\), got 1$"):
        held_out_count("mlp", (X, y), fraction=1)
    with pytest.raises(ValueError, match=r"^epoch_fraction must be a number in \(0, 1\], got 0$"):
        held_out_count("mlp", (X, y), epoch_fraction=0)
    with pytest.raises(ValueError, match=r"^epochs must be an integer >= 1, got 0$"):
        held_out_count("mlp", (X, y), epochs=0)
    with pytest.raises(ValueError, match=r"^fraction 0.01 of 30 examples leaves no example to train on or to judge$"):
        held_out_count("mlp", (X, y), fraction=0.01)
    with pytest.raises(
        ValueError,
        match=r"^confident_learning_count needs probabilities of shape \(n, classes\) and n integer labels, got shapes \(3,\) and \(3,\)$",
    ):
        confident_learning_count(np.ones(3), [0, 1, 0])
    with pytest.raises(ValueError, match=r"^count must be a number >= 0 or None, got -1$"):
        ds.find_label_issues(tiny_record(), count=-1)


def test_the_note_says_when_the_run_has_not_fitted_its_training_set(clean_run):
    # the clean run's blobs at a 30x lower rate for 8 epochs: still being fitted (training accuracy
    # 0.51 -> 0.79 over the last quarter); the note fires and the header says so
    X, y = blobs(seed=2)
    slow = dict(SETTINGS, lr=0.0003)
    rising = ds.find_label_issues(ds.train("mlp", (X, y), epochs=8, seed=0, track_examples=True, **slow))
    assert rising.accuracy_rise >= STILL_RISING and rising.note is not None
    # a mini-batch run: every epoch is read (initial_regime is for full-batch runs)
    assert f"rose by {rising.accuracy_rise:.3f} over the last quarter of the 8 epochs" in repr(rising)
    assert "the run has not fitted its training set" in repr(rising.head(1))
    # the same blobs fitted at lr 0.01 in 12 epochs: no note
    fitted = ds.find_label_issues(clean_run)
    assert fitted.accuracy_rise < STILL_RISING and fitted.note is None
    assert "not fitted" not in repr(fitted)


def test_the_accuracy_rise_is_over_the_last_quarter_of_the_epochs():
    labels = [0, 1, 1, 0]
    right, wrong = [0, 1, 1, 0], [1, 0, 0, 1]
    # 8 epochs: the last minus the one 2 before; epoch 5 has 2 of 4 right, epoch 7 all 4
    predicted = [wrong] * 5 + [[0, 1, 0, 1], wrong, right]
    r = ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(8)), loss=np.ones((8, 4)),
        p_label=np.full((8, 4), 0.5), margin=np.zeros((8, 4)), predicted=predicted,
    )  # fmt: skip
    assert training_accuracy_rise(r) == pytest.approx(0.5)
    assert training_accuracy_rise(tiny_record()) == pytest.approx(2 / 3 - 1)  # 4 epochs: epoch 3 minus epoch 2
    short = ExampleRecord.from_arrays(
        task="classification", labels=[0], epochs=[0, 1, 2], loss=np.ones((3, 1)), p_label=np.ones((3, 1)),
        margin=np.ones((3, 1)), predicted=[[0], [0], [0]],
    )  # fmt: skip
    assert training_accuracy_rise(short) is None
    note = ds.find_label_issues(short).note  # fitted from its first epoch: that note, not the rise's
    assert "rose by" not in note and "was already 1.000 in epoch 1" in note


def test_the_held_out_count_is_an_expected_number_and_its_words_say_so():
    # Calibrated rows (n_i / confident rows) and the scaling n / held-out make it a float by
    # nature, not a count of examples: the docstrings and the README call it an expected number.
    p = np.array([[0.9, 0.1], [0.8, 0.2], [0.4, 0.6], [0.3, 0.7], [0.2, 0.8], [0.75, 0.25], [0.5, 0.5]])
    assert confident_learning_count(p, [0, 0, 0, 1, 1, 1, 1]) == pytest.approx(1 + 4 / 3)
    assert held_out_count.__doc__.startswith("The expected number of mislabelled examples")
    assert confident_learning_count.__doc__.startswith("Confident learning's expected number of label errors")
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    assert "held_out_count(" in readme and "epochs=10)  # an expected number (a float);" in readme


def test_the_held_out_count_reads_a_model_of_probabilities_as_such():
    # loss=BCELoss(): the model gives p, not a logit (softmax((0, p)) read every p as above 1/2);
    # the same weights ending in a sigmoid count as the logit model does
    rng = np.random.default_rng(3)
    y = np.repeat([0, 1], 150)
    X = (rng.normal(size=(300, 2)) + 3.0 * y[:, None]).astype(np.float32)
    y[rng.choice(300, 30, replace=False)] ^= 1

    def linear(*ends):
        def build():
            torch.manual_seed(0)
            return torch.nn.Sequential(torch.nn.Linear(X.shape[1], 1), *ends)

        return build

    settings = dict(SETTINGS, epochs=10)
    of_logits = held_out_count(linear(), (X, y), loss=torch.nn.BCEWithLogitsLoss(), **settings)
    of_probabilities = held_out_count(linear(torch.nn.Sigmoid()), (X, y), loss=torch.nn.BCELoss(), **settings)
    assert of_probabilities == pytest.approx(of_logits, rel=1e-3)
