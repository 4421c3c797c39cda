"""No false alarm: runs that go well (minimize's and train's, each converging or slowing down by
itself at its budget) get the converged finding or none."""

import pytest

import descend as ds
from _findings import kinds as _kinds
from _findings import train as _train
from descend import functions as F


def test_a_healthy_run_reports_that_it_converged_and_why():
    res = ds.minimize(F.booth, [0.0, 0.0], lr=0.05)
    (d,) = res.diagnoses
    assert d.kind == "converged" and "gradient norm" in d.evidence and d.step == res.nit


# Runs that go well: each ends by converging (gradient tolerance, early stopping, or tol), or
# at its epoch budget after its loss slowed down by itself.
HEALTHY = {
    "quadratic, gd": lambda: ds.minimize(F.quadratic(10.0), F.quadratic(10.0).start, lr=0.15),
    "Rosenbrock, adam": lambda: ds.minimize(
        F.rosenbrock, F.rosenbrock.start, optimizer="adam", lr=0.01, max_iter=30000
    ),
    "Beale, adam": lambda: ds.minimize(F.beale, F.beale.start, optimizer="adam", lr=0.01, max_iter=30000),
    "Himmelblau, momentum": lambda: ds.minimize(F.himmelblau, F.himmelblau.start, optimizer="momentum", lr=0.005),
    "six-hump camel, nesterov": lambda: ds.minimize(
        F.six_hump_camel, F.six_hump_camel.start, optimizer="nesterov", lr=0.01
    ),
    "Booth, gd + Armijo": lambda: ds.minimize(F.booth, F.booth.start, lr=1.0, line_search="armijo"),
    "quadratic cond 100, lr auto": lambda: ds.minimize(
        F.quadratic(100.0), F.quadratic(100.0).start, lr="auto", max_iter=5000
    ),
    "linear, diabetes, gd": lambda: _train("linear", "diabetes", optimizer="gd", lr=0.1, batch_size=None, epochs=2000),
    "logistic, breast_cancer, sgd": lambda: _train(
        "logistic", "breast_cancer", optimizer="sgd", lr=0.1, batch_size=32, epochs=200
    ),
    "softmax, iris, adam": lambda: _train("softmax", "iris", optimizer="adam", lr=0.01, batch_size=16, epochs=300),
    "MLP, diabetes, adamw": lambda: _train("mlp", "diabetes", optimizer="adamw", lr=0.01, batch_size=32, epochs=100),
    "logistic, breast_cancer, sgd, 80 epochs at its noise floor": lambda: _train(
        "logistic", "breast_cancer", optimizer="sgd", lr=0.1, batch_size=32, epochs=80, tol=None, patience=1000
    ),
    "MLP, wine, momentum + cosine": lambda: _train(
        "mlp", "wine", optimizer="sgd", lr=0.1, momentum=0.9, batch_size=16, epochs=50, schedule="cosine"
    ),
    "CNN, digits, adam, epoch budget": lambda: _train(
        "cnn", "digits", optimizer="adam", lr=0.01, batch_size=32, epochs=4
    ),
}


@pytest.mark.parametrize("name", list(HEALTHY))
@pytest.mark.slow
def test_no_false_alarm_on_a_healthy_run(name):
    run = HEALTHY[name]()
    kinds = _kinds(run.diagnoses)
    assert kinds == (["converged"] if run.converged else []), (name, [str(d) for d in run.diagnoses])
