"""The examples of each update of a watched DDP loop, as counted from the batches the loop feeds
the model (no process group needed: the counting is the DDP model's forward pre-hook)."""

import torch

from descend.training.gradient_squares import GradientSquares
from descend.watch.data_parallel import WorkerNorms


def _norms() -> WorkerNorms:
    return WorkerNorms(GradientSquares(world=2), world=2, batch_size=32)


def test_an_update_counts_the_training_passes_with_gradients_before_its_step():
    norms, net = _norms(), torch.nn.Linear(3, 1)
    for n in (5, 3):  # two accumulated batches
        norms.count_examples(net, (torch.zeros(n, 3),), {})
    with torch.no_grad():  # an evaluation
        norms.count_examples(net, (torch.zeros(50, 3),), {})
    net.eval()  # an evaluation with gradients on
    norms.count_examples(net, (torch.zeros(70, 3),), {})
    net.train()
    norms.step_begins()  # a closure's evaluations inside optimizer.step()
    norms.count_examples(net, (), {"x": torch.zeros(9, 3)})
    norms.add_update()
    assert norms.examples == [8.0]


def test_an_update_whose_passes_showed_no_batch_takes_batch_size_split_evenly():
    norms = _norms()
    norms.count_examples(torch.nn.Linear(3, 1), ("no tensor",), {})
    norms.add_update()
    assert norms.examples == [16.0]
