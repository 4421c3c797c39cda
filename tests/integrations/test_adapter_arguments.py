"""Each framework adapter checks the arguments it passes to descend.watch when it is built, before
the framework's own set-up (its data loaded, its model built), not when training starts
(Lightning's fit, Trainer's on_train_begin, Ultralytics' on_train_start): a log_dir that holds
files among them."""

from types import SimpleNamespace

import pytest
import torch
from torch.nn import functional as F

from descend._checks import InvalidArgument

PROBE = (torch.zeros(4, 8), torch.zeros(4, 1))


@pytest.mark.parametrize("framework", ["lightning", "transformers"])
def test_a_callback_names_a_bad_argument_when_built(framework):
    module = pytest.importorskip(f"descend.integrations.{framework}")
    build = module.DescendCallback
    with pytest.raises(InvalidArgument, match=r"^instruments must be True .*, got 'yes'$"):
        build(instruments="yes")
    with pytest.raises(InvalidArgument, match=r"^probe=\(x, y\) was given without loss_fn"):
        build(probe=PROBE)  # was silently unused: the run's summary said "not taken"
    with pytest.raises(InvalidArgument, match=r"^log_dir must be a folder path .*, got 3$"):
        build(log_dir=3)
    with pytest.raises(InvalidArgument, match=r"^tensorboard_every must be 'auto' or an integer >= 1 .*, got 0$"):
        build(tensorboard_every=0)  # was a TypeError: the adapters did not take it
    build(probe=PROBE, loss_fn=F.mse_loss, print_findings=False, tensorboard_every=10)


USED = r"^log_dir .*run already holds files \(notes\.txt\); descend\.watch never writes over a run folder: give a new or empty folder$"


def _used_folder(tmp_path):
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    return folder


@pytest.mark.parametrize("framework", ["lightning", "transformers"])
def test_a_callback_refuses_a_used_log_dir_when_built(framework, tmp_path):
    # Lightning's was refused at on_train_start, from inside trainer.fit (about 10 of its frames)
    module = pytest.importorskip(f"descend.integrations.{framework}")
    with pytest.raises(InvalidArgument, match=USED):
        module.DescendCallback(log_dir=_used_folder(tmp_path), print_findings=False)
    module.DescendCallback(log_dir=tmp_path / "new", print_findings=False)  # a new folder is fine


def test_attach_refuses_a_used_log_dir_when_called(ultralytics_offline, tmp_path):
    # was refused at the trainer's on_train_start, after the model and data were built
    from descend.integrations.ultralytics import attach

    model = SimpleNamespace(add_callback=lambda event, fn: None)
    with pytest.raises(InvalidArgument, match=USED):
        attach(model, log_dir=_used_folder(tmp_path), print_findings=False)


def test_a_hugging_face_batch_as_probe_is_told_what_to_pass():
    """A batch dict got "probe must be a pair (x, y) of tensors, got dict" at on_train_begin."""
    module = pytest.importorskip("descend.integrations.transformers")
    batch = {"input_ids": torch.zeros(4, 8, dtype=torch.long), "labels": torch.zeros(4, dtype=torch.long)}
    with pytest.raises(InvalidArgument) as caught:
        module.DescendCallback(probe=batch, loss_fn=F.cross_entropy)
    message = str(caught.value)
    assert message.startswith("probe must be a pair (x, y) of tensors, got a dict of 'input_ids', 'labels' (a batch)")
    assert 'probe=(batch["input_ids"], batch["labels"])' in message and "out.logits" in message


def test_attach_names_a_bad_argument_when_called(ultralytics_offline):
    from descend.integrations.ultralytics import attach

    model = SimpleNamespace(add_callback=lambda event, fn: None)
    with pytest.raises(InvalidArgument, match=r"^print_findings must be True or False, got 'no'$"):
        attach(model, print_findings="no")
    with pytest.raises(InvalidArgument, match=r"^instruments must be True .*, got 0$"):
        attach(model, instruments=0)
    with pytest.raises(InvalidArgument, match=r"^tensorboard_every must be 'auto' or an integer >= 1 .*, got 'often'$"):
        attach(model, tensorboard_every="often")


def test_a_probe_of_one_image_is_refused(ultralytics_offline):
    """One image was no probe, silently: the run's summary said the readings were "not taken"."""
    from descend.integrations.ultralytics import attach

    model = SimpleNamespace(add_callback=lambda event, fn: None)
    with pytest.raises(InvalidArgument, match=r"^probe_images must be 0 \(no probe: .*\) or at least 2 .*, got 1$"):
        attach(model, probe_images=1)
