"""``python -m yjgraph``: the command line (:func:`yjgraph.cli.main`)."""

import sys

from .cli import main

sys.exit(main())
