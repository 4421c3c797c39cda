"""train and lr_find minimize a loss: torch.optim's maximize=True, as a keyword or in an
optimizer instance, is refused before any work with how to maximize instead."""

import pytest
import torch

import descend as ds

X = torch.randn(16, 3)
Y = (X.sum(1) > 0).long()


@pytest.mark.parametrize("run", [ds.train, ds.lr_find], ids=["train", "lr_find"])
def test_maximize_as_a_keyword_is_refused_naming_a_negated_loss(run):
    """Was: train climbed the loss and reported it; lr_find gave no suggestion, 'the loss never fell'."""
    model = torch.nn.Linear(3, 2)
    before = model.weight.detach().clone()
    with pytest.raises(
        ValueError,
        match=r"^maximize=True would step up the gradient, but the run minimizes its loss: .*loss= a function that returns its negative; leave maximize out$",
    ):
        run(model, (X, Y), optimizer="adam", maximize=True)
    assert torch.equal(model.weight, before)


def test_an_optimizer_instance_with_maximize_is_refused():
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, maximize=True)
    with pytest.raises(
        ValueError, match=r"^the optimizer's maximize=True would step up the gradient, .*build it with maximize=False$"
    ):
        ds.train(model, (X, Y), optimizer=opt, epochs=1, progress=False)
