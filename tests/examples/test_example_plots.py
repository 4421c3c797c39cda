"""``descend.plots``' pictures of per-example dynamics: they render, with what they say."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _example_records import tiny_record

import descend as ds
from descend.training import ExampleRecord


def test_data_map_marks_regions_and_suspects(tmp_path):
    r = tiny_record()
    fig = ds.plots.data_map(r, issues=ds.find_label_issues(r), path=tmp_path / "map.png")
    assert (tmp_path / "map.png").stat().st_size > 0
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["easy to learn (2)", "hard to learn (1)", "ambiguous (0)"]
    assert ax.get_legend().get_texts()[0].get_text() == "likely mislabelled (1)"
    assert ax.get_ylabel() == "confidence (mean p(label) over epochs)"


def test_data_map_colours_correctness_by_lightness_and_shows_points_at_variability_zero():
    # Was: RdYlGn (dark red and dark green alike to a red-green colour-blind reader), and the
    # points of variability 0 half hidden on the left axis line.
    ax = ds.plots.data_map(tiny_record()).axes[0]
    assert ax.collections[0].get_cmap().name == "cividis"
    assert ax.get_xlim()[0] < 0


def test_gallery_shows_digits_as_images_with_given_and_suggested_labels(tmp_path):
    r = tiny_record()
    X = np.arange(3 * 64, dtype=float).reshape(3, 64)
    issues = ds.find_label_issues(r, threshold=5.0, tail=None, memorised_at=None)  # every epoch
    fig = ds.plots.example_gallery(issues, X, path=tmp_path / "g.png")
    assert [ax.get_title() for ax in fig.axes] == [
        "#1: 1 → 2",
        "#0: 0 → 1",
        "#2: 2 → -",
    ]  # 2: never predicted otherwise
    assert fig.axes[0].get_images()[0].get_array().shape == (8, 8)
    np.testing.assert_array_equal(fig.axes[1].get_images()[0].get_array(), X[0].reshape(8, 8))
    assert (tmp_path / "g.png").is_file()


def test_gallery_shows_tabular_rows_as_a_table():
    X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    fig = ds.plots.example_gallery(tiny_record(), X, k=2, by="final_loss")
    cells = fig.axes[0].tables[0].get_celld()
    header = [cells[0, j].get_text().get_text() for j in range(6)]
    assert header == ["index", "given", "predicted", "final_loss", "x0", "x1"]  # the column they are ranked by
    assert [cells[1, j].get_text().get_text() for j in (0, 3, 4, 5)] == ["1", "2.5", "3", "4"]  # highest final loss


def test_gallery_needs_the_training_inputs():
    with pytest.raises(
        ValueError,
        match=r"^inputs must be the data given to train, all its rows in their order \(3 rows: the examples' index "
        r"counts them\), got 2 rows$",
    ):
        ds.plots.example_gallery(tiny_record(), np.zeros((2, 64)))


def test_class_loss_curves_average_each_class_per_epoch(tmp_path):
    r = ExampleRecord.from_arrays(
        task="classification", labels=[0, 0, 1], epochs=[0, 1, 2],
        loss=[[1.0, 3.0, 5.0], [np.nan, 1.0, 4.0], [0.5, 0.5, 3.0]], p_label=np.full((3, 3), 0.5),
        margin=np.zeros((3, 3)), predicted=[[0, 0, 1], [-1, 0, 1], [0, 0, 1]],
    )  # fmt: skip
    fig = ds.plots.class_loss_curves(r, path=tmp_path / "c.png")
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["class 0 (2)", "class 1 (1)"]
    np.testing.assert_allclose(lines[0].get_ydata(), [2.0, 1.0, 0.5])  # NaN (unseen) skipped
    np.testing.assert_allclose(lines[1].get_ydata(), [5.0, 4.0, 3.0])
    regression = ExampleRecord.from_arrays(task="regression", epochs=[0, 1], loss=[[1.0, 3.0], [0.5, 0.5]])
    lines = ds.plots.class_loss_curves(regression).axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["all 2 examples"]


def test_the_loss_curve_of_a_regression_is_not_titled_per_class():
    """A regression's one line was titled "Loss per class (by given label)", its axis the loss
    "of the class's examples"."""
    regression = ExampleRecord.from_arrays(task="regression", epochs=[0, 1], loss=[[1.0, 3.0], [0.5, 0.5]])
    ax = ds.plots.class_loss_curves(regression).axes[0]
    assert ax.get_title() == "Loss per epoch, mean over the training examples"
    assert ax.get_ylabel() == "mean training loss of the examples"
    assert ds.plots.class_loss_curves(tiny_record()).axes[0].get_title() == "Loss per class (by given label)"


def test_the_loss_curve_of_a_standardised_target_names_its_units():
    """Was "mean training loss of the examples" for diabetes' MSE of 0.47 in units of
    (y - 151.6) / 78.3, said only in the report's Examples section."""
    import torch

    regression = ExampleRecord.from_arrays(task="regression", epochs=[0, 1], loss=[[1.0, 3.0], [0.5, 0.5]])
    scaling = {"target_mean": torch.tensor([151.6]), "target_scale": torch.tensor([78.3])}
    ax = ds.plots.class_loss_curves(regression, scaling=scaling).axes[0]
    assert ax.get_ylabel() == "mean training loss of the examples\n(target standardised: (y − 151.6) / 78.3)"
    history = ds.History(examples=regression, scaling=scaling)  # a History's own scaling
    assert ax.get_ylabel() == ds.plots.class_loss_curves(history).axes[0].get_ylabel()
    with pytest.raises(TypeError, match=r"^scaling must be a run's standardisation statistics, .* got 78\.3$"):
        ds.plots.class_loss_curves(regression, scaling=78.3)


def test_data_map_of_a_regression_run_is_one_clear_error():
    r = ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0]])
    with pytest.raises(ValueError, match=r"^data_map needs a classification run"):
        ds.plots.data_map(r)


@pytest.mark.parametrize("shape", [(7, 7), (8, -8), "8x8", (8.0, 8)])
def test_gallery_names_an_image_shape_that_does_not_fit_the_rows(shape):
    """Was NumPy's "cannot reshape array of size 64 into shape (7,7)" from inside the drawing."""
    X = np.random.default_rng(0).random((3, 64))
    with pytest.raises(
        ValueError, match=r"^image_shape must be positive whole numbers whose product is the 64 values of an input row"
    ):
        ds.plots.example_gallery(tiny_record(), X, k=2, image_shape=shape)


def test_gallery_draws_colour_images_in_descends_channels_first_order():
    """(3, 32, 32), the image_shape of descend's CIFAR data that `descend examples` passes, was
    matplotlib's "Invalid shape (3, 32, 32) for image data"."""
    X = np.random.default_rng(0).normal(size=(3, 3 * 32 * 32))  # standardized pixels
    fig = ds.plots.example_gallery(tiny_record(), X, k=2, image_shape=(3, 32, 32))
    image = fig.axes[0].get_images()[0].get_array()
    assert image.shape == (32, 32, 3) and image.min() >= 0 and image.max() <= 1


def test_data_map_reads_issues_as_indices_or_a_mask_and_names_anything_else():
    """A boolean mask was read as the indices 0 and 1; an index out of range, or 1.5, was drawn
    without a word; 'abc' was NumPy's "invalid literal for int()"."""
    r = tiny_record()

    def circled(issues):
        legend = ds.plots.data_map(r, issues=issues).axes[0].get_legend()
        return legend.get_texts()[0].get_text()

    assert circled(np.array([False, True, True])) == "likely mislabelled (2)"
    assert circled([2]) == "likely mislabelled (1)"
    for bad in ([3], [-1], [1.5], "abc", [[0, 1]], np.array([True, False])):
        with pytest.raises(
            ValueError,
            match=r"^issues must be a find_label_issues result, training-set indices in \[0, 3\) or a mask of the 3 examples",
        ):
            ds.plots.data_map(r, issues=bad)


@pytest.mark.parametrize("classes", [["cat", "dog"], "cat", 3])
def test_gallery_names_classes_that_do_not_name_every_class(classes):
    """Two names for three classes titled classes 0 and 1 by name and class 2 by number, silently."""
    X = np.zeros((3, 64))
    with pytest.raises(
        ValueError, match=r"^classes must name each class by its position, 3 at least \(the table's labels run to 2\)"
    ):
        ds.plots.example_gallery(tiny_record(), X, k=2, classes=classes)
    fig = ds.plots.example_gallery(tiny_record(), X, k=1, classes=pd.Index(["cat", "dog", "eel"]))
    assert fig.axes[0].get_title() == "#1: dog → eel"


def test_a_gallery_title_says_how_many_of_the_list_it_shows_and_which():
    """The table of rows was titled "16 training examples (...; first 4 features)" for 16 of 57
    suspects (all 4 features shown), and the images "16 likely mislabelled training examples"."""
    r = tiny_record()
    issues = ds.find_label_issues(r, threshold=5.0, tail=None, memorised_at=None)  # all 3 flagged
    rows, images = np.zeros((3, 2)), np.zeros((3, 64))
    assert issues.flagged == 3
    title = ds.plots.example_gallery(issues, rows, k=2).axes[0].get_title()
    assert title == "the 2 most suspect of 3 likely mislabelled training examples (rows of their inputs)"
    assert ds.plots.example_gallery(issues, rows, k=5).axes[0].get_title().startswith("3 likely mislabelled")
    fig = ds.plots.example_gallery(issues, images, k=2, by="confidence")
    assert fig.get_suptitle() == (
        "2 of 3 likely mislabelled training examples, first by confidence (#index: given → suggested)"
    )
    fig = ds.plots.example_gallery(r, np.zeros((3, 10)), k=1, by="forgetting")
    assert (
        fig.axes[0].get_title()
        == "1 training example, first by forgetting (rows of their inputs; first 8 of 10 features)"
    )


def test_the_data_maps_title_counts_only_the_examples_it_draws():
    """An estimator's rows held out for early stopping have no point on the map; the title
    counted them ("Data map: 3 training examples" over 2 points)."""
    r = ExampleRecord.from_arrays(
        task="classification", labels=[0, 1, 1], epochs=[0, 1], loss=[[0.5, 0.5, np.nan]] * 2,
        p_label=[[0.6, 0.7, np.nan]] * 2, margin=[[1.0, 1.0, np.nan]] * 2, predicted=[[0, 1, -1]] * 2,
    )  # fmt: skip
    title = ds.plots.data_map(r).axes[0].get_title()
    assert title == "Data map: 2 training examples, 2 epochs (1 other row, never trained on, not drawn)"
    assert ds.plots.data_map(tiny_record()).axes[0].get_title() == "Data map: 3 training examples, 4 epochs"


def test_a_gallery_of_rows_shows_the_score_its_order_follows():
    """A label-issues list is ranked by relative AUM, but its table showed the AUM, which read as
    out of order (-0.905, -0.871, -0.786, -0.675, -0.886 on iris); a regression's hardest rows
    showed no loss at all."""
    issues = ds.find_label_issues(tiny_record(), threshold=5.0, tail=None, memorised_at=None)
    cells = ds.plots.example_gallery(issues, np.zeros((3, 2))).axes[0].tables[0].get_celld()
    head = ["index", "given", "suggested", "window_relative_aum"]  # the relative AUM over the epochs read
    assert [cells[0, j].get_text().get_text() for j in range(4)] == head
    assert [cells[i, 3].get_text().get_text() for i in (1, 2, 3)] == [f"{v:.3g}" for v in issues[head[3]]]
    regression = ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[0.25, 4.0]])
    cells = ds.plots.example_gallery(regression, np.zeros((2, 1))).axes[0].tables[0].get_celld()
    assert [cells[0, j].get_text().get_text() for j in range(3)] == ["index", "final_loss", "x0"]
    assert [cells[1, j].get_text().get_text() for j in range(2)] == ["1", "4"]


def test_inputs_shaped_as_images_are_drawn_as_images():
    """(n, 28, 28) inputs (MNIST-like) were drawn as a table of their first 8 pixels."""
    X = np.arange(3 * 28 * 28, dtype=float).reshape(3, 28, 28)
    fig = ds.plots.example_gallery(tiny_record(), X, k=2)
    drawn = [np.asarray(ax.get_images()[0].get_array()) for ax in fig.axes[:2]]
    assert np.array_equal(drawn[0], X[1]) and np.array_equal(drawn[1], X[0])  # highest final loss first
    C = np.random.default_rng(0).random((3, 3, 6, 5))
    colour = np.asarray(ds.plots.example_gallery(tiny_record(), C, k=1).axes[0].get_images()[0].get_array())
    channels_last = np.moveaxis(C[1], 0, -1)  # scaled to [0, 1] for imshow
    assert colour.shape == (6, 5, 3)
    assert np.allclose(colour, (channels_last - C[1].min()) / (C[1].max() - C[1].min()))
    rows = ds.plots.example_gallery(tiny_record(), np.zeros((3, 2, 3, 5)), k=1)  # no picture: a table
    assert rows.axes[0].tables


def test_data_map_refuses_another_runs_issues():
    """The issues of another run were drawn against this run's indices without a word: circling
    nothing (another training set's size) or examples nobody flagged (other labels)."""
    r = tiny_record()
    bigger = ExampleRecord.from_arrays(
        task="classification", labels=[0, 1, 1, 0, 2], epochs=[0, 1], loss=np.ones((2, 5)),
        p_label=[[0.9, 0.8, 0.1, 0.9, 0.1]] * 2, margin=[[2.0, 1.0, -2.0, 2.0, -2.0]] * 2,
        predicted=[[0, 1, 0, 0, 0]] * 2, classes=3,
    )  # fmt: skip
    other = ds.find_label_issues(bigger, threshold=5.0, tail=None, memorised_at=None)  # every example
    with pytest.raises(
        ValueError,
        match=r"^issues are not this run's: find_label_issues flagged them among 5 examples, the table.s run has 3: give",
    ):
        ds.plots.data_map(r, issues=other)
    relabelled = ExampleRecord.from_arrays(
        task="classification", labels=[1, 1, 2], epochs=r.epochs, loss=r.loss, p_label=r.p_label, margin=r.margin,
        predicted=r.predicted, classes=3,
    )  # fmt: skip
    relabelled_issues = ds.find_label_issues(relabelled, threshold=5.0, tail=None, memorised_at=None)
    with pytest.raises(ValueError, match=r"^issues are not this run's: they give example \d the label 1, the table 0"):
        ds.plots.data_map(r, issues=relabelled_issues)
    own = ds.find_label_issues(r, threshold=5.0, tail=None, memorised_at=None)
    part = ds.examples(r).top(2, by="index")  # some rows of the same run: its issues still circle there
    assert (
        ds.plots.data_map(part, issues=own).axes[0].get_legend().get_texts()[0].get_text() == "likely mislabelled (2)"
    )


@pytest.mark.parametrize("inputs", [None, 3.0, "digits.csv"])
def test_gallery_without_rows_of_inputs_is_one_clear_error(inputs):
    """inputs=None was Python's TypeError "len() of unsized object"."""
    with pytest.raises(
        ValueError,
        match=r"^inputs must be the data given to train, all its rows in their order .*, got " + repr(inputs),
    ):
        ds.plots.example_gallery(tiny_record(), inputs)


def test_class_loss_curves_take_their_scale_from_the_means_drawn():
    """Was: the scale read the examples' own losses: diabetes' mean loss of 0.40-0.71 over 8
    epochs was drawn on a log axis because one example's loss spanned decades, and a diverged
    run's means of 0 .. 1.2e5 on a linear one because an example's loss was 0."""
    close = ExampleRecord.from_arrays(task="regression", epochs=[0, 1], loss=[[1e-4, 1.4], [1e-3, 0.8]])
    assert ds.plots.class_loss_curves(close).axes[0].get_yscale() == "linear"  # means 0.70, 0.40
    spread = ExampleRecord.from_arrays(task="regression", epochs=[0, 1, 2], loss=[[1e5, 1e5], [10.0, 30.0], [0.0, 0.0]])
    ax = ds.plots.class_loss_curves(spread).axes[0]
    assert ax.get_yscale() == "log"
    line, zero = ax.get_lines()
    assert list(line.get_ydata()[:2]) == [1e5, 20.0] and list(zero.get_xdata()) == [2]
    assert zero.get_label() == "all 2 examples: mean loss 0 (below the log scale)"


def test_class_loss_curves_draw_a_last_epoch_seen_in_part_hollow_and_name_it():
    """Was: a CNN on digits stopped by its time budget 1 update into epoch 15 joined that epoch's
    means, of the 32 examples of one batch, to the whole epochs' lines: class 9's jumped from
    0.07 to 0.28 at the end, as if the run had begun to unlearn it."""
    nan = np.nan
    r = ExampleRecord.from_arrays(
        task="classification", labels=[0, 0, 1, 1], epochs=[0, 1, 2],
        loss=[[2.0, 2.0, 3.0, 3.0], [1.0, 1.0, 2.0, 2.0], [0.1, nan, nan, 5.0]], p_label=np.full((3, 4), 0.5),
        margin=np.zeros((3, 4)), predicted=[[0, 0, 1, 1], [0, 0, 1, 1], [0, -1, -1, 1]],
    )  # fmt: skip
    lines = ds.plots.class_loss_curves(r).axes[0].get_lines()
    assert [list(line.get_xdata()) for line in lines[:4]] == [[0, 1], [1, 2], [0, 1], [1, 2]]
    assert list(lines[1].get_ydata()) == pytest.approx([1.0, 0.1]) and lines[1].get_linestyle() == ":"
    assert list(lines[2].get_ydata()) == [3.0, 2.0] and list(lines[3].get_ydata()) == [2.0, 5.0]
    assert lines[-1].get_label() == "epoch 2: 2 of 4 examples seen"
