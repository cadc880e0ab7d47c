"""What changed between two plans: loads per unit, roles per task, ties per pair.

``before`` and ``after`` are any two plans: this year's and last year's, or a
plan and an edited copy of it (:mod:`yjgraph.edit`). Loads, shares, ranks and
overload flags are those of :func:`yjgraph.workload` run on each plan with the
same settings, so the comparison uses the one load definition of yjgraph;
ties are those of :func:`yjgraph.coresponsibility`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .._atomic import write_csv
from .._docstrings import shared_doc
from ..model import Plan, strongest_roles
from .coresponsibility import coresponsibility
from .workload import workload

__all__ = ["compare", "Comparison"]

_UNIT_COLUMNS = ["n_lead", "n_support", "load", "share", "rank", "overloaded"]


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`: three tables and what was edited.

    Attributes
    ----------
    units : pandas.DataFrame
        One row per unit of either plan (index ``unit``): ``status``
        (``unchanged``, ``changed``, ``added``, ``removed``), ``note`` (what
        an edit did to it, e.g. "merged into 区经济科技信息化局"),
        ``n_lead_before/after``, ``n_support_before/after``,
        ``load_before/after``, ``load_change`` (a unit absent from a plan
        counting 0 there), ``share_before/after``, ``share_change``,
        ``rank_before/after``, ``rank_change`` (after − before: negative
        means heavier), ``overloaded_before/after`` (NA where absent),
        ``overload_change`` ("newly overloaded", "no longer overloaded" or
        ""), and with a capacity ``load_per_capacity_before/after``. Sorted
        by the size of the change, then load after, then name.
    tasks : pandas.DataFrame
        One row per task and unit whose role differs: ``task_id,
        chapter_no, unit, role_before, role_after, change`` ("added",
        "removed", "lead → support", "support → lead").
    pairs : pandas.DataFrame
        One row per pair of units whose shared tasks changed:
        ``unit_a, unit_b, shared_before, shared_after, shared_change,
        weighted_before, weighted_after``.
    edits : list of dict
        The edits ``after`` records beyond those of ``before``
        (``meta["edits"]``, see :mod:`yjgraph.edit`).
    attrs : dict
        ``rule``, ``threshold_before`` and ``threshold_after`` (the value above
        which a unit is flagged), ``basis`` and the plans' titles.
    """

    units: pd.DataFrame
    tasks: pd.DataFrame
    pairs: pd.DataFrame
    edits: list = field(default_factory=list)
    attrs: dict = field(default_factory=dict)

    def summary(self) -> dict:
        """Counts at a glance.

        Examples
        --------
        >>> plan = yjgraph.load_example()
        >>> c = yjgraph.compare(plan, plan.reassign("1", "区商务局", to="区财政局"))
        >>> {k: c.summary()[k] for k in ("units_changed", "roles_changed", "pairs_changed")}
        {'units_changed': 2, 'roles_changed': 2, 'pairs_changed': 10}
        """
        u = self.units
        basis = self.attrs.get("basis", "load")
        col = "load" if basis == "load" else "load_per_capacity"
        return {
            "units_before": int(u["load_before"].notna().sum()),
            "units_after": int(u["load_after"].notna().sum()),
            "units_changed": int((u["status"] != "unchanged").sum()),
            "max_before": float(u[f"{col}_before"].max()),
            "max_after": float(u[f"{col}_after"].max()),
            "overloaded_before": int(u["overloaded_before"].fillna(False).sum()),
            "overloaded_after": int(u["overloaded_after"].fillna(False).sum()),
            "roles_changed": len(self.tasks),
            "tasks_changed": int(self.tasks["task_id"].nunique()),
            "pairs_changed": len(self.pairs),
            "edits": [e.get("text", e.get("edit", "")) for e in self.edits],
        }

    def to_csv(self, directory: str | Path) -> list[Path]:
        """Write ``changes.csv`` (units), ``task_changes.csv`` and ``pair_changes.csv``.

        UTF-8 with a byte-order mark, as Excel wants for Chinese text, and formula-safe
        (:func:`yjgraph._atomic.write_csv`).
        """
        return [write_csv(df, Path(directory) / f"{name}.csv")
                for name, df in (("changes", self.units.reset_index()), ("task_changes", self.tasks),
                                 ("pair_changes", self.pairs))]

    def _repr_html_(self) -> str:
        s = self.summary()
        cols = ["status", "load_before", "load_after", "load_change", "overload_change", "note"]
        head = self.units[self.units["status"] != "unchanged"][cols].head(15)
        return (f"<div><strong>yjgraph.Comparison</strong>: {s['units_changed']} units, "
                f"{s['roles_changed']} roles, {s['pairs_changed']} pairs changed; overloaded "
                f"{s['overloaded_before']} → {s['overloaded_after']}{head.to_html()}</div>")


def _new_edits(before: Plan, after: Plan) -> list[dict]:
    eb, ea = list(before.meta.get("edits", [])), list(after.meta.get("edits", []))
    return ea[len(eb):] if ea[: len(eb)] == eb else ea


def _notes(edits: list[dict]) -> dict[str, str]:
    """What each edit did to a unit, in words (later edits appended)."""
    notes: dict[str, list[str]] = {}

    def add(unit, text):
        notes.setdefault(str(unit), []).append(text)

    for e in edits:
        kind = e.get("edit")
        if kind == "merge_units":
            into = e["into"]
            for u in e["units"]:
                if u != into:
                    add(u, f"merged into {into}")
            add(into, f"merged with {'、'.join(u for u in e['units'] if u != into)}")
        elif kind == "rename_units":
            for old, new in e["names"].items():
                add(old, f"renamed {new}")
                add(new, f"renamed from {old}")
        elif kind == "remove_unit":
            to = e.get("reassign_to")
            add(e["unit"], f"removed, roles to {to}" if to else "removed")
            if to:
                add(to, f"took over the roles of {e['unit']}")
        elif kind == "reassign":
            if e["to"] != e["unit"]:
                add(e["unit"], f"task {e['task_id']} moved to {e['to']}")
                add(e["to"], f"task {e['task_id']} taken over from {e['unit']}")
            else:
                add(e["unit"], f"task {e['task_id']}: now {e['role']}")
        elif kind == "add_task":
            for u in [*e["lead"], *e["support"]]:
                add(u, f"new task {e['task_id']}")
    return {u: "; ".join(v) for u, v in notes.items()}


def _roles(plan: Plan) -> pd.DataFrame:
    """One role per task and unit, the strongest (as every load counts it)."""
    return strongest_roles(plan.assignments)[["task_id", "unit", "role"]].astype(str)


def _task_changes(before: Plan, after: Plan) -> pd.DataFrame:
    rb, ra = _roles(before), _roles(after)
    m = rb.merge(ra, on=["task_id", "unit"], how="outer", suffixes=("_before", "_after"))
    m = m[m["role_before"].fillna("") != m["role_after"].fillna("")].copy()
    change = np.where(m["role_before"].isna(), "added",
                      np.where(m["role_after"].isna(), "removed",
                               m["role_before"].fillna("") + " → " + m["role_after"].fillna("")))
    m["change"] = change
    t = pd.concat([after.tasks[["task_id", "chapter_no"]], before.tasks[["task_id", "chapter_no"]]])
    t = t.assign(task_id=t["task_id"].astype(str)).drop_duplicates("task_id")
    order = {tid: i for i, tid in enumerate(pd.concat([before.tasks["task_id"], after.tasks["task_id"]])
                                               .astype(str).drop_duplicates())}
    m = m.merge(t, on="task_id", how="left")
    m["_o"] = m["task_id"].map(order)
    m = m.sort_values(["_o", "unit"], kind="stable").reset_index(drop=True)
    out = m[["task_id", "chapter_no", "unit", "role_before", "role_after", "change"]]
    return out.astype({c: "string" for c in out.columns})


def _pair_changes(before: Plan, after: Plan, weights) -> pd.DataFrame:
    key = ["unit_a", "unit_b"]
    cb = coresponsibility(before, weights=weights)[[*key, "shared_tasks", "weighted"]]
    ca = coresponsibility(after, weights=weights)[[*key, "shared_tasks", "weighted"]]
    m = cb.merge(ca, on=key, how="outer", suffixes=("_before", "_after"))
    m = m.rename(columns={"shared_tasks_before": "shared_before", "shared_tasks_after": "shared_after"})
    for c in ("shared_before", "shared_after"):
        m[c] = m[c].fillna(0).astype(np.int64)
    for c in ("weighted_before", "weighted_after"):
        m[c] = m[c].fillna(0.0)
    m["shared_change"] = m["shared_after"] - m["shared_before"]
    m = m[(m["shared_change"] != 0) | ~np.isclose(m["weighted_before"], m["weighted_after"])]
    m = m.assign(_abs=-m["shared_change"].abs()).sort_values(["_abs", *key], kind="stable")
    cols = [*key, "shared_before", "shared_after", "shared_change", "weighted_before", "weighted_after"]
    return m[cols].reset_index(drop=True)


@shared_doc
def compare(before: Plan, after: Plan, *, weights: Mapping[str, float] | None = None,
            rule: str = "robust_z", threshold: float | None = None,
            capacity: Mapping[str, float] | pd.Series | None = None) -> Comparison:
    """Compare two plans unit by unit, task by task and pair by pair.

    Parameters
    ----------
    before, after : Plan
        Two plans, e.g. a plan and its edited copy, or last year's and this year's.
    {{weights}}
    rule, threshold, capacity
        As in :func:`yjgraph.workload`, applied to each plan on its own (a
        unit's overload is judged against its own plan's distribution;
        capacity names may be any spelling either plan uses).

    Returns
    -------
    Comparison
        ``units``, ``tasks`` and ``pairs`` tables (see :class:`Comparison`).

    Examples
    --------
    >>> plan = yjgraph.load_example()
    >>> merged = plan.merge_units({"区经济科技信息化局": ["区经济科技信息化局", "区投资促进局"]})
    >>> c = yjgraph.compare(plan, merged)
    >>> c.units.loc[["区经济科技信息化局", "区投资促进局"],
    ...             ["status", "load_before", "load_after", "load_change"]]
                  status  load_before  load_after  load_change
    unit
    区经济科技信息化局  changed         30.5        34.5          4.0
    区投资促进局      removed          9.5         NaN         -9.5
    >>> c.units.loc["区投资促进局", "note"]
    'merged into 区经济科技信息化局'
    """
    kw = {"weights": weights, "rule": rule, "threshold": threshold}
    wb = workload(before, capacity=capacity, **kw)
    wa = workload(after, capacity=capacity, **kw)
    cols = _UNIT_COLUMNS + (["load_per_capacity"] if capacity is not None else [])
    b = wb[cols].add_suffix("_before")
    a = wa[cols].add_suffix("_after")
    u = b.join(a, how="outer")
    u.index = u.index.astype("string").rename("unit")
    in_b, in_a = u["load_before"].notna(), u["load_after"].notna()
    u = u.astype({"overloaded_before": "boolean", "overloaded_after": "boolean",
                  **{f"{c}_{side}": "Int64" for c in ("n_lead", "n_support", "rank")
                     for side in ("before", "after")}})
    u["load_change"] = u["load_after"].fillna(0.0) - u["load_before"].fillna(0.0)
    u["share_change"] = u["share_after"].fillna(0.0) - u["share_before"].fillna(0.0)
    u["rank_change"] = u["rank_after"] - u["rank_before"]
    same = ((u["n_lead_before"] == u["n_lead_after"]) & (u["n_support_before"] == u["n_support_after"])
            & np.isclose(u["load_before"].fillna(-1), u["load_after"].fillna(-1))).fillna(False)
    u["status"] = np.where(~in_b, "added", np.where(~in_a, "removed",
                                                    np.where(same, "unchanged", "changed")))
    ob = u["overloaded_before"].fillna(False).astype(bool)
    oa = u["overloaded_after"].fillna(False).astype(bool)
    u["overload_change"] = np.where(oa & ~ob, "newly overloaded",
                                    np.where(ob & ~oa, "no longer overloaded", ""))
    edits = _new_edits(before, after)
    notes = _notes(edits)
    u["note"] = [notes.get(str(unit), "") for unit in u.index]
    u = u.astype({"status": "string", "overload_change": "string", "note": "string"})
    order = ["status", "note", "n_lead_before", "n_lead_after", "n_support_before", "n_support_after",
             "load_before", "load_after", "load_change", "share_before", "share_after", "share_change",
             "rank_before", "rank_after", "rank_change", "overloaded_before", "overloaded_after",
             "overload_change"]
    if capacity is not None:
        order += ["load_per_capacity_before", "load_per_capacity_after"]
    u = u[order]
    key = np.lexsort((u.index.to_numpy(str), -u["load_after"].fillna(0.0).to_numpy(),
                      -u["load_change"].abs().round(9).to_numpy()))
    u = u.iloc[key]
    attrs = {
        "rule": wb.attrs.get("rule_name", rule),
        "basis": wb.attrs.get("basis", "load"),
        "threshold_before": wb.attrs.get("threshold_value"),
        "threshold_after": wa.attrs.get("threshold_value"),
        "before": before.title,
        "after": after.title,
    }
    return Comparison(units=u, tasks=_task_changes(before, after),
                      pairs=_pair_changes(before, after, weights), edits=edits, attrs=attrs)
