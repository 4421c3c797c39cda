"""A torchrun worker's error, said once: ``descend train`` run as several workers
(``torchrun ... -m descend train ...``, or ``descend train --nproc N``).

Every worker runs the same command on the same inputs, so a bad input (a wrong column, a
loss that does not fit the model) fails on all of them at once, and each used to print the
same ``error:`` line. Worker 0 prints it; the others exit quietly with the same status (and
under ``descend train --nproc N`` none does: the command that started them says it).
Every failed worker also hands its line to torchrun the way torchelastic asks, through the
error file torchrun names in ``TORCHELASTIC_ERROR_FILE`` (written by an
:class:`~torch.distributed.elastic.multiprocessing.errors.ErrorHandler`, as ``@record``
does), so that torchrun's failure summary shows the message instead of a link to its
documentation, and a worker whose error differs from worker 0's is not silenced: torchrun
lists it.
"""

from __future__ import annotations

import json
import os
import time

from torch.distributed.elastic.multiprocessing.errors import ErrorHandler

from ._worker_rank import LAUNCHER, in_worker, worker_rank

__all__: list[str] = []  # the command line's own part (see _app.py)


class _OneLineErrorHandler(ErrorHandler):
    """torchelastic's error handler, recording a command's one error line rather than a
    Python traceback (the line is what the user needs; ``--debug`` gives the traceback)."""

    def record_exception(self, e: BaseException) -> None:
        file = self._get_error_file_path()
        if file:
            line = str(e)
            data = {
                "message": {"message": line, "extraInfo": {"py_callstack": line, "timestamp": str(int(time.time()))}}
            }
            self._write_error_file(file, json.dumps(data))


def tell_error(line: str) -> bool:
    """Record the error ``line`` for torchrun where this process is one of its workers, and
    whether to print it here: worker 0 of a plain torchrun does, the other workers of torchrun
    do not (nor any under ``descend train --nproc``); a process that is no worker of torchrun does."""
    if not in_worker() or not os.environ.get("TORCHELASTIC_ERROR_FILE"):
        return True  # no torchrun to hand the line to (workers started otherwise): each says its own
    _OneLineErrorHandler().record_exception(RuntimeError(line))
    return worker_rank() == 0 and not os.environ.get(LAUNCHER)
