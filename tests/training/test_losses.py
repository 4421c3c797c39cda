"""Losses by name equal torch.nn.functional's; check_batch turns misfits into clear errors."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

import descend as ds
from descend.training.losses import check_batch, default_loss, get, names

g = torch.Generator().manual_seed(0)
OUT = torch.randn(8, generator=g)
TARGET = torch.randn(8, generator=g)
LOGITS = torch.randn(8, 5, generator=g)
LABELS = torch.randint(0, 5, (8,), generator=g)
BITS = torch.randint(0, 2, (8,), generator=g)

# name: (output, target, the torch.nn.functional value it must equal)
VALUES = {
    "mse": (OUT, TARGET, F.mse_loss(OUT, TARGET)),
    "mae": (OUT, TARGET, F.l1_loss(OUT, TARGET)),
    "huber": (OUT * 3, TARGET, F.huber_loss(OUT * 3, TARGET)),
    "bce": (OUT, BITS.float(), F.binary_cross_entropy_with_logits(OUT, BITS.float())),
    "cross_entropy": (LOGITS, LABELS, F.cross_entropy(LOGITS, LABELS)),
}


def test_value_table_covers_every_loss():
    assert set(VALUES) == set(names())


@pytest.mark.parametrize("name", list(VALUES))
def test_values_equal_torch_functional(name):
    output, target, want = VALUES[name]
    check_batch(name, output, target)
    torch.testing.assert_close(get(name)(output, target), want)


@pytest.mark.parametrize("name", list(VALUES))
def test_per_example_losses_are_torchs_unreduced_ones_averaged_per_example(name):
    output, target, want = VALUES[name]
    per_example = get(name)(output, target, reduction="none")
    assert per_example.shape == (8,)
    torch.testing.assert_close(per_example.mean(), want)
    one = get(name)(output[3:4], target[3:4])
    torch.testing.assert_close(per_example[3], one)


def test_per_example_mse_of_several_outputs_is_each_examples_mean():
    out, y = torch.randn(6, 3, generator=g), torch.randn(6, 3, generator=g)
    torch.testing.assert_close(get("mse")(out, y, reduction="none"), ((out - y) ** 2).mean(dim=1))
    with pytest.raises(ValueError, match="reduction must be 'mean' or 'none', got 'sum'"):
        get("mse")(out, y, reduction="sum")


@pytest.mark.parametrize("name", ["mse", "mae", "huber", "bce"])
def test_single_output_column_is_aligned_with_flat_targets(name):
    target = BITS.float()
    flat = get(name)(OUT, target)
    check_batch(name, OUT[:, None], target)
    torch.testing.assert_close(get(name)(OUT[:, None], target), flat)
    torch.testing.assert_close(get(name)(OUT, target[:, None]), flat)


def test_bce_accepts_integer_labels():
    check_batch("bce", OUT[:, None], BITS)
    torch.testing.assert_close(get("bce")(OUT[:, None], BITS), VALUES["bce"][2])


def test_names_are_case_insensitive_and_callables_pass_through():
    assert get(" Cross-Entropy ") is get("cross_entropy")

    def custom(output, y):
        return (output - y).abs().max()

    assert get(custom) is custom
    check_batch(custom, "anything", TARGET)  # custom losses are the caller's business


@pytest.mark.parametrize(
    "task, model, want",
    [
        ("classification", None, "cross_entropy"),
        ("classification", "mlp", "cross_entropy"),
        ("classification", "logistic", "bce"),
        ("regression", None, "mse"),
        ("regression", "linear", "mse"),
    ],
)
def test_default_loss(task, model, want):
    assert default_loss(task, model=model) == want


NAME_ERRORS = {
    "unknown": (
        lambda: get("crossentropy"),
        ValueError,
        "unknown loss 'crossentropy'. Did you mean 'cross_entropy'\\? Known: mse, mae, huber, bce, cross_entropy",
    ),
    "not_a_name": (lambda: get(3), TypeError, r"loss must be a name \(mse, .*\) or a callable .* got 3"),
    "unknown_task": (
        lambda: default_loss("regresion"),
        ValueError,
        "unknown task 'regresion'. Did you mean 'regression'",
    ),
    "check_unknown": (lambda: check_batch("nll", LOGITS, LABELS), ValueError, "unknown loss 'nll'"),
}

BATCH_ERRORS = {  # name: (loss, output, target, exception, message pattern)
    "regression_shape": (
        "mse",
        torch.zeros(32, 3),
        torch.zeros(32),
        ValueError,
        r"model output has shape \(32, 3\) but the target has shape \(32,\); "
        r"mse compares them element by element",
    ),
    "batch_rows": (
        "mae",
        torch.zeros(16, 1),
        torch.zeros(32),
        ValueError,
        r"model output has shape \(16, 1\) but the batch has 32 examples",
    ),
    "scalar_output": (
        "mse",
        torch.zeros(()),
        torch.zeros(4),
        ValueError,
        r"model output has shape \(\) but the batch has 4 examples",
    ),
    "regression_int_targets": (
        "huber",
        torch.zeros(4),
        torch.zeros(4, dtype=torch.long),
        ValueError,
        "huber needs floating-point targets, got torch.int64",
    ),
    "label_too_large": (
        "cross_entropy",
        torch.zeros(4, 10),
        torch.tensor([0, 3, 9, 12]),
        ValueError,
        r"labels must be in \[0, 10\) for a model with 10 outputs, got label 12",
    ),
    "negative_label": (
        "cross_entropy",
        torch.zeros(2, 3),
        torch.tensor([0, -1]),
        ValueError,
        r"labels must be in \[0, 3\) .* got label -1",
    ),
    "one_output_classifier": (
        "cross_entropy",
        torch.zeros(2, 1),
        torch.tensor([0, 1]),
        ValueError,
        r"\[0, 1\) for a model with 1 output, got label 1; a model with one output is a binary classifier "
        r"of 0/1 labels \(use loss='bce'\) or a regression \(use loss='mse' to regress on the labels as numbers\)",
    ),
    "float_labels": (
        "cross_entropy",
        torch.zeros(2, 3),
        torch.tensor([0.0, 1.0]),
        ValueError,
        "cross_entropy needs int64 class labels, got torch.float32 targets",
    ),
    "int32_labels": (
        "cross_entropy",
        torch.zeros(2, 3),
        torch.tensor([0, 1], dtype=torch.int32),
        ValueError,
        r"got torch.int32; convert them with y.long\(\)",
    ),
    "flat_logits": (
        "cross_entropy",
        torch.zeros(4),
        torch.tensor([0, 1, 0, 1]),
        ValueError,
        r"one logit per class, output shape \(n, K\); model output has shape \(4,\)",
    ),
    "labels_2d": (
        "cross_entropy",
        torch.zeros(2, 3),
        torch.zeros(2, 1, dtype=torch.long),
        ValueError,
        r"labels of shape \(n,\), got \(2, 1\)",
    ),
    "bce_many_outputs": (
        "bce",
        torch.zeros(4, 10),
        BITS[:4],
        ValueError,
        r"bce needs one logit per example.* shape \(4, 10\). For 10 classes "
        r"use 'cross_entropy'",
    ),
    "bce_label_2": (
        "bce",
        torch.zeros(3),
        torch.tensor([0, 1, 2]),
        ValueError,
        r"bce needs 0/1 targets \(or probabilities in \[0, 1\]\), got 2",
    ),
    "bce_negative": ("bce", torch.zeros(2), torch.tensor([-1.0, 1.0]), ValueError, "bce needs 0/1 targets .* got -1"),
    "bce_target_shape": (
        "bce",
        torch.zeros(2),
        torch.zeros(2, 2),
        ValueError,
        r"one 0/1 target per example.* got \(2, 2\)",
    ),
    "int_output": (
        "mse",
        torch.zeros(2, dtype=torch.long),
        torch.zeros(2),
        ValueError,
        "the model output must be floating point, got torch.int64",
    ),
    "tuple_output": (
        "mse",
        (torch.zeros(2),),
        torch.zeros(2),
        TypeError,
        r"the model must return one tensor of predictions, got a tuple of 1 \(tensor \(2,\)\)",
    ),
}


@pytest.mark.parametrize("case", list(NAME_ERRORS))
def test_name_errors(case):
    call, exception, pattern = NAME_ERRORS[case]
    with pytest.raises(exception, match=pattern):
        call()


@pytest.mark.parametrize("case", list(BATCH_ERRORS))
def test_check_batch_errors(case):
    loss, output, target, exception, pattern = BATCH_ERRORS[case]
    with pytest.raises(exception, match=pattern):
        check_batch(loss, output, target)


def test_a_loss_class_is_refused_naming_the_instance_to_pass():
    """train(..., loss=torch.nn.MSELoss) was torch's 'Boolean value of Tensor with more than one
    value is ambiguous' at the first step (the class called on (output, y) as its arguments)."""
    with pytest.raises(TypeError, match=r"got the class MSELoss: pass an instance, MSELoss\(\)$"):
        get(torch.nn.MSELoss)
    module = torch.nn.MSELoss()
    assert get(module).module is module


def test_train_refuses_a_loss_class_before_any_step():
    X = torch.randn(16, 3)
    with pytest.raises(TypeError, match=r"pass an instance, CrossEntropyLoss\(\)"):
        ds.train("mlp", (X, (X[:, 0] > 0).long()), loss=torch.nn.CrossEntropyLoss, epochs=1, progress=False)
