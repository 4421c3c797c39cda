"""descend.train's randomness: a seed gives the same weights bit for bit (another seed others), the
caller's random state is left alone, and the instruments leave a shuffled loader's run as it is
without them."""

import pytest
import torch
from _small_runs import flat as _flat
from _small_runs import linear_data as _linear_data

from descend import train


@pytest.mark.slow
def test_same_seed_same_weights_bit_for_bit_other_seed_differs():
    runs = [
        train("mlp", "iris", lr=0.01, batch_size=8, epochs=3, seed=s, progress=False, model_options={"dropout": 0.2})
        for s in (3, 3, 4)
    ]
    a, b, c = (_flat(h.model) for h in runs)
    assert torch.equal(a, b) and not torch.equal(a, c)
    assert runs[0].steps["loss"] == runs[1].steps["loss"]


def test_training_leaves_the_callers_random_state_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    train("mlp", "iris", lr=0.01, batch_size=16, epochs=2, seed=5, progress=False, model_options={"dropout": 0.5})
    assert torch.equal(torch.rand(3), expected)


@pytest.mark.parametrize("own_generator", [False, True])
def test_the_instruments_leave_a_shuffled_loaders_run_as_it_is_without_them(own_generator):
    # The probe is read from the loader before the run: the order the loader then draws must be
    # the one it draws without the instruments (its random generators put back), and the probe
    # must be that order's start.
    X, y = _linear_data(n=96, noise=0.1)
    runs = {}
    for on in (False, True):
        torch.manual_seed(3)
        generator = torch.Generator().manual_seed(5) if own_generator else None
        loader = torch.utils.data.DataLoader(
            torch.utils.data.TensorDataset(X, y[:, None]), batch_size=16, shuffle=True, generator=generator
        )
        model = torch.nn.Linear(3, 1)
        h = train(model, loader, loss="mse", lr=0.05, epochs=3, tol=None, progress=False, instruments=on)
        runs[on] = (h.steps["loss"], _flat(model))
    assert runs[True][0] == runs[False][0]
    assert torch.equal(runs[True][1], runs[False][1])
