"""Shared by the data-parallel tests: the one-process run the workers' runs are compared with."""

import pytest
from _torchrun import RUN, data

from descend import train


@pytest.fixture(scope="module")
def reference():
    return train(data=data(), **RUN)
