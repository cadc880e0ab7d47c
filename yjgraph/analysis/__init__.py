"""Analyses of a plan: pure functions returning DataFrames.

Every function takes a :class:`~yjgraph.Plan` first, role ``weights`` as a
keyword (default lead 1.0, support 0.5), never mutates its input and returns
rows in a deterministic order (ties broken by name).
"""

from .centrality import *  # noqa: F403
from .centrality import __all__ as _c
from .checks import *  # noqa: F403
from .checks import __all__ as _k
from .core import *  # noqa: F403
from .core import __all__ as _a
from .coresponsibility import *  # noqa: F403
from .coresponsibility import __all__ as _r
from .sensitivity import *  # noqa: F403
from .sensitivity import __all__ as _s
from .workload import *  # noqa: F403
from .workload import __all__ as _w

__all__ = [*_a, *_w, *_c, *_r, *_k, *_s]
