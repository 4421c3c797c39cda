"""``ds.diagnose`` on a history with no per-step record says that there is nothing to read."""

import pytest

import descend as ds


@pytest.mark.parametrize("epochs", [[], [1.0, 0.5]])
def test_diagnosing_a_history_without_steps_warns_that_there_is_nothing_to_read(epochs):
    history = ds.History(epochs={"loss": epochs} if epochs else {})
    # Was: [] in silence, as for a run that went well but did not converge.
    with pytest.warns(UserWarning, match=rf"no optimizer steps \({len(epochs)} epochs, steps\['loss'\] empty\)"):
        assert ds.diagnose(history) == []
