"""``report.html`` of a study says what became of every trial: a failed one (a killed process,
re-queued) is counted and listed with why, and a trial run at the doctor's advice, or run again
for a killed one, says which trial led to it."""

import optuna

from descend.tune.storage import requeue
from descend.tune.study_report import _best_so_far, _history_picture, write_study_report

X = optuna.distributions.FloatDistribution(0, 1)


def _study():
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study()
    study.ask({"x": X})  # left running by a killed process
    requeue(study, "its process ended while it ran (killed or interrupted); re-queued with the same parameters")
    study.optimize(lambda t: t.suggest_float("x", 0, 1) ** 2, n_trials=1)  # trial 1, the retry
    pruned = study.ask({"x": X})  # trial 2, pruned by the doctor
    pruned.set_user_attr("pruned_because", "the doctor: divergence at step 3")
    study.tell(pruned, state=optuna.trial.TrialState.PRUNED)
    study.enqueue_trial({"x": 0.01}, user_attrs={"advised_by": "trial 2 (pruned): divergence"})
    study.optimize(lambda t: t.suggest_float("x", 0, 1) ** 2, n_trials=1)  # trial 3, the advised one, best
    return study


def test_the_report_counts_failed_trials_and_names_what_led_to_each(tmp_path):
    """The trial a killed process left was counted as a failed trial finished ("4 (2 complete, 1
    pruned, 1 failed)"), where descend tune's summary counts it once, in the trial that ran it again
    ("trials 3 (1 pruned)")."""
    page = write_study_report(_study(), tmp_path, "value").read_text()
    assert "<th>trials finished</th><td>3 (2 complete, 1 pruned)</td>" in page
    assert "<th>trials run again</th><td>1 (their process ended while they ran: listed below)</td>" in page
    assert "<h2>Failed trials</h2>" in page
    assert "re-queued with the same parameters as trial 1" in page
    assert "(trial 3, at the doctor&#x27;s advice: trial 2 (pruned): divergence)" in page


def test_the_best_so_far_line_holds_to_the_last_trial():
    """Was drawn to the last complete trial only: with one complete trial, a step line of one
    point, which draws nothing (the legend named a line the picture did not have)."""
    study = optuna.create_study()
    for value in (None, 0.4, None, None):  # None: pruned
        trial = study.ask()
        study.tell(trial, value, state=optuna.trial.TrialState.PRUNED if value is None else None)
    assert _best_so_far(study.trials, minimize=True) == [(1, 0.4), (3, 0.4)]


def test_the_pruned_trials_table_heads_its_last_column_by_what_it_holds(tmp_path):
    """Was headed "run at", above "again, for trial N" and "the doctor's advice: ...": the column
    says why the trial ran."""
    page = write_study_report(_study(), tmp_path, "value").read_text()
    assert "<h2>Pruned trials</h2><table><tr><th>trial</th><th>why</th><th>why it ran</th></tr>" in page


def test_the_best_so_far_of_one_complete_trial_the_last_is_drawn(tmp_path):
    """Was a step line of one point, which draws nothing, while the legend and the report's
    caption named it: two trials pruned, the third complete."""
    study = optuna.create_study()
    for value in (None, None, 0.4):  # None: pruned
        trial = study.ask()
        study.tell(trial, value, state=optuna.trial.TrialState.PRUNED if value is None else None)
    fig = _history_picture(study, study.trials, "val_loss", tmp_path / "history.png")
    (best,) = [line for line in fig.axes[0].get_lines() if line.get_label() == "best so far"]
    assert best.get_xydata().tolist() == [[2.0, 0.4]] and best.get_marker() == "_"
