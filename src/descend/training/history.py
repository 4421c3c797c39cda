"""``History``: what a training run recorded, per optimizer step and per epoch."""

from __future__ import annotations

import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from .._checks import InvalidArgument, flag
from .._plural import counted
from . import run_folder
from ._json_values import decode, decode_nested, decode_row, encode, encode_nested, is_data, read_change
from .examples_record import ExampleRecord
from .findings import Diagnosis, merged_change
from .lock import locked

__all__ = ["History", "read_findings"]

# The format of history.json, what the CSV logs do not hold (see :meth:`History.json_state`).
_FORMAT = run_folder.HISTORY_FORMAT


@dataclass
class History:
    """The record of one :func:`descend.train` run.

    ``steps`` and ``epochs`` are columns (name -> list, one entry per step or per epoch):

    - per step: ``step``, ``epoch``, ``loss``, ``grad_norm`` (global L2 norm of the gradient)
      and ``lr`` (one list per step, an entry per parameter group); under
      ``strategy="ddp"`` also ``grad_sq_local``, ``grad_sq_global``, ``batch_local`` and
      ``batch_global``, the squared gradient norms before and after the all-reduce from which
      :func:`descend.instruments.noise_scale_from_steps` reads the noise scale (see
      :mod:`descend.training.gradient_squares`; NaN for steps one process took);
    - per epoch: ``epoch``, ``loss`` (mean training loss), ``grad_norm`` (mean), ``lr``,
      ``seconds`` and, where they apply, ``accuracy`` / ``r2`` on the training batches and
      ``val_loss``, ``val_accuracy`` / ``val_r2``.

    ``update_ratios`` holds sampled rows ``{"step": s, name: ||Δθ|| / ||θ||, ...}``, one
    entry per parameter tensor, and ``layer_grad_ratios`` rows ``{"step": s, name:
    ||∇θ|| / ||θ||, ...}`` taken at the same steps, for the weight tensors (two or more axes). ``non_finite_step`` is the step whose loss
    was not finite (``None`` if none was), ``non_finite_loss`` that loss, and
    ``non_finite_layer`` ``(step, name)`` the first parameter whose gradient went non-finite.
    ``stopped_because`` says in words why the run ended; ``best_epoch`` is the epoch of the
    lowest validation loss (or training loss without validation data). ``model`` is the
    trained module, ``lr_finder`` the range test behind ``lr="auto"``
    (:class:`descend.LRFinderResult`, else ``None``); ``plain_steps`` says whether every update
    was ``-lr`` times the gradient (plain SGD). ``batch_choice`` says how the run's batch was set:
    ``batch_size`` and ``scaling`` (how its optimizer's rate scales with the batch, "linear" or
    "sqrt"), ``full_batch_rule`` (``True`` for L-BFGS and Rprop, else absent), ``accumulate`` (batches per update, for ``descend.train``), and for ``batch_size="auto"`` the measured ``b_simple`` and the rest of
    :class:`descend.instruments.BatchChoice`. ``instruments`` holds the readings of
    ``train(..., instruments=...)`` (:class:`descend.instruments.Instruments`), one row per
    sampled step: ``step``, ``probe_loss``, ``sharpness``, ``threshold``, ``stability``,
    ``noise_scale``, ``batch_size``, ``alpha``, ``decrease`` (the loss still to be had by the
    local quadratic model, read once, at the run's last weights: :func:`descend.instruments.remaining_decrease`)
    and ``decrease_exact`` (1.0 where conjugate gradients converged, 0.0 a lower bound)
    (``nan`` where not taken) and the optimizer's rule, ``threshold_lr``, ``gain``,
    ``preconditioned``, ``base_lr`` (older runs: without them). ``rate_probe`` holds the
    counterfactual probe of a larger rate taken at the end of the updates with the instruments
    (:class:`descend.instruments.RateProbe`: the probe loss at the start and after each update at
    the run's rate and at ``factor`` times it), ``None`` where none was taken.
    ``scaling`` holds the standardisation statistics the run's data was prepared with
    (``train(..., standardize=...)``: ``feature_mean`` and ``feature_scale``, and for a
    standardised regression target ``target_mean`` and ``target_scale``, tensors shaped like
    one example or target; ``{}`` where nothing was scaled): on raw inputs ``x`` the trained
    model predicts ``model((x - feature_mean) / feature_scale) * target_scale + target_mean``.
    ``examples`` is the per-example record of ``train(..., track_examples=...)``
    (:class:`descend.training.ExampleRecord`: each training example's loss, probability of
    its label, margin and prediction per epoch), ``None`` when not tracked.
    ``schedule`` is the schedule object that set the run's rates (``train(...,
    schedule=cosine(0.3, 300))``, which its ``lr`` does not set: the doctor then advises the
    schedule scaled, not an ``lr``), ``None`` where the optimizer's ``lr`` set them (a schedule
    name is sized from it); a loaded history holds its ``repr``.
    ``initial_data_loss`` is where the run started: the mean loss over the training data at the
    initial weights (the first recorded loss where each update covered the whole training set;
    for mini-batches one pass before the first update, in evaluation mode, over up to 4096
    examples: :func:`descend.training.initial_loss.initial_data_loss`), ``None`` where it was
    not measured (a user's ``DataLoader``, runs of older versions, loops ``watch`` saw).
    :meth:`load` rebuilds a history from the run folder that ``descend.train(..., log_dir=...)``
    wrote; :meth:`save` writes that folder for a history held in memory.

    >>> h = History()
    >>> h.epochs["loss"] = [1.0, 0.5]
    >>> h.loss
    [1.0, 0.5]
    """

    steps: dict[str, list[Any]] = field(
        default_factory=lambda: {"step": [], "epoch": [], "loss": [], "lr": [], "grad_norm": []}
    )
    epochs: dict[str, list[Any]] = field(default_factory=dict)
    update_ratios: list[dict[str, float]] = field(default_factory=list)
    layer_grad_ratios: list[dict[str, float]] = field(default_factory=list)
    non_finite_step: int | None = None
    non_finite_loss: float | None = None
    non_finite_layer: tuple[int, str] | None = None
    stopped_because: str = ""
    converged: bool = False
    best_epoch: int | None = None
    diagnoses: list[Any] = field(default_factory=list)
    task: str | None = None
    model: torch.nn.Module | None = field(default=None, repr=False)
    lr_finder: Any = field(default=None, repr=False)
    plain_steps: bool = False
    batch_choice: dict[str, Any] = field(default_factory=dict)
    instruments: list[dict[str, Any]] = field(default_factory=list)
    examples: ExampleRecord | None = field(default=None, repr=False)
    rate_probe: dict[str, Any] | None = None
    scaling: dict[str, torch.Tensor] = field(default_factory=dict, repr=False)
    initial_data_loss: float | None = None
    schedule: Any = None

    @property
    def loss(self) -> list[float]:
        """Mean training loss of each epoch."""
        return self.epochs.get("loss", [])

    @property
    def val_loss(self) -> list[float]:
        """Validation loss after each epoch (empty without validation data)."""
        return self.epochs.get("val_loss", [])

    def advice(self) -> dict[str, Any]:
        """The settings that address the doctor's findings on this run: the ``change`` of each
        of ``diagnoses``, merged (each change whole; where two findings disagree, the smaller
        learning rate, momentum or clipping bound of two faults, else the first finding's; see
        :func:`~descend.training.findings.merged_change`). ``{}`` when nothing is to change.
        Merge it over the run's settings, ``ds.train(model, data, **{**settings, **history.advice()})``:
        the advice replaces the settings it names (``**settings, **history.advice()`` in one call
        is Python's TypeError "got multiple values" wherever both name ``lr``). A run whose rates a
        schedule object set (``History.schedule``), which no ``lr`` sets, is advised that schedule
        scaled instead, ``schedule=scaled(...)``, which replaces the run's.

        >>> h = History(diagnoses=[Diagnosis("oscillation", 9, "e", "try lr=0.05", {"lr": 0.05})])
        >>> h.advice()
        {'lr': 0.05}
        >>> settings = {"lr": 0.5, "epochs": 20}
        >>> {**settings, **h.advice()}  # ds.train(model, data, **that)
        {'lr': 0.05, 'epochs': 20}
        """
        return merged_change(self.diagnoses)

    def append_epoch(self, **values: Any) -> None:
        for key, value in values.items():
            self.epochs.setdefault(key, []).append(value)

    def state_dict(self) -> dict[str, Any]:
        """Plain lists and numbers, for a checkpoint (the model is saved on its own)."""
        return {
            "steps": self.steps,
            "epochs": self.epochs,
            "update_ratios": self.update_ratios,
            "layer_grad_ratios": self.layer_grad_ratios,
            "best_epoch": self.best_epoch,
            "non_finite_layer": self.non_finite_layer,
            "instruments": self.instruments,
            "initial_data_loss": self.initial_data_loss,
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.steps = {k: list(v) for k, v in state["steps"].items()}
        self.epochs = {k: list(v) for k, v in state["epochs"].items()}
        self.update_ratios = list(state["update_ratios"])
        self.layer_grad_ratios = list(state["layer_grad_ratios"])
        self.best_epoch = state["best_epoch"]
        self.non_finite_layer = state["non_finite_layer"]
        self.instruments = [dict(row) for row in state.get("instruments", [])]  # older checkpoints: none
        self.initial_data_loss = state.get("initial_data_loss")  # older checkpoints: none

    def json_state(self) -> dict[str, Any]:
        """What the CSV logs (``steps.csv``, ``epochs.csv``) and ``diagnosis.json`` do not
        hold, as JSON-safe data: the sampled per-layer ratios, the non-finite step, loss and
        layer, why the run stopped, whether it converged, its best epoch and task, the loss
        over the data at the initial weights.

        JSON has no NaN or infinity, so non-finite floats are written as the strings
        ``"nan"``, ``"inf"`` and ``"-inf"``; :meth:`load` reads them back as floats.

        >>> h = History(non_finite_step=3, non_finite_loss=float("inf"))
        >>> h.json_state()["non_finite_loss"]
        'inf'
        """
        return {
            "format": _FORMAT,
            "task": self.task,
            "stopped_because": self.stopped_because,
            "converged": self.converged,
            "best_epoch": self.best_epoch,
            "plain_steps": self.plain_steps,
            "batch_choice": {k: encode(v) for k, v in self.batch_choice.items()},
            "non_finite_step": self.non_finite_step,
            "non_finite_loss": encode(self.non_finite_loss),
            "non_finite_layer": None if self.non_finite_layer is None else list(self.non_finite_layer),
            "update_ratios": [{k: encode(v) for k, v in row.items()} for row in self.update_ratios],
            "layer_grad_ratios": [{k: encode(v) for k, v in row.items()} for row in self.layer_grad_ratios],
            "instruments": [{k: encode(v) for k, v in row.items()} for row in self.instruments],
            "rate_probe": None if self.rate_probe is None else encode_nested(self.rate_probe),
            "scaling": {k: encode_nested(v.tolist()) for k, v in self.scaling.items()},
            "initial_data_loss": encode(self.initial_data_loss),
            "schedule": None if self.schedule is None else str(self.schedule),  # its repr, once loaded as itself
        }

    def diagnosis_state(self) -> list[dict[str, Any]]:
        """The doctor's findings as JSON-safe data, for ``diagnosis.json``: non-finite floats
        in a finding's ``change`` are strings as in :meth:`json_state`; :meth:`load` reads them back.
        An object there (a scaled schedule) is written as its ``repr``, its call.

        >>> h = History(diagnoses=[Diagnosis("divergence", 3, "e", "a", {"lr": float("nan")})])
        >>> h.diagnosis_state()[0]["change"]
        {'lr': 'nan'}
        """
        return [
            {
                "kind": d.kind,
                "step": d.step,
                "evidence": d.evidence,
                "advice": d.advice,
                "change": {k: encode_nested(v if is_data(v) else repr(v)) for k, v in d.change.items()},
            }
            for d in self.diagnoses
        ]

    def save(self, run_dir: str | os.PathLike, *, overwrite: bool = False) -> Path:
        """Write this history into the run folder ``run_dir`` (made if missing) as
        ``descend.train(..., log_dir=run_dir)`` writes it, and return the folder: ``steps.csv``,
        ``epochs.csv``, ``history.json``, ``diagnosis.json`` (the findings in ``diagnoses``) and,
        where examples were tracked, ``examples.npz`` (the per-example record; the report's
        examples section and ``descend.find_label_issues`` read it). These are the files
        :meth:`load` reads, so ``load`` gives back every recorded field; ``descend report``,
        ``descend.diagnose(run_dir)`` and the plots take the folder as a logged run's. For a run
        trained without ``log_dir``, or a loop that ``descend.watch`` saw without one.

        ``model`` and ``lr_finder`` are not written (``torch.save(history.model.state_dict(),
        ...)`` keeps the weights). A folder that holds a run's files (logs, checkpoints, its
        outcome) is refused, with nothing written, unless ``overwrite=True``: then its logs are
        replaced by this history's and its other files (checkpoints, ``summary.json``,
        pictures, TensorBoard events) are left as they are.

        >>> import tempfile, descend as ds
        >>> h = ds.train("softmax", "iris", lr=0.05, epochs=3, progress=False)
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     back = History.load(h.save(tmp))
        ...     again = h.save(tmp)
        Traceback (most recent call last):
        descend._checks.InvalidArgument: run_dir ... already holds a run's files (diagnosis.json, epochs.csv, examples.npz, history.json, steps.csv); History.save wrote nothing. Pass overwrite=True to replace its logs, or choose another run_dir
        >>> back.steps == h.steps and back.epochs == h.epochs and back.diagnoses == h.diagnoses
        True
        """
        if not isinstance(run_dir, (str, os.PathLike)):
            raise InvalidArgument(f"run_dir must be a folder path (str or os.PathLike), got {run_dir!r}")
        flag("overwrite", overwrite)
        folder = Path(run_dir)
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(f"run_dir {folder} is a file, not a folder: History.save writes a run folder")
        with locked(folder):  # not while a run writes there
            held = run_folder.run_files_in(folder)
            if held and not overwrite:
                raise InvalidArgument(
                    f"run_dir {run_dir} already holds a run's files ({run_folder.shown(held)}); History.save wrote "
                    "nothing. Pass overwrite=True to replace its logs, or choose another run_dir"
                )
            for name in run_folder.HISTORY_LOGS:
                (folder / name).unlink(missing_ok=True)
            run_folder.append_logs(folder, self)
            run_folder.write_history_state(folder, self)
            run_folder.write_findings(folder, self)
            if self.examples is not None:
                self.examples.save(folder / run_folder.EXAMPLES)
        return folder

    @classmethod
    def load(cls, run_dir: str | os.PathLike) -> History:
        """The history of the run whose logs are in ``run_dir``: ``steps.csv``,
        ``epochs.csv``, ``history.json``, ``diagnosis.json`` and ``examples.npz`` (the
        per-example record, where the run tracked examples), as written by
        ``descend.train(..., log_dir=run_dir)``. ``model`` is ``None`` (the weights are in the
        checkpoints). Logs of an unfinished run load as far as they go; without
        ``history.json`` (logs of an older version) the per-layer ratios are empty. An
        ``examples.npz`` that cannot be read (truncated, damaged) is skipped with a warning
        that names it: ``examples`` is ``None``; so is a ``steps.csv`` or ``epochs.csv`` with none
        of the columns descend writes (another file), read as no rows.

        >>> import tempfile, descend as ds
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     live = ds.train("softmax", "iris", lr=0.05, epochs=3, progress=False, log_dir=tmp)
        ...     saved = History.load(tmp)
        >>> saved.steps == live.steps and saved.epochs == live.epochs and saved.task == live.task
        True
        """
        folder = Path(run_dir)
        if folder.is_file():
            raise NotADirectoryError(
                f"{folder} is a file, not a run folder: History.load takes the folder that "
                f"descend.train(..., log_dir=...) wrote ({run_folder.STEPS}, {run_folder.EPOCHS}, {run_folder.HISTORY})"
            )
        logs = [folder / name for name in (run_folder.STEPS, run_folder.EPOCHS, run_folder.HISTORY)]
        if not folder.is_dir() or not any(p.is_file() for p in logs):
            raise FileNotFoundError(
                f"no training logs in {folder}: expected {run_folder.STEPS}, {run_folder.EPOCHS} and {run_folder.HISTORY}, "
                "as written by descend.train(..., log_dir=...)"
            )
        steps_csv, epochs_csv = folder / run_folder.STEPS, folder / run_folder.EPOCHS
        with run_folder.reading(steps_csv):
            steps = run_folder.read_columns(steps_csv) or History().steps
        with run_folder.reading(epochs_csv):
            history = cls(steps=steps, epochs=run_folder.read_columns(epochs_csv))
        if (folder / run_folder.HISTORY).is_file():
            with run_folder.reading(folder / run_folder.HISTORY):
                history._load_json_state(
                    json.loads((folder / run_folder.HISTORY).read_text()), folder / run_folder.HISTORY
                )
        if (folder / run_folder.DIAGNOSIS).is_file():
            history.diagnoses = read_findings(folder)
        if (folder / run_folder.EXAMPLES).is_file():
            try:
                history.examples = ExampleRecord.load(folder / run_folder.EXAMPLES)
            except ValueError as err:  # the logs, the doctor and the report do not need it
                warnings.warn(
                    f"{err}. Loaded the run without its per-example record (History.examples is None): the doctor "
                    "reads the other logs, the report leaves out its examples section",
                    stacklevel=2,
                )
        return history

    def _load_json_state(self, state: Any, path: Path) -> None:
        found = state.get("format") if isinstance(state, dict) else f"a JSON {type(state).__name__}"
        if found != _FORMAT:
            raise ValueError(f"{path} is not a descend history (format {found!r}, expected {_FORMAT!r})")
        self.task, self.stopped_because = state["task"], state["stopped_because"]
        self.converged, self.best_epoch = state["converged"], state["best_epoch"]
        self.plain_steps = state.get("plain_steps", False)
        self.batch_choice = {k: decode(v) for k, v in (state.get("batch_choice") or {}).items()}
        self.non_finite_step = state["non_finite_step"]
        self.non_finite_loss = decode(state["non_finite_loss"])
        layer = state["non_finite_layer"]
        self.non_finite_layer = None if layer is None else (int(layer[0]), str(layer[1]))
        self.update_ratios = [decode_row(row) for row in state["update_ratios"]]
        self.layer_grad_ratios = [decode_row(row) for row in state["layer_grad_ratios"]]
        self.instruments = [decode_row(row) for row in state.get("instruments", [])]  # older files: none
        probe = state.get("rate_probe")  # older files: none
        self.rate_probe = None if probe is None else decode_nested(probe)
        self.scaling = {
            k: torch.tensor(decode_nested(v)) for k, v in (state.get("scaling") or {}).items()
        }  # older files: none
        self.initial_data_loss = decode(state.get("initial_data_loss"))  # older files: none
        self.schedule = state.get("schedule")  # older files: none

    def __repr__(self) -> str:
        n = len(self.loss)
        last = f", loss {self.loss[-1]:.4g}" if n else ""
        val = f", val_loss {self.val_loss[-1]:.4g}" if self.val_loss else ""
        return f"History({counted(n, 'epoch')}{last}{val}; stopped because {self.stopped_because or '-'})"


def read_findings(folder: str | os.PathLike) -> list[Diagnosis]:
    """The doctor's findings a run folder's ``diagnosis.json`` holds, as :class:`Diagnosis`
    objects (their changes read back as written: :func:`read_change`).

    >>> import tempfile, json, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (pathlib.Path(tmp) / "diagnosis.json").write_text(json.dumps(
    ...         [{"kind": "slow_progress", "step": 9, "evidence": "e", "advice": "try lr=0.01", "change": {"lr": 0.01}}]))
    ...     read_findings(tmp)[0].change
    {'lr': 0.01}
    """
    file = Path(folder) / run_folder.DIAGNOSIS
    with run_folder.reading(file):
        return [
            Diagnosis(d["kind"], d["step"], d["evidence"], d["advice"], read_change(d.get("change") or {}))
            for d in json.loads(file.read_text(encoding="utf-8"))
        ]
