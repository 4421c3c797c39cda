"""``History.load`` on what is not a run folder says so in one clear line naming the path."""

import pytest
import torch

import descend as ds


def test_a_checkpoint_file_given_for_a_run_folder_is_named_as_a_file(tmp_path):
    checkpoint = tmp_path / "last.pt"
    torch.save({"model": {}}, checkpoint)
    # Was: FileNotFoundError "no training logs in .../last.pt", as if nothing were there.
    with pytest.raises(NotADirectoryError, match=r"last\.pt is a file, not a run folder: .*log_dir"):
        ds.History.load(checkpoint)


def test_a_history_json_that_is_not_an_object_is_named_with_the_expected_format(tmp_path):
    (tmp_path / "history.json").write_text("[1, 2]")
    # Was: AttributeError "'list' object has no attribute 'get'", naming no file.
    with pytest.raises(ValueError, match=r"history\.json is not a descend history \(format 'a JSON list', expected"):
        ds.History.load(tmp_path)
