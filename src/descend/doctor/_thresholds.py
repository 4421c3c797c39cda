"""The doctor's thresholds, each named after what it decides, in one table."""

from ..training.non_finite import BLOWN_UP  # noqa: F401 (one of the table: the doctor reads it from here)

ZIGZAG_SHARE = 0.6  # share of consecutive steps that reverse direction
RISING_SHARE = 0.2  # share of loss changes that are increases
SWING = 0.1  # median epoch-to-epoch change of a mini-batch run's loss / its level
VISIBLE = 1e-3  # ... and of any run's / the largest loss it had
SMALL_GRADIENT = 1e-3  # gradient norm, relative to its start, below which it is "small"
VANISHING = 1e-6  # a layer's gradient norm relative to its weight norm
DEPTH = 3  # weight tensors a model needs for a gradient to vanish through depth (two or more
# activations crossed); with one hidden layer a first layer's tiny gradient is its units saturated by
# raw inputs (session 21: 47 of 49 findings on 41 groups, all on raw-input one-hidden-layer tanh MLPs)
EXPLODING = 1e2  # ... above which one plain step at lr 0.01 moves it by its whole norm
OVERFIT_RISE = 0.05  # validation loss risen this share of |best| above its best
FIRST_PACE = 0.25  # late fall per step / early fall per step: the run has barely begun
STALLED = 0.01  # a run whose loss fell less than this share of its start has stalled
RESOLVED = 1e-6  # relative loss drops below this are rounding (float32)
HEALTHY_UPDATE = 1e-3  # ||Δθ|| / ||θ|| of a step, by the rule of thumb (CS231n); also read for
# an adaptive rule's large gradients, which its step does not follow (_adaptive_steps.py, session 19)
LINEAR = 1e-2  # gradient norm and pace of fall (late_pace) constant to this share: f is linear
STEEPENING = 1e2  # ... or the gradient norm grew this many times as the loss fell ever faster

# The rate findings on the measured evidence (descend.instruments; see _stability.py for the
# effective stability ratio, one scale for GD, SGD, heavy-ball momentum and Adam). Each was
# set on the tuning half of the bench's doctor corpus (bench/_doctor_corpus.py: iris softmax,
# diabetes linear, friedman1 MLP, digits MLP, wine raw softmax x sgd, momentum, adam, gd).
#
# "Too small" needs headroom: the advised rate (the one putting the largest effective ratio
# measured at half the stable limit, shrunk by the gradient noise: _progress.py) is at least
# RAISE times the run's. Runs at the best rate of the corpus read 0.3-1 at their peak (a few
# noise-limited ones 0.04); too-small ones 1e-6-0.2.
# Most "too small" runs the rule misses (every group) fail this headroom test: MLP and CNN runs
# 3-30x below the grid's best rate whose effective ratio already reads 0.2-2 (progressive
# sharpening: the sharpness rises to meet the run's own rate), and momentum/Adam runs, whose
# best rates read 1-6 on the effective scale. Tried on the tuning half and rejected (session
# 6): headroom from the first reading (before the run sharpened): 3 false alarms; the plain
# (noise-free) threshold for momentum and Adam: 3 false alarms; the noise gain weighed by the
# noise's share of the gradient (B_simple / (B + B_simple)) at the reading: +1-4 recall, but
# its advice overshot (momentum advised up to rates that diverge: the full gain bounds them).
RAISE = 3.0
# ... and progress left to be had, where the run measured it: the loss can still fall by at
# least this share of its level by the local quadratic model (½ gᵀH⁻¹g on the probe at the last
# reading, descend.instruments.remaining_decrease). A run ending within 1.25x of the best loss
# has at most 1 - 1/1.25 = 20% of it left; the estimate is a lower bound (truncated CG, crossed
# halves of the probe), so the bar sits below that. On the tuning half the healthy runs read at
# most 0.12 (diabetes linear, 1.14-1.15x the best, whose "slow progress" was a false alarm), the
# too-small runs the doctor flagged at least 0.22; MLPs meet negative curvature (unbounded).
# A reading vetoes "too small" only where it is exact (``decrease_exact``: CG converged to its
# numerical tolerance, descend.instruments.decrease): a capped one is a lower bound, which
# cannot say that little is left (session 6; before, 10 CG products floored logistic and
# softmax runs of 31-650 parameters 1.6-21x above the grid's best at 4-15%). On the tuning half
# this changed nothing. Held-out breast_cancer showed the converged reading is no bound either
# where the loss has no finite minimum (separable data: the loss left is all of it, the whole
# training set's Newton decrement reads 27-35% and the probe's crossed halves 5-15%); left as
# found, reported, not tuned on (bench/HISTORY.md, doctor, session 6).
LITTLE_LEFT = 0.15
# ... unless a full-batch curve says the loss has no finite minimum nearby (_no_minimum.py): a
# reading of under LITTLE_LEFT left predicts d ln|g| / d ln L of at least 1 / (2 LITTLE_LEFT)
# (3.3) along the curve, separable cross-entropy gives 1; the bar is their geometric mean (1.8).
# On the 27 spent groups (session 17) the healthy full-batch runs the veto held read 2.5-9.6,
# the too-small ones it held 1.0-1.4 (many-features, topic-counts and wide-blobs softmax,
# few-rows logistic).
NO_MINIMUM_SLOPE = (1 / (2 * LITTLE_LEFT)) ** 0.5
# ... and progress still to be had where the run stopped: the loss fell by at least this
# share of its level over the last quarter of the run (a run that flattened out at its rate's
# noise floor or at a minimum did not), or it still fell at its first pace (late_pace, CRAWL)
# or had barely moved at all (STALLED).
STILL_FALLING = 0.05
CRAWL = 0.5
# ... or its steps are this many times below that useful ratio with the loss not yet halved:
# then the pace of a mini-batch curve is noise. The tuning half's healthy runs peak at 45x or
# less (diabetes linear at 0.011), its too-small ones at up to 10^5x.
FAR_BELOW = 100.0
# ... or its steps are this many times below that useful ratio (an order of magnitude) with the
# loss not yet ON_PLATEAU below its start (the first epoch's mean for mini-batches): a run held
# on a plateau by its rate, whose flat curve says nothing (it flattened because its steps were
# too short to leave the plateau, not at a minimum). Session 9, on the tuning groups (tune and
# tune2): it adds 25 too-small runs (two CNNs, a tanh and a sigmoid MLP on a plateau), 13-93x
# below with the loss 1.5-11% down, and no other. The healthy runs 10x or more below whose loss
# had not yet halved are two, Huber-loss GD runs of a grid whose best fell 27%, 49x and 14x
# below with the loss 20% and 22% down (ON_PLATEAU 0.2 or 0.25 would call them too small): the
# share is fitted below them.
PLATEAU_BELOW = 10.0
ON_PLATEAU = 0.15
# A "too small" run still on its plateau (the loss not yet ON_PLATEAU below its start) is advised
# the rate that puts its peak effective ratio PLATEAU_SHARPENING times below the useful one:
# its readings measured the flat start, and λ_max rises to meet the rate once the run leaves it
# (progressive sharpening, Cohen et al. 2021), so the full aim overshoots. Training runs only
# (minimize's fixed objectives do not sharpen) and plain steps only (GD, SGD, heavy ball): an
# adaptive rule's preconditioned reading moves with its rate, and its advice already
# undershoots there. Session 14c, on the spent groups (tune, tune2, fresh ...
# fresh7), calls unchanged: the advice helped on 1025 -> 1067 of 1216 reruns (+45 -3: five
# classes deep ReLU, quantiles deep MLP, spots/bars/stripes CNNs, S-curve MAE MLP, whose full aim
# landed 3-10x above the grid's best rate and collapsed or stayed on the plateau); 3: +47 -5;
# 10: +48 -120 (undershoots); shrinking Adam's aim too lost 12 (rings, XOR, Hastie, five classes).
PLATEAU_SHARPENING = 2.0
# A run still falling at least NOT_SLOWING times as fast per step over its last quarter as over
# its first (late_pace: a straight-line crawl, or a loss accelerating off a plateau) is held by
# its rate, not near a minimum or a noise floor, and ACCELERATING_RAISE of headroom calls it too
# small (_rate_limited.py; advised at the useful ratio itself). Session 14e, on the spent groups
# (tune, tune2, fresh ... fresh7): of 332 quiet runs still falling under RAISE, 134 too small,
# 124 healthy; pace >= 1 with headroom >= 2 held 12 too-small runs and nothing else (>= 1.5:
# 18 and one ambiguous; the nearest healthy runs, CNNs at the grid's best leaving a plateau, read
# 1.18-1.27). RAISE 2 on its own (14b) raised false alarms on healthy runs that decelerate.
NOT_SLOWING = 1.0
ACCELERATING_RAISE = 2.0
# "Too large" without a blow-up to the end: the loss ended this many times above the lowest
# it reached in the run (healthy runs end within 1.25x of it, a few EoS runs up to 2x; a
# mini-batch run's epoch means are read as running medians of 3 or more, since one epoch's
# mean can sit 1.7-2x off the level of a healthy run at a large rate) ...
RISEN = 1.6
# ... with the instruments agreeing: an effective ratio of at least 1 at some reading, or the
# last sampled step landing past the far side's midpoint (α, Cockpit; early steps of healthy
# runs overshoot too) ...
OVERSHOOT = 0.5
# ... where a sharpness below this share of its threshold is a saturated model (a softmax
# with huge logits is linear there) whose reading says nothing about the step.
SATURATED = 1e-6
# A loss that rose to this many times its first value (epoch means for mini-batches) blew up,
# even if it came down again: healthy runs, catapults included, stayed below 1.5x in the corpus.
# BLOWN_UP (3.0) is defined in descend.training.non_finite, imported above: the engine's reason for
# stopping at a non-finite loss reads it too.
# ... unless the run came back and trained far past it: the loss ended under VISIBLE of its start
# with the last reading stable (effective ratio under 1), a catapult (_catapult.py, session 18).
# On the 28 spent groups (tune, tune2, held_out, fresh ... fresh25) it drops 11 of the 54 healthy
# runs the swing called too large (separable softmax and logistic runs at lr 1-10, a tanh MLP
# at 3.16-10), and no too-large one; a bar of 1e-2 would drop 35 and 5 (raw-feature MLPs whose
# grid ends at 0.3-0.6% of the start, healthy and too large alike): not taken. Read once on fresh26
# and reverted (false alarms 5 -> 5, right calls 188 -> 188: its one change a wrong "too large"
# on a too-small run); its two healthy separable logistic runs at lr 10 (momentum, Adam) ended at
# 1e-8 and 1e-21 of their start with an unstable last reading: a loss under RESOLVED of its start
# is caught whatever that reading (on the 28 other groups it adds one run, a too-small topic-counts
# Adam run at lr 3.16, from a wrong "too large" to quiet; the too-large runs of the spent groups
# that ended under VISIBLE unstable, raw-feature linear Adam runs, end at 5e-5-3e-4 of their start).
# A run whose loss ended no lower than this share of its first value (or of its first epoch's
# mean, for mini-batches: a collapse after a first epoch's fall) while an effective ratio of at
# least 1 was measured was thrown onto a plateau by unstable steps (collapsed ReLUs, a mean
# predictor): no progress at all, which a too-small rate (ratio << 1) cannot be.
PLATEAU = 1.0
# A run thrown onto a plateau (_thrown.py, session 14d): the gradient norm rose to THROWN times
# its first value and its median over the last quarter is below DEADENED of it, while the loss
# has not taken ON_PLATEAU off its start and no longer falls (STILL_FALLING). Read on the spent
# groups (tune, tune2, fresh ... fresh7): the quiet too-large runs it calls are CNNs and ReLU
# MLPs 3-30x above the grid's best rate, sitting at chance with dead units (29 of 111, no healthy
# or too-small run; THROWN 3 or ON_PLATEAU 0.1-0.25 call 26-30, the same none wrong). A rate too
# small on a plateau either never spikes the gradient (XOR, tanh MLPs) or grows it as it starts
# to leave (sigmoid, GELU MLPs), and mini-batch noise alone spikes it 2-3x but leaves the late
# median above half its start: DEADENED holds those out (at 1 it let 80 too-small runs in).
# Evaluated once, frozen, on held-out and fresh8 ... fresh13 (fresh13 written before the design):
# right "too large" calls 370 -> 385, false alarms 17 -> 17, wrong "too large" calls 11 -> 11,
# advice helped 850/924 -> 863/939; all new calls on CNNs and one ReLU MLP. Kept.
THROWN = 2.0
DEADENED = 0.5
# "Too small" needs a larger rate to gain where the run is (_rate_probe.py, session 21): the
# counterfactual probe's speedup (the fall of PROBE_STEPS updates at sqrt(10) times the rate over
# that of the run's own rate, on the same batches, from the last weights) not under SPEEDUP. At 0
# the veto reads the sign of the larger rate's fall: it did not lower the loss (or neither rate
# did). On the 40 spent groups (tune ... fresh36) the start doctor's slow_progress calls read, at 8
# updates: healthy 10th/50th percentile -0.58/2.27, too small 2.91/3.15 (the factor, 3.16: rate as
# time); under 0 are 11 of the 83 healthy, 17 of the 24 too-large runs called too small, 10
# ambiguous and 2 of 3566 too-small runs (a CNN whose larger rate blew up from its sharpened end
# state, a momentum CNN run whose loss rose under both rates). Under 1 (no faster than its own):
# 14, 21, 17 and 7; at 4 updates a branch, under 0: 10, 17, 21 and 21 (a mini-batch fall is noisier).
PROBE_STEPS = 8
SPEEDUP = 0.0
