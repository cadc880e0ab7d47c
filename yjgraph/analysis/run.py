"""Run the standard analyses of a plan and write every table to a folder.

This module is not re-exported by :mod:`yjgraph.analysis` (it writes files;
the analyses themselves are pure); import it as
``from yjgraph.analysis.run import analyze_to_dir``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from .._atomic import built_dir, write_csv
from .._xlsx import WorkbookWriter, fixed_timestamp
from ..model import Plan
from .core import TABLES, Analysis

__all__ = ["analyze_to_dir", "XLSX_MAX_ROWS", "fixed_timestamp"]

#: Tables longer than this go to their CSV file only: Excel stops at 1,048,576 rows,
#: and a workbook is for browsing (a sheet ``not_in_workbook`` lists what was left out).
XLSX_MAX_ROWS = 100_000


def analyze_to_dir(plan: Plan | Analysis, out_dir: str | Path, *, xlsx: bool = True,
                   xlsx_max_rows: int = XLSX_MAX_ROWS) -> dict[str, Path]:
    """Write the workload, centrality, co-responsibility and checks tables.

    Parameters
    ----------
    plan : Plan or Analysis
        An :class:`~yjgraph.Analysis` (its weights, rule and capacity, its
        tables computed once and kept), or a plan, analysed with the default
        weights and rule (``yjgraph.analyze(plan, weights=..., rule=...)``
        for others).
    out_dir : str or Path
        Output folder, created if needed; existing files of the same names
        are replaced. The folder is built in a hidden temporary sibling and
        moved into place (see :func:`yjgraph._atomic.built_dir`): a killed or
        failed run leaves no folder, or an earlier one untouched, and a
        finished one holds the marker ``.yjgraph-complete``.
    xlsx : bool
        Also write the tables into ``analysis.xlsx`` (default). ``yjgraph
        analyze`` writes the planner's workbook there instead
        (:func:`yjgraph.planner_workbook.workbook`), so it passes ``False``.
    xlsx_max_rows : int
        Longer tables go to their CSV file only (default :data:`XLSX_MAX_ROWS`).

    Returns
    -------
    dict of str to Path
        ``workload``, ``workload_by_chapter``, ``concentration``,
        ``coresponsibility``, ``checks``, ``centrality`` (CSV files, UTF-8
        with BOM, the unit-indexed ones with ``unit`` as first column) and
        with ``xlsx``, ``xlsx`` (``analysis.xlsx``, one sheet per table in that order, same
        names; tables of more than ``xlsx_max_rows`` rows are listed in a
        last sheet ``not_in_workbook`` instead). If an analysis fails, the
        error is raised and nothing is left behind.

    Notes
    -----
    The files are byte-identical between runs on the same input: the
    workbook's creation date is :func:`fixed_timestamp`. CSV text cells that
    begin with ``=``, ``+``, ``-`` or ``@`` (plan text) are written with a
    leading ``'`` so that Excel shows them instead of evaluating them.

    Examples
    --------
    >>> import tempfile
    >>> plan = yjgraph.Plan.from_assignments([("1", "区发改局", "lead"), ("1", "区财政局", "support")])
    >>> paths = analyze_to_dir(plan, tempfile.mkdtemp())
    >>> sorted(p.name for p in paths.values())  # doctest: +NORMALIZE_WHITESPACE
    ['analysis.xlsx', 'centrality.csv', 'checks.csv', 'concentration.csv',
     'coresponsibility.csv', 'workload.csv', 'workload_by_chapter.csv']
    """
    analysis = plan if isinstance(plan, Analysis) else Analysis(plan)
    out = Path(out_dir)
    names = [f"{name}.csv" for name in TABLES]
    with built_dir(out) as tmp:
        book = WorkbookWriter(tmp / "analysis.xlsx", max_rows=xlsx_max_rows) if xlsx else None
        try:
            for name, file in zip(TABLES, names, strict=True):
                df = analysis.table(name)
                write_csv(df, tmp / file)
                if book:
                    book.add(name, df)
        except BaseException:
            if book:
                with contextlib.suppress(Exception):  # the analysis error is the one to report
                    book.abort()
            raise
        if book:
            book.close()
    paths = {name: out / file for name, file in zip(TABLES, names, strict=True)}
    if xlsx:
        paths["xlsx"] = out / "analysis.xlsx"
    return paths
