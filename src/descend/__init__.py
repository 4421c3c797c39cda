"""descend."""
