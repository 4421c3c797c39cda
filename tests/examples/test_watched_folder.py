"""``descend.examples`` of a loop ``descend.watch`` watched: its run folder has no per-example
record, and the error told the user to "train with track_examples=True (descend train
--track-examples)", settings their own loop does not have."""

import re

import pytest
import torch

import descend as ds
from _watched_loop import data, loop, mlp
from descend._checks import InvalidArgument


def test_a_watched_loops_folder_says_watch_keeps_no_record_and_what_does(tmp_path, capsys):
    model = mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    x, y = data(64)
    with ds.watch(model, opt, log_dir=tmp_path / "run") as monitor:
        loop(model, opt, x, y, epochs=2, monitor=monitor)
    capsys.readouterr()
    message = (
        f"the run folder {tmp_path / 'run'} is a loop descend.watch watched, which keeps no per-example record "
        "(no examples.npz): descend.train(..., track_examples=True), descend train --track-examples and "
        "GDClassifier/GDRegressor(track_examples=True) record one"
    )
    for read in (ds.examples, ds.find_label_issues):
        with pytest.raises(InvalidArgument, match=f"^{re.escape(message)}$"):
            read(tmp_path / "run")
