"""A CSV file separated by semicolons (a spreadsheet's export where decimals take commas) or tabs
reads as one column: the target was "not in" it, with "Did you mean 'label;x1;x2'?", no word of
the separator. The message now says what the file seems separated by and how to convert it."""

from __future__ import annotations

import re

import pytest

from descend.training.data import prepare

_CONVERT = "but descend reads comma-separated files; save it with commas, e.g. pandas.read_csv(path, sep="


@pytest.mark.parametrize(("sep", "said", "code"), [(";", "';'", "';'"), ("\t", "tabs", "'\\t'")])
def test_a_file_separated_otherwise_is_named_with_its_separator(tmp_path, sep, said, code):
    path = tmp_path / "data.csv"
    path.write_text(sep.join(["label", "x1", "x2"]) + "\n" + sep.join(["0", "1", "2"]) + "\n")
    header = repr(sep.join(["label", "x1", "x2"]))
    with pytest.raises(ValueError) as caught:
        prepare(str(path), target="label")
    assert str(caught.value) == (
        f"target column 'label' is not in data.csv, whose header is {header}: the file seems to be separated by "
        f"{said}, {_CONVERT}{code}).to_csv(path, index=False) (add decimal=',' where numbers have decimal commas)"
    )
    with pytest.raises(ValueError, match=re.escape(f"seems to be separated by {said}, {_CONVERT}{code})")):
        prepare(str(path))


def test_a_comma_file_missing_its_target_keeps_its_suggestion(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("label,x1\n0,1\n")
    with pytest.raises(ValueError, match=r"^target column 'lable' is not in data.csv. Did you mean 'label'\?"):
        prepare(str(path), target="lable")
