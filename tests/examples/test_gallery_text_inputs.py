"""``plots.example_gallery`` of a DataFrame with a text column (a Pipeline's raw inputs, whose
encoder makes the numbers): the table of rows shows the text. It stopped with numpy's
"could not convert string to float: np.str_('red')"."""

from __future__ import annotations

import pandas as pd
import pytest
from _example_records import tiny_record

import descend as ds


def _inputs():
    return pd.DataFrame({"height": [1.5, 2.25, 3.0], "colour": ["red", "blue", "green"]})


def test_a_text_column_is_shown_as_it_is_in_the_table_of_rows():
    fig = ds.plots.example_gallery(tiny_record(), _inputs(), k=2, by="final_loss")
    cells = fig.axes[0].tables[0].get_celld()
    header = [cells[0, j].get_text().get_text() for j in range(6)]
    assert header == ["index", "given", "predicted", "final_loss", "height", "colour"]
    assert [cells[1, j].get_text().get_text() for j in (0, 4, 5)] == ["1", "2.25", "blue"]  # highest final loss


def test_text_inputs_cannot_be_drawn_as_images_and_say_so():
    with pytest.raises(
        ValueError,
        match=r"^inputs must be numbers to be drawn as images of shape \(2, 2\), got text such as 'red'; "
        r"leave image_shape='auto' for a table of the rows as they are$",
    ):
        ds.plots.example_gallery(tiny_record(), pd.concat([_inputs()] * 2, axis=1), k=2, image_shape=(2, 2))
