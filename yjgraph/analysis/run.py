"""Run the standard analyses of a plan and write every table to a folder.

This module is not re-exported by :mod:`yjgraph.analysis` (it writes files;
the analyses themselves are pure); import it as
``from yjgraph.analysis.run import analyze_to_dir``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import pandas as pd

from .._parallel import n_workers
from .._xlsx import WorkbookWriter
from ..model import Plan
from .core import TABLES, Analysis

__all__ = ["analyze_to_dir", "XLSX_MAX_ROWS", "PARALLEL_MIN_ROWS"]

#: Tables longer than this go to their CSV file only: Excel stops at 1,048,576 rows,
#: and a workbook is for browsing (a sheet ``not_in_workbook`` lists what was left out).
XLSX_MAX_ROWS = 100_000


#: Plans with at least this many assignments write their tables in a second process
#: when ``n_jobs`` allows (below it, starting the process costs more than it saves).
PARALLEL_MIN_ROWS = 50_000


def analyze_to_dir(
    plan: Plan | Analysis,
    out_dir: str | Path,
    *,
    weights: Mapping[str, float] | None = None,
    rule: str = "robust_z",
    threshold: float | None = None,
    capacity: Mapping[str, float] | pd.Series | None = None,
    n_jobs: int | None = 1,
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
    n_jobs : int or None
        ``1`` (default) does everything in this process. With more (``None``
        or ``-1``: as many as there are CPUs, if more than one), a plan of at
        least :data:`PARALLEL_MIN_ROWS` assignments has its files written by
        one second process while the next analyses run (writing CSV and Excel files is pure Python and
        takes as long as the analyses of a large plan). The files are the
        same either way. Where processes are spawned rather than forked
        (macOS, Windows) a script needs the ``if __name__ == "__main__":`` guard.

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
    # computed (and in the workbook) in this order: slowest last, so that a writer
    # process writes the other tables meanwhile
    steps = {name: partial(analysis.table, name) for name in TABLES}
    paths = {name: out / f"{name}.csv" for name in steps}
    paths["xlsx"] = out / "analysis.xlsx"
    parallel = n_workers(n_jobs, 2) > 1 and len(analysis.plan.assignments) >= PARALLEL_MIN_ROWS
    if not parallel:
        book = WorkbookWriter(paths["xlsx"], max_rows=XLSX_MAX_ROWS)
        try:
            for name, step in steps.items():
                _write(name, step(), paths[name], book)
        except BaseException:
            with contextlib.suppress(Exception):  # the analysis error is the one to report
                book.abort()
            raise
        book.close()
        return paths
    with ProcessPoolExecutor(1) as writer:
        done = [writer.submit(_open_book, paths["xlsx"], XLSX_MAX_ROWS)]
        try:
            for name, step in steps.items():
                for future in done:  # stop early if the writer failed
                    if future.done():
                        future.result()
                done.append(writer.submit(_write, name, step(), paths[name]))
            for future in done:
                future.result()  # raises what the writer raised
            writer.submit(_close_book, keep=True).result()
        except BaseException:
            with contextlib.suppress(Exception):
                writer.submit(_close_book, keep=False).result()
            raise
    return paths


# The workbook the writer process is writing.
_BOOK: list[WorkbookWriter] = []


def _open_book(path: Path, max_rows: int) -> None:
    _BOOK[:] = [WorkbookWriter(path, max_rows=max_rows)]


def _write(name: str, df: pd.DataFrame, path: Path, book: WorkbookWriter | None = None) -> None:
    df.to_csv(path, index=False, encoding="utf-8-sig")
    (_BOOK[0] if book is None else book).add(name, df)


def _close_book(*, keep: bool) -> None:
    """Finish the workbook, or (``keep=False``, after an error) remove it and its temporary files."""
    if not _BOOK:
        return
    book = _BOOK.pop()
    if keep:
        book.close()
    else:
        book.abort()
