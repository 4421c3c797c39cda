"""Session 28 (tune13): the plateau wait's gate reads the lower of the constant prediction's and the
best affine map's value: a study whose trials all dropped to the affine map's level in epoch 1 (two
spirals: median 0.670, affine 0.663, constant 0.693) is still on a plateau."""

import numpy as np
import optuna
import pytest

from descend.tune.affine_level import AFFINE_LOSS, best_affine_loss, plateau_level
from descend.tune.objective import TrainObjective
from descend.tune.plateau_wait import CONSTANT_LOSS, PlateauWaitingHalving
from descend.tune.space import Space, default_space


def _study_at(values: tuple[float, ...]) -> optuna.Study:
    """A study whose trials reported ``values`` after epoch 1 (recorded at the first rung)."""
    study = optuna.create_study(pruner=PlateauWaitingHalving())
    for value in values:
        trial = study.ask()
        trial.report(value, 1)
        trial.should_prune()
        study.tell(trial, value)
    return study


def _third(study: optuna.Study, value: float, affine: float | None) -> bool:
    trial = study.ask()
    trial.set_user_attr(CONSTANT_LOSS, 0.693)
    if affine is not None:
        trial.set_user_attr(AFFINE_LOSS, affine)
    trial.report(value, 1)
    return trial.should_prune()


def test_a_trial_at_the_constant_level_waits_where_the_study_has_not_beaten_the_affine_map():
    # the rung's median 0.68 is below the constant's level 0.693 (tune12's gate shut: pruned, the
    # worst of three) but above the best affine map's 0.663: the study is on the affine plateau
    assert not _third(_study_at((0.67, 0.68)), 0.70, affine=0.663)
    assert _third(_study_at((0.67, 0.68)), 0.70, affine=None)  # no affine level: as before
    assert _third(_study_at((0.67, 0.68)), 0.70, affine=3.2)  # an affine map that overfits: the constant's
    assert _third(_study_at((0.50, 0.55)), 0.70, affine=0.663)  # the study has beaten it: judged


def test_the_affine_level_is_fitted_on_the_training_part_and_scored_on_the_validation_part():
    x = np.linspace(-1, 1, 40).reshape(-1, 1).astype("float32")
    y = (2 * x[:, 0] + 1).astype("float32")
    # a line fits the training part exactly; the validation targets sit 1 above it: squared error 1
    value = best_affine_loss("mlp", (x, y), {"val_data": (x, y + 1)}, "val_loss")
    assert value == pytest.approx(1.0, rel=1e-3)
    assert best_affine_loss("mlp", (x, y), {"val_data": (x, y)}, "val_accuracy") is None
    assert plateau_level(0.693, 0.663) == 0.663 and plateau_level(0.693, 0.9) == 0.693


def test_the_trials_of_a_halving_study_carry_the_affine_level_and_others_do_not():
    X = np.random.default_rng(0).normal(size=(300, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype("int64")
    space = Space.parse(default_space("mlp"))
    for pruner, carries in ((PlateauWaitingHalving(), True), (optuna.pruners.MedianPruner(), False)):
        study = optuna.create_study(pruner=pruner)
        objective = TrainObjective("mlp", (X[:200], y[:200]), space, {"epochs": 1, "val_data": (X[200:], y[200:])})
        study.optimize(objective, n_trials=2)
        levels = [t.user_attrs.get(AFFINE_LOSS) for t in study.trials if t.state.is_finished()]
        if carries:  # an XOR of signs: no affine map does better than the class frequencies
            assert len(set(levels)) == 1 and 0.6 < levels[0] < 0.8
        else:
            assert levels == [None, None]
