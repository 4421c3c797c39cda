"""A watched mini-batch loop that evaluates after every update (``monitor.evaluated()``) has
one update per row, as a full-batch run has one per epoch: the doctor reads it as the
mini-batch loop it is, as it reads the same loop evaluated every few updates."""

import torch
from torch.nn import functional as F

import descend as ds
from descend.doctor._curves import from_history, progress_series


def _watched(every):
    torch.manual_seed(0)
    x = torch.randn(512, 4)
    y = x @ torch.randn(4, 1) + 0.5 * torch.randn(512, 1)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    monitor = ds.watch(model, opt, print_findings=False, batch_size=16)
    for step in range(1, 201):
        batch = torch.randint(0, 512, (16,))
        opt.zero_grad()
        loss = F.mse_loss(model(x[batch]), y[batch])
        loss.backward()
        opt.step()
        monitor.log(loss)
        if step % every == 0:
            with torch.no_grad():
                monitor.evaluated(val_loss=F.mse_loss(model(x), y).item())
    return monitor.close(), monitor.history


def test_a_mini_batch_loop_evaluated_after_every_update_is_not_told_it_oscillates():
    # Was: read as a full-batch run, its batch losses as exact losses, and told twice that it
    # oscillated ("the loss rose in 49% of the last 49 steps", "rose from 1.82 to 6.18 (step 2)"),
    # where the same loop evaluated every 10 updates is told nothing.
    findings, history = _watched(every=1)
    assert [d.kind for d in findings] == [d.kind for d in _watched(every=10)[0]] == []
    curves = from_history(history)
    assert not curves.full_batch
    assert progress_series(curves) is curves.loss  # each row's mean is one batch's loss
