"""yjgraph: Chinese task-allocation plans as responsibility graphs.

>>> import yjgraph
>>> plan = yjgraph.load_example()
>>> plan.summary()["tasks"]
86
"""

from . import analysis
from .analysis import *  # noqa: F403
from .datasets import example_path, load_example
from .errors import FontNotFoundError, PlanParseError, UnsupportedFormatError, YjgraphError
from .graph import Biadjacency, biadjacency, to_networkx
from .model import DEFAULT_WEIGHTS, Plan, resolve_weights
from .parse import read_plan

__version__ = "0.1.0"


def __getattr__(name):
    # the renderers are imported on first use: ``yjgraph.plot`` pulls in matplotlib
    if name in ("plot", "html", "report", "graph_io"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'yjgraph' has no attribute {name!r}")


__all__ = [
    "read_plan",
    "load_example",
    "example_path",
    "Plan",
    "DEFAULT_WEIGHTS",
    "resolve_weights",
    "to_networkx",
    "biadjacency",
    "Biadjacency",
    "YjgraphError",
    "PlanParseError",
    "UnsupportedFormatError",
    "FontNotFoundError",
    *analysis.__all__,
]
