"""The instruments of a ``torch.compile``'d model (descend.instruments.sharpness and
Instruments, from any loop) are read on the module inside the wrapper, eagerly: a compiled
backward refuses the Hessian-vector products' double backward."""

import torch

from descend import instruments

X, Y = torch.randn(32, 4, generator=torch.Generator().manual_seed(0)), torch.arange(32) % 3
CE = torch.nn.functional.cross_entropy


def _mlp():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))


def test_the_sharpness_of_a_compiled_model_is_the_modules():
    """Was torch's "RuntimeError: torch.compile with aot_autograd does not currently support
    double backward"."""
    model = _mlp()
    compiled = torch.compile(model, backend="aot_eager")
    assert instruments.sharpness(compiled, CE, X, Y).value == instruments.sharpness(model, CE, X, Y).value


def _readings(model, compile_it):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    forward = torch.compile(model, backend="aot_eager") if compile_it else model
    reading = instruments.Instruments(forward, CE, (X, Y), optimizer=opt, every=2)
    for _ in range(4):
        opt.zero_grad()
        CE(forward(X), Y).backward()
        reading.before_step()
        opt.step()
        reading.after_step()
    return [(row["step"], row["sharpness"], row["noise_scale"]) for row in reading.rows]


def test_the_readings_of_a_compiled_loop_are_the_uncompiled_ones():
    """Was a sharpness of nan at every reading, silently (the products' "torch.compile with
    aot_autograd does not currently support double backward" taken for a failed reading), or,
    as the graph was compiled, "This backward function was compiled with non-empty donated
    buffers which requires create_graph=False" raised out of the loop's optimizer.step()."""
    assert _readings(_mlp(), compile_it=True) == _readings(_mlp(), compile_it=False)
