"""A fixed probe read in pieces (head_pieces) is the source's head, a piece at a time."""

import pytest
import torch

from descend.instruments import gradient_noise_scale
from descend.instruments.noise_scale import noise_scale_of_pieces
from descend.training.data.sources import PIECE_ELEMENTS, Pieces, TensorSource, WeightedSource, head_pieces

WIDE = PIECE_ELEMENTS // 16  # 16 rows to a piece


@pytest.mark.parametrize("batch_size, shuffle", [(8, True), (8, False), (None, False), (None, True)])
def test_the_pieces_of_a_wide_source_are_its_head(batch_size, shuffle):
    X, y = torch.randn(100, WIDE), torch.arange(100)
    source = TensorSource(X, y, batch_size, shuffle, 3)
    pieces = head_pieces(source, 64)
    got = list(pieces)
    assert pieces.n == 64 and [len(p[1]) for p in got] == [16] * 4
    head = source.head(64)
    assert torch.equal(torch.cat([p[0] for p in got]), head[0]) and torch.equal(torch.cat([p[1] for p in got]), head[1])


def test_a_weighted_source_gives_pieces_of_pairs_and_fewer_rows_than_asked():
    X, y = torch.randn(20, WIDE), torch.randn(20)
    source = WeightedSource(X, y, torch.ones(20), 8, True, 0)
    pieces = head_pieces(source, 64)
    assert pieces.n == 20 and [len(p) for p in pieces] == [2, 2]  # (x, y): the weights left out
    head = source.head(64)  # all 20 rows, in epoch 0's order
    assert torch.equal(torch.cat([x for x, _ in pieces]), head[0]) and len(head[1]) == 20


def test_the_noise_scale_of_pieces_is_the_whole_batch_s_up_to_rounding():
    torch.manual_seed(0)
    X = torch.randn(64, WIDE // 64)
    y = X[:, :3].sum(1) + torch.randn(64)
    model = torch.nn.Linear(X.shape[1], 1)

    def mse(out, t):
        return ((out.squeeze(-1) - t) ** 2).mean()

    whole = gradient_noise_scale(model, mse, X, y)
    parts = noise_scale_of_pieces(model, mse, Pieces.of(*[(X[i : i + 16], y[i : i + 16]) for i in range(0, 64, 16)]))
    one = noise_scale_of_pieces(model, mse, Pieces.of((X, y)))
    assert one == whole  # one piece: bit for bit
    assert parts.examples == 64 and parts.b_simple == pytest.approx(whole.b_simple, rel=1e-9)


def test_pieces_must_be_pieces():
    with pytest.raises(ValueError, match=r"pieces must be a descend.training.data.sources.Pieces .* got list"):
        noise_scale_of_pieces(
            torch.nn.Linear(2, 1), torch.nn.functional.mse_loss, [(torch.zeros(2, 2), torch.zeros(2))]
        )


def test_the_fallback_s_groups_span_pieces_and_read_the_same_rows():
    """A BatchNorm model in training mode reads groups of 8 consecutive rows (vmap cannot run):
    pieces of 12 rows give each group the same rows, so the same reading, bit for bit."""
    torch.manual_seed(0)
    X, y = torch.randn(64, 5), torch.randn(64)
    model = torch.nn.Sequential(torch.nn.Linear(5, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 1))

    def mse(out, t):
        return ((out.squeeze(-1) - t) ** 2).mean()

    whole = gradient_noise_scale(model, mse, X, y)
    parts = noise_scale_of_pieces(model, mse, Pieces.of(*[(X[i : i + 12], y[i : i + 12]) for i in range(0, 64, 12)]))
    assert parts == whole and whole.examples == 64
