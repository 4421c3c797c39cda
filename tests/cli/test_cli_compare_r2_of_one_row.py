"""``descend compare`` on a regression with a 1-row validation set: its table says the R² of
fewer than 2 rows undefined, as descend train's summary does (run_folder.with_non_finite), not nan."""


def test_the_table_says_a_one_row_r2_undefined_not_nan(tmp_path, cli):
    """Was: "nan" in the val r2 column of each optimizer's row."""
    rows = ["a,b,y"] + [f"{i % 7},{i % 5},{2 * (i % 7) - (i % 5) + 0.5}" for i in range(20)]
    (tmp_path / "train.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "val.csv").write_text("a,b,y\n3,1,5.5\n")
    result = cli("compare", "--data", tmp_path / "train.csv", "--val-data", tmp_path / "val.csv", "--target", "y",
                 "--model", "linear", "--optimizers", "sgd,adam", "--epochs", "2")  # fmt: skip
    assert result.exit_code == 0, result.output
    table = result.stdout.split("\n\n")[0]
    lines = [line for line in table.splitlines() if line.startswith(("sgd ", "adam "))]
    assert len(lines) == 2 and all("undefined for fewer than 2 validation rows" in line for line in lines), table
    assert "nan" not in table
