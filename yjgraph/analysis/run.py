"""Run the standard analyses of a plan and write every table to a folder.

This module is not re-exported by :mod:`yjgraph.analysis` (it writes files;
the analyses themselves are pure); import it as
``from yjgraph.analysis.run import analyze_to_dir``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .._xlsx import WorkbookWriter
from ..model import Plan
from .core import TABLES, Analysis

__all__ = ["analyze_to_dir", "XLSX_MAX_ROWS"]

#: Tables longer than this go to their CSV file only: Excel stops at 1,048,576 rows,
#: and a workbook is for browsing (a sheet ``not_in_workbook`` lists what was left out).
XLSX_MAX_ROWS = 100_000


def analyze_to_dir(
    plan: Plan | Analysis,
    out_dir: str | Path,
    *,
    weights: Mapping[str, float] | None = None,
    rule: str = "robust_z",
    threshold: float | None = None,
    capacity: Mapping[str, float] | pd.Series | None = None,
) -> dict[str, Path]:
    """Write the workload, centrality, co-responsibility and checks tables.

    Parameters
    ----------
    plan : Plan or Analysis
        A plan, or its :class:`~yjgraph.Analysis` (whose weights, rule and
        capacity are then used, and whose tables are computed once and kept).
    out_dir : str or Path
        Output folder, created if needed; existing files of the same names
        are replaced.
    weights : mapping, optional
        Role weights, default ``{"lead": 1.0, "support": 0.5}``.
    rule, threshold, capacity
        Overload rule passed to :func:`yjgraph.analysis.workload` (when
        ``plan`` is a Plan).

    Returns
    -------
    dict of str to Path
        ``workload``, ``workload_by_chapter``, ``concentration``,
        ``coresponsibility``, ``checks``, ``centrality`` (CSV files, UTF-8
        with BOM, the unit-indexed ones with ``unit`` as first column) and
        ``xlsx`` (``analysis.xlsx``, one sheet per table in that order, same
        names; tables of more than :data:`XLSX_MAX_ROWS` rows are listed in a
        last sheet ``not_in_workbook`` instead). If an analysis fails, the
        error is raised and no workbook is left behind.

    Examples
    --------
    >>> import tempfile, yjgraph
    >>> plan = yjgraph.Plan.from_assignments([
    ...     {"task_id": "1", "unit": "区发改局", "role": "lead"},
    ...     {"task_id": "1", "unit": "区财政局", "role": "support"},
    ... ])
    >>> paths = analyze_to_dir(plan, tempfile.mkdtemp())
    >>> sorted(p.name for p in paths.values())  # doctest: +NORMALIZE_WHITESPACE
    ['analysis.xlsx', 'centrality.csv', 'checks.csv', 'concentration.csv',
     'coresponsibility.csv', 'workload.csv', 'workload_by_chapter.csv']
    """
    analysis = plan if isinstance(plan, Analysis) else Analysis(
        plan, weights=weights, rule=rule, threshold=threshold, capacity=capacity)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / f"{name}.csv" for name in TABLES}
    paths["xlsx"] = out / "analysis.xlsx"
    book = WorkbookWriter(paths["xlsx"], max_rows=XLSX_MAX_ROWS)
    try:
        for name in TABLES:
            df = analysis.table(name)
            df.to_csv(paths[name], index=False, encoding="utf-8-sig")
            book.add(name, df)
    except BaseException:
        with contextlib.suppress(Exception):  # the analysis error is the one to report
            book.abort()
        raise
    book.close()
    return paths
