"""train on a ``torch.compile``'d model: its steps run compiled; the checks, instruments, layer
names and checkpoints are the module's inside the wrapper, so a checkpoint resumes compiled or
not."""

import pytest
import torch

import descend as ds

X, Y = torch.randn(64, 4, generator=torch.Generator().manual_seed(0)), torch.arange(64) % 3


def _mlp():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))


def _compiled(model, calls):
    """``model`` compiled by a backend that runs torch's traced graph as it is (no compiler),
    counting the calls of the compiled forward."""

    def backend(graph, example_inputs):
        def forward(*args):
            calls.append(1)
            return graph(*args)

        return forward

    return torch.compile(model, backend=backend)


def test_a_compiled_model_trains_with_its_steps_compiled_and_its_layers_names(tmp_path):
    """Was: the first-batch check's hooks on the wrapper were traced by dynamo, which raised
    "AssertionError: UnspecializedNNModuleVariable(Sequential) is already tracked for mutation"
    from torch/_dynamo/side_effects.py before the first step."""
    calls = []
    history = ds.train(_compiled(_mlp(), calls), (X, Y), epochs=2, progress=False, checkpoint_dir=tmp_path)
    steps = history.steps["step"][-1]
    assert len(calls) == steps - 1  # every step but the first (a check's, eager) ran compiled
    assert history.epochs["loss"] == ds.train(_mlp(), (X, Y), epochs=2, progress=False).epochs["loss"]
    assert history.instruments and history.examples is not None
    assert sorted(history.update_ratios[0]) == ["0.bias", "0.weight", "2.bias", "2.weight", "step"]
    assert list(torch.load(tmp_path / "last.pt", weights_only=False)["model"]) == [
        "0.weight",
        "0.bias",
        "2.weight",
        "2.bias",
    ]


def test_a_compiled_run_resumes_uncompiled_and_the_other_way_round(tmp_path):
    """Was: the compiled run raised before its first step; its checkpoint would have held
    _orig_mod.0.weight, ... and the model "OptimizedModule", refused by an uncompiled resume."""
    ds.train(_compiled(_mlp(), []), (X, Y), epochs=1, progress=False, checkpoint_dir=tmp_path)
    ds.train(_mlp(), (X, Y), epochs=2, progress=False, checkpoint_dir=tmp_path, resume=True)
    resumed = ds.train(_compiled(_mlp(), []), (X, Y), epochs=3, progress=False, checkpoint_dir=tmp_path, resume=True)
    assert resumed.epochs["loss"] == ds.train(_mlp(), (X, Y), epochs=3, progress=False).epochs["loss"]


def test_a_compiled_model_built_for_other_data_is_named_as_an_uncompiled_one():
    """Was dynamo's "torch._dynamo.exc.TorchRuntimeError: RuntimeError when making fake tensor
    call ... a and b must have same reduction dim", not the clear error an uncompiled model gets."""
    with pytest.raises(ValueError, match=r"its layer '0' \(Linear\(.*\)\) expects 4 input features but got 5"):
        ds.train(_compiled(_mlp(), []), (torch.randn(64, 5), Y), epochs=1, progress=False)
