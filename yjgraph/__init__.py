"""yjgraph: Chinese task-allocation plans as responsibility graphs.

>>> plan = yjgraph.load_example()
>>> plan.summary()["tasks"]
86

The names below are imported when first used (as in SciPy and NetworkX,
scientific Python's SPEC 1): ``import yjgraph`` itself loads nothing heavy,
so that the command line starts its work at once.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_ORIGIN = {
    # significance tests and the methods paragraph (issue 14)
    **dict.fromkeys(["backbone"], "analysis.backbone"),
    **dict.fromkeys(["null_scores", "bootstrap_workload", "bootstrap_centrality"], "analysis.inference"),
    "methods_text": "methods",
    # what-if edits, comparison, rebalancing and the planner's workbook (issue 15)
    **dict.fromkeys(["compare", "Comparison"], "analysis.compare"),
    **dict.fromkeys(["rebalance", "apply_moves"], "analysis.rebalance"),
    "workbook": "planner_workbook",
    "PlanEditError": "edit",
    # words for a report (key findings, English unit names) and three-line tables (issue 14)
    "key_findings": "summary",
    "english_names": "english",
    "table": "tables3",
    "read_plan": "parse",
    **dict.fromkeys(["load_example", "example_path"], "datasets"),
    **dict.fromkeys(["Plan", "DEFAULT_WEIGHTS", "resolve_weights"], "model"),
    **dict.fromkeys(["to_networkx", "biadjacency", "Biadjacency"], "graph"),
    **dict.fromkeys(["YjgraphError", "PlanParseError", "UnsupportedFormatError", "FontNotFoundError"], "errors"),
    # the analyses (yjgraph.analysis.__all__; a test keeps the two lists equal)
    **dict.fromkeys(
        ["Analysis", "analyze", "workload", "workload_by_chapter", "catch_all_groups",
         "concentration", "lorenz", "centrality",
         "task_centrality", "centralization", "coresponsibility", "lead_support",
         "communities", "core_periphery", "density", "to_matrix", "checks",
         "weight_sensitivity"], "analysis"),
}
_SUBMODULES = ("analysis", "parse", "model", "graph", "errors", "datasets", "plot", "html",
               "report", "graph_io", "corpus", "cli")

__all__ = list(_ORIGIN)


def __getattr__(name: str):
    if name in _ORIGIN:
        value = getattr(importlib.import_module(f".{_ORIGIN[name]}", __name__), name)
        globals()[name] = value  # found directly from now on
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'yjgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*_ORIGIN, *_SUBMODULES, *(n for n in globals() if n.startswith("__"))})


if TYPE_CHECKING:  # for type checkers and documentation tools
    from . import analysis  # noqa: F401
    from .analysis import *  # noqa: F403
    from .datasets import example_path, load_example  # noqa: F401
    from .errors import (  # noqa: F401
        FontNotFoundError,
        PlanParseError,
        UnsupportedFormatError,
        YjgraphError,
    )
    from .graph import Biadjacency, biadjacency, to_networkx  # noqa: F401
    from .model import DEFAULT_WEIGHTS, Plan, resolve_weights  # noqa: F401
    from .parse import read_plan  # noqa: F401
