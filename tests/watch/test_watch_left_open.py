"""A watched loop that raises outside a ``with`` block (or never calls ``close()``): the monitor
is closed as the interpreter exits, so the run folder holds every update logged and the doctor's
findings, and says why the record ends."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import descend
import descend as ds
from descend.training.history import History

_LOOP = textwrap.dedent("""
    import sys, torch, descend as ds
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    monitor = ds.watch(model, opt, log_dir=sys.argv[1], print_findings=False)
    for epoch in range(3):
        for i in range(6):
            opt.zero_grad()
            loss = model(torch.randn(8, 4)).pow(2).mean()
            loss.backward()
            opt.step()
            monitor.log(loss)
            if epoch == 1 and i == 3:
                raise RuntimeError("out of memory (in the test)")
        monitor.epoch_end()
""")


def test_a_loop_that_raises_outside_a_with_block_leaves_its_whole_record(tmp_path):
    """Was: the folder held the first epoch's 6 rows and no findings (ds.diagnose read 6 updates of
    the 10 logged; a crash in the first epoch left none, and "the history holds no optimizer
    steps"), nor anything that said the run had ended early."""
    src = str(Path(descend.__file__).resolve().parents[1])  # the code under test, in the child too
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", _LOOP, str(tmp_path / "run")], capture_output=True, text=True, timeout=300, env=env
    )
    assert done.returncode == 1 and "out of memory (in the test)" in done.stderr
    history = History.load(tmp_path / "run")
    assert history.steps["step"] == list(range(1, 11)) and len(history.loss) == 2  # the cut epoch's row too
    assert history.stopped_because == (
        "the process ended before monitor.close() (the loop raised, or close() was not called)"
    )
    findings = json.loads((tmp_path / "run" / "diagnosis.json").read_text())
    assert [d.kind for d in ds.diagnose(tmp_path / "run")] == [d["kind"] for d in findings]
    assert (tmp_path / "run" / "report.html").exists()
