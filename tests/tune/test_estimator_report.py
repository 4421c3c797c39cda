"""report.html of an estimator study: until session 40 it listed a best.yaml the study does not
write, said the best trial's logs were "not in this folder (it ran on another machine)" though
its trials keep none, and did not say what its score was."""

from __future__ import annotations

import html
import re

from sklearn.datasets import load_iris

import descend as ds


def test_an_estimator_studys_report_says_what_it_holds_and_how_it_scored(tmp_path):
    X, y = load_iris(return_X_y=True)
    out = tmp_path / "study"
    result = ds.tune(
        ds.GDClassifier(max_epochs=2), X, y, cv=3, space={"lr": [0.01, 0.1]}, trials=2, out=out, progress=False
    )
    assert result.best_value is not None and not (out / "best.yaml").exists()
    text = html.unescape(re.sub(r"<[^>]+>", " ", (out / "report.html").read_text()))
    assert "score the mean over the folds of cv=3 of scoring=GDClassifier.score" in " ".join(text.split())
    assert "files trials.csv " in " ".join(text.split())
    assert "best.yaml" not in text and "another machine" not in text
