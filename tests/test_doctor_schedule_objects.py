"""The doctor on a run whose rates a schedule object set (``schedule=cosine(0.2, 10)``, which
its ``lr`` does not set): its findings read the rates the run used, as a run of the schedule's
name at ``lr`` = its peak does, and advise the schedule scaled (``schedules.scaled``), which
``train`` applies; the advice of ``lr`` it ignored, read against the optimizer's unused default
(SGD's 0.001: "try lr=0.000294"), is gone."""

import json
import math

import pytest
import torch

import descend as ds
from descend import schedules as S
from descend.training.findings import Diagnosis, merged_change

_g = torch.Generator().manual_seed(0)
X = torch.randn(256, 10, generator=_g) * torch.tensor([3.0] + [1.0] * 9)
Y = X @ torch.randn(10, generator=_g) + 0.1 * torch.randn(256, generator=_g)
# Full-batch SGD over 10 updates: at a peak of 0.2 the run oscillates (λ_max 17 > 2/lr).
SETTINGS = dict(
    data=(X, Y), model="linear", optimizer="sgd", epochs=10, batch_size=256, standardize=False, seed=0, progress=False
)


def _factor(named, peak):
    return float(f"{named.advice()['lr'] / peak:.3g}")


def test_an_unstable_runs_advice_is_its_schedule_scaled_as_the_named_runs_lr_and_applying_it_scales_the_rates():
    schedule = S.cosine(0.2, total_steps=10)
    named = ds.train(**SETTINGS, lr=0.2, schedule="cosine")  # the same rates, its lr their peak
    run = ds.train(**SETTINGS, schedule=schedule)
    assert run.steps["lr"] == named.steps["lr"]
    assert [d.kind for d in run.diagnoses] == [d.kind for d in named.diagnoses] == ["oscillation", "batch_size"]
    assert [d.evidence for d in run.diagnoses] == [d.evidence for d in named.diagnoses]
    factor = _factor(named, 0.2)  # 0.0588 / 0.2
    advised = run.advice()
    assert list(advised) == ["schedule"] and repr(advised["schedule"]) == repr(S.scaled(schedule, factor))
    oscillation = run.diagnoses[0]
    assert f"try a peak rate of {named.advice()['lr']:.3g} (" in oscillation.advice
    assert f"scale them all by {factor:g}, schedule=scaled(schedule=cosine(lr=0.2" in oscillation.advice
    assert "lr=0.000" not in str(oscillation)  # read against SGD's default 0.001 before
    batch = run.diagnoses[1].change  # the rate scaled with the batch, as the schedule too
    assert batch["batch_size"] == 32 and "lr" not in batch and batch["schedule"].rate_factor < factor
    fixed = ds.train(**{**SETTINGS, "schedule": schedule, **advised})  # the advice replaces it
    assert all(math.isclose(a[0], factor * b[0], abs_tol=1e-15) for a, b in zip(fixed.steps["lr"], run.steps["lr"]))
    assert not [d for d in fixed.diagnoses if d.kind in ("oscillation", "divergence")]


def test_a_slow_runs_advice_is_its_schedule_scaled_up():
    settings = dict(model="mlp", data="iris", optimizer="sgd", epochs=5, seed=0, progress=False)
    named = ds.train(**settings, lr=0.001)
    run = ds.train(**settings, schedule=S.constant(0.001))
    assert [d.kind for d in run.diagnoses] == [d.kind for d in named.diagnoses] == ["slow_progress"]
    factor = _factor(named, 0.001)
    assert factor > 10
    assert repr(run.advice()) == f"{{'schedule': scaled(schedule=constant(lr=0.001), factor={factor!r})}}"


def test_the_logs_hold_the_schedule_and_the_advice_as_its_call(tmp_path):
    run = ds.train(**SETTINGS, schedule=S.cosine(0.2, total_steps=10), log_dir=tmp_path)
    written = json.loads((tmp_path / "diagnosis.json").read_text())
    assert written[0]["change"] == {"schedule": repr(run.advice()["schedule"])}
    loaded = ds.History.load(tmp_path)
    assert loaded.schedule == "cosine(lr=0.2, total_steps=10, final_lr=0.0)"
    again = ds.diagnose(loaded)  # no object to scale: the factor in words, no lr to apply
    assert again[0].evidence == run.diagnoses[0].evidence and "lr" not in again[0].change
    assert "scale them all by" in again[0].advice
    # the findings read back advise as the doctor does a loaded run: no change, the call in words
    # (was {'schedule': 'scaled(...)'}, a string that train refused as an unknown schedule name)
    assert [d.change for d in loaded.diagnoses] == [d.change for d in again] and loaded.advice() == {}
    assert f"schedule={run.advice()['schedule']!r}" in loaded.diagnoses[0].advice


@pytest.mark.parametrize("order", [1, -1])
def test_of_two_faults_advising_the_schedule_scaled_the_smaller_factor_is_taken(order):
    schedule = S.cosine(0.2, total_steps=10)
    findings = [
        Diagnosis("oscillation", 9, "e", "a", {"schedule": S.scaled(schedule, 0.3)}),
        Diagnosis("exploding_gradients", 9, "e", "a", {"schedule": S.scaled(schedule, 0.1), "clip_grad_norm": 1.0}),
    ][::order]
    merged = merged_change(findings)
    assert merged["clip_grad_norm"] == 1.0 and merged["schedule"].rate_factor == 0.1


def test_minimize_under_a_schedule_object_is_advised_that_schedule_scaled():
    """minimize's doctor read the rates right but advised lr=0.1, which the object ignores (and a
    diverged train run's early return skipped the schedule's advice too)."""
    fn = lambda x: 5 * (x**2).sum()  # noqa: E731  (λ = 10: the stability threshold 2/lr = 4 at lr 0.5)
    cos = ds.schedules.cosine(0.5, total_steps=50)
    res = ds.minimize(fn, [1.0, 2.0], optimizer="gd", schedule=cos, max_iter=50)
    [finding] = res.diagnoses
    assert finding.kind == "divergence" and "lr" not in finding.change
    advised = finding.change["schedule"]
    assert repr(advised.config["schedule"]) == repr(cos) and advised.config["factor"] == pytest.approx(0.2)
    assert f"try schedule={advised!r}" in res.message
    again = ds.minimize(fn, [1.0, 2.0], optimizer="gd", schedule=advised, max_iter=50)
    assert again.converged and [d.kind for d in again.diagnoses] == ["converged"]


def test_a_diverged_runs_advice_is_its_schedule_scaled_too():
    """Divergence returns before the other checks: that early return skipped the schedule's advice."""
    run = ds.train(**SETTINGS, schedule=S.constant(2.0))
    assert run.diagnoses[0].kind == "divergence"
    assert "lr" not in run.advice() and run.advice()["schedule"].config["factor"] < 0.1


@pytest.mark.parametrize(
    "change",
    [{"clip_grad_norm": 1.0, "lr": 0.03}, {"batch_size": 256, "lr": 0.02}],
    ids=["fault", "batch-size"],
)
def test_a_loaded_runs_finding_keeps_no_piece_of_a_change_whose_rate_it_cannot_give(change):
    # was {"clip_grad_norm": 1.0} or {"batch_size": 256}: the rate dropped (a loaded run holds
    # its schedule's repr alone, nothing to scale), the rest of the change kept, against the
    # docstring ("no change") and merged_change's rule that a change is one piece: a batch
    # size advised without the rate scaled with it
    from descend.doctor._schedule_advice import on_the_schedule

    finding = Diagnosis("exploding_gradients", 9, "e", "try lr=0.03", change)
    loaded = on_the_schedule(finding, "cosine(lr=0.2, total_steps=10, final_lr=0.0)", 0.2)
    assert loaded.change == {}
    assert loaded.advice.endswith(f"its schedule does: scale them all by {change['lr'] / 0.2:.3g}")


def test_the_advice_applies_over_settings_that_give_lr_as_the_schedules_first_rate():
    """Was refused once lr beside a schedule object had to be its first rate: the advice scales
    the object, and ``{**settings, **history.advice()}`` kept the lr of the schedule it scaled."""
    torch.manual_seed(0)
    X = torch.randn(64, 3)
    y = X @ torch.tensor([[1.0], [-2.0], [0.5]])
    settings = dict(optimizer="sgd", lr=0.9, schedule=S.cosine(0.9, total_steps=40), epochs=5,
                    batch_size=8, progress=False, instruments=False)  # fmt: skip
    run = ds.train(torch.nn.Linear(3, 1), (X, y), **settings)
    factor = run.advice()["schedule"].rate_factor
    assert factor < 1
    again = ds.train(torch.nn.Linear(3, 1), (X, y), **{**settings, **run.advice()})
    assert again.steps["lr"][0] == pytest.approx([0.9 * factor])  # one group
    with pytest.raises(ValueError, match="whose first rate is"):
        ds.train(torch.nn.Linear(3, 1), (X, y), **{**settings, "lr": 0.5, **run.advice()})
