"""``python -m yjgraph``."""

import sys

from .cli import main

sys.exit(main())
