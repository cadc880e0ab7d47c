"""Parameter descriptions written once and filled into docstrings, as pandas' ``@doc`` does.

A docstring line holding only ``{{name}}`` becomes the text :data:`SHARED`
keeps under ``name``, indented as that line is. :func:`shared_doc` fills a
function's docstring when it is defined (for ``help()`` and the doctests);
the API pages are filled by the same :func:`fill` (``docs/_ext``).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import TypeVar

__all__ = ["SHARED", "fill", "shared_doc"]

F = TypeVar("F", bound=Callable)

_WEIGHTS = 'Role weights, default ``{"lead": 1.0, "support": 0.5}``.'

#: name -> the description that ``{{name}}`` stands for (numpydoc, unindented);
#: ``plan_weights`` opens the Parameters section of an analysis.
SHARED: dict[str, str] = {
    "weights": f"""\
weights : mapping, optional
    {_WEIGHTS}""",
    "plan_weights": f"""\
Parameters
----------
plan : Plan
weights : mapping, optional
    {_WEIGHTS}""",
    "sums": """\
sums : DataFrame, optional
    :func:`~yjgraph.analysis.workload.unit_sums` of the plan when already computed.""",
    "B": """\
B : Biadjacency, optional
    The plan's :func:`~yjgraph.biadjacency` (with ``weights``) when already built.""",
    "ax": """\
ax : matplotlib.axes.Axes, optional
    Axes to draw on; by default the current Axes (``plt.gca()``), as
    seaborn's charts do, or a new figure sized for the chart (one A4 text
    column wide) when no figure is open.""",
    "lang": """\
lang : {"zh", "en"}
    Language of the title, labels, legend and unit names (English names
    from :func:`yjgraph.english.english_names` with ``"en"``).""",
    "names": """\
names : mapping or DataFrame, optional
    ``{unit: label}`` overriding the names shown (or an
    :func:`~yjgraph.english.english_names` table).""",
    "chapter_titles": """\
chapter_titles : mapping, optional
    ``{chapter number or Chinese title: English title}`` for ``lang="en"``
    (chapters are ``Chapter 1`` ... without it).""",
    "title": """\
title : str, optional
    Axes title (default: one in ``lang``; ``""`` for none).""",
}
SHARED["report_files"] = """\
content : dict
    From :func:`yjgraph.report.report_content`; figures are read from
    ``out_dir`` (their PNG files; a figure without a PNG is left out).
out_dir : str or Path
    The report folder the content's file names are relative to.
path : str or Path, optional
    Where to write; default ``report.docx`` (``report.pptx``) in ``out_dir``."""
#: The words of a chart that names units: its language, the names shown, its title.
SHARED["words"] = "\n".join(SHARED[k] for k in ("lang", "names", "title"))

_FIELD = re.compile(r"^([ \t]*)\{\{(\w+)\}\}[ \t]*$", re.MULTILINE)


def fill(doc: str) -> str:
    """``doc`` with every ``{{name}}`` line replaced by ``SHARED[name]`` at that line's indent.

    Examples
    --------
    >>> print(fill("Parameters\\n----------\\n{{title}}"))
    Parameters
    ----------
    title : str, optional
        Axes title (default: one in ``lang``; ``""`` for none).
    """
    return _FIELD.sub(lambda m: textwrap.indent(SHARED[m.group(2)], m.group(1)), doc)


def shared_doc(func: F) -> F:
    """Decorator: fill the ``{{name}}`` lines of ``func``'s docstring (see :func:`fill`)."""
    if func.__doc__:
        func.__doc__ = fill(func.__doc__)
    return func
