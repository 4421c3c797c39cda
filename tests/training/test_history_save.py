"""``History.save``: a history held in memory (a run trained without ``log_dir``, a loop
``descend.watch`` saw) written as a run folder, which ``History.load`` reads back whole."""

import dataclasses
import math

import pytest
import torch

import descend as ds
from descend.training import ExampleRecord, run_folder
from descend.training.findings import Diagnosis

# Not written: the weights are the checkpoints' (torch.save), the range test is not logged.
UNSAVED = ("model", "lr_finder")
NAN, INF = float("nan"), float("inf")


def _same(a, b) -> bool:
    """Equal, NaN equal to NaN, tensors in value and dtype, example records array for array,
    findings field for field."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, torch.Tensor):
        return isinstance(b, torch.Tensor) and a.dtype == b.dtype and torch.equal(a, b)
    if isinstance(a, ExampleRecord):
        return a.equals(b)
    if dataclasses.is_dataclass(a):  # a finding: its change may hold NaN
        return type(a) is type(b) and _same(dataclasses.asdict(a), dataclasses.asdict(b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _differing_fields(h: ds.History, back: ds.History) -> list[str]:
    return [
        f.name
        for f in dataclasses.fields(h)
        if f.name not in UNSAVED and not _same(getattr(h, f.name), getattr(back, f.name))
    ]


def _every_field() -> ds.History:
    """A history with every saved field away from its default, non-finite numbers and two
    parameter groups' rates among them."""
    return ds.History(
        steps={
            "step": [1, 2, 3],
            "epoch": [0, 0, 1],
            "loss": [2.0, 1.5, INF],
            "lr": [[0.1, 0.01], [0.1, 0.01], [0.05, 0.005]],
            "grad_norm": [3.0, NAN, 1.25],
        },
        epochs={
            "epoch": [0, 1],
            "loss": [1.75, INF],
            "val_loss": [1.8, NAN],
            "accuracy": [0.5, 0.25],
            "seconds": [0.5, 0.25],
        },
        update_ratios=[{"step": 1, "0.weight": 0.01, "0.bias": NAN}],
        layer_grad_ratios=[{"step": 1, "0.weight": 0.3}],
        non_finite_step=3,
        non_finite_loss=INF,
        non_finite_layer=(3, "0.weight"),
        stopped_because="the loss was not finite at step 3",
        converged=True,
        best_epoch=0,
        diagnoses=[Diagnosis("divergence", 3, "the loss rose", "lower lr", {"lr": 0.01, "clip": NAN})],
        task="classification",
        plain_steps=True,
        batch_choice={"batch_size": 16, "scaling": "linear", "b_simple": NAN},
        instruments=[{"step": 2, "sharpness": 4.0, "threshold": INF, "preconditioned": False}],
        examples=ExampleRecord.from_arrays(
            task="classification",
            labels=[0, 1, 1],
            epochs=[0, 1],
            loss=[[0.5, 1.0, NAN], [0.25, 0.5, 2.0]],
            p_label=[[0.6, 0.4, 0.1], [0.8, 0.6, 0.2]],
            margin=[[0.2, -0.2, -0.8], [0.6, 0.2, -0.6]],
            predicted=[[0, 0, 0], [0, 1, 0]],
            class_names=("no", "yes"),
        ),
        rate_probe={"factor": 2.0, "losses": [[1.0, 0.5], [1.0, INF]]},
        scaling={"feature_mean": torch.tensor([0.5, -1.0]), "feature_scale": torch.tensor([2.0, 1.0])},
        initial_data_loss=2.25,
        schedule="cosine(lr=0.1, total_steps=3, final_lr=0.0)",  # a schedule object's run, as loaded
    )


def test_load_gives_back_every_recorded_field_of_a_saved_history(tmp_path):
    h = _every_field()
    defaults = ds.History()
    assert [
        f.name
        for f in dataclasses.fields(h)
        if f.name not in UNSAVED and _same(getattr(h, f.name), getattr(defaults, f.name))
    ] == []
    back = ds.History.load(h.save(tmp_path / "run"))
    assert _differing_fields(h, back) == []
    assert back.model is None and back.lr_finder is None


def test_a_run_trained_without_log_dir_saved_is_the_folder_a_logged_run_writes(tmp_path):
    run = dict(lr=0.05, epochs=3, progress=False, seed=0, track_examples=True)
    h = ds.train("softmax", "iris", **run)
    logged = ds.train("softmax", "iris", log_dir=tmp_path / "logged", **run)
    saved = h.save(tmp_path / "saved")
    assert _differing_fields(h, ds.History.load(saved)) == []
    # The same files as train's Logger writes (less metrics.jsonl and TensorBoard events, which load does not read).
    files = {run_folder.STEPS, run_folder.EPOCHS, run_folder.HISTORY, run_folder.DIAGNOSIS, run_folder.EXAMPLES}
    assert {p.name for p in saved.iterdir()} == files
    assert (saved / run_folder.STEPS).read_text().splitlines()[0] == (
        tmp_path / "logged" / run_folder.STEPS
    ).read_text().splitlines()[0]
    assert (
        [d.kind for d in ds.diagnose(saved)]
        == [d.kind for d in ds.diagnose(tmp_path / "logged")]
        == [d.kind for d in logged.diagnoses]
    )


def test_a_folder_holding_a_run_is_refused_unless_overwrite_and_then_its_logs_are_replaced(tmp_path):
    first, second = _every_field(), ds.History(stopped_because="reached the maximum of 0 epochs")
    folder = first.save(tmp_path / "run")
    (folder / "notes.txt").write_text("mine")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(ValueError) as err:
        second.save(folder)
    assert str(err.value) == (
        f"run_dir {folder} already holds a run's files (diagnosis.json, epochs.csv, examples.npz, history.json, "
        "steps.csv); History.save wrote nothing. Pass overwrite=True to replace its logs, or choose another run_dir"
    )
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    second.save(folder, overwrite=True)
    assert _differing_fields(second, ds.History.load(folder)) == []  # nothing left of the first: no examples.npz
    assert (folder / "notes.txt").read_text() == "mine"
    second.save(tmp_path / "notes-only", overwrite=False)  # a new folder is made


@pytest.mark.parametrize(
    ("run_dir", "kw", "error", "message"),
    [
        (3, {}, ValueError, "run_dir must be a folder path (str or os.PathLike), got 3"),
        ("{tmp}/run", {"overwrite": "yes"}, ValueError, "overwrite must be True or False, got 'yes'"),
        (
            "{tmp}/file",
            {},
            NotADirectoryError,
            "run_dir {tmp}/file is a file, not a folder: History.save writes a run folder",
        ),
    ],
)
def test_bad_arguments_are_named_with_what_is_allowed(tmp_path, run_dir, kw, error, message):
    (tmp_path / "file").write_text("x")
    run_dir = run_dir.format(tmp=tmp_path) if isinstance(run_dir, str) else run_dir
    with pytest.raises(error) as err:
        ds.History().save(run_dir, **kw)
    assert str(err.value) == message.format(tmp=tmp_path)
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("name, kept", [("epochs.csv", "steps"), ("steps.csv", "epochs")])
@pytest.mark.parametrize("text", [b"hello world\nfoo bar\n", b"a,b\n1,2\n", b"\xff\xfe\x00 not text\n\x81\n"])
def test_a_log_that_is_not_descends_is_read_as_no_rows_with_one_warning_naming_it(tmp_path, name, kept, text):
    """Was: a header alone read as no rows without a word, "a,b" as columns a and b, the others raised."""
    live = ds.train("softmax", "iris", lr=0.05, epochs=2, progress=False, log_dir=tmp_path)
    (tmp_path / name).write_bytes(text)
    with pytest.warns(UserWarning) as caught:
        loaded = ds.History.load(tmp_path)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert message.startswith(f"{tmp_path / name} is not a descend log: its columns are [")
    assert message.endswith(
        f"where descend writes step, epoch, loss and the run's other columns. Read it as no {name[:-4]}; "
        "the run's other files are loaded"
    )
    assert caught[0].filename == __file__
    assert getattr(loaded, name[:-4]) in ({}, ds.History().steps)
    assert getattr(loaded, kept) == getattr(live, kept) and loaded.stopped_because == live.stopped_because
