"""The range test's blow-up is measured from the smoothed loss's best since the model moved
(descend.training._range_curve.probe_moved): before its steps change the probe loss, the mini-batch
losses vary with the batches drawn alone."""

import torch

import descend as ds
from descend.training._range_curve import probe_moved, smooth
from descend.training.range_test import _RANGE_END


def _outliers():
    """64 rows, targets 0 but for 8 of 30: a batch of 4 holding one has a loss of about 225,
    one without about 0.3."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(64, 2, generator=g)
    y = torch.zeros(64)
    y[::8] = 30.0
    return X, y


def test_batch_noise_before_the_model_moves_is_no_blow_up():
    """Seed 0 draws a batch without an outlier first (0.3), then one with (226): the smoothed
    loss is then about 380x the first, a blow-up by the 4x rule, at lr = 1.2e-7, where no step
    has moved the weights. The ramp goes on, and blows up where the rate does (above 0.1)."""
    torch.manual_seed(0)  # the model's weights: others start the first batch's loss above 1
    found = ds.lr_find(torch.nn.Linear(2, 1), _outliers(), loss="mse", optimizer="sgd", batch_size=4, seed=0, num=100)
    first = found.raw_losses[:2]
    assert first[0] < 1 and smooth(first)[-1] > _RANGE_END * first[0]  # the old rule stopped here
    assert found.lrs[-1] > 0.1 and found.blowup_lr == found.lrs[-1]
    assert "blew up" in found.stopped_because


def test_moved_reads_the_probe_against_its_first_reading():
    assert not probe_moved([]) and not probe_moved([2.0])
    assert not probe_moved([2.0, 2.0019]) and probe_moved([2.0, 2.0021]) and probe_moved([2.0, 1.99])


def test_a_first_move_that_blows_up_ends_the_ramp_there():
    """L-BFGS on batches of 32 of the diabetes data (seed 1) leaves the model where it was up to
    lr = 2.7, whose update takes the probe loss from 0.84 to 2.4e8: the blow-up was counted as
    the best (6.4e6) and the ramp went on training the blown-up model to losses of 3.5e22."""
    found = ds.lr_find("linear", "diabetes", optimizer="lbfgs", batch_size=32, seed=1)
    assert max(found.raw_losses) < 100  # every mini-batch loss read before the blown-up update
    assert found.stopped_because.startswith("the probe loss blew up") and found.blowup_lr == found.lrs[-1]
    assert found.suggestion is None and "before it blew up" in found.reason


def test_lbfgs_on_mini_batches_whose_first_move_blew_up_names_the_full_batch():
    """It stalled until a rate large enough to throw the weights away: 'start lower than 1e-07'
    was no help (a lower start stalls longer); the full batch is."""
    found = ds.lr_find("linear", "diabetes", optimizer="lbfgs", batch_size=32, seed=1)
    assert "where a step first changed the model: LBFGS on mini-batches of 32 stalls" in found.reason
    assert "batch_size=None" in found.reason and "start lower" not in found.reason


def test_the_blow_up_message_quotes_each_curve_by_its_name():
    """It said "the smoothed loss blew up (7.88, best 1.68)" on digits' MLP: the moving average
    of the mini-batch losses, which the stop rule watches, while ``losses``, the curve plotted
    as "smoothed" and returned, ended at 81.7 with a low of 0.35."""
    X = torch.linspace(-1, 1, 64).unsqueeze(1)
    found = ds.lr_find("linear", (X, 2 * X + 1), optimizer="sgd", num=40, batch_size=8)
    average = smooth(found.raw_losses)[-1]
    assert found.stopped_because.startswith(f"the mini-batch loss blew up: its moving average rose to {average:.3g} ")
    plotted = f"ended at {found.losses[-1]:.3g}, lowest {min(found.losses):.3g}"
    assert f"(of raw_losses; the probe batch's curve plotted, losses, {plotted}) at lr=" in found.stopped_because
