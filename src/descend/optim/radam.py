"""placeholder: being written."""
from .adam import Adam as RAdam  # noqa
radam = None
