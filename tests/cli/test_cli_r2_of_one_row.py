"""``descend train``'s summary and report of a regression with a 1-row validation set: R² of
fewer than 2 rows is undefined (scikit-learn's ``r2_score`` warns and returns NaN), said in
words, not as nan."""

import html
import re


def test_a_one_row_validation_sets_r2_is_said_undefined_not_nan(tmp_path, cli):
    """Was: "val r2         nan" in the printed summary and "val r2 nan" in report.html."""
    rows = ["a,b,y"] + [f"{i % 7},{i % 5},{2 * (i % 7) - (i % 5) + 0.5}" for i in range(20)]
    (tmp_path / "train.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "val.csv").write_text("a,b,y\n3,1,5.5\n")
    out = tmp_path / "run"
    result = cli("train", "--data", tmp_path / "train.csv", "--val-data", tmp_path / "val.csv", "--target", "y",
                 "--model", "linear", "--epochs", "2", "--no-instruments", "--no-progress", "--out", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "val r2         undefined for fewer than 2 validation rows\n" in result.stdout
    assert "nan" not in result.stdout
    page = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", (out / "report.html").read_text())).split())
    summary = page.split(" Summary ")[1].split(" Configuration ")[0]
    assert " val r2 undefined for fewer than 2 validation rows " in summary and "nan" not in summary
