"""``python -m yjgraph``."""

from .cli import run

run()
