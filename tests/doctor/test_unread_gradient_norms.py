"""A record whose gradient norms were not read (NaN: a watched loop reads them at sampled
updates, a hand-built History may hold none) is read without numpy's warnings."""

import warnings

import descend as ds


def test_a_record_without_gradient_norms_is_read_without_a_numpy_warning():
    # Was: "RuntimeWarning: All-NaN slice encountered" from numpy, out of ds.diagnose, on a
    # record whose gradient norms were not read (NaN); the findings are the same.
    loss = [1.0, 0.8, 0.6, 0.5, 0.4]
    h = ds.History(
        steps={"step": [1, 2, 3, 4, 5], "epoch": [0, 1, 2, 3, 4], "loss": loss, "lr": [[0.1]] * 5},
        epochs={"loss": loss},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ds.diagnose(h) == []
