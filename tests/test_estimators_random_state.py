"""The same random_state gives the same weights, another gives others, and a fit leaves the
caller's torch random state alone."""

from __future__ import annotations

import torch
from sklearn.datasets import load_iris

from _estimators import quiet
from descend.estimators import GDClassifier


def test_same_random_state_gives_identical_weights():
    X, y = load_iris(return_X_y=True)

    def make(seed):
        return GDClassifier(
            hidden_layer_sizes=(8,),
            lr=0.01,
            max_epochs=5,  # noqa: E731
            random_state=seed,
        )

    a, b, c = (quiet(make(s).fit, X, y) for s in (0, 0, 1))
    for pa, pb, _pc in zip(a.model_.parameters(), b.model_.parameters(), c.model_.parameters()):
        assert torch.equal(pa, pb)
    assert not torch.equal(next(a.model_.parameters()), next(c.model_.parameters()))
    # fitting leaves the caller's torch RNG alone
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    quiet(make(0).fit, X, y)
    assert torch.equal(torch.rand(3), expected)
