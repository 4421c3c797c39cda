"""A check that a picture was written as a PNG of some content."""


def is_png(path, min_bytes=5_000):
    """Whether ``path`` holds a PNG (its signature) of more than ``min_bytes`` bytes (not blank)."""
    data = path.read_bytes()
    return data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > min_bytes
