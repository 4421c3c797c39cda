"""The per-layer ratios and the gradient norms of a watched loop are those of the tensors its
optimizer steps: a layer left out of the optimizer (fine-tuning a head, another optimizer's half
of a model) did not move in the watched update, which is no evidence of a stalled layer, and its
gradient (never cleared by the optimizer's zero_grad) is not the update's."""

import pytest
import torch

import descend as ds


def _steps(model, opt, monitor, n):
    for _ in range(n):
        opt.zero_grad()
        loss = model(torch.randn(8, 3)).pow(2).mean()
        loss.backward()
        opt.step()
        monitor.log(loss)


def test_a_layer_the_optimizer_does_not_hold_has_no_update_ratio():
    """Was recorded as an update ratio of 0.0 (and its gradient ratio) at every sample."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 1))
    opt = torch.optim.SGD(model[1].parameters(), lr=0.1)  # the head alone; the body still requires grad
    monitor = ds.watch(model, opt, print_findings=False)
    _steps(model, opt, monitor, 2)
    opt.add_param_group({"params": model[0].bias})  # unfrozen later: its ratios are read from then on
    _steps(model, opt, monitor, 100)  # the ratios are sampled at updates 1 and 101
    monitor.close()
    first, later = monitor.history.update_ratios
    assert sorted(first) == ["1.bias", "1.weight", "step"] and first["1.weight"] > 0
    assert sorted(later) == ["0.bias", "1.bias", "1.weight", "step"] and later["0.bias"] > 0
    assert [sorted(row) for row in monitor.history.layer_grad_ratios] == [["1.weight", "step"]] * 2


@pytest.mark.parametrize("gradients", ["step", "accumulated"])
def test_the_gradient_norm_is_that_of_the_tensors_the_optimizer_steps(gradients):
    """A body left out of the optimizer with requires_grad on: opt.zero_grad() clears the head's
    gradient alone, so the body's grew at every backward pass and was read into the update's norm
    (here 0.8 at step 1 to 2.6 at step 20, where the update's falls from 0.63 to 0.05-0.2; on an
    8-16-1 MLP after 160 steps the doctor's evidence read "the gradient norm is 13.6 (8.2 of its
    start)" for a head whose gradient stayed near 1: now 1.29 (0.81 of its start))."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 1))
    opt = torch.optim.SGD(model[1].parameters(), lr=0.1)
    monitor = ds.watch(model, opt, print_findings=False, gradients=gradients)
    expected = []
    for step in range(20):  # the first 20 updates are all read
        if step == 10:
            opt.add_param_group({"params": model[0].bias})  # unfrozen: read from then on
        opt.zero_grad()
        loss = model(torch.randn(8, 3)).pow(2).mean()
        loss.backward()
        held = [p for group in opt.param_groups for p in group["params"]]
        expected.append(torch.linalg.vector_norm(torch.stack([p.grad.norm() for p in held])).item())
        opt.step()
        monitor.log(loss)
    monitor.close()
    assert monitor.history.steps["grad_norm"] == pytest.approx(expected, rel=1e-5)
