"""What-if edits of a plan: merge, rename or remove units, move a role, add a task.

Every edit is a pure function that returns a **new** :class:`~yjgraph.Plan`
(the input is never changed) whose derived tables are derived again from the
edited assignments, and appends one record to ``plan.meta["edits"]`` so that
a report can say what was changed. The same edits are methods of ``Plan``,
so they chain::

    plan.merge_units({"区经济科技信息化局": ["区经信局", "区科技局"]}).reassign("12", "区商务局", to="区投资促进局")

One unit holds one role per task: when an edit names a unit twice in a task
(a merge of its lead and one of its supports, a role moved to a unit already
on the task) the unit keeps its strongest role, the lead, exactly as
:func:`yjgraph.biadjacency` and :func:`yjgraph.workload` count it.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Mapping

import pandas as pd

from .errors import YjgraphError
from .model import ASSIGNMENT_COLUMNS, ROLES, TASK_COLUMNS, Plan, frame

__all__ = ["PlanEditError", "merge_units", "rename_units", "remove_unit", "reassign", "add_task"]


class PlanEditError(YjgraphError, ValueError):
    """An edit names a unit or task the plan does not have, or contradicts itself."""


# ------------------------------------------------------------------ helpers
def _units(plan: Plan) -> set[str]:
    return set(plan.units["unit"].astype(str))


def _check_units(plan: Plan, names: Iterable[str], what: str) -> None:
    known = _units(plan)
    missing = [n for n in names if n not in known]
    if missing:
        raise PlanEditError(f"{what}: no unit {'、'.join(missing)} in the plan "
                            f"(its units are listed in plan.units)")


def _move(a: pd.DataFrame, touched: pd.Series, unit: str, role: str | None = None) -> tuple[pd.DataFrame, int]:
    """``a`` with the ``touched`` rows given to ``unit`` (and ``role``), and the number of rows dropped.

    A unit this names twice in a task keeps its strongest role; duplicates the edit did not touch stay.
    """
    a = a.copy()
    a.loc[touched, "unit"] = unit
    if role is not None:
        a.loc[touched, "role"] = role
    key = a["task_id"].astype(str) + "\x00" + a["unit"].astype(str)
    hit = set(key[touched.to_numpy()])
    inside = key.isin(hit)
    sub = a[inside].assign(_weak=(a.loc[inside, "role"] != "lead").astype(int))
    keep = sub.sort_values("_weak", kind="stable").drop_duplicates(["task_id", "unit"]).index
    drop = sub.index.difference(keep)
    return a.drop(index=drop).reset_index(drop=True), len(drop)


def _derive(plan: Plan, assignments: pd.DataFrame, record: dict, *,
            tasks: pd.DataFrame | None = None) -> Plan:
    """A new plan from edited tables: units derived again (:meth:`Plan.with_assignments`), the edit recorded."""
    meta = copy.deepcopy(plan.meta)
    meta["edits"] = [*meta.get("edits", []), record]
    changes = {"meta": meta}
    if tasks is not None:
        changes["tasks"] = frame(tasks, TASK_COLUMNS)
    return dataclasses.replace(plan.with_assignments(assignments), **changes)


def _leadless(a: pd.DataFrame, task_ids) -> list[str]:
    """Those of ``task_ids`` that have units but no lead in ``a``."""
    sub = a[a["task_id"].isin(list(task_ids))]
    has_lead = set(sub.loc[sub["role"] == "lead", "task_id"])
    return sorted({str(t) for t in sub["task_id"]} - has_lead, key=_task_key)


def _task_key(tid: str):
    return (0, int(tid), "") if str(tid).isdigit() else (1, 0, str(tid))


# -------------------------------------------------------------------- edits
def merge_units(plan: Plan, mapping: Mapping[str, Iterable[str]]) -> Plan:
    """Merge units into one (机构改革): every role of the old units goes to the new one.

    Parameters
    ----------
    plan : Plan
    mapping : mapping of str to list of str
        ``{new_name: [old_name, ...]}``. The new name may be one of the old
        ones or a name not yet in the plan. A merged unit named twice in a
        task keeps one role, the lead.

    Returns
    -------
    Plan
        A new plan; the old names stay in ``unit_raw``, so they are listed as
        aliases of the new unit (those of its rows that remain), and ``meta["edits"]`` ends with
        ``{"edit": "merge_units", "into": new, "units": [...], "rows": n,
        "roles_dropped": k, "text": ...}`` per new name.

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "区经信局", "lead"), ("1", "区科技局", "support"),
    ...                                       ("2", "区科技局", "lead")])
    >>> merged = plan.merge_units({"区经济科技信息化局": ["区经信局", "区科技局"]})
    >>> merged.units[["unit", "n_lead", "n_support"]].values.tolist()
    [['区经济科技信息化局', 2, 0]]
    >>> merged.meta["edits"][-1]["text"]
    '区经信局、区科技局 merged into 区经济科技信息化局 (3 roles; 1 duplicate role dropped)'
    """
    out = plan
    for new, olds in dict(mapping).items():
        olds = list(dict.fromkeys([olds] if isinstance(olds, str) else olds))
        if not olds:
            raise PlanEditError(f"merge into {new}: no units to merge")
        _check_units(out, olds, f"merge into {new}")
        if new in _units(out) - set(olds):
            raise PlanEditError(f"merge into {new}: {new} is already a unit of the plan; "
                                f"list it among the units merged ({new}, {'、'.join(olds)})")
        touched = out.assignments["unit"].isin(olds)
        a, dropped = _move(out.assignments, touched, new)
        text = (f"{'、'.join(olds)} merged into {new} ({int(touched.sum())} roles"
                + (f"; {dropped} duplicate role{'s' * (dropped != 1)} dropped)" if dropped else ")"))
        out = _derive(out, a, {"edit": "merge_units", "into": new, "units": olds,
                               "rows": int(touched.sum()), "roles_dropped": dropped, "text": text})
    return out


def rename_units(plan: Plan, mapping: Mapping[str, str]) -> Plan:
    """Give units new names (``{old: new}``); the old names become aliases.

    Renaming to a name that is already a unit would merge the two: use
    :func:`merge_units` for that.

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "区科技局", "lead")])
    >>> renamed = plan.rename_units({"区科技局": "区科学技术局"})
    >>> renamed.units[["unit", "aliases"]].values.tolist()
    [['区科学技术局', '区科技局']]
    """
    mapping = {str(k): str(v) for k, v in dict(mapping).items() if k != v}
    _check_units(plan, mapping, "rename")
    stay = _units(plan) - set(mapping)
    clash = sorted({v for v in mapping.values() if v in stay})
    if clash or len(set(mapping.values())) < len(mapping):
        names = "、".join(clash) or "two units to one name"
        raise PlanEditError(f"rename: {names} would merge units; use merge_units")
    a = plan.assignments.copy()
    touched = a["unit"].isin(mapping)
    a.loc[touched, "unit"] = a.loc[touched, "unit"].map(mapping)
    text = "; ".join(f"{k} renamed {v}" for k, v in mapping.items())
    return _derive(plan, a, {"edit": "rename_units", "names": mapping,
                             "rows": int(touched.sum()), "text": text})


def remove_unit(plan: Plan, name: str, reassign_to: str | None = None) -> Plan:
    """Remove a unit; its roles go to ``reassign_to``, or are dropped.

    Parameters
    ----------
    plan : Plan
    name : str
        A unit of the plan.
    reassign_to : str, optional
        The unit that takes over every role (kept as lead where it would
        hold two). Without it the roles are dropped, and the record lists
        ``tasks_without_lead``: the tasks left with units but no lead.

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "甲", "lead"), ("1", "乙", "support")])
    >>> plan.remove_unit("甲").meta["edits"][-1]["tasks_without_lead"]
    ['1']
    >>> plan.remove_unit("甲", reassign_to="乙").assignments[["unit", "role"]].values.tolist()
    [['乙', 'lead']]
    """
    _check_units(plan, [name], "remove")
    a = plan.assignments
    touched = a["unit"] == name
    tasks = pd.unique(a.loc[touched, "task_id"])
    if reassign_to is None:
        a = a[~touched].reset_index(drop=True)
        leadless = _leadless(a, tasks)
        text = f"{name} removed ({int(touched.sum())} roles dropped)"
        if leadless:
            text += f"; tasks without a lead: {', '.join(leadless)}"
        return _derive(plan, a, {"edit": "remove_unit", "unit": name, "reassign_to": None,
                                 "rows": int(touched.sum()), "tasks_without_lead": leadless,
                                 "text": text})
    if reassign_to == name:
        raise PlanEditError(f"remove {name}: cannot reassign its roles to itself")
    a, dropped = _move(a, touched, reassign_to)
    text = f"{name} removed, its {int(touched.sum())} roles to {reassign_to}"
    return _derive(plan, a, {"edit": "remove_unit", "unit": name, "reassign_to": reassign_to,
                             "rows": int(touched.sum()), "roles_dropped": dropped,
                             "tasks_without_lead": [], "text": text})


def reassign(plan: Plan, task_id, unit: str, role: str | None = None,
             to: str | None = None) -> Plan:
    """Move a unit's role in one task to another unit, change the role, or both.

    Parameters
    ----------
    plan : Plan
    task_id : str
        The task.
    unit : str
        A unit named in the task.
    role : {"lead", "support"}, optional
        The role after the edit; default: the role the unit holds.
    to : str, optional
        The unit that takes the role over (a unit of the plan or a new
        one); default: ``unit`` itself (only the role changes). A unit
        already on the task keeps one role, the lead.

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "甲", "lead"), ("1", "乙", "support")])
    >>> moved = plan.reassign("1", "乙", to="丙")
    >>> moved.assignments[["unit", "role"]].values.tolist()
    [['甲', 'lead'], ['丙', 'support']]
    >>> moved.meta["edits"][-1]["text"]
    'task 1: support 乙 → 丙'
    >>> plan.reassign("1", "乙", role="lead").units["n_lead"].tolist()
    [1, 1]
    """
    task_id = str(task_id)
    if role is None and to is None:
        raise PlanEditError(f"reassign task {task_id}, {unit}: give a role, a unit to move to, or both")
    if role is not None and role not in ROLES:
        raise PlanEditError(f"reassign task {task_id}: unknown role {role!r}; expected one of {ROLES}")
    if task_id not in set(plan.tasks["task_id"].astype(str)):
        raise PlanEditError(f"no task {task_id!r} in the plan")
    a = plan.assignments
    touched = (a["task_id"] == task_id) & (a["unit"] == unit)
    if not touched.any():
        raise PlanEditError(f"reassign: {unit} is not named in task {task_id}")
    before = "lead" if (a.loc[touched, "role"] == "lead").any() else "support"
    target = unit if to is None else str(to)
    a, dropped = _move(a, touched, target, role)
    after = role or before
    text = f"task {task_id}: {before} {unit}"
    text += f" → {target}" if target != unit else ""
    text += f" as {after}" if after != before else ""
    leadless = _leadless(a, [task_id])
    if leadless:
        text += " (the task has no lead now)"
    return _derive(plan, a, {"edit": "reassign", "task_id": task_id, "unit": unit, "to": target,
                             "role_before": before, "role": after, "roles_dropped": dropped,
                             "tasks_without_lead": leadless, "text": text})


def add_task(plan: Plan, task_id, *, lead: Iterable[str] | str, support: Iterable[str] | str = (),
             text: str | None = None, chapter_no: str | None = None, chapter: str | None = None,
             **fields) -> Plan:
    """Add a task with its lead and support units.

    Parameters
    ----------
    plan : Plan
    task_id : str
        A task id not yet in the plan.
    lead, support : str or list of str
        The units (of the plan or new ones); a unit in both lists leads.
    text : str, optional
        The task's text (its title is the text).
    chapter_no, chapter : str, optional
        The chapter; when only one is given the other is looked up among
        the plan's chapters.
    **fields
        Other columns of :data:`yjgraph.model.TASK_COLUMNS` (``section``,
        ``deadline`` ...).

    Examples
    --------
    >>> plan = yjgraph.load_example().add_task("87", lead="区商务局", support=["区财政局"],
    ...                                        text="新增任务", chapter_no="四")
    >>> plan.tasks.iloc[-1][["task_id", "chapter_no", "chapter"]].tolist()
    ['87', '四', '共建现代高端产业集聚区']
    >>> plan.summary()["lead"], plan.summary()["support"]
    (159, 134)
    """
    task_id = str(task_id)
    if task_id in set(plan.tasks["task_id"].astype(str)):
        raise PlanEditError(f"add task: task {task_id!r} is already in the plan")
    leads = [lead] if isinstance(lead, str) else list(lead)
    supports = [support] if isinstance(support, str) else list(support)
    if not leads:
        raise PlanEditError(f"add task {task_id}: name at least one lead unit")
    unknown = set(fields) - set(TASK_COLUMNS)
    if unknown:
        raise PlanEditError(f"add task {task_id}: unknown task columns {sorted(unknown)}")
    chapters = plan.tasks[["chapter_no", "chapter"]].drop_duplicates().dropna()
    if chapter_no is not None and chapter is None:
        hit = chapters.loc[chapters["chapter_no"] == chapter_no, "chapter"]
        chapter = hit.iloc[0] if len(hit) else chapter_no
    elif chapter is not None and chapter_no is None:
        hit = chapters.loc[chapters["chapter"] == chapter, "chapter_no"]
        chapter_no = hit.iloc[0] if len(hit) else None
    row = {"task_id": task_id, "number": task_id, "chapter_no": chapter_no, "chapter": chapter,
           "title": text, "text": text, "open_ended": False, **fields}
    tasks = pd.concat([plan.tasks, frame([row], TASK_COLUMNS)], ignore_index=True)
    units = list(dict.fromkeys(leads)) + [u for u in dict.fromkeys(supports) if u not in leads]
    new = pd.DataFrame({"task_id": task_id, "unit": units, "unit_raw": units,
                        "role": ["lead" if u in leads else "support" for u in units],
                        "position": range(1, len(units) + 1), "line": pd.NA})
    a = pd.concat([plan.assignments, frame(new, ASSIGNMENT_COLUMNS)], ignore_index=True)
    text_ = f"task {task_id} added: led by {'、'.join(leads)}"
    if len(units) > len(leads):
        text_ += f", supported by {'、'.join(units[len(leads):])}"
    return _derive(plan, a, {"edit": "add_task", "task_id": task_id, "lead": leads,
                             "support": units[len(leads):], "text": text_}, tasks=tasks)
