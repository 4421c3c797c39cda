"""training.png's per-step loss panel says what each update's loss was taken over: a full-batch
or L-BFGS run's read 'mini-batch loss'."""

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

import descend as ds
from descend import plots


def _step_loss_label(history):
    return next(ax.get_ylabel() for ax in plots.training(history).axes if ax.get_title() == "loss per step")


@pytest.mark.parametrize(
    ("settings", "label"),
    [
        ({"optimizer": "sgd", "lr": 0.1, "batch_size": 32}, "mini-batch loss"),
        ({"optimizer": "sgd", "lr": 0.1, "batch_size": None}, "full-batch loss"),  # was 'mini-batch loss'
        ({"optimizer": "lbfgs", "lr": 0.5}, "full-batch loss"),  # was 'mini-batch loss'
    ],
)
def test_the_step_loss_is_labelled_by_the_batch_it_was_taken_over(settings, label):
    history = ds.train("softmax", "iris", epochs=2, progress=False, instruments=False, **settings)
    assert _step_loss_label(history) == label


def test_a_dataloaders_batches_are_mini_batches():
    """Its batch size is recorded as None, as the full batch's is: the updates per epoch tell."""
    X = torch.randn(20, 4)
    loader = DataLoader(TensorDataset(X, X.sum(1, keepdim=True)), batch_size=4)
    history = ds.train("linear", loader, optimizer="sgd", lr=0.01, epochs=2, progress=False, instruments=False)
    assert history.batch_choice["batch_size"] is None
    assert _step_loss_label(history) == "mini-batch loss"


def test_a_watched_loop_without_epochs_labels_its_loss_as_given():
    """Nothing says over what a loop's loss was taken where it marks no epochs (was 'mini-batch loss')."""
    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    monitor = ds.watch(model, optimizer, instruments=False, print_findings=False)
    X = torch.randn(8, 3)
    for _ in range(4):
        optimizer.zero_grad()
        loss = model(X).pow(2).mean()
        loss.backward()
        optimizer.step()
        monitor.log(loss)
    monitor.close()
    assert _step_loss_label(monitor.history) == "loss"
