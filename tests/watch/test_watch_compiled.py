"""A loop that trains a ``torch.compile``'d model: watch reads the module inside the wrapper, so
the instruments run it eagerly (a compiled backward refuses the Hessian-vector products' graph)
and the layers keep their own names."""

import math

import torch

import descend as ds


def test_a_compiled_model_is_watched_with_its_readings_and_its_layers_names():
    """Was: the first reading raised torch's "This backward function was compiled with non-empty
    donated buffers which requires create_graph=False" out of the loop's optimizer.step() (the
    loop crashed at update 4), and the layers were named _orig_mod.0.weight, ..."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    compiled = torch.compile(model, backend="aot_eager")  # torch's autograd-compiling backend, no C++ compiler
    opt = torch.optim.SGD(compiled.parameters(), lr=0.05)
    x, y = torch.randn(64, 4), torch.randn(64, 1)
    monitor = ds.watch(
        compiled, opt, loss_fn=torch.nn.functional.mse_loss, probe=(x[:32], y[:32]), instruments=4, print_findings=False
    )
    for i in range(8):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(compiled(x[8 * i : 8 * i + 8]), y[8 * i : 8 * i + 8])
        loss.backward()
        opt.step()
        monitor.log(loss)
    monitor.close()
    readings = monitor.history.instruments
    assert [row["step"] for row in readings] == [4, 8] and all(math.isfinite(row["sharpness"]) for row in readings)
    assert sorted(monitor.history.update_ratios[0]) == ["0.bias", "0.weight", "2.bias", "2.weight", "step"]
