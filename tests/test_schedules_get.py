"""get(): a schedule by name (any case, with warmup_steps), and errors that suggest the closest name
and list the arguments a schedule takes."""

from __future__ import annotations

import pytest

from descend import schedules as S
from descend.schedules import cosine, get, inverse_time, step_decay, values, warmup


def test_get_by_name():
    assert set(S.names()) >= {
        "constant",
        "step",
        "multistep",
        "exponential",
        "invscaling",
        "inverse_time",
        "cosine",
        "onecycle",
        "plateau",
    }
    assert repr(get(" Step ", lr=0.1, step_size=5)) == repr(step_decay(0.1, 5))
    assert values(get("INVSCALING", lr=0.1), 5) == values(inverse_time(0.1), 5)
    assert isinstance(get("plateau", base=0.1, patience=2), S.Plateau)
    s = get("cosine", lr=0.1, total_steps=100, warmup_steps=10)  # 100 updates in all
    assert values(s, 101) == values(warmup(10, cosine(0.1, 90)), 101)
    assert s(100) == 0.0 and s(99) > 0.0
    s = get("exponential", lr=0.1, gamma=0.5, warmup_steps=2)  # no horizon: it just follows
    assert [s(t) for t in range(5)] == [0.0, 0.05, 0.1, 0.05, 0.025]


def test_get_errors():
    with pytest.raises(ValueError, match=r"unknown schedule 'cosin'\. Did you mean 'cosine'\?"):
        get("cosin", lr=0.1, total_steps=10)
    with pytest.raises(ValueError, match="Known: constant, step, multistep"):
        get("linear")
    with pytest.raises(TypeError, match="schedule must be one of constant, step"):
        get(None)
    with pytest.raises(TypeError, match=r"no argument 'total_step'\. Did you mean 'total_steps'"):
        get("cosine", lr=0.1, total_step=10)
    with pytest.raises(ValueError, match="warmup_steps does not apply to 'onecycle'"):
        get("onecycle", max_lr=0.1, total_steps=10, warmup_steps=2)
    with pytest.raises(ValueError, match=r"does not apply to 'plateau': use plateau\(base"):
        get("plateau", base=0.1, warmup_steps=2)
    with pytest.raises(ValueError, match="total_steps must be > warmup_steps=10, got 10"):
        get("cosine", lr=0.1, total_steps=10, warmup_steps=10)
    with pytest.raises(ValueError, match="warmup_steps must be an integer >= 0, got -1"):
        get("cosine", lr=0.1, total_steps=10, warmup_steps=-1)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: get("cosine"),
            TypeError,
            r"schedule 'cosine' needs lr, total_steps\. It takes: lr, total_steps, final_lr=0\.0\.$",
        ),
        (
            lambda: get("Cosine", lr=0.1, warmup_steps=5),
            TypeError,
            r"schedule 'Cosine' needs total_steps\. It takes: lr, total_steps, final_lr=0\.0\.",
        ),
        (
            lambda: get("step", lr=0.1),
            TypeError,
            r"schedule 'step' needs step_size\. It takes: lr, step_size, gamma=0\.1\.",
        ),
        (
            lambda: get("plateau"),
            TypeError,
            r"schedule 'plateau' needs base\. It takes: base, mode='min', factor=0\.1, patience=10",
        ),
        (
            lambda: get("constant", lr=0.1, gamma=0.5),
            TypeError,
            r"schedule 'constant' has no argument 'gamma'\. It takes: lr\.$",
        ),
    ],
)
def test_get_names_the_arguments_a_schedule_takes(call, error, message):
    with pytest.raises(error, match=message):
        call()
