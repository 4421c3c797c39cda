"""The per-layer ratios of a watched loop are those of the tensors its optimizer steps: a layer
left out of the optimizer (fine-tuning a head, another optimizer's half of a model) did not move
in the watched update, which is no evidence of a stalled layer."""

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
