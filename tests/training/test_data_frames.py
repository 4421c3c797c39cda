"""A pandas DataFrame as ``data``: its ``target=`` column the labels, the other columns the
features, as a CSV file's; and a bad ``data`` named on one line by its type and shape."""

import numpy as np
import pytest
import torch

import descend as ds
from descend.training import prepare

pd = pytest.importorskip("pandas")

X = np.random.default_rng(0).normal(size=(40, 3))
Y = np.arange(40) % 2


def _frame() -> "pd.DataFrame":
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    frame.insert(1, "label", Y)  # the target need not be the last column
    return frame


def test_a_data_frame_trains_as_its_arrays():
    """The same weights, bit for bit, as the (features, target) arrays it holds."""
    kw = dict(epochs=2, batch_size=8, lr=0.05, instruments=False, progress=False)
    from_frame = ds.train("mlp", _frame(), target="label", **kw)
    from_arrays = ds.train("mlp", (X, Y), **kw)
    for p, q in zip(from_frame.model.parameters(), from_arrays.model.parameters()):
        assert torch.equal(p, q)


def test_a_data_frame_with_text_labels():
    frame = _frame().assign(label=np.where(Y == 1, "dog", "cat"))
    assert prepare(frame, target="label").classes == ["cat", "dog"]


@pytest.mark.parametrize(
    "frame, target, message",
    [
        (_frame(), None, "a DataFrame needs target= naming its label column; the columns of data are: a, label, b, c"),
        (_frame(), "lable", r"target column 'lable' is not in data \(a DataFrame\)\. Did you mean 'label'\?"),
        (_frame()[["label"]], "label", r"data \(a DataFrame\) has only the target column 'label'; no features"),
        (
            _frame().assign(b="x"),
            "label",
            r"feature column 'b' of data \(a DataFrame\) is not numeric .*first values: 'x', 'x', 'x'",
        ),
    ],
)
def test_a_data_frame_refused_names_its_columns(frame, target, message):
    with pytest.raises(ValueError, match=message):
        prepare(frame, target=target)


def test_bad_data_named_by_type_and_shape_on_one_line():
    """A lone X tensor was shown as its multi-line repr; now its type and shape."""
    with pytest.raises(TypeError) as caught:
        prepare(torch.zeros(60, 4))
    assert str(caught.value).endswith("got Tensor of shape (60, 4)")
    assert "\n" not in str(caught.value)
