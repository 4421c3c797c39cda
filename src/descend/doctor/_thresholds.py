"""The doctor's thresholds, each named after what it decides, in one table."""

ZIGZAG_SHARE = 0.6  # share of consecutive steps that reverse direction
RISING_SHARE = 0.2  # share of loss changes that are increases
SWING = 0.1  # median epoch-to-epoch change of a mini-batch run's loss / its level
VISIBLE = 1e-3  # ... and of any run's / the largest loss it had
SMALL_GRADIENT = 1e-3  # gradient norm, relative to its start, below which it is "small"
VANISHING = 1e-6  # a layer's gradient norm relative to its weight norm
EXPLODING = 1e2  # ... above which one plain step at lr 0.01 moves it by its whole norm
OVERFIT_RISE = 0.05  # validation loss risen this share of |best| above its best
FIRST_PACE = 0.25  # late fall per step / early fall per step: the run has barely begun
STALLED = 0.01  # a run whose loss fell less than this share of its start has stalled
RESOLVED = 1e-6  # relative loss drops below this are rounding (float32)
HEALTHY_UPDATE = 1e-3  # ||Δθ|| / ||θ|| of a step, by the rule of thumb (CS231n)
LINEAR = 1e-2  # gradient norm and pace of fall (late_pace) constant to this share: f is linear
STEEPENING = 1e2  # ... or the gradient norm grew this many times as the loss fell ever faster
