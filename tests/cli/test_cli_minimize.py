"""``descend minimize``: built-in functions, the user's own functions, pictures, bad names."""

from __future__ import annotations

import re
import sys

import pytest
import torch

import descend as ds
from descend import schedules


def _field(output: str, name: str) -> str:
    match = re.search(rf"^{re.escape(name)}\s+(.*)$", output, flags=re.M)
    assert match, output
    return match.group(1)


def test_minimize_a_built_in_function(cli):
    result = cli("minimize", "booth", "--optimizer", "gd", "--lr", "0.05", "--x0=0,0")
    assert result.exit_code == 0, result.output
    start = torch.zeros(2, dtype=torch.float64)  # the command line works in float64
    expected = ds.minimize(ds.functions.booth, start, optimizer="gd", lr=0.05)
    assert _field(result.stdout, "x") == "[1, 3]"
    assert _field(result.stdout, "iterations") == str(expected.nit)
    assert _field(result.stdout, "status") == "gtol (converged)"
    assert _field(result.stdout, "message") == expected.message
    assert "doctor:\n- converged" in result.stdout


def test_minimize_starts_a_built_in_function_from_its_classic_start(cli):
    result = cli("minimize", "rosenbrock", "--optimizer", "adam", "--lr", "0.02", "--max-iter", "10")
    start = torch.tensor(ds.functions.rosenbrock.start, dtype=torch.float64)
    expected = ds.minimize(ds.functions.rosenbrock, start, optimizer="adam", lr=0.02, max_iter=10)
    assert result.exit_code == 0, result.output
    assert _field(result.stdout, "f(x)") == f"{expected.fun:.6g}"
    assert _field(result.stdout, "status") == "max_iter (not converged)"


def test_schedule_changes_the_rate_of_every_iteration(cli, monkeypatch):
    import descend.cli.minimize as command

    results = []
    real = command.minimize

    def kept(*args, **kwargs):  # the CLI's minimize, its result kept for the test
        results.append(real(*args, **kwargs))
        return results[-1]

    monkeypatch.setattr(command, "minimize", kept)
    args = ["minimize", "rosenbrock", "--optimizer", "adam", "--lr", "0.02", "--max-iter", "10"]
    shown = {}
    for schedule in ("constant", "cosine"):
        result = cli(*args, "--schedule", schedule)
        assert result.exit_code == 0, result.output
        shown[schedule] = _field(result.stdout, "f(x)")
    constant, cosine = (list(r.history.lr[:-1]) for r in results)  # the last entry is nan
    assert constant == [0.02] * 10
    assert cosine == pytest.approx(schedules.values(schedules.cosine(0.02, total_steps=10), 10), rel=1e-12, abs=0)
    assert cosine[-1] < 0.02 / 20
    start = torch.tensor(ds.functions.rosenbrock.start, dtype=torch.float64)
    expected = ds.minimize(ds.functions.rosenbrock, start, optimizer="adam", lr=0.02, max_iter=10, schedule="cosine")
    assert shown["cosine"] == f"{expected.fun:.6g}" != shown["constant"]


USER_FILE = """\
import torch

def bowl(x):
    return (x[0] - 1) ** 2 + 4 * (x[1] + 2) ** 2

def not_scalar(x):
    return x * 2

WEIGHTS = torch.tensor([[2.0, 0.0], [0.0, 1.0]])

def float32_bowl(x):
    return x @ WEIGHTS @ x

CONSTANT = 3
"""


@pytest.fixture
def user_file(tmp_path):
    path = tmp_path / "f.py"
    path.write_text(USER_FILE)
    return path


@pytest.mark.slow
def test_minimize_a_function_from_a_user_file_with_plot_and_animation(user_file, tmp_path, cli):
    plot, gif = tmp_path / "bowl.png", tmp_path / "bowl.gif"
    result = cli(
        "minimize",
        f"{user_file}:bowl",
        "--optimizer",
        "gd",
        "--lr",
        "auto",
        "--x0=3,4",
        "--plot",
        plot,
        "--animate",
        gif,
        "--surface",
    )
    assert result.exit_code == 0, result.output
    x = [float(v) for v in _field(result.stdout, "x").strip("[]").split(",")]
    assert x == pytest.approx([1.0, -2.0], abs=1e-5)
    assert _field(result.stdout, "lr").endswith("(auto)")
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and plot.stat().st_size > 10_000
    assert gif.read_bytes()[:6] in (b"GIF89a", b"GIF87a")


def test_minimize_a_function_from_a_module_on_the_path(tmp_path, cli, monkeypatch):
    package = tmp_path / "objectives"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "shapes.py").write_text(USER_FILE)
    monkeypatch.chdir(tmp_path)  # found from the working directory, as `python -m` would
    try:
        result = cli("minimize", "objectives.shapes:bowl", "--optimizer", "momentum", "--lr", "0.05", "--x0=0,0")
    finally:
        for name in [m for m in sys.modules if m.split(".")[0] == "objectives"]:
            del sys.modules[name]
    assert str(tmp_path) not in sys.path
    assert result.exit_code == 0, result.output
    assert _field(result.stdout, "status") == "gtol (converged)"


def test_a_user_function_needs_its_start_point(user_file, cli):
    result = cli("minimize", f"{user_file}:bowl")
    assert result.exit_code == 2  # a usage error: an option is missing
    assert result.stderr.startswith(
        f"error: {user_file}:bowl is your own function: give its start point with --x0, e.g. --x0=1.5,-2"
    )


@pytest.mark.parametrize(
    "spec, message",
    [
        (
            "{file}:bowll",
            "{file} has no function 'bowll'. Did you mean 'bowl'? It defines: bowl, not_scalar, float32_bowl.",
        ),
        ("{file}:CONSTANT", "{file}:CONSTANT is not a function: it is int 3"),
        ("{dir}/missing.py:bowl", "no such file: '{dir}/missing.py' (from '{dir}/missing.py:bowl')"),
        (
            "no_such_module.sub:f",
            "cannot import 'no_such_module.sub' (from 'no_such_module.sub:f'): No module named 'no_such_module'.",
        ),
        ("{file}:", "expected FILE.py:function or module:function, got '{file}:'"),
        ("rosenbrok", "unknown test function 'rosenbrok'. Did you mean 'rosenbrock'?"),
    ],
)
def test_bad_functions_are_named_in_one_line(spec, message, user_file, cli):
    spec = spec.format(file=user_file, dir=user_file.parent)
    result = cli("minimize", spec, "--x0=0,0")
    assert result.exit_code == 2
    expected = "error: Invalid value for 'FUNCTION': " + message.format(file=user_file, dir=user_file.parent)
    assert result.stderr.startswith(expected), result.stderr
    assert result.stderr.count("\n") == 1


def test_what_is_typed_is_imported_never_evaluated(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("minimize", "open('evaluated','w'):f", "--x0=0,0")
    assert result.exit_code == 2 and "cannot import" in result.stderr
    assert not (tmp_path / "evaluated").exists()


def test_a_function_must_return_a_scalar(user_file, cli):
    # Was exit 1 with minimize's word for it: "error: fn must return a scalar, ..."
    result = cli("minimize", f"{user_file}:not_scalar", "--x0=1,2")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: Invalid value for 'FUNCTION': {user_file}:not_scalar must return a scalar, got a tensor of shape (2,)"
    )


def test_a_function_with_float32_tensors_is_told_that_x_is_float64(user_file, cli):
    # was "error: expected m1 and m2 to have the same dtype, but got: double != float", exit 1:
    # torch's words, which say neither that --x0 is read in float64 nor what to change
    result = cli("minimize", f"{user_file}:float32_bowl", "--x0=1,2")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: Invalid value for 'FUNCTION': {user_file}:float32_bowl mixes its x, a float64 tensor "
        "(descend minimize computes in float64), with float32 tensors (expected m1 and m2 to have the same "
        "dtype, but got: double != float): make its tensors x.dtype, e.g. torch.tensor(..., dtype=x.dtype)"
    )


def test_plots_need_one_or_two_variables(user_file, tmp_path, cli):
    result = cli("minimize", "rosenbrock", "--x0=0,0,0", "--plot", tmp_path / "p.png")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: --plot draws a function of 1 variable (its curve) or 2 (its contour); x0 has 3 coordinates"
    )
    assert not (tmp_path / "p.png").exists()


@pytest.mark.parametrize("command", ["minimize", "compare"])
def test_a_function_of_one_variable_is_plotted_on_its_curve(command, tmp_path, cli):
    """Was "error: --plot and --animate need a function of 2 variables; x0 has 1 coordinates",
    while descend.plots.trajectories draws a 1-D run on the function's curve."""
    path = tmp_path / "f.py"
    path.write_text("def parabola(x):\n    return ((x - 3) ** 2).sum()\n")
    plot = tmp_path / "parabola.png"
    result = cli(command, f"{path}:parabola", "--x0=0", "--lr", "0.1", "--plot", plot)
    assert result.exit_code == 0, result.output
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    animated = cli("minimize", f"{path}:parabola", "--x0=0", "--animate", tmp_path / "a.gif")
    assert animated.stderr.startswith("error: --animate draws a function of 2 variables; x0 has 1 coordinate (see")
    surface = cli(command, f"{path}:parabola", "--x0=0", "--plot", tmp_path / "s.png", "--surface")
    assert surface.exit_code == 2 and not (tmp_path / "s.png").exists()  # refused before the run, not after it
    assert surface.stderr.startswith("error: --surface draws a function of 2 variables; x0 has 1 coordinate (see")


def test_a_pair_of_hyper_parameters_is_given_with_a_comma_as_x0_is(cli):
    """Was "error: Invalid value for '--hyper': betas must be a pair (beta1, beta2), got '0.9,0.99'":
    only the YAML list betas=[0.5,0.9] worked, which neither the help nor the message showed."""
    args = ("minimize", "booth", "--optimizer", "adam", "--lr", "0.1", "--max-iter", "5")
    listed = cli(*args, "--hyper", "betas=[0.5, 0.9]")
    assert listed.exit_code == 0, listed.output
    with_commas = cli(*args, "--hyper", "betas=0.5,0.9")
    assert with_commas.exit_code == 0, with_commas.output
    assert with_commas.stdout == listed.stdout
    assert listed.stdout != cli(*args).stdout  # the betas were used
    assert "betas=0.9,0.99" in cli("minimize", "--help").stdout


def test_a_hyper_parameter_given_twice_is_a_usage_error(cli):
    """Was taken silently, the last value winning."""
    result = cli("minimize", "booth", "--optimizer", "momentum", "--hyper", "momentum=0.9", "--hyper", "momentum=0.5")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: Invalid value for '--hyper': momentum is given twice, as 'momentum=0.9' and 'momentum=0.5': "
        "keep one (see 'descend minimize --help')\n"
    )


def test_surface_without_plot_is_a_usage_error(cli):
    """Was accepted and ignored: the run printed its table and drew nothing."""
    result = cli("minimize", "booth", "--surface")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: --surface adds a 3-D surface to the picture --plot saves: give --plot FILE too "
        "(see 'descend minimize --help')\n"
    )


@pytest.mark.parametrize("word", ["off", "none", "Constant"])
def test_minimize_reads_no_schedule_as_train_does(cli, word):
    # One parser for both commands: every word train takes for "no schedule" works here too.
    result = cli("minimize", "rosenbrock", "--optimizer", "adam", "--lr", "0.02", "--max-iter", "5", "--schedule", word)
    assert result.exit_code == 0, result.output
    bad = cli("minimize", "rosenbrock", "--schedule", "cosin")
    assert bad.exit_code == 2 and "Did you mean 'cosine'" in bad.output


@pytest.mark.parametrize("method", ["lbfgs", "bfgs", "cg"])
def test_minimize_by_a_quasi_newton_method(cli, method):
    result = cli("minimize", "rosenbrock", "--method", method.upper() if method == "cg" else method)
    assert result.exit_code == 0, result.output
    start = torch.tensor(ds.functions.rosenbrock.start, dtype=torch.float64)
    expected = ds.minimize(ds.functions.rosenbrock, start, method=method)
    assert _field(result.stdout, "method") == method
    assert "optimizer" not in result.stdout and "\nlr " not in result.stdout
    assert _field(result.stdout, "f(x)") == f"{expected.fun:.6g}"
    assert _field(result.stdout, "iterations") == str(expected.nit)
    assert _field(result.stdout, "status") == f"{expected.status} (converged)"


def test_lbfgs_takes_its_history_size_from_hyper(cli):
    result = cli("minimize", "rosenbrock", "--method", "lbfgs", "--hyper", "history_size=2")
    assert result.exit_code == 0, result.output
    start = torch.tensor(ds.functions.rosenbrock.start, dtype=torch.float64)
    expected = ds.minimize(ds.functions.rosenbrock, start, method="lbfgs", history_size=2)
    assert expected.nit != ds.minimize(ds.functions.rosenbrock, start, method="lbfgs").nit
    assert _field(result.stdout, "iterations") == str(expected.nit)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--lr", "0.1"], "--method bfgs searches its own step (strong Wolfe) along its own direction; --lr is for"),
        (["--optimizer", "adam", "--schedule", "cosine"], "; --optimizer, --schedule are for --method gd only"),
        (["--line-search", "armijo"], "; --line-search is for --method gd only"),
        (["--hyper", "momentum=0.9"], "Invalid value for '--hyper': method='bfgs' takes no option momentum"),
    ],
)
def test_a_method_with_gradient_descent_options_is_a_usage_error(cli, args, message):
    result = cli("minimize", "rosenbrock", "--method", "bfgs", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr, result.stderr


def test_an_unknown_method_is_a_usage_error(cli):
    result = cli("minimize", "rosenbrock", "--method", "newton")
    assert result.exit_code == 2
    assert "'newton' is not one of 'gd', 'lbfgs', 'bfgs', 'cg'" in result.stderr


def test_optimizer_lbfgs_is_the_method_and_a_wrong_point_is_a_usage_error(cli):
    """--optimizer lbfgs --lr 0.1 was exit 1 with '--method lbfgs ...: lr is a setting of gradient
    descent (method=None) only'; quadratic --x0=1,2,3 exit 1 with torch's 'The size of tensor a (2) ...'."""
    result = cli("minimize", "rosenbrock", "--optimizer", "lbfgs", "--lr", "0.1")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: --optimizer lbfgs searches its own step (strong Wolfe) along its own direction; --lr is for --method gd only"
    )
    ran = cli("minimize", "booth", "--optimizer", "lbfgs")
    assert ran.exit_code == 0 and "method         lbfgs" in ran.stdout
    wrong = cli("minimize", "quadratic", "--x0=1,2,3")
    assert wrong.exit_code == 2
    assert wrong.stderr.startswith(
        "error: Invalid value for '--x0': this quadratic takes points of shape (..., 2), got shape (3,)"
    )


@pytest.mark.parametrize("x0, field", [("1,,2", 2), ("1,2,", 3)])
def test_a_start_point_with_an_empty_field_is_refused(cli, x0, field):
    # was a run from (1, 2): the empty field dropped, the typo unseen
    result = cli("minimize", "booth", f"--x0={x0}")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: Invalid value for '--x0': expected comma-separated numbers such as -1.5,2, got '{x0}', "
        f"whose field {field} is empty"
    )
