"""``python -m yjgraph``: :func:`yjgraph.cli.main` with an orderly exit (profilers and
coverage tools run code after it; the installed ``yjgraph`` program exits quickly)."""

import sys

from .cli import main

sys.exit(main())
