"""train's callbacks and folders, checked before any work: a callback that is not in a list
(or is not a Callback) and a folder that is not a path named as such, not Python's or
pathlib's error from deep inside; a folder that holds a run's files is never written over
without resume=True (as descend train --out and descend.watch refuse)."""

import pytest
import torch

import descend as ds
from descend.training import Callback


def _data():
    g = torch.Generator().manual_seed(0)
    return torch.randn(32, 3, generator=g), torch.randn(32, 1, generator=g)


def _train(**options):
    options = {"epochs": 1, "progress": False, "instruments": False, "track_examples": False, **options}
    return ds.train(torch.nn.Linear(3, 1), _data(), **options)


def test_a_lone_function_as_callbacks_is_named():
    with pytest.raises(
        ValueError, match=r"callbacks must be a list or tuple of descend.training.Callback objects, got function"
    ):
        _train(callbacks=lambda h: None)


def test_a_bad_element_of_callbacks_is_named_by_place_and_type():
    with pytest.raises(TypeError, match=r"callbacks\[1\] must be a descend.training.Callback .* of type function"):
        _train(callbacks=[Callback(), lambda h: None])


@pytest.mark.parametrize("option", ["checkpoint_dir", "log_dir"])
def test_a_folder_that_is_not_a_path_is_named(option, tmp_path):
    with pytest.raises(TypeError, match=rf"^{option} must be a folder path \(str or os.PathLike\) or None, got 42$"):
        _train(**{option: 42})


@pytest.mark.parametrize("option", ["checkpoint_dir", "log_dir"])
def test_a_folder_holding_a_run_is_not_written_over(option, tmp_path):
    _train(checkpoint_dir=tmp_path, log_dir=tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    with pytest.raises(ValueError) as caught:
        _train(**{option: tmp_path}, epochs=2)
    message = str(caught.value)
    assert message.startswith(f"{option} {tmp_path} already holds a run's files (")
    assert "last.pt" in message or "epochs.csv" in message
    assert "nothing was changed" in message and "resume=True" in message and f"another {option}" in message
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_resume_on_that_folder_still_continues_the_run(tmp_path):
    _train(checkpoint_dir=tmp_path, log_dir=tmp_path)
    history = _train(checkpoint_dir=tmp_path, log_dir=tmp_path, resume=True, epochs=3)
    assert len(history.loss) == 3


def test_an_empty_existing_folder_or_other_files_are_fine(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    _train(checkpoint_dir=tmp_path / "empty_made_below", log_dir=tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine" and (tmp_path / "epochs.csv").is_file()


def test_an_empty_checkpoints_folder_is_no_run(tmp_path):
    # descend train --out locks out/checkpoints (made empty) before train checks out as log_dir.
    (tmp_path / "checkpoints").mkdir()
    _train(checkpoint_dir=tmp_path / "checkpoints", log_dir=tmp_path)
    assert (tmp_path / "checkpoints" / "last.pt").is_file()
