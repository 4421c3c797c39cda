"""An optimizer instance takes its rate and hyper-parameters itself: a run given one and a
rate (as the doctor's advice, ``ds.train(..., optimizer=opt, **history.advice())``) is told
which values it gave and how to set them on the instance."""

import pytest
import torch

import descend as ds
from descend._checks import InvalidArgument
from descend.optim import build


def test_the_refusal_names_the_values_and_how_to_set_them():
    w = torch.nn.Parameter(torch.zeros(2))
    opt = torch.optim.SGD([w], lr=2.0)
    with pytest.raises(InvalidArgument) as caught:
        build(opt, [w], lr=0.372, momentum=0.9)
    said = str(caught.value)
    assert "lr=0.372, momentum=0.9" in said
    assert "for group in optimizer.param_groups: group['lr'] = 0.372" in said
    assert "optimizer='sgd'" in said


def test_advice_applied_to_a_run_given_an_instance():
    X = torch.randn(64, 4, generator=torch.Generator().manual_seed(0))
    y = X.sum(1, keepdim=True)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(InvalidArgument, match=r"got lr=0\.05 with an optimizer instance \(SGD\)"):
        ds.train(model, (X, y), optimizer=opt, epochs=1, progress=False, **{"lr": 0.05})
