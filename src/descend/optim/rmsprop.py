"""placeholder: being written."""
from .adam import Adam as RMSprop  # noqa
rmsprop = None
