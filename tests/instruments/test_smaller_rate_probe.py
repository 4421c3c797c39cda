"""The counterfactual probe at a smaller rate (descend.instruments.rate_probe with a factor below 1,
History.smaller_rate_probe): it tells a loss held up by its rate from one still descending, a run
with it is bit for bit the run without it, and train takes it only where the doctor reads a
blow-up the loss came back from."""

from __future__ import annotations

import math
import sys

import pytest
import torch

import descend as ds
from descend._checks import InvalidArgument
from descend.instruments.rate_probe import SMALLER, RateProbe, probe_batches, rate_gain


def _mse(out, t):
    return ((out.squeeze(-1) - t) ** 2).mean()


def _noisy_line(n=256):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, 3, generator=g)
    return x, x @ torch.tensor([1.0, -2.0, 0.5]) + torch.randn(n, generator=g)


def test_the_smaller_rate_ends_lower_at_a_noise_floor_and_higher_while_descending():
    x, y = _noisy_line()
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1, bias=False)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    for _ in range(200):  # SGD at a large rate on batches of 8: the loss held at its noise floor
        batch = torch.randint(0, len(x), (8,))
        opt.zero_grad()
        _mse(model(x[batch]), y[batch]).backward()
        opt.step()
    held = rate_gain(model, _mse, opt, probe_batches((x, y), 8), (x, y), factor=SMALLER)
    assert held.at_factor[-1] < 0.6 * held.at_rate[-1] and held.factor == pytest.approx(1 / math.sqrt(10))
    with torch.no_grad():
        model.weight.zero_()  # far from the minimum at a small rate: the run's own rate descends further
    falling = rate_gain(
        model, _mse, torch.optim.SGD(model.parameters(), lr=1e-3), probe_batches((x, y), 8), (x, y), factor=SMALLER
    )
    assert falling.at_factor[-1] > falling.at_rate[-1]


def test_the_callback_writes_the_reading_where_it_is_told_and_refuses_another_field():
    x, y = _noisy_line(120)
    probe = RateProbe((x, y), _mse, 32, factor=SMALLER, record="smaller_rate_probe")
    h = ds.train("mlp", (x, y), loss="mse", optimizer="sgd", lr=1e-2, epochs=2, batch_size=32,
                 callbacks=[probe], instruments=False, progress=False, seed=0)  # fmt: skip
    assert h.rate_probe is None and h.smaller_rate_probe["factor"] == pytest.approx(SMALLER)
    assert h.smaller_rate_probe["steps"] == 8 and len(h.smaller_rate_probe["at_factor"]) == 1
    with pytest.raises(InvalidArgument, match="record must be one of rate_probe, smaller_rate_probe, got 'loss'"):
        RateProbe((x, y), _mse, 32, record="loss")


def test_the_reading_survives_history_json(tmp_path):
    x, y = _noisy_line(120)
    probe = RateProbe((x, y), _mse, 32, factor=SMALLER, record="smaller_rate_probe")
    h = ds.train("mlp", (x, y), loss="mse", optimizer="sgd", lr=1e-2, epochs=2, batch_size=32, log_dir=tmp_path,
                 callbacks=[probe], instruments=False, progress=False, seed=0)  # fmt: skip
    assert ds.History.load(tmp_path).smaller_rate_probe == h.smaller_rate_probe
    old = h.json_state()
    del old["smaller_rate_probe"]  # a file written before the field: none
    loaded = ds.History()
    loaded._load_json_state(old, tmp_path / "history.json")
    assert loaded.smaller_rate_probe is None


def _swing_data():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(200, 5, generator=g)
    return x, torch.tanh(x @ torch.randn(5, generator=g)) + 0.1 * torch.randn(200, generator=g)


def test_train_takes_the_probe_only_where_the_doctor_reads_a_recovered_blow_up(monkeypatch):
    x, y = _swing_data()
    settings = dict(loss="mse", optimizer="sgd", epochs=4, batch_size=32, progress=False, seed=0)
    fine = ds.train("mlp", (x, y), lr=0.05, **settings)
    assert fine.smaller_rate_probe is None
    seen = []
    train_module = sys.modules["descend.train"]
    wanted = train_module.wants_smaller_rate_probe
    monkeypatch.setattr(train_module, "wants_smaller_rate_probe", lambda h: seen.append(wanted(h)) or True)
    always = ds.train("mlp", (x, y), lr=0.05, **settings)  # the probe on a run that does not want it
    assert seen == [False] and always.smaller_rate_probe is not None
    assert always.steps["loss"] == fine.steps["loss"]
    for pa, pb in zip(always.model.parameters(), fine.model.parameters(), strict=True):
        assert torch.equal(pa, pb)
    assert [(d.kind, d.evidence) for d in always.diagnoses] == [(d.kind, d.evidence) for d in fine.diagnoses]
