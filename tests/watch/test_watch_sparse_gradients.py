"""A watched loop whose model has sparse gradients (``nn.Embedding(sparse=True)`` under
``SparseAdam`` or SGD) trains as without the watch, its gradient norms read."""

import pytest
import torch

import descend as ds


@pytest.mark.parametrize("gradients", ["step", "accumulated"])
def test_sparse_gradients_are_read_not_raised_on(gradients):
    """Was torch's NotImplementedError ("Could not run 'aten::linalg_vector_norm' with arguments
    from the 'SparseCPU' backend") out of the loop's opt.step(), from the watch's step hook."""
    torch.manual_seed(0)
    embedding = torch.nn.Embedding(6, 2, sparse=True)
    model = torch.nn.Sequential(embedding, torch.nn.Linear(2, 1))  # one sparse gradient, two dense
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    monitor = ds.watch(model, opt, gradients=gradients, print_findings=False)
    norms = []
    for _ in range(3):
        opt.zero_grad()
        loss = model(torch.tensor([1, 1, 4])).pow(2).mean()  # row 1 twice: its parts summed
        loss.backward()
        norms.append(torch.stack([p.grad.to_dense().norm() for p in model.parameters()]).norm().item())
        opt.step()
        monitor.log(loss)
    monitor.close()
    assert monitor.history.steps["grad_norm"] == pytest.approx(norms, rel=1e-6)
