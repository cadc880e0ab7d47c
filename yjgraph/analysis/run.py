"""Run the standard analyses of a plan and write every table to a folder.

This module is not re-exported by :mod:`yjgraph.analysis` (it writes files;
the analyses themselves are pure); import it as
``from yjgraph.analysis.run import analyze_to_dir``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .._xlsx import write_workbook
from ..model import Plan

__all__ = ["analyze_to_dir", "XLSX_MAX_ROWS"]

#: Tables longer than this go to their CSV file only: Excel stops at 1,048,576 rows,
#: and a workbook is for browsing (a sheet ``not_in_workbook`` lists what was left out).
XLSX_MAX_ROWS = 100_000


def analyze_to_dir(
    plan: Plan,
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
    plan : Plan
    out_dir : str or Path
        Output folder, created if needed; existing files of the same names
        are replaced.
    weights : mapping, optional
        Role weights, default ``{"lead": 1.0, "support": 0.5}``.
    rule, threshold, capacity
        Overload rule passed to :func:`yjgraph.analysis.workload`.

    Returns
    -------
    dict of str to Path
        ``workload``, ``workload_by_chapter``, ``concentration``,
        ``centrality``, ``coresponsibility``, ``checks`` (CSV files, UTF-8
        with BOM, the unit-indexed ones with ``unit`` as first column) and
        ``xlsx`` (``analysis.xlsx``, one sheet per table, same names; tables of
        more than :data:`XLSX_MAX_ROWS` rows are listed in a sheet
        ``not_in_workbook`` instead).

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
    from .centrality import centrality
    from .checks import checks
    from .coresponsibility import coresponsibility
    from .workload import concentration, workload, workload_by_chapter

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables: dict[str, pd.DataFrame] = {
        "workload": workload(
            plan, weights=weights, rule=rule, threshold=threshold, capacity=capacity
        ).reset_index(),
        "workload_by_chapter": workload_by_chapter(plan, weights=weights),
        "concentration": concentration(plan, weights=weights)
        .rename_axis("measure").rename("value").reset_index(),
        "centrality": centrality(plan, weights=weights).rename_axis("unit").reset_index(),
        "coresponsibility": coresponsibility(plan, weights=weights),
        "checks": checks(plan),
    }
    paths: dict[str, Path] = {}
    for name, df in tables.items():
        path = out / f"{name}.csv"
        df.to_csv(path, index=False, encoding="utf-8-sig")
        paths[name] = path
    paths["xlsx"] = write_workbook(tables, out / "analysis.xlsx", max_rows=XLSX_MAX_ROWS)
    return paths
