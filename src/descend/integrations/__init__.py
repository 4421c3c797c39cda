"""The doctor inside other people's training loops: adapters that drive a
:func:`descend.watch` monitor from a framework's own callbacks, so the run gets the findings,
the instruments, the plots and the run folder of ``descend train`` (``report.html``,
``descend doctor``, ``ds.diagnose(run_dir)``) without changing the training code.

Each adapter imports its framework; this package imports none of them (``import descend``
does not need Lightning, transformers or Ultralytics). Import the one you use:

- :mod:`descend.integrations.lightning` (PyTorch Lightning): a ``Callback``; gradients read in
  ``on_before_optimizer_step``, unscaled and not yet clipped.
  Where Lightning cannot be imported because torchvision is a build for another torch (a CUDA
  wheel beside a CPU torch: ``operator torchvision::nms does not exist``), importing the adapter
  raises one ``ImportError`` with the pip command that installs the matching torchvision
  (:mod:`descend.integrations.torchvision_build`).
- :mod:`descend.integrations.transformers` (Hugging Face ``Trainer``):
  ``DescendCallback``, a ``TrainerCallback``; gradients raw from post-accumulate-grad hooks
  (``Trainer`` clips before ``on_pre_optimizer_step``), losses from the model's outputs, eval
  loss from ``on_evaluate``; ``max_grad_norm`` is passed to the doctor as the clipping bound.
- :mod:`descend.integrations.ultralytics` (Ultralytics YOLO): ``attach(model)`` registers
  ``DescendCallbacks``; gradients raw from hooks installed at ``on_train_start`` (Ultralytics
  clips at norm 10 and zeroes the gradients before ``on_train_batch_end``), the loss from
  ``trainer.loss_items``, validation from ``trainer.metrics``.

Where a framework clips gradients, the doctor is told (``grad_clip``): a norm read after
clipping is no evidence of exploding or vanishing gradients. The findings' ``change`` is in
``descend.train``'s terms (``lr`` is the framework's learning rate: ``learning_rate`` for
``TrainingArguments``, ``lr0`` for Ultralytics).
"""
