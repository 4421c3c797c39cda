"""Counted nouns: the helper, and the singular case of every user-facing message that prints a
count ("1 epoch", never "1 epochs")."""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib
import numpy as np
import pytest
import torch
from click.testing import CliRunner
from sklearn.exceptions import ConvergenceWarning

import descend as ds
from descend import plots
from descend._plural import counted, plural
from descend.cli import app
from descend.estimators import GDRegressor
from descend.estimators.stopping import conclude
from descend.examples import examples, find_label_issues
from descend.landscape import slice_1d
from descend.report import write_report
from descend.training import ExampleRecord
from descend.training.data.csv_file import read_csv
from descend.training.data.tables import Table
from descend.training.history import History

matplotlib.use("Agg")


def test_one_is_singular_and_every_other_count_plural():
    assert [counted(n, "epoch") for n in (0, 1, 2)] == ["0 epochs", "1 epoch", "2 epochs"]
    assert counted(np.int64(1), "step") == "1 step"  # a numpy count reads the same


def test_the_regular_plural_of_the_last_word():
    assert plural(2, "class") == "classes"
    assert plural(2, "batch", "batches") == "batches" and plural(2, "epoch") == "epochs"
    assert plural(2, "output column") == "output columns"
    assert plural(1, "class") == "class"


@pytest.fixture(scope="module")
def one_epoch_record():
    """A classification record of one epoch: four examples, the last one's label disputed."""
    return ExampleRecord.from_arrays(
        task="classification",
        labels=[0, 0, 1, 1],
        epochs=[0],
        loss=[[0.1, 0.2, 0.1, 3.0]],
        p_label=[[0.9, 0.8, 0.9, 0.05]],
        margin=[[2.0, 1.5, 2.0, -3.0]],
        predicted=[[0, 0, 1, 0]],
    )


def test_a_one_epoch_record_reads_one_epoch_in_its_table_plot_and_list(one_epoch_record):
    assert "4 examples, 1 epoch" in repr(one_epoch_record)
    assert "4 examples, 1 epoch;" in repr(examples(one_epoch_record))
    assert plots.data_map(one_epoch_record).axes[0].get_title() == "Data map: 4 training examples, 1 epoch"
    header = repr(find_label_issues(one_epoch_record)).splitlines()[0]
    assert "1 epoch" in header and "1 epochs" not in header


def test_plots_of_one_example_or_one_feature_say_so():
    one = ExampleRecord.from_arrays(task="regression", epochs=[0, 1], loss=[[0.5], [0.4]])
    assert one.n == 1
    legend = [t.get_text() for t in plots.class_loss_curves(one).axes[0].get_legend().get_texts()]
    assert legend == ["all 1 example"]
    fig = plots.example_gallery(one, np.zeros((1, 1)), k=1)
    assert fig.axes[0].get_title() == "1 hardest training example (rows of their inputs)"


def test_a_one_epoch_run_folder_reads_one_epoch_in_its_history_and_report(tmp_path):
    history = ds.train("softmax", "iris", lr=0.05, epochs=1, progress=False, log_dir=tmp_path, track_examples=True)
    assert repr(History.load(tmp_path)).startswith("History(1 epoch, loss ")
    assert repr(history).startswith("History(1 epoch, loss ")
    page = write_report(tmp_path).read_text()
    assert "120 training examples over 1 epoch;" in page and "1 epochs" not in page


def _estimator(n_iter_no_change=1):
    return SimpleNamespace(
        history_=History(),
        n_iter_no_change=n_iter_no_change,
        tol=1e-4,
        max_epochs=3,
        lr_=0.5,
        batch_size=None,
        batch_size_=None,
        _metric="r2",
    )


def test_the_estimators_warnings_say_one_epoch_for_n_iter_no_change_1():
    est = _estimator()
    with pytest.warns(ConvergenceWarning) as record:
        conclude(est, [1.0, 0.5, 2.0], converged=True, scores=None)  # rose away from its best
    message = str(record[0].message)
    assert "stopped after n_iter_no_change=1 epoch without improving" in message
    assert "it went up in the last epoch and ended at 2" in message
    assert (
        est.history_.stopped_because == "the training loss rose for n_iter_no_change=1 epoch instead of levelling off"
    )
    est = _estimator()
    with pytest.warns(ConvergenceWarning) as record:
        conclude(est, [1.0, 0.9, 0.8], converged=False, scores=[0.1, 0.2, 0.3])
    message = str(record[0].message)
    assert "fewer than n_iter_no_change=1 epoch before the end" in message
    assert "was still falling by 11.11% per epoch over the last epoch " in message


def test_the_estimators_warning_on_a_rising_last_epoch_needs_no_count():
    est = _estimator(n_iter_no_change=5)
    est.max_epochs = 2
    with pytest.warns(ConvergenceWarning, match=r"rose by 50\.0% over the last epoch: lr \(now 0\.5\)"):
        conclude(est, [1.0, 1.5], converged=False, scores=None)


def test_an_estimator_refit_with_other_layers_says_one_output():
    X = np.random.default_rng(0).normal(size=(20, 2))
    reg = GDRegressor(hidden_layer_sizes=(4,), warm_start=True, max_epochs=2, random_state=0)
    with pytest.warns(ConvergenceWarning):
        reg.fit(X, X[:, 0])
    reg.set_params(hidden_layer_sizes=(3,))
    with pytest.raises(
        ValueError,
        match=r"activation='relu', 1 output; now hidden_layer_sizes=\(3,\), activation='relu', 1 output\. Set",
    ):
        reg.fit(X, X[:, 0])


def test_minimize_after_one_iteration_says_iteration():
    res = ds.minimize(lambda x: (x**2).sum(), torch.tensor([1.0]), lr=0.1, max_iter=1)
    assert res.message.startswith("stopped after 1 iteration: ")


def test_a_run_stalled_on_a_repeated_point_says_one_iteration_before():
    res = ds.minimize(lambda x: 1000 * ((x - 1) ** 2).sum(), torch.tensor([5.0]), lr=1e-12, max_iter=1000)
    assert res.status == "precision"
    assert "returned to the point of 1 iteration before" in res.message


def test_the_command_line_counts_one_iteration_and_one_example(tmp_path):
    def descend(*args):
        result = CliRunner().invoke(app, [str(a) for a in args], prog_name="descend")
        assert result.exit_code == 0, result.output
        return result.output

    assert "rosenbrock from x0 = [-1.2, 1.0], at most 1 iteration\n" in descend(
        "compare", "rosenbrock", "--max-iter", "1"
    )
    run = tmp_path / "run"
    ds.train("linear", "diabetes", lr=0.01, epochs=1, progress=False, log_dir=run, track_examples=True)
    shown = descend("examples", run, "--top", "1", "--out", tmp_path / "examples")
    assert "The 1 training example with the highest final loss (the losses are of the standardised target" in shown
    assert "ExampleTable (regression): 1 example, 1 epoch" in shown


def test_a_csv_line_of_one_field_and_a_table_of_one_row_say_so(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("a,b\n1,2\n3\n")
    with pytest.raises(ValueError, match=r"line 3 of .*table.csv has 1 field but the header has 2$"):
        read_csv(path, "b")
    with pytest.raises(ValueError, match=r"^data: X has 1 row but y has 2$"):
        Table([[1.0]], [0, 1], None, "data")


def test_shapes_of_one_say_one(one_epoch_record):
    with pytest.raises(
        ValueError, match=r"all its rows in their order \(4 rows: the examples' index counts them\), got 1 row$"
    ):
        plots.example_gallery(one_epoch_record, np.zeros((1, 64)), k=2)
    model = torch.nn.Linear(2, 1, bias=False)  # one parameter tensor
    data = (torch.zeros(4, 2), torch.zeros(4, 1))
    with pytest.raises(
        ValueError,
        match=r"must be a list of 1 tensor shaped like the model's parameters, or one flat tensor of 2 entries; "
        r"got a sequence of 1 item$",
    ):
        slice_1d(model, "mse", data, [torch.zeros(3)], [0.0])
