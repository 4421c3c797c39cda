"""``History.initial_data_loss``: where a run started, measured on the data (session 27)."""

import sys

import pytest
import scipy.sparse as sp
import torch
from torch.utils.data import DataLoader, TensorDataset

from descend import train
from descend.training import History
from descend.training.data import head_pieces
from descend.training.data.sources import PIECE_ELEMENTS, TensorSource, WeightedSource
from descend.training.initial_loss import INITIAL_EXAMPLES, initial_data_loss
from descend.training.precision import Precision

RUN = dict(model="mlp", data="iris", optimizer="sgd", lr=0.05, epochs=3, progress=False, tol=None, seed=5)
CPU = Precision("fp32", torch.device("cpu"))


def _net():
    torch.manual_seed(0)  # the same initial weights for both runs compared
    return torch.nn.Sequential(
        torch.nn.Linear(4, 16), torch.nn.BatchNorm1d(16), torch.nn.Dropout(0.3), torch.nn.ReLU(), torch.nn.Linear(16, 3)
    )


def test_a_mini_batch_run_records_the_data_loss_that_a_full_batch_run_starts_from():
    mini = train(**RUN, batch_size=16)
    full = train(**RUN, batch_size=None)
    assert full.initial_data_loss == full.steps["loss"][0]  # one update per epoch: its first loss
    assert mini.initial_data_loss == pytest.approx(full.steps["loss"][0], rel=1e-6)
    assert abs(mini.steps["loss"][0] - mini.initial_data_loss) > 1e-3  # one batch's loss is another measure


def test_accumulated_batches_that_cover_the_data_in_one_update_read_their_first_loss():
    h = train(**RUN, batch_size=64, accumulate=2)  # 120 rows: 2 batches, one update per epoch
    assert h.initial_data_loss == h.steps["loss"][0]


def test_the_pass_changes_nothing_the_run_trains_bit_for_bit(monkeypatch):
    """Dropout (the global generator) and BatchNorm (running statistics) in the model: the
    weights, buffers, losses and the caller's random state equal a run without the pass."""
    kwargs = {**RUN, "batch_size": 16, "loss": "cross_entropy"}
    del kwargs["model"]
    torch.manual_seed(123)
    measured = train(_net(), **kwargs)
    after_measured = torch.rand(1)
    monkeypatch.setattr(sys.modules["descend.training.initial_loss"], "initial_data_loss", lambda *a, **k: None)
    torch.manual_seed(123)
    plain = train(_net(), **kwargs)
    after_plain = torch.rand(1)
    assert measured.initial_data_loss is not None and plain.initial_data_loss is None
    a, b = measured.model.state_dict(), plain.model.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)  # BatchNorm's running statistics included
    assert measured.steps["loss"] == plain.steps["loss"]
    assert torch.equal(after_measured, after_plain)


def test_it_is_read_in_evaluation_mode_and_the_modules_modes_are_kept():
    net = _net()
    net[1].eval()  # a user's frozen BatchNorm stays frozen
    source = TensorSource(torch.randn(40, 4), torch.randint(0, 3, (40,)), batch_size=8, shuffle=True, seed=0)
    value = initial_data_loss(net, source, torch.nn.functional.cross_entropy, CPU)
    net.eval()
    with torch.no_grad():
        expected = float(torch.nn.functional.cross_entropy(net(source.X), source.y))
    assert value == pytest.approx(expected, rel=1e-6)
    net.train()
    net[1].eval()
    modes = [m.training for m in net.modules()]
    initial_data_loss(net, source, torch.nn.functional.cross_entropy, CPU)
    assert [m.training for m in net.modules()] == modes


def test_large_data_is_read_on_the_first_examples_of_epoch_0_only():
    n = INITIAL_EXAMPLES + 1000
    y = torch.cat([torch.zeros(INITIAL_EXAMPLES, 1), torch.full((1000, 1), 10.0)])
    model = torch.nn.Linear(1, 1)
    torch.nn.init.zeros_(model.weight), torch.nn.init.zeros_(model.bias)
    in_order = TensorSource(torch.ones(n, 1), y, batch_size=32, shuffle=False, seed=0)
    assert initial_data_loss(model, in_order, torch.nn.functional.mse_loss, CPU) == 0.0  # the 10s come later
    shuffled = TensorSource(torch.ones(n, 1), y, batch_size=32, shuffle=True, seed=0)
    first = next(iter(shuffled.rebatched(INITIAL_EXAMPLES).batches(0)))[1]
    expected = float((first**2).mean())  # epoch 0's first 4096 examples, as the run meets them
    assert initial_data_loss(model, shuffled, torch.nn.functional.mse_loss, CPU) == pytest.approx(expected, rel=1e-6)


def test_wide_inputs_are_read_in_pieces_over_the_same_first_examples():
    """A sparse X made dense a batch at a time was read 4096 rows at once, whatever its width (4000
    rows of 1M text columns: 32 GB); now in pieces of at most PIECE_ELEMENTS numbers, which make up
    the same first 4096 examples of epoch 0 (integer targets: the mean is exact either way)."""
    n, width = INITIAL_EXAMPLES + 1000, 10_000
    y = (torch.arange(n, dtype=torch.float64) % 7).reshape(-1, 1)
    read = []

    def gather(X, rows):  # the rows made dense: zeros, so that the loss is the targets' mean square
        read.append(len(rows))
        return torch.zeros(len(rows), X.shape[1], dtype=torch.float64)

    wide = WeightedSource(sp.csr_matrix((n, width)), y, torch.ones(n), 32, True, 0, gather)
    model = torch.nn.Linear(width, 1, bias=False).double()
    torch.nn.init.zeros_(model.weight)
    value = initial_data_loss(model, wide, lambda out, yb, wb: ((out - yb) ** 2).mean(), CPU)
    assert max(read) * width <= PIECE_ELEMENTS and sum(read) == INITIAL_EXAMPLES
    narrow = TensorSource(torch.zeros(n, 1), y, 32, True, 0)  # the same seed: the same order
    first = next(iter(narrow.rebatched(INITIAL_EXAMPLES).batches(0)))[1]
    assert value == float((first**2).mean())


def test_workers_with_empty_shares_of_small_pieces_add_up_to_the_whole(monkeypatch):
    """Pieces of one row (examples as wide as the piece) and two workers: one worker's share of
    each piece is empty, whose mean loss is NaN; it adds nothing, and the shares' sums make the
    mean of one reader (a guard of the pieces, which one batch of 4096 rows did not need)."""
    monkeypatch.setattr(head_pieces, "PIECE_ELEMENTS", 4)  # piece_rows reads it there
    X, y = torch.arange(12.0).reshape(3, 4), torch.tensor([[1.0], [2.0], [4.0]])
    source = TensorSource(X, y, batch_size=2, shuffle=True, seed=0)
    model = torch.nn.Linear(4, 1)
    torch.nn.init.zeros_(model.weight), torch.nn.init.zeros_(model.bias)
    mse = torch.nn.functional.mse_loss

    class Share:  # worker `part`'s view; `sum` adds what worker 1 summed (recorded in `other`)
        def __init__(self, part, other=(0.0, 0)):
            self.part, self.other, self.summed = part, other, None

        def sum(self, values):
            self.summed = values
            return [values[0] + self.other[0], values[1] + self.other[1]]

    second = Share((1, 2))
    initial_data_loss(model, source, mse, CPU, second)
    value = initial_data_loss(model, source, mse, CPU, Share((0, 2), second.summed))
    assert second.summed[1] == 3 and value == initial_data_loss(model, source, mse, CPU) == 7.0


def test_a_users_data_loader_is_not_read_again():
    X, y = torch.randn(64, 4), torch.randint(0, 3, (64,))
    h = train("mlp", DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True), epochs=1, progress=False)
    assert h.initial_data_loss is None


def test_the_resumed_run_and_its_run_folder_keep_it(tmp_path):
    whole = train(**RUN | {"epochs": 4}, batch_size=16)
    train(**RUN | {"epochs": 2}, batch_size=16, checkpoint_dir=tmp_path / "ckpt")
    folders = {"checkpoint_dir": tmp_path / "ckpt", "log_dir": tmp_path / "log"}
    resumed = train(**RUN | {"epochs": 4}, batch_size=16, resume=True, **folders)
    assert resumed.initial_data_loss == whole.initial_data_loss
    assert resumed.steps["loss"] == whole.steps["loss"]
    assert History.load(tmp_path / "log").initial_data_loss == whole.initial_data_loss
    saved = torch.load(tmp_path / "ckpt" / "last.pt", weights_only=False)
    assert saved["history"]["initial_data_loss"] == whole.initial_data_loss


def test_histories_of_older_versions_load_without_it():
    h = History(initial_data_loss=1.5)
    state = h.state_dict()
    del state["initial_data_loss"]
    old = History(initial_data_loss=2.0)
    old.load_state_dict(state)
    assert old.initial_data_loss is None
    record = h.json_state()
    del record["initial_data_loss"]
    old._load_json_state(record, "history.json")
    assert old.initial_data_loss is None
