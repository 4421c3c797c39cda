"""placeholder: being written."""
from .adam import Adam as Adagrad  # noqa
adagrad = None
