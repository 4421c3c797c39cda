"""``python -m descend``: the demo (see ``descend._demo``); ``python -m descend ARGS...`` is the
``descend`` command line."""

import sys

if len(sys.argv) > 1:
    from .cli import main

    main()
else:
    from ._demo import main

    main()
