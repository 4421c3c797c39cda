"""placeholder: being written."""
from .adam import Adam as Lion  # noqa
lion = None
