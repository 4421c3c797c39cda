"""The version of descend, one place for the package and its command line."""

__version__ = "0.1.0"
