"""A data file that is not there said "'d.csv' is neither a built-in data set nor a CSV file",
as if the name were misspelt, and did not say where it was looked for: a relative path, also one
in a --config file, is read from the current folder, not the file's."""

from __future__ import annotations


def test_a_missing_csv_file_says_no_such_file_and_where(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    result = cli("train", "--data", "d.csv", "--target", "y", "--model", "mlp")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: --data: no such file: 'd.csv' (read as {tmp_path / 'd.csv'}, from the current folder)\n"
    )
    result = cli("train", "--data", "iris", "--val-data", "v.csv", "--model", "mlp")
    assert result.stderr == (
        "error: --val-data: expected 'split', 'none' or the path of a CSV file; no such file: 'v.csv' "
        f"(read as {tmp_path / 'v.csv'}, from the current folder)\n"
    )


def test_a_config_files_data_path_is_named_as_read_from_the_current_folder(tmp_path, monkeypatch, cli):
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "d.csv").write_text("x,y\n1,0\n2,1\n")  # beside the file: not where it is read
    (tmp_path / "configs" / "run.yaml").write_text("data: d.csv\ntarget: y\nmodel: mlp\n")
    monkeypatch.chdir(tmp_path)
    result = cli("train", "--config", "configs/run.yaml", "--out", "run")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: config configs/run.yaml: data: no such file: 'd.csv' (read as {tmp_path / 'd.csv'}, "
        "from the current folder)\n"
    )


def test_a_misspelt_name_still_gets_its_suggestion(cli):
    result = cli("train", "--data", "irs", "--model", "mlp")
    assert result.stderr.startswith("error: --data: 'irs' is neither a built-in data set nor a CSV file. Did you mean")
