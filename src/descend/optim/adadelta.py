"""placeholder: being written."""
from .adam import Adam as Adadelta  # noqa
adadelta = None
