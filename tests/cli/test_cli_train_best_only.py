"""``descend train --out DIR`` where DIR holds a run with ``checkpoints/best.pt`` but no
``last.pt`` (what a resume continues from): until session 40 the refusal said "Use --resume to
continue that run", which then failed, since such a run cannot be resumed."""

from __future__ import annotations


def _best_only_run(tmp_path):
    out = tmp_path / "run"
    (out / "checkpoints").mkdir(parents=True)
    (out / "config.yaml").write_text("data: iris\nmodel: linear\n")
    (out / "checkpoints" / "best.pt").write_bytes(b"weights")
    return out


def test_a_run_with_best_pt_only_is_refused_with_what_can_be_done(tmp_path, cli):
    out = _best_only_run(tmp_path)
    result = cli("train", "--data", "iris", "--model", "linear", "--out", out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {out} already holds a run; nothing was changed. Its run saved no checkpoints/last.pt, so it "
        f"cannot be resumed: choose another --out (its best weights are in {out / 'checkpoints' / 'best.pt'})\n"
    )
    assert "--resume" not in result.stderr
