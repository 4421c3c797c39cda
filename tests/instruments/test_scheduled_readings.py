"""Under a schedule, a reading's stability threshold is at the rate of the update it reads, in
``descend.train`` as in ``descend.watch`` (where the loop calls ``scheduler.step()`` after
``optimizer.step()``): train used to read the next update's rate, the scheduler having moved it."""

import math

import pytest
import torch
from torch.nn import functional as F

import descend as ds


def _data(n=32):
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, 3, generator=g)
    return X, (X @ torch.tensor([1.0, 2.0, 3.0]))[:, None]


def _threshold_at_rate(rows, rates):
    """Each reading's threshold, and SGD's 2/lr at the rate its update used (inf at lr 0)."""
    return [(row["threshold"], 2 / rates[row["step"] - 1] if rates[row["step"] - 1] > 0 else math.inf) for row in rows]


def _trained(accumulate):
    torch.manual_seed(0)
    h = ds.train(
        torch.nn.Linear(3, 1), _data(), optimizer="sgd", lr=0.1, schedule="warmup+cosine", batch_size=8,
        accumulate=accumulate, epochs=2, instruments=1, tol=None, progress=False,
    )  # fmt: skip
    return h.instruments, [lrs[0] for lrs in h.steps["lr"]]


def _watched(tmp_path):
    """A plain loop of 8 updates under a cosine schedule that ends at rate 0, stepped by the loop."""
    X, y = _data()
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=8)
    rates = []
    with ds.watch(
        model, opt, loss_fn=F.mse_loss, probe=(X, y), instruments=1, log_dir=tmp_path, print_findings=False
    ) as monitor:
        for i in range(8):
            xb, yb = X[i % 4 * 8 : i % 4 * 8 + 8], y[i % 4 * 8 : i % 4 * 8 + 8]
            opt.zero_grad()
            loss = F.mse_loss(model(xb), yb)
            loss.backward()
            rates.append(opt.param_groups[0]["lr"])
            opt.step()
            monitor.log(loss)
            scheduler.step()
    return monitor.history.instruments, rates


@pytest.mark.parametrize("accumulate", [1, 2])
def test_train_reads_each_update_at_its_own_rate_as_watch_does(tmp_path, accumulate):
    """Warmup+cosine's first update has rate 0 (train read it at the second's, a ratio 16 in the
    plot); cosine's last a small one (read at the rate 0 that follows: "threshold inf")."""
    trained, train_rates = _trained(accumulate)
    watched, watch_rates = _watched(tmp_path)
    assert train_rates[0] == 0 and watch_rates[-1] > 0 and watch_rates[-1] < 0.01
    for rows, rates in ((trained, train_rates), (watched, watch_rates)):
        assert [row["step"] for row in rows if not math.isnan(row["threshold"])] == list(range(1, len(rates) + 1))
        read, expected = zip(*_threshold_at_rate([r for r in rows if not math.isnan(r["threshold"])], rates))
        assert list(read) == pytest.approx(list(expected), rel=1e-9)
