"""``descend train --nproc N``: the same run as N data-parallel workers started by ``torchrun``,
and what a process of such a run is (a worker, its rank)."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import yaml

from ..training import distributed
from ..training.closure_step import check_closure_settings
from ..training.lock import locked
from ..training.run_folder import CHECKPOINTS, LAST
from ._app import Failure
from ._run_folder import check_free, prepared_data
from ._settings import RunConfig, TrainOptions
from ._worker_rank import LAUNCHER

__all__ = ["launch_workers", "resume_command", "training_examples"]

_AGENT = "torch.distributed.elastic"  # torchrun's loggers


def launch_workers(options: TrainOptions, out: Path, debug: bool = False) -> None:
    """``descend train --nproc N``: the same run, as N data-parallel workers started by
    ``torchrun`` on this machine (for several machines, call ``torchrun`` with its own flags
    and ``-m descend train ...``, as README.md shows). The workers get the settings already
    validated here, in a temporary config file; a worker that fails stops them all."""
    config = options.run_config()
    clip = (config.clip_grad_norm, config.clip_grad_value)
    # L-BFGS and SAM refused here, not by every worker once started
    check_closure_settings(config.optimizer, workers=options.nproc, precision=config.precision, clip=clip)
    with locked(out):  # an early, clear error if another run holds the folder (worker 0 locks it)
        check_free(out, options.resume)
    distributed.check_workers(options.nproc, options.device, training_examples(config))
    settings = config.model_dump()
    with tempfile.TemporaryDirectory(prefix="descend-workers-") as tmp:
        config_file = Path(tmp) / "run.yaml"
        config_file.write_text(yaml.safe_dump(settings, sort_keys=False))
        torchrun = [
            "--standalone",
            f"--nproc-per-node={options.nproc}",
            "--max-restarts=0",
            "--module",
            "descend",
            *(["--debug"] if debug else []),
            "train",
            "--config",
            str(config_file),
            "--out",
            str(out),
            "--progress" if options.progress else "--no-progress",
            *(["--resume"] if options.resume else []),
        ]
        failed = _torchrun(torchrun, options.nproc)
    if failed is not None:
        resume = (
            f"; resume it with: {resume_command(out, options.nproc)}" if (out / CHECKPOINTS / LAST).is_file() else ""
        )
        raise Failure(f"{failed}{resume}")


def resume_command(out: Path, nproc: int) -> str:
    """The command that continues the run in ``out`` on the ``nproc`` workers it ran on."""
    return f"descend train --out {out} --resume" + (f" --nproc {nproc}" if nproc > 1 else "")


def _torchrun(args: list[str], nproc: int) -> str | None:
    """Run ``torchrun ARGS`` in this process (torch's launcher API, so that a failed worker
    is an exception here rather than torchrun's own traceback and summary); ``None`` when every
    worker succeeded, else what the first failure was: the worker's own error line (which its
    workers leave to this process to print: :mod:`._worker_errors`), or its exit code or signal."""
    from torch.distributed.elastic.multiprocessing.api import SignalException
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError
    from torch.distributed.run import parse_args, run

    try:
        with _launching():
            run(parse_args(args))
    except ChildFailedError as err:
        rank, failure = err.get_first_failure()
        if isinstance(failure.message, dict):  # an error file's: descend's worker error line
            return str(failure.message.get("message", "")).removeprefix("error: ")
        why = failure.message if failure.exitcode < 0 else f"exit code {failure.exitcode}; its log is above"
        return f"worker {rank} of the {nproc}-process run failed ({why})"
    except SignalException as err:  # this process was stopped, and torchrun stopped the workers
        if err.sigval == signal.SIGINT:
            raise KeyboardInterrupt from err  # Ctrl-C: "interrupted", as a run of one process
        return f"the run was stopped by {err.sigval.name}"
    return None


@contextlib.contextmanager
def _launching() -> Iterator[None]:
    """This process as torchrun's launcher, and as it was after: torchrun's log lines on a
    failure or a stop silenced (:func:`_torchrun` says what they say, once), the workers told
    that their errors are for it to say (``LAUNCHER``), and the signal handlers torchrun
    installs (and leaves) removed again."""
    logs = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict) if name.startswith(_AGENT)]
    levels = [log.level for log in logs]
    main_thread = threading.current_thread() is threading.main_thread()  # torchrun's handlers: there only
    stops = [getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT") if hasattr(signal, name)]
    handlers = {sig: signal.getsignal(sig) for sig in stops} if main_thread else {}
    for log in logs:
        log.setLevel(logging.CRITICAL)
    os.environ[LAUNCHER] = "1"
    try:
        yield
    finally:
        for log, level in zip(logs, levels):
            log.setLevel(level)
        os.environ.pop(LAUNCHER, None)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def training_examples(config: RunConfig) -> int:
    """The number of training examples ``config``'s run takes (its data prepared as ``train`` does)."""
    return prepared_data(config).train.n
