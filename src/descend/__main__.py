"""``python -m descend``: the demo (see ``descend._demo``)."""

from ._demo import main

main()
