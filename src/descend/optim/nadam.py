"""placeholder: being written."""
from .adam import Adam as NAdam  # noqa
nadam = None
