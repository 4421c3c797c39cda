"""Shared by the doctor's run tests: one torch thread, as the doctor corpus trains."""

from __future__ import annotations

import pytest
import torch


@pytest.fixture(autouse=True)
def _one_thread():
    """One torch thread, as the corpus trains: these models are tiny, and on a loaded machine
    several threads spend the time waiting on each other."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
