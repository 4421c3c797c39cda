"""``descend train --out`` on a folder of the user's own files said "Use --resume to continue that
run", though it holds no run (--resume then refused it). It now says the folder holds other files
and to choose another --out; a run's folder keeps its --resume advice."""

from __future__ import annotations


def test_a_folder_of_other_files_is_not_offered_a_resume(tmp_path, cli):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = cli("train", "--data", "iris", "--model", "softmax", "--epochs", "1", "--out", out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {out} already holds other files (notes.txt), not a run of descend train (no config.yaml); "
        "nothing was changed. Choose another --out: a new or empty folder\n"
    )
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
