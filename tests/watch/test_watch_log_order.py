"""descend.watch gives each update the losses of its own batches whether the loop logs them
after its step (``opt.step(); monitor.log(loss)``), before it (``loss.backward();
monitor.log(loss); opt.step()``), or, accumulating batches, each batch's before the step or all
but the last before it."""

import pytest
import torch
from torch.nn import functional as F

import descend as ds


def _loop(order, accumulate=1, updates=5, epoch_every=None):
    """Full-batch-free toy loop; returns (the monitor's per-step losses, each update's true mean loss)."""
    torch.manual_seed(0)
    x, w = torch.randn(8 * accumulate * updates, 4), torch.randn(4, 1)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    monitor = ds.watch(model, opt, print_findings=False)
    true, batch = [], []
    for i in range(accumulate * updates):
        xb = x[8 * i : 8 * i + 8]
        loss = F.mse_loss(model(xb), xb @ w)
        (loss / accumulate).backward()
        batch.append(loss.item())
        if order == "before":
            monitor.log(loss)
        if (i + 1) % accumulate == 0:
            opt.step()
            opt.zero_grad()
            true.append(sum(batch) / len(batch))
            batch = []
            if epoch_every and len(true) % epoch_every == 0 and order == "before":
                monitor.epoch_end()
        if order == "after":
            monitor.log(loss)
        if epoch_every and (i + 1) % accumulate == 0 and len(true) % epoch_every == 0 and order == "after":
            monitor.epoch_end()
    monitor.close()
    return monitor.history.steps, true


@pytest.mark.parametrize("accumulate", [1, 4])
@pytest.mark.parametrize("order", ["before", "after"])
def test_each_update_gets_its_own_batches_losses(order, accumulate):
    """Was: logged before the step, each update got the next one's loss (the first the mean of
    two; the last none), and accumulated batches logged before the step mixed in the next update's first."""
    steps, true = _loop(order, accumulate)
    assert steps["step"] == [1, 2, 3, 4, 5]
    assert steps["loss"] == pytest.approx(true, rel=1e-6)


@pytest.mark.parametrize("order", ["before", "after"])
def test_an_epoch_of_one_update_each_keeps_them_right(order):
    steps, true = _loop(order, epoch_every=1)
    assert steps["loss"] == pytest.approx(true, rel=1e-6) and steps["epoch"] == [0, 1, 2, 3, 4]
