"""The plan bundled with yjgraph, readable from an installed wheel."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["example_path", "load_example"]

_EXAMPLE = "yanjiang_2022_chengdu_metro_plan.txt"


def example_path() -> Path:
    """Path of the bundled example plan (Yanjiang district, Ziyang, 2022).

    Examples
    --------
    >>> example_path().name
    'yanjiang_2022_chengdu_metro_plan.txt'
    """
    return Path(str(resources.files("yjgraph") / "data" / _EXAMPLE))


def load_example(**kwargs):
    """Read the bundled example plan.

    The plan is the Yanjiang district (Ziyang, Sichuan) 2022 allocation of
    tasks for implementing the Chengdu metropolitan-area development plan:
    86 tasks under 9 chapters and 33 sections, as published on the
    district's website (page chrome included).

    Parameters
    ----------
    **kwargs
        Passed to :func:`yjgraph.read_plan` (e.g. ``aliases=``).

    Examples
    --------
    >>> plan = load_example()
    >>> len(plan.tasks)
    86
    """
    from .parse import read_plan

    return read_plan(example_path(), **kwargs)
