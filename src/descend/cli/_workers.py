"""``descend train --nproc N``: the same run as N data-parallel workers started by ``torchrun``,
and what a process of such a run is (a worker, its rank)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from ..training import data, distributed
from ..training.lock import locked
from ..training.run_folder import CHECKPOINTS, LAST
from ._app import Failure
from ._run_folder import check_free
from ._settings import RunConfig, TrainOptions

__all__ = ["in_worker", "worker_rank", "launch_workers", "training_examples"]


def in_worker() -> bool:
    """Whether this process is one of several workers started by torchrun."""
    return int(os.environ.get("WORLD_SIZE", "1")) > 1


def worker_rank() -> int:
    return int(os.environ.get("RANK", "0"))


def launch_workers(options: TrainOptions, out: Path, debug: bool = False) -> None:
    """``descend train --nproc N``: the same run, as N data-parallel workers started by
    ``torchrun`` on this machine (for several machines, call ``torchrun`` with its own flags
    and ``-m descend train ...``, as README.md shows). The workers get the settings already
    validated here, in a temporary config file; a worker that fails stops them all."""
    with locked(out):  # an early, clear error if another run holds the folder (worker 0 locks it)
        check_free(out, options.resume)
    distributed.check_workers(options.nproc, options.device, training_examples(options.run_config()))
    settings = options.run_config().model_dump()
    with tempfile.TemporaryDirectory(prefix="descend-workers-") as tmp:
        config_file = Path(tmp) / "run.yaml"
        config_file.write_text(yaml.safe_dump(settings, sort_keys=False))
        command = [
            sys.executable,
            "-m",
            "torch.distributed.run",
            "--standalone",
            f"--nproc-per-node={options.nproc}",
            "--max-restarts=0",
            "-m",
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
        code = subprocess.run(command).returncode
    if code != 0:
        resume = (
            f"; resume it with: descend train --out {out} --resume --nproc {options.nproc}"
            if (out / CHECKPOINTS / LAST).is_file()
            else ""
        )
        raise Failure(
            f"a worker of the {options.nproc}-process run failed (torchrun exit code {code}; its log is above){resume}"
        )


def training_examples(config: RunConfig) -> int:
    """The number of training examples ``config``'s run takes (its data prepared as ``train`` does)."""
    kw = config.train_kwargs()
    prepared = data.prepare(
        kw["data"],
        kw["val_data"],
        target=kw["target"],
        seed=kw["seed"],
        standardize=kw["standardize"],
        task="classification" if config.classifier() else None,
    )
    return prepared.train.n
