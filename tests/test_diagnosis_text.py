"""A finding as a person reads it: what to change first, the evidence under it, wrapped."""

from descend import Diagnosis

EVIDENCE = (
    "after 20 steps the loss still fell by 0.052 of its level over the last quarter of the run (the last "
    "quarter 0.86 times as fast as the first) and the gradient norm is 1.1 (0.59 of its start), with "
    "lr=0.001; the preconditioned sharpness = 146 is 0.0038 × the stability threshold 3.8e+04 at step 20"
)
ADVICE = "the learning rate is too small, by about 7.8x (the measured stability ratio peaked at 0.064): try lr=0.00781"


def test_a_long_finding_is_wrapped_under_its_advice_and_no_word_is_split():
    d = Diagnosis("slow_progress", 20, EVIDENCE, ADVICE, {"lr": 0.00781})
    lines = d.bulleted(width=80).splitlines()
    assert lines[0].startswith("- slow_progress at step 20: the learning rate is too small")
    seen = next(i for i, line in enumerate(lines) if line.startswith("    seen: "))
    assert all(len(line) <= 80 for line in lines) and all(line.startswith("    ") for line in lines[1:])
    assert " ".join(line.strip() for line in lines[:seen]) == f"- slow_progress at step 20: {ADVICE}"
    assert " ".join(line.strip() for line in lines[seen:]) == f"seen: {EVIDENCE}"


def test_a_finding_without_a_step_has_no_step_in_its_head():
    d = Diagnosis("unscaled_inputs", None, "feature 3 spans 1e4", "standardize the inputs")
    assert d.bulleted() == "- unscaled_inputs: standardize the inputs\n    seen: feature 3 spans 1e4"
