"""``torch.nn.BCELoss()``, binary cross-entropy on a model's probabilities (one ending in a
sigmoid), trained as a binary classification: torch's per-example loss, the probability of the
given label, the margin logit(p) and the prediction p > 1/2, with BCELoss's clamp of log at -100."""

from __future__ import annotations

import pytest
import torch
from torch import nn

import descend as ds
from descend.training.data import prepare
from descend.training.examples_tracking import ExampleTracker
from descend.training.losses import get

X = torch.randn(40, 3, generator=torch.Generator().manual_seed(0))
LABELS = (X[:, 0] + 0.5 * X[:, 1] > 0).long()
LABELS[:4] = 1 - LABELS[:4]  # four flipped labels, for the label issues


def _model(sigmoid: bool) -> nn.Module:
    torch.manual_seed(0)
    linear = nn.Linear(3, 1)
    return nn.Sequential(linear, nn.Sigmoid()) if sigmoid else linear


def _train(model, loss, y=LABELS, **kw):
    options = dict(epochs=6, progress=False, instruments=False, track_examples=True, seed=0)
    return ds.train(model, (X, y), loss=loss, **{**options, **kw})


def test_a_bce_loss_run_is_a_binary_classification_of_labels_of_shape_n():
    """Was torch's 'Using a target size (torch.Size([32])) that is different to the input size
    (torch.Size([32, 1]))' at the first batch, and with (n, 1) float labels a regression run,
    which find_label_issues refuses."""
    history = _train(_model(sigmoid=True), nn.BCELoss())
    assert history.task == "classification"
    assert history.examples.task == "classification"
    issues = ds.find_label_issues(history)
    assert len(ds.examples(history)) == len(X) and issues is not None


def test_the_record_is_the_one_of_the_same_model_on_logits():
    # Linear + Sigmoid under BCELoss is Linear under BCEWithLogitsLoss, step for step: the records agree.
    on_p = _train(_model(sigmoid=True), nn.BCELoss()).examples
    on_logits = _train(_model(sigmoid=False), nn.BCEWithLogitsLoss()).examples
    for key in ("loss", "p_label", "margin"):
        torch.testing.assert_close(
            torch.from_numpy(getattr(on_p, key)), torch.from_numpy(getattr(on_logits, key)), rtol=1e-4, atol=1e-5
        )
    assert (on_p.predicted == on_logits.predicted).all()


def test_per_example_values_are_bce_losses_and_the_probability_of_the_label():
    p = torch.tensor([[0.9], [0.2], [0.5], [1.0], [0.0], [1.0]])
    y = torch.tensor([1, 1, 0, 1, 1, 0])
    source = prepare((p, y), batch_size=4).train  # the model: the identity on probabilities
    tracker = ExampleTracker("classification", source, nn.BCELoss())
    for xb, yb in tracker.batches(source, epoch=0):
        tracker.add(xb.clone(), yb)  # a model's output is its own tensor; the batch's x is reused
    record = tracker.end_epoch(0)
    expected = nn.BCELoss(reduction="none")(p[:, 0], y.float())  # log clamped at -100: 100 for p=0 given 1
    torch.testing.assert_close(torch.from_numpy(record.loss[0]), expected)
    assert record.loss[0][4] == pytest.approx(100.0) and record.loss[0][5] == pytest.approx(100.0)
    torch.testing.assert_close(
        torch.from_numpy(record.p_label[0]), torch.tensor([0.9, 0.2, 0.5, 1.0, 0.0, 0.0]), atol=1e-6, rtol=0
    )
    logit = torch.log(torch.tensor([0.9, 0.2])) - torch.log(torch.tensor([0.1, 0.8]))
    torch.testing.assert_close(torch.from_numpy(record.margin[0][:2]), logit)
    # the margin of a saturated probability is the clamp's: +-100, never an infinity
    assert list(record.margin[0][2:]) == [0.0, 100.0, -100.0, -100.0]
    assert list(record.predicted[0]) == [1, 0, 0, 1, 0, 1]


def test_accuracy_thresholds_a_probability_at_one_half():
    # read at 0, as for a logit, every probability would predict class 1: the share of 1 labels
    val = (X[4:24], LABELS[4:24])  # labels not flipped
    history = _train(_model(sigmoid=True), nn.BCELoss(), val_data=val, track_examples=False, lr=0.1)
    model = history.model
    with torch.no_grad():
        predicted = (model(X[4:24])[:, 0] > 0.5).long()
    accuracy = float((predicted == LABELS[4:24]).float().mean())
    assert history.epochs["val_accuracy"][-1] == pytest.approx(accuracy) and accuracy >= 0.8


def test_outputs_outside_0_1_are_refused_naming_the_logit_loss():
    model = _model(sigmoid=False)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.fill_(5.0)  # a logit of 5 for every example
    message = (
        "loss=BCELoss() takes probabilities in [0, 1] (a model ending in a sigmoid), but the model gave 5; "
        "for logits use loss=BCEWithLogitsLoss() (or 'bce')"
    )
    with pytest.raises(ValueError) as info:
        _train(model, nn.BCELoss())
    assert str(info.value) == message


def test_the_module_loss_is_torchs_on_a_one_output_model():
    p, y = torch.rand(8, 1), torch.randint(0, 2, (8,))
    torch.testing.assert_close(get(nn.BCELoss())(p, y), nn.BCELoss()(p[:, 0], y.float()))
    torch.testing.assert_close(
        get(nn.BCELoss())(p, y, reduction="none"), nn.BCELoss(reduction="none")(p[:, 0], y.float())
    )
