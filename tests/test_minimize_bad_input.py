"""What minimize (and train, by the same rules) says about a function or setting that cannot
work: a gradient that is not finite at x0, a function unbounded below, a learning rate of 0.
None of them is the learning rate's fault, and no message says it is."""

import pytest
import torch

import descend as ds
from descend import functions as F


def _f64(*values):
    return torch.tensor(values, dtype=torch.float64)


@pytest.mark.parametrize(
    "fn, x0, shown",
    [
        (lambda x: x.sqrt().sum(), [0.0, 0.0], "inf at flat index [0, 1]"),
        (lambda x: (x**2).sum() + 0 * torch.where(x > 0, x.sqrt(), x).sum(), [0.0, 1.0], "nan at flat index [0]"),
    ],
)
def test_a_gradient_that_is_not_finite_at_x0_is_named_not_blamed_on_lr(fn, x0, shown):
    with pytest.raises(ValueError) as err:
        ds.minimize(fn, x0, lr=0.1)
    message = str(err.value)
    assert message.startswith(f"the gradient of fn at x0 is not finite ({shown}) although fn(x0) = ")
    assert "lr" not in message


def test_within_bounds_an_infinite_gradient_pointing_out_of_the_box_is_a_minimum():
    # sqrt on x >= 0: at 0 the gradient is +inf, but the projected gradient is 0
    res = ds.minimize(lambda x: x.sqrt().sum(), [0.0, 0.0], bounds=(0, None), lr=0.1)
    assert res.converged and res.status == "gtol" and res.nit == 0


def test_lr_auto_checks_x0_first():
    with pytest.raises(ValueError, match="the gradient of fn at x0 is not finite"):
        ds.minimize(lambda x: x.sqrt().sum(), [0.0, 0.0], lr="auto")


@pytest.mark.parametrize("optimizer", ["gd", "adam"])
def test_a_linear_function_is_unbounded_below_whatever_the_lr(optimizer):
    res = ds.minimize(lambda x: -x.sum(), _f64(1.0, 1.0), optimizer=optimizer, lr=0.1)
    assert res.status == "max_iter"
    (d,) = res.diagnoses
    assert d.kind == "unbounded" and d.step == 1000
    assert d.evidence.startswith("the loss fell at every one of 1000 steps, from -2 to -202")
    assert d.advice.startswith("the function appears unbounded below, and no learning rate gives it a minimum")
    assert "lr=" not in d.advice


def test_a_loss_that_falls_to_minus_inf_is_unbounded_below():
    res = ds.minimize(lambda x: -torch.exp(x).sum(), [1.0, 1.0], lr=0.1)  # float32: -inf at step 7
    assert res.status == "diverged" and res.nit == 7
    assert res.message == (
        "stopped after 7 iterations: fn appears unbounded below: the loss fell at "
        "every one of 7 iterations, from -5.44 to -inf; a minimum needs fn bounded "
        "below: check its sign, or give bounds"
    )
    (d,) = res.diagnoses
    assert d.kind == "unbounded" and d.evidence == "the loss fell at every step, from -5.44 to -inf at step 7"
    assert "lr" not in d.advice


def test_a_gradient_that_overflows_while_the_loss_falls_is_unbounded_below():
    # -|x|^2 in float32 from (1, 1): x grows by 1.2 a step until |grad| overflows, at step 238
    res = ds.minimize(lambda x: -(x**2).sum(), torch.tensor([1.0, 1.0]), lr=0.1)
    assert res.status == "diverged"
    assert "fn appears unbounded below: the loss fell at every one of 238 iterations" in res.message
    assert "where its gradient norm is inf" in res.message and "try lr" not in res.message
    assert [d.kind for d in res.diagnoses] == ["unbounded"]


@pytest.mark.parametrize(
    "optimizer, lr, max_iter", [("adam", 1e-3, 1000), ("nesterov", 1e-5, 1000), ("rmsprop", 1e-3, 300)]
)
def test_falling_off_a_hill_of_a_bounded_function_is_not_unbounded(optimizer, lr, max_iter):
    # Styblinski-Tang from its start at 0: the loss falls faster and faster, below zero, for
    # hundreds of steps before its minimum at -78.3; the doctor must not call it unbounded.
    fn = F.get("styblinski_tang")
    res = ds.minimize(fn, fn.start, optimizer=optimizer, lr=lr, max_iter=max_iter)
    assert res.history.loss[-1] < 0
    assert "unbounded" not in [d.kind for d in res.diagnoses] and "unbounded" not in res.message


def test_the_lr_divergence_advice_is_kept_for_a_step_too_long():
    quad = F.quadratic(10.0)
    res = ds.minimize(quad, quad.start, lr=0.5)  # 2/L = 0.2: the loss grows
    assert [d.kind for d in res.diagnoses] == ["divergence"]
    # One number for one fault: the message names the doctor's measured rate, not a guess of
    # its own beside it (it said "try lr=0.05 or smaller" next to the finding's rate).
    rate = res.diagnoses[0].change["lr"]
    assert f"the learning rate is too large: try lr={rate:g} (the doctor's" in res.message
    assert "or smaller" not in res.message
    assert ds.minimize(quad, quad.start, lr=rate).converged  # and that rate trains


def test_a_divergence_with_no_measured_rate_names_no_number_of_its_own():
    # was ", try lr=0.05 or smaller": a number of the message's own, beside findings that named
    # none or another (the findings are the one source of the rate to try)
    from descend.minimize.loop import rate_to_try

    assert rate_to_try([], 0.5) == ": the doctor's findings name no smaller rate to try (see diagnoses)"


def test_a_divergence_under_a_schedule_object_names_the_most_cautious_scaling():
    # was the first finding's schedule, whichever its factor, while the findings' merged advice
    # (History.advice, merged_change) takes the smallest: the message and the findings disagreed
    from descend.doctor import Diagnosis
    from descend.minimize.loop import rate_to_try

    base = ds.schedules.cosine(0.4, total_steps=10)
    findings = [
        Diagnosis(kind, 3, "e", "a", {"schedule": ds.schedules.scaled(base, factor)})
        for kind, factor in [("divergence", 0.5), ("oscillation", 0.1)]
    ]
    assert rate_to_try(findings, 0.4) == (
        ": try schedule=scaled(schedule=cosine(lr=0.4, total_steps=10, final_lr=0.0), factor=0.1) "
        "(the doctor's, measured: see diagnoses)"
    )


@pytest.mark.parametrize("lr", [0, 0.0, -0.1, float("nan"), True])
def test_train_and_minimize_take_the_same_learning_rates(lr):
    message = f"lr must be a finite number > 0, got {lr!r}"
    with pytest.raises(ValueError) as in_minimize:
        ds.minimize(F.booth, F.booth.start, lr=lr)
    with pytest.raises(ValueError) as in_train:
        ds.train("softmax", "iris", lr=lr, epochs=1, progress=False)
    assert str(in_minimize.value) == str(in_train.value) == message


@pytest.mark.parametrize("max_iter", [20, 21, 101])
def test_a_short_run_on_a_linear_function_is_unbounded_too(max_iter):
    # Quarters of unequal length (a run not divisible by 4) must not hide the straight line.
    res = ds.minimize(lambda x: -x.sum(), _f64(1.0, 1.0), lr=0.1, max_iter=max_iter)
    assert [d.kind for d in res.diagnoses] == ["unbounded"]


@pytest.mark.parametrize(
    "lr, hint", [("fast", ""), ("Auto", ". Did you mean 'auto'?"), ("0.1", "")], ids=["fast", "Auto", "text"]
)
def test_a_rate_given_as_text_names_auto_as_allowed(lr, hint):
    message = f"lr must be a finite number > 0, 'auto' or None (the optimizer's default), got {lr!r}{hint}"
    with pytest.raises(ValueError) as in_minimize:
        ds.minimize(F.booth, F.booth.start, lr=lr)
    with pytest.raises(ValueError) as in_train:
        ds.train("softmax", "iris", lr=lr, epochs=1, progress=False)
    assert str(in_minimize.value) == str(in_train.value) == message


@pytest.mark.parametrize("spelt, method", [("BFGS", "bfgs"), ("CG", "cg"), ("L-BFGS-B", "lbfgs"), (" LBFGS", "lbfgs")])
def test_method_in_scipys_spelling(spelt, method):
    """scipy's method names, and any case, as the optimizer names and --method are read (was an
    error for 'BFGS' while optimizer='LBFGS' and descend minimize --method LBFGS worked)."""
    res = ds.minimize(F.rosenbrock, [-1.2, 1.0], method=spelt, bounds=(-2, 2) if method != "cg" else None)
    same = ds.minimize(F.rosenbrock, [-1.2, 1.0], method=method, bounds=(-2, 2) if method != "cg" else None)
    assert res.status == same.status and torch.equal(res.x, same.x)


def test_unknown_method_suggests_the_closest():
    with pytest.raises(ValueError, match=r"one of 'lbfgs', 'bfgs', 'cg', got 'lbgfs'\. Did you mean 'lbfgs'\?"):
        ds.minimize(F.rosenbrock, [-1.2, 1.0], method="lbgfs")


def test_a_function_name_points_to_the_test_function():
    """ds.minimize('rosenbrock', ...) was Python's "'str' object is not callable"."""
    with pytest.raises(
        TypeError, match=r"got str 'rosenbrock'; for the test function 'rosenbrock' pass ds\.functions\.get"
    ):
        ds.minimize("rosenbrock", [-1.2, 1.0])
    with pytest.raises(TypeError, match="fn must be a function of a tensor returning a scalar, got int 3$"):
        ds.minimize(3, [-1.2, 1.0])


def _needs_a(x, a):
    return ((x - a) ** 2).sum()


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        ({"args": (3.0,)}, r"^minimize\(\) takes no keyword 'args' \(scipy.optimize.minimize's\): bind them in fn"),
        ({"jac": True}, r"^minimize\(\) takes no keyword 'jac' .*: the gradient is fn's, taken by autograd"),
        ({"options": {"maxiter": 3}}, r"^minimize\(\) takes no keyword 'options' .*max_iter=\.\.\., gtol=\.\.\."),
        ({"tol": 1e-3}, r"^minimize\(\) takes no keyword 'tol' .*: give gtol"),
        ({"method": "bfgs", "args": (3.0,)}, r"^minimize\(\) takes no keyword 'args'"),
        ({"method": "bfgs", "momentum": 0.9}, r"^method='bfgs' takes no option momentum"),
        ({"momentun": 0.9}, r"^minimize\(\) takes no keyword 'momentun'"),
    ],
)
def test_a_keyword_minimize_does_not_take_is_named_before_fn_is_called(keywords, message):
    """Was: fn was called first, so args=(3.0,) failed as Python's "missing 1 required positional
    argument: 'a'" and jac=True as "fn must return a scalar"."""
    calls = []

    def fn(x, *rest):
        calls.append(x)
        return _needs_a(x, *rest)

    with pytest.raises((TypeError, ValueError), match=message):
        ds.minimize(fn, [0.0, 0.0], **keywords)
    assert not calls


def test_a_function_of_numpy_is_told_to_compute_with_torch():
    """Was: torch's "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy()
    instead", whose advice loses the gradient."""
    import numpy as np

    with pytest.raises(TypeError, match=r"^fn must compute with torch on x .*: it called NumPy on x"):
        ds.minimize(lambda x: np.sum((np.asarray(x) - 1) ** 2), [0.0, 0.0])


def test_an_optimizer_given_as_method_is_named_as_an_optimizer():
    with pytest.raises(ValueError, match=r"got 'Adam'\. 'Adam' is an optimizer: give optimizer='adam' \(method is"):
        ds.minimize(lambda x: (x**2).sum(), [1.0], method="Adam")


@pytest.mark.parametrize(
    ("optimizer", "fix"),
    [
        (
            torch.optim.LBFGS,
            r"several times a step \(its line search\), through step\(closure\).*give method='lbfgs' instead",
        ),
        (
            ds.optim.LBFGS,
            r"several times a step \(its line search\), through step\(closure\).*give method='lbfgs' instead",
        ),
        ("sam", r"at a second point every step, through step\(closure\).*give another optimizer"),
    ],
    ids=["torch.optim.LBFGS", "ds.optim.LBFGS", "sam"],
)
def test_an_optimizer_that_steps_through_a_closure_is_refused_before_fn_is_called(optimizer, fix):
    """Was, at the first step: torch's "step() missing 1 required positional argument: 'closure'"
    (a RuntimeError of descend's for its own LBFGS and SAM)."""
    calls = []
    with pytest.raises(ValueError, match=rf"^optimizer (LBFGS|SAM) evaluates fn itself, {fix}"):
        ds.minimize(lambda x: calls.append(x) or (x**2).sum(), [1.0], optimizer=optimizer, lr=0.1)
    assert not calls


@pytest.mark.parametrize("optimizer", ["adam", torch.optim.SGD])
def test_maximize_is_refused_with_the_negated_function_before_fn_is_called(optimizer):
    """Was: the run climbed fn for max_iter steps and reported it as a minimization."""
    calls = []
    with pytest.raises(
        ValueError, match=r"^maximize=True would step up the gradient, but minimize minimizes fn: .*lambda x: -fn\(x\)"
    ):
        ds.minimize(lambda x: calls.append(x) or (x**2).sum(), [1.0], optimizer=optimizer, lr=0.1, maximize=True)
    assert not calls
    assert ds.minimize(lambda x: (x**2).sum(), [1.0], optimizer=optimizer, lr=0.1, maximize=False).converged


@pytest.mark.parametrize("given", [torch.optim.Adam, ds.optim.Lion])
def test_an_optimizer_instance_is_refused_with_its_class_before_fn_is_called(given):
    # minimize steps its own copy of x0: optim.build's words were "the optimizer instance
    # does not hold this model's parameters", after fn was called.
    calls = []
    name = given.__name__
    with pytest.raises(TypeError, match=rf"not an instance: optimizer={name} \(the class\) or '{name.lower()}'"):
        ds.minimize(
            lambda x: calls.append(x) or (x**2).sum(), [1.0], optimizer=given([torch.zeros(1, requires_grad=True)])
        )
    assert calls == []


def test_lr_auto_beside_a_schedule_object_is_refused_before_fn_is_called():
    """The object sets every rate: 1/L was measured (fn called) and then never used."""
    calls = []

    def fn(x):
        calls.append(1)
        return (x**2).sum()

    with pytest.raises(ValueError, match=r"lr='auto' cannot be combined with schedule=cosine\(lr=0.1"):
        ds.minimize(fn, [1.0, 2.0], lr="auto", schedule=ds.schedules.cosine(0.1, total_steps=50))
    assert calls == []


def test_a_numeric_lr_beside_a_schedule_object_that_would_ignore_it_is_refused():
    """lr=0.1 beside cosine(1e-3, 3000) ran at 1e-3 (history.lr[0]), lr silently unused; a
    schedule with no name of its own (a warm-up) is not offered one."""
    rosen = ds.functions.rosenbrock
    with pytest.raises(
        ValueError,
        match=r"^lr=0\.1 beside schedule=cosine\(lr=0\.001, total_steps=3000, final_lr=0\.0\), whose first rate "
        r"is 0\.001: a schedule object sets every learning rate itself, so lr would go unused\. Leave lr out to run "
        r"at the schedule's rates, give its name \(schedule='cosine', sized from lr=0\.1 and the run\), or build "
        r"the schedule at the rates you want\.$",
    ):
        ds.minimize(rosen, [0.0, 0.0], lr=0.1, schedule=ds.schedules.cosine(1e-3, 3000), max_iter=3000)
    warm = ds.schedules.warmup(5, ds.schedules.constant(0.1))
    with pytest.raises(
        ValueError, match=r"whose first rate is 0: .* Leave lr out to run at the schedule's rates, or build"
    ):
        ds.minimize(rosen, [0.0, 0.0], lr=0.1, schedule=warm, max_iter=10)
    res = ds.minimize(rosen, [0.0, 0.0], lr=1e-3, schedule=ds.schedules.cosine(1e-3, 10), max_iter=10)
    assert res.history.lr[0] == pytest.approx(1e-3)  # its own first rate: no conflict


def test_a_run_cycling_for_a_rate_too_large_is_never_told_a_larger_one():
    # was "each step overshoots; the learning rate is too large: try lr=0.03" for a run at lr=0.01:
    # the rate of the doctor's slow_progress finding, and at 0.03 Lion cycles after 103 iterations;
    # then "try lr=0.001 or smaller" beside that finding. Now the cycle is a finding of its own.
    res = ds.minimize(F.rosenbrock, torch.tensor([-1.5, 2.0]), optimizer="lion", lr=0.01, max_iter=2000)
    assert res.status == "precision" and "each step overshoots" in res.message
    assert res.advice() == {"lr": 0.005}
    assert res.message.endswith("the learning rate is too large: try lr=0.005 (the doctor's, measured: see diagnoses)")


def test_a_schedule_object_that_ends_before_max_iter_is_refused_before_the_run():
    # was a run whose rate was 0 from iteration 101, stopped at 120 as "precision", advised "try a larger lr"
    schedule = ds.schedules.cosine(0.05, total_steps=100)
    with pytest.raises(ValueError) as err:
        ds.minimize(F.rosenbrock, [-1.2, 1.0], optimizer="adam", schedule=schedule, max_iter=3000)
    assert str(err.value) == (
        "schedule=cosine(lr=0.05, total_steps=100, final_lr=0.0) sets the rate to 0 from iteration 101 on, "
        "before max_iter=3000 ends the run: those iterations would take no step; size it to the run "
        "(total_steps=3000), give max_iter=100, or give its name (schedule='cosine', sized to max_iter and lr)"
    )
    assert ds.minimize(F.rosenbrock, [-1.2, 1.0], optimizer="adam", schedule=schedule, max_iter=100).nit == 100


@pytest.mark.parametrize("optimizer", ["sparse_adam", torch.optim.SparseAdam])
def test_an_optimizer_of_sparse_gradients_is_refused_by_name(optimizer):
    # was torch's "RuntimeError: SparseAdam does not support dense gradients" from inside its step
    with pytest.raises(ValueError) as err:
        ds.minimize(F.booth, [0.0, 0.0], optimizer=optimizer)
    assert str(err.value) == (
        "optimizer SparseAdam takes sparse gradients only (an nn.Embedding(sparse=True)'s, in training), "
        "and the gradient of fn by autograd is dense: give optimizer='adam', the same rule on every coordinate"
    )


@pytest.mark.parametrize(
    "x0, message",
    [
        # were torch's NotImplementedError "Could not run 'aten::ne.Scalar' with arguments from the
        # 'SparseCPU' backend ..." and RuntimeError "Tensor.item() cannot be called on meta tensors"
        (torch.ones(2).to_sparse(), "x0 must be a dense tensor, got a sparse_coo one: give x0.to_dense()"),
        (
            {"w": torch.ones(2).to_sparse()},
            "x0['w'] must be a dense tensor, got a sparse_coo one: give x0['w'].to_dense()",
        ),
        (
            torch.ones(2, device="meta"),
            "x0 is on the meta device, which holds no values: give a tensor on the CPU or a GPU",
        ),
    ],
)
def test_a_start_point_with_no_values_to_step_is_refused_in_one_sentence(x0, message):
    def fn(x):
        return sum((v**2).sum() for v in x.values()) if isinstance(x, dict) else (x**2).sum()

    with pytest.raises((TypeError, ValueError)) as err:
        ds.minimize(fn, x0, lr=0.1)
    assert str(err.value) == message


def test_a_float32_fn_given_a_list_x0_is_told_that_x0_is_float64():
    # was torch's "expected m1 and m2 to have the same dtype, but got: double != float" alone:
    # a list x0 is computed in float64 (as in scipy), which fn's float32 matrix does not take
    weights = torch.tensor([[2.0, 0.0], [0.0, 1.0]])
    with pytest.raises(RuntimeError) as err:
        ds.minimize(lambda x: x @ weights @ x, [1.0, 2.0])
    assert err.value.__notes__ == [
        "minimize called fn with x0 as a float64 tensor (a list or NumPy x0 is computed in float64, as in "
        "scipy) and fn mixed it with float32 tensors: give x0 as a float32 tensor "
        "(torch.tensor(x0, dtype=torch.float32)), or make fn's tensors x.dtype"
    ]
    assert ds.minimize(lambda x: x @ weights @ x, torch.tensor([1.0, 2.0]), lr=0.1).converged


def test_lr_auto_beside_an_optimizer_class_names_the_class():
    # was "lr='auto' needs the optimizer by name (one of descend.optim.names())": no value named
    with pytest.raises(ValueError) as err:
        ds.minimize(lambda x: (x**2).sum(), [1.0], lr="auto", optimizer=torch.optim.SGD)
    assert str(err.value) == (
        "lr='auto' needs the optimizer by name, such as optimizer='sgd' (descend.optim.names() lists them), "
        "got the class torch.optim.sgd.SGD: give its name, or a number as lr"
    )
