"""Accountability checks in the spirit of a RACI review, collected into one table.

Every check looks at the tidy tables only; none of them stops at the first
problem. The result lists every finding, one row each.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._docstrings import shared_doc
from ..graph import Biadjacency, assignment_codes, biadjacency
from ..model import Plan
from .workload import is_group, sums_of

__all__ = ["checks"]

#: The checks, in the order their findings are listed, with their severity.
KINDS: dict[str, str] = {
    "multiple_leads": "warning",  # several units lead one task: accountability is diffused
    "no_lead": "error",  # nobody is accountable for the task
    "no_support": "info",  # the task names no supporting unit
    "open_ended": "warning",  # the unit list ends with 等: the set of units is not closed
    "catch_all_unit": "warning",  # an assignee such as 各镇（街道） or 区级各部门
    "support_only": "info",  # a unit that supports tasks but leads none
    "many_units": "warning",  # a task carried by unusually many units
}


def _n(count, word: str) -> str:
    """``count`` and ``word``, plural when needed: 1 task, 2 tasks."""
    count = int(count)
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _names(names: list[str], limit: int = 6) -> str:
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return "、".join(names[:limit]) + more


def _counts(B: Biadjacency) -> tuple[np.ndarray, ...]:
    """Per task: lead, support and all units; per unit: tasks led and tasks (each unit once
    per task, with its strongest role, as in every table of yjgraph)."""
    sums = sums_of(B)
    lead, support, units = (m.sum(axis=1).astype(np.int64)
                            for m in (B.role_matrix("lead"), B.role_matrix("support"), B.binary))
    return lead, support, units, sums["n_lead"].to_numpy(), sums["n_tasks"].to_numpy()


def _lead_names(plan: Plan, multi: np.ndarray, unit_names: np.ndarray) -> list[str]:
    """The lead units of each task in ``multi``, in the order printed."""
    _, _, t, u, is_lead = assignment_codes(plan)
    pair = t * len(unit_names) + u
    rows = np.flatnonzero(is_lead & np.isin(t, multi))
    # first mention of each (task, unit), grouped by task in printed order
    _, first = np.unique(pair[rows], return_index=True)
    rows = rows[np.sort(first)]
    rows = rows[np.argsort(t[rows], kind="stable")]
    cuts = (np.flatnonzero(np.diff(t[rows])) + 1).tolist()
    names = unit_names[u[rows]].tolist()
    return [_names(names[a:b]) for a, b in zip([0, *cuts], [*cuts, len(names)])]


@shared_doc
def checks(plan: Plan, *, max_units: int | None = None, k: float = 1.5,
           B: Biadjacency | None = None) -> pd.DataFrame:
    """Find accountability problems in a plan.

    Parameters
    ----------
    plan : Plan
    max_units : int, optional
        A task naming more distinct units than this is reported as
        ``many_units``. By default the limit is Tukey's fence on the number
        of units per task, Q3 + ``k``·IQR over all tasks of the plan.
    k : float
        Multiplier of the IQR in the default limit.
    {{B}}

    Returns
    -------
    pandas.DataFrame
        Columns ``kind, severity, task_id, unit, message`` (``pd.NA`` where a
        column does not apply). Kinds, in the order listed:

        ``multiple_leads`` (warning)
            a task with two or more lead units: accountability is diffused;
        ``no_lead`` (error)
            a task with no lead unit;
        ``no_support`` (info)
            a task with no supporting unit;
        ``open_ended`` (warning)
            a task whose unit list ended with 等 (``tasks.open_ended``);
        ``catch_all_unit`` (warning)
            a catch-all assignee such as 各镇（街道） (``units.is_group``);
        ``support_only`` (info)
            a unit that supports tasks but leads none;
        ``many_units`` (warning)
            a task carried by more units than the limit.

        Rows are ordered by kind, then task order in the plan, then unit.
        ``attrs["max_units"]`` holds the limit used for ``many_units``.

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "区发改局", "lead"), ("1", "区财政局", "lead"),
    ...                                       ("2", "区财政局", "support")])
    >>> checks(plan)[["kind", "task_id", "unit"]]
                 kind task_id  unit
    0  multiple_leads       1  <NA>
    1         no_lead       2  <NA>
    2      no_support       1  <NA>
    """
    tasks = plan.tasks
    task_ids = tasks["task_id"].astype(str).to_numpy()
    unit_names = np.array(sorted(plan.units["unit"].astype(str)), dtype=object)
    n_lead, n_support, n_units, n_lead_u, n_tasks_u = _counts(biadjacency(plan) if B is None else B)
    multi = np.flatnonzero(n_lead > 1)  # the leads named in the order printed
    leads = _lead_names(plan, multi, unit_names) if len(multi) else []
    none, nosup = task_ids[n_lead == 0], task_ids[n_support == 0]
    open_ids = task_ids[tasks["open_ended"].fillna(False).astype(bool).to_numpy()]
    groups = np.flatnonzero(is_group(plan, unit_names))
    sup_only = np.flatnonzero(n_lead_u == 0)
    limit, how = _limit(n_units.astype(float), max_units, k)
    many = np.flatnonzero(n_units > limit)
    frames = [  # kind by kind, tasks in plan order and units by name
        _found("multiple_leads", task_ids[multi], None, [
            f"task {task_ids[i]} has {n_lead[i]} lead units ({nm}): accountability is diffused"
            for i, nm in zip(multi, leads, strict=True)]),
        _found("no_lead", none, None, [f"task {i} names no lead unit" for i in none]),
        _found("no_support", nosup, None, [f"task {i} names no supporting unit" for i in nosup]),
        _found("open_ended", open_ids, None, [
            f"task {i}'s unit list ends with 等: other, unnamed units are also responsible"
            for i in open_ids]),
        _found("catch_all_unit", None, unit_names[groups], [
            f"{unit_names[j]} is a catch-all assignee, named in {_n(n_tasks_u[j], 'task')} "
            f"({n_lead_u[j]} as lead): nobody in particular is accountable" for j in groups]),
        _found("support_only", None, unit_names[sup_only], [
            f"{unit_names[j]} supports {_n(n_tasks_u[j], 'task')} but leads none" for j in sup_only]),
        _found("many_units", task_ids[many], None, [
            f"task {task_ids[i]} is carried by {_n(n_units[i], 'unit')} ({n_lead[i]} lead, "
            f"{n_support[i]} support), more than {how}" for i in many]),
    ]
    out = pd.concat(frames, ignore_index=True)
    out.attrs["max_units"] = limit
    return out


def _found(kind: str, task_id, unit, message: list[str]) -> pd.DataFrame:
    """The findings of one kind: ``task_id`` or ``unit`` (None where it does not apply) and messages."""
    n = len(message)
    return pd.DataFrame({"kind": [kind] * n, "severity": [KINDS[kind]] * n,
                         "task_id": list(task_id) if task_id is not None else [pd.NA] * n,
                         "unit": list(unit) if unit is not None else [pd.NA] * n,
                         "message": message}, dtype="string")


def _limit(counts: np.ndarray, max_units: int | None, k: float) -> tuple[float, str]:
    """The ``many_units`` limit and how it was set: ``max_units``, else Tukey's fence."""
    if max_units is not None:
        return float(max_units), f"the limit of {float(max_units):g} units per task"
    if not len(counts):
        return float("inf"), "no tasks"
    q1, q3 = np.percentile(counts, [25, 75])
    limit = float(q3 + k * (q3 - q1))
    return limit, f"Q3 + {k:g}·IQR = {limit:g} units per task (Q3 {q3:g}, IQR {q3 - q1:g})"
