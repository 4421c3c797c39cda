"""How an estimator's fit runs its epochs: through the training engine
(:class:`descend.training.engine.Engine`, the loop of ``descend.train``) with the stopping
rule, the validation score and the per-example record, for
:class:`~descend.estimators.base.BaseGD`."""

from __future__ import annotations

import warnings
from numbers import Integral

import numpy as np
import torch

from .._plural import counted
from ..training.data import Prepared
from ..training.engine import Engine
from ..training.examples_tracking import ExampleTracker
from ..training.precision import Precision
from ..training.run import Run
from .data import ArrayData
from .objective import Objective
from .stopping import EpochPrinter, NoImprovement, conclude

__all__ = ["EngineFit"]


class EngineFit:
    """A fit's epochs through the engine (a mixin of ``BaseGD``: it reads the model, optimizer
    and schedule that the fit set up, and sets ``n_iter_``, ``t_``, ``loss_curve_``,
    ``best_loss_``, the validation scores and ``examples_record_``).

    >>> import numpy as np
    >>> from descend import GDRegressor
    >>> issubclass(GDRegressor, EngineFit)
    True
    >>> X = np.linspace(-1, 1, 20).reshape(-1, 1)
    >>> reg = GDRegressor(optimizer="gd", lr=0.5, batch_size=None, random_state=0).fit(X, 2 * X[:, 0] + 1)
    >>> reg.n_iter_ == len(reg.loss_curve_), reg.best_loss_ == min(reg.loss_curve_)
    (True, True)
    """

    def _run(self, train: ArrayData, val: ArrayData | None, *, n_epochs: int, stop: bool) -> None:
        """``n_epochs`` epochs (fewer if the stopping rule ends the fit) through the engine."""
        history, first = self.history_, self.n_iter_
        score = f"val_{self._metric}" if val is not None else None
        seed = int(self._rng.randint(np.iinfo(np.int32).max))  # this fit's shuffling
        self._warn_clipped_batch(train.n, early_split=val is not None)
        source, accumulate = train.source(self.batch_size_, seed)
        run = Run(self.model_, self._optimizer, history)
        run.step = history.steps["step"][-1] if history.steps.get("step") else 0
        rule = NoImprovement(self.tol, self.n_iter_no_change, score) if stop else None
        # The engine's epoch loss is the mean over the epoch's examples, as scikit-learn's MLP
        # counts loss_curve_ (and its tol): a short last batch weighs by its rows.
        callbacks = [c for c in (rule, EpochPrinter(score) if self.verbose else None) if c]
        objective = self._objective()
        prepared = Prepared(
            train=source,
            val=None,
            task=self._task,
            n_features=self.n_features_in_,
            input_shape=(self.n_features_in_,),
            n_outputs=self._arch[2],
        )
        evaluate = None if val is None else (lambda run: self._evaluate(val, objective))
        examples = None
        if self._tracked is not None:
            keys, n, labels = self._tracked
            classification = self._task == "classification"
            self._tracked = None  # the tracker holds what it needs; the estimator keeps no copy of y
            examples = ExampleTracker(
                self._task,
                source,
                objective,
                classes=len(self.classes_) if classification else None,
                keys=keys,
                n=n,
                labels=labels if classification else None,
                class_names=self.classes_ if classification else None,  # tables show y's own labels
                index_labels=self.examples_index_,  # and X's pandas index labels, where it has its own
            )
        engine = Engine(
            run,
            prepared,
            self._device,
            objective,
            objective,
            self._scheduler,
            callbacks,
            checkpoint_dir=None,
            checkpoint_every=None,
            seed=seed,
            batch_size=self.batch_size_,
            accumulate=accumulate,
            clip=(None, None),
            precision=Precision("fp32", self._device),
            evaluate=evaluate,
            examples=examples,
        )
        engine.start_epoch = first
        scores_before = len(history.epochs.get(score, [])) if score else 0
        engine.fit(first + n_epochs, progress=False)  # records where a new fit starts (initial_loss.record_start)
        self.n_iter_ = len(history.loss)
        self.examples_record_ = None if examples is None else examples.record()
        self.t_ += train.n * (self.n_iter_ - first)
        self.loss_curve_ = list(history.loss)
        if engine.non_finite or not self._weights_finite():
            self._diverged(history.non_finite_loss if engine.non_finite else history.loss[-1], run.epoch + 1)
        self.best_loss_ = min(self.loss_curve_)
        if not stop:
            history.stopped_because = "partial_fit: one epoch over the data given"
            return
        scores = None
        if score is not None:
            scores = self.validation_scores_ = list(history.epochs[score][scores_before:])
            self.best_validation_score_ = rule.best_score
        conclude(self, self.loss_curve_[first:], run.converged, scores)

    def _warn_clipped_batch(self, rows: int, *, early_split: bool) -> None:
        """Warn, as scikit-learn's MLP does, where a ``batch_size`` given as a number is more than
        the ``rows`` this fit trains on (a small cross-validation fold, a partial_fit chunk):
        its epochs are then full-batch steps. "default" (32) and "auto" clip silently, as MLP's
        "auto" (``min(200, n_samples)``) does."""
        if isinstance(self.batch_size, Integral) and self.batch_size > rows:
            split = " (after early_stopping's validation split)" if early_split else ""
            warnings.warn(
                f"{type(self).__name__}: batch_size={self.batch_size} is more than the {counted(rows, 'training row')} "
                f"of this fit{split}: each epoch is one full-batch step, as with batch_size=None (scikit-learn's MLP "
                f"clips it so too). Give batch_size=None to fit full-batch on purpose, or a batch under {rows}",
                UserWarning,
                stacklevel=6,
            )

    def _diverged(self, loss: float, epoch: int) -> None:
        raise ValueError(
            f"{type(self).__name__}: the training loss became {loss} in epoch {epoch} "
            f"(optimizer={self.optimizer!r}, lr={self.lr_:g}): gradient descent diverged. "
            f"Lower lr{self._diverged_advice()}."
        )

    def _diverged_advice(self) -> str:
        """What the divergence message adds to "Lower lr": the scaling turned off (a regressor
        adds its targets'); standardized features leave nothing to add."""
        if self.scale_features:
            return ""
        return ", or standardize the features (scale_features=True, the default, or StandardScaler in a Pipeline)"

    def _weights_finite(self) -> bool:
        return all(bool(torch.isfinite(p).all()) for p in self.model_.parameters())

    def _evaluate(self, val: ArrayData, objective: Objective) -> dict[str, float]:
        """The engine's evaluation hook: the weighted validation loss and score."""
        outs, loss_sum = [], 0.0
        for xb, yb, wb in val.chunks():
            out = self.model_(xb)
            loss_sum += objective.weighted_sum(out, yb, wb)
            outs.append(out)
        out = torch.cat(outs).cpu().numpy()
        w = val.w.cpu().numpy()
        w_sum = float(w.sum())
        return {
            "val_loss": loss_sum / w_sum if w_sum > 0 else float("nan"),
            f"val_{self._metric}": float(self._score_outputs(out, val.y.cpu().numpy(), w)),
        }
