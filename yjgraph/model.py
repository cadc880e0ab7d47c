"""The plan model: a few tidy tables that everything downstream reads.

Data flows one way: a source is parsed into a :class:`Plan`; graphs,
matrices, analyses, charts and HTML are all derived from its tables and
never parse anything themselves.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ._atomic import write_csv

__all__ = [
    "Plan",
    "DEFAULT_WEIGHTS",
    "ROLES",
    "TASK_COLUMNS",
    "ASSIGNMENT_COLUMNS",
    "UNIT_COLUMNS",
    "FINDING_COLUMNS",
    "resolve_weights",
    "strongest_roles",
    "units_table",
    "UnmatchedNameWarning",
]

#: The two roles a unit can hold in a task.
ROLES = ("lead", "support")

#: Role weights used when none are given: a lead counts twice a support.
DEFAULT_WEIGHTS: Mapping[str, float] = {"lead": 1.0, "support": 0.5}

TASK_COLUMNS = [
    "task_id",  # unique id: the number as printed (qualified by chapter only if numbers restart)
    "number",  # the number exactly as printed
    "chapter_no",
    "chapter",
    "section_no",
    "section",
    "title",  # first sentence of the text
    "text",
    "line",  # 1-based line of the task's first line in the source
    "deadline",
    "leader",  # people named as responsible (责任领导 ...), never units
    "source",  # task source (任务来源), when printed
    "open_ended",  # the unit list ended with 等 / 等部门 ...
]
ASSIGNMENT_COLUMNS = ["task_id", "unit", "unit_raw", "role", "position", "line"]
UNIT_COLUMNS = ["unit", "aliases", "is_group", "n_lead", "n_support"]
FINDING_COLUMNS = ["line", "kind", "severity", "task_id", "message", "text"]

_DTYPES = {
    **dict.fromkeys(["task_id", "number", "chapter_no", "chapter", "section_no", "section", "title", "text",
                     "deadline", "leader", "source", "unit", "unit_raw", "role", "aliases", "kind", "severity",
                     "message"], "string"),
    **dict.fromkeys(["line", "position"], "Int64"),
    **dict.fromkeys(["n_lead", "n_support"], "int64"),
    **dict.fromkeys(["open_ended", "is_group"], "bool"),
}


class UnmatchedNameWarning(UserWarning):
    """A user table (capacity, aliases ...) names a unit the plan does not have."""


def resolve_weights(weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """Return a complete ``{role: weight}`` mapping.

    Parameters
    ----------
    weights : mapping, optional
        Weights for some or all of the roles ``"lead"`` and ``"support"``;
        missing roles take their value from :data:`DEFAULT_WEIGHTS`.

    Examples
    --------
    >>> resolve_weights({"support": 0.25})
    {'lead': 1.0, 'support': 0.25}
    """
    out = dict(DEFAULT_WEIGHTS)
    for role, value in dict(weights or {}).items():
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r} in weights; expected one of {ROLES}")
        value = float(value)
        if not value >= 0:
            raise ValueError(f"weight of {role!r} must be a non-negative number, got {value!r}")
        out[role] = value
    return out


def frame(rows, columns: list[str]) -> pd.DataFrame:
    """Build a DataFrame with exactly ``columns`` in the model's dtypes.

    ``rows`` is a list of dicts or a DataFrame (its other columns are dropped).
    """
    if isinstance(rows, pd.DataFrame):
        df = rows.reindex(columns=columns).reset_index(drop=True)
    else:
        df = pd.DataFrame(list(rows), columns=columns)
    for col in (c for c in columns if c in _DTYPES):
        dtype = _DTYPES[col]
        df[col] = df[col].astype("boolean").fillna(False).astype(bool) if dtype == "bool" else df[col].astype(dtype)
    return df


def strongest_roles(assignments: pd.DataFrame) -> pd.DataFrame:
    """One row per (task, unit): the first row naming it, with role ``lead`` if any row leads.

    This is the one rule by which every count and load in yjgraph treats a
    unit named twice in one task: it counts once, with its strongest role.

    Examples
    --------
    >>> a = pd.DataFrame({"task_id": ["1", "1", "1"], "unit": ["甲", "乙", "甲"],
    ...                   "role": ["support", "lead", "lead"]})
    >>> strongest_roles(a)[["task_id", "unit", "role"]].values.tolist()
    [['1', '甲', 'lead'], ['1', '乙', 'lead']]
    """
    a = assignments
    task = pd.factorize(a["task_id"].astype(str), use_na_sentinel=False)[0]
    unit, units = pd.factorize(a["unit"].astype(str), use_na_sentinel=False)
    _, first, pair = np.unique(task * max(len(units), 1) + unit, return_index=True, return_inverse=True)
    any_lead = np.bincount(pair, weights=(a["role"] == "lead").to_numpy(bool, na_value=False)) > 0
    rows = np.sort(first)
    out = a.iloc[rows].copy()
    out["role"] = out["role"].mask(any_lead[pair[rows]], "lead")
    return out


def why_no_tasks(plan: Plan) -> str:
    """Why no task was read, in one clause (with the first error finding, if any)."""
    errors = plan.findings.loc[plan.findings["severity"] == "error", "message"]
    return "no task could be read" + (f" ({errors.iloc[0]})" if len(errors) else "")


def units_table(assignments: pd.DataFrame, groups: set[str] | None = None, *,
                given: pd.DataFrame | None = None) -> pd.DataFrame:
    """Derive the units table (one row per canonical unit) from assignments.

    ``n_lead`` and ``n_support`` count distinct tasks, a unit named both lead
    and support of one task as lead (:func:`strongest_roles`). ``is_group``
    comes from ``groups`` if given, else from the ``given`` table (an earlier
    units table of the plan) for the units it lists, else from the name.
    Columns of ``given`` beyond :data:`UNIT_COLUMNS` are kept for the units
    it lists; ``plan_id`` and ``n_plans`` are derived when the assignments
    have a ``plan_id`` column (a corpus).
    """
    from .parse.units import is_group_name

    a = assignments
    pairs = strongest_roles(a[["task_id", "unit", "role"]])
    counts = pd.crosstab(pairs["unit"].astype(str), pairs["role"]).reindex(
        columns=list(ROLES), fill_value=0)
    raw = a[["unit", "unit_raw"]].astype(str)
    other = raw[raw["unit_raw"] != raw["unit"]].drop_duplicates()
    aliases = other.sort_values("unit_raw").groupby("unit")["unit_raw"].agg(" | ".join)
    units = counts.index.astype(str)
    known = {}
    if given is not None and len(given):
        known = dict(zip(given["unit"].astype(str), given["is_group"].astype(bool), strict=True))
    df = pd.DataFrame({
        "unit": units,
        "aliases": aliases.reindex(units).fillna("").to_numpy(),
        "is_group": [(u in groups) if groups is not None else known.get(u, is_group_name(u))
                     for u in units],
        "n_lead": counts["lead"].to_numpy(),
        "n_support": counts["support"].to_numpy(),
    })
    df = frame(df.sort_values("unit").reset_index(drop=True), UNIT_COLUMNS)
    if "plan_id" in a.columns:
        by_unit = a.groupby(a["unit"].astype(str))["plan_id"]
        df["plan_id"] = df["unit"].map(by_unit.agg(lambda s: " | ".join(dict.fromkeys(s)))).astype("string")
        df["n_plans"] = df["unit"].map(by_unit.nunique()).astype("int64")
    extra = [] if given is None else [c for c in given.columns if c not in df.columns]
    if given is not None and extra:
        df = df.join(given.set_index(given["unit"].astype(str))[extra], on="unit")
    return df


@dataclass
class Plan:
    """A task-allocation plan read into tidy tables.

    Attributes
    ----------
    tasks : pandas.DataFrame
        One row per task; columns :data:`TASK_COLUMNS`.
    assignments : pandas.DataFrame
        One row per task x unit x role; columns :data:`ASSIGNMENT_COLUMNS`.
        ``role`` is ``"lead"`` or ``"support"``; ``position`` is the unit's
        1-based place in the task's list; ``line`` the source line.
    units : pandas.DataFrame
        One row per canonical unit; columns :data:`UNIT_COLUMNS`.
        ``aliases`` lists the other spellings merged into it, ``" | "``-joined.
        Derived from ``assignments`` whenever they are replaced (the table
        given to the constructor only supplies ``is_group`` and extra
        columns), so it is never stale: change a plan with
        :meth:`with_assignments` (or ``dataclasses.replace``).
    findings : pandas.DataFrame
        One row per oddity met while reading; columns :data:`FINDING_COLUMNS`.
        ``severity`` is ``"error"``, ``"warning"`` or ``"info"``.
    meta : dict
        ``title``, ``issuer``, ``date``, ``source`` (any may be ``None``).
    outline : pandas.DataFrame or None
        Every numbered line the reader met (``line, level, number, title,
        status, task_id``) and what became of it: ``task``, ``heading``,
        ``subitem`` (part of a task's text) or ``finding``.

    Examples
    --------
    >>> plan = yjgraph.load_example()
    >>> plan
    <Plan '资阳市雁江区贯彻落实《成都都市圈发展规划》重点任务责任分工方案': 86 tasks, 34 units, 158 lead + 133 support assignments, ...>
    >>> plan.assignments.columns.tolist()
    ['task_id', 'unit', 'unit_raw', 'role', 'position', 'line']
    """

    tasks: pd.DataFrame
    assignments: pd.DataFrame
    units: pd.DataFrame  # derived from assignments: see the property below the class
    findings: pd.DataFrame
    meta: dict = field(default_factory=dict)
    outline: pd.DataFrame | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ build
    @classmethod
    def from_assignments(
        cls,
        assignments: pd.DataFrame | list[dict],
        tasks: pd.DataFrame | list[dict] | None = None,
        *,
        meta: Mapping | None = None,
    ) -> Plan:
        """Build a plan from a hand-made assignments table.

        Parameters
        ----------
        assignments : DataFrame, list of dict or list of tuple
            Needs ``task_id``, ``unit`` and ``role`` (a tuple holds these
            three in this order); other columns of :data:`ASSIGNMENT_COLUMNS`
            are filled in.
        tasks : DataFrame or list of dict, optional
            Task rows (needs ``task_id``); tasks missing here are created
            from the assignments with chapter ``"一"``.
        meta : mapping, optional

        Examples
        --------
        >>> plan = Plan.from_assignments([
        ...     {"task_id": "1", "unit": "区发改局", "role": "lead"},
        ...     {"task_id": "1", "unit": "区财政局", "role": "support"},
        ... ])
        >>> plan.units[["unit", "n_lead", "n_support"]].values.tolist()
        [['区发改局', 1, 0], ['区财政局', 0, 1]]
        >>> Plan.from_assignments([("1", "区发改局", "lead"), ("1", "区财政局", "support")]).units.equals(
        ...     plan.units)
        True
        """
        a = _assignments(assignments)

        t = pd.DataFrame(tasks if tasks is not None else {"task_id": []})
        t["task_id"] = t["task_id"].astype(str)
        extra = pd.unique(a.loc[~a["task_id"].isin(t["task_id"]), "task_id"])
        t = pd.concat([t, pd.DataFrame({"task_id": extra})], ignore_index=True)
        defaults = {"number": t["task_id"], "chapter_no": "一", "chapter": "一",
                    "open_ended": False}
        for col in TASK_COLUMNS:
            if col not in t:
                t[col] = defaults.get(col, pd.NA)
            elif col in defaults:
                t[col] = t[col].fillna(defaults[col])
        t["title"] = t["title"].fillna(t["text"])
        t = frame(t, TASK_COLUMNS)
        return cls(
            tasks=t,
            assignments=a,
            units=None,
            findings=frame([], FINDING_COLUMNS),
            meta=dict(meta or {}),
        )

    # ------------------------------------------------------------------ change
    def with_assignments(self, assignments: pd.DataFrame) -> Plan:
        """The same plan with other assignments; ``units`` is derived from them.

        Units that stay keep their ``is_group`` flag; tasks, findings and
        ``meta`` are kept as they are. The plan itself is not changed.

        Examples
        --------
        >>> plan = Plan.from_assignments([("1", "区发改局", "lead"), ("1", "区财政局", "support")])
        >>> plan.with_assignments(plan.assignments.head(1)).units["unit"].tolist()
        ['区发改局']
        """
        return replace(self, assignments=_assignments(assignments, keep_extra=True))

    def resolve_units(self, names) -> dict[str, str | None]:
        """Map names as a user may write them to the plan's units (``None``: no match).

        A name matches when it is a unit, a spelling the plan used for one
        (``unit_raw``), or a spelling the reader's alias rules would merge
        into one (``商务局`` -> ``区商务局``, ``县发改局`` -> ``县发展和改革局``).

        Examples
        --------
        >>> plan = yjgraph.load_example()
        >>> plan.resolve_units(["区商务局", "商务局", "卫健局", "区体育局"])
        {'区商务局': '区商务局', '商务局': '区商务局', '卫健局': '区卫生健康局', '区体育局': None}
        """
        from .parse.units import resolve_aliases

        a = self.assignments
        spelled = dict(zip(a["unit_raw"].astype(str), a["unit"].astype(str), strict=True))
        spelled.update((u, u) for u in self.units["unit"].astype(str))
        out: dict[str, str | None] = {}
        for name in map(str, names):
            key = name.strip()
            if key not in spelled:  # the reader's own merging, among the plan's spellings
                mapping, _ = resolve_aliases([*spelled, key])
                key = mapping.get(key, key)
            out[name] = spelled.get(key)
        return out

    # --------------------------------------------------------------- describe
    @property
    def title(self) -> str:
        return self.meta.get("title") or self.meta.get("source") or "plan"

    def summary(self) -> dict:
        """Counts that describe the plan at a glance.

        Examples
        --------
        >>> s = yjgraph.load_example().summary()
        >>> s["tasks"], s["chapters"], s["sections"], s["units"], s["lead"], s["support"]
        (86, 9, 33, 34, 158, 133)
        """
        a, t, f = self.assignments, self.tasks, self.findings
        sev = f["severity"].value_counts()
        return {
            "title": self.title,
            "tasks": len(t),
            "chapters": int(t["chapter"].nunique()),
            "sections": int(t.dropna(subset=["section"])[["chapter", "section"]].drop_duplicates().shape[0]),
            "units": len(self.units),
            "lead": int((a["role"] == "lead").sum()),
            "support": int((a["role"] == "support").sum()),
            "open_ended_tasks": int(t["open_ended"].sum()),
            "errors": int(sev.get("error", 0)),
            "warnings": int(sev.get("warning", 0)),
            "notes": int(sev.get("info", 0)),
        }

    def __repr__(self) -> str:
        s = self.summary()
        return (
            f"<Plan {s['title']!r}: {s['tasks']} tasks, {s['units']} units, "
            f"{s['lead']} lead + {s['support']} support assignments, "
            f"{s['errors']} errors, {s['warnings']} warnings>"
        )

    def _repr_html_(self) -> str:
        s = self.summary()
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
            for k, v in s.items()
        )
        head = self.assignments.head(8).to_html(index=False, escape=True)
        return (
            f"<div><strong>yjgraph.Plan</strong><table>{rows}</table>"
            f"<details><summary>assignments (first rows)</summary>{head}</details></div>"
        )

    # ----------------------------------------------------------------- export
    def tables(self) -> dict[str, pd.DataFrame]:
        """The four tables by name, in export order."""
        return {
            "tasks": self.tasks,
            "assignments": self.assignments,
            "units": self.units,
            "findings": self.findings,
        }

    def to_csv(self, directory: str | Path) -> list[Path]:
        """Write ``tasks.csv``, ``assignments.csv``, ``units.csv``, ``findings.csv``.

        Files are UTF-8 with a byte-order mark so that Excel shows Chinese
        text correctly, and formula-safe: a cell starting ``= + - @`` gets a
        leading ``'`` (:func:`yjgraph._atomic.csv_safe`). Returns the paths written.
        """
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        return [write_csv(df, directory / f"{name}.csv") for name, df in self.tables().items()]

    def to_excel(self, path: str | Path) -> Path:
        """Write one workbook with a sheet per table (and one for ``meta``).

        Text stays text (a task's ``=...`` is not a formula); a table of more
        than 100,000 rows is listed in a sheet ``not_in_workbook`` instead
        (:meth:`to_csv` writes every row).
        """
        from ._xlsx import write_workbook

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = pd.DataFrame({"key": list(self.meta),
                             "value": [None if v is None else str(v) for v in self.meta.values()]})
        return write_workbook({**self.tables(), "meta": meta}, path)

    def to_dict(self) -> dict:
        """The plan as plain Python objects (``meta`` plus a list of records per table)."""
        out = {"meta": {k: (None if v is None else str(v)) for k, v in self.meta.items()}}
        for name, df in self.tables().items():
            out[name] = json.loads(df.to_json(orient="records", force_ascii=False))
        return out

    def to_json(self, path: str | Path | None = None) -> str:
        """Serialise :meth:`to_dict` as UTF-8 JSON; write it to ``path`` if given."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=1)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    # ------------------------------------------------- what-if edits (yjgraph.edit)
    def merge_units(self, mapping) -> Plan:
        """A new plan with units merged: see :func:`yjgraph.edit.merge_units`."""
        from .edit import merge_units
        return merge_units(self, mapping)

    def rename_units(self, mapping) -> Plan:
        """A new plan with units renamed: see :func:`yjgraph.edit.rename_units`."""
        from .edit import rename_units
        return rename_units(self, mapping)

    def remove_unit(self, name, reassign_to=None) -> Plan:
        """A new plan without a unit: see :func:`yjgraph.edit.remove_unit`."""
        from .edit import remove_unit
        return remove_unit(self, name, reassign_to)

    def reassign(self, task_id, unit, role=None, to=None) -> Plan:
        """A new plan with one role moved or changed: see :func:`yjgraph.edit.reassign`."""
        from .edit import reassign
        return reassign(self, task_id, unit, role, to)

    def add_task(self, task_id, **kwargs) -> Plan:
        """A new plan with one more task: see :func:`yjgraph.edit.add_task`."""
        from .edit import add_task
        return add_task(self, task_id, **kwargs)


def _assignments(rows, *, keep_extra: bool = False) -> pd.DataFrame:
    """A user's assignments checked and completed to :data:`ASSIGNMENT_COLUMNS`."""
    if isinstance(rows, list) and rows and isinstance(rows[0], tuple):  # (task_id, unit, role) rows
        rows = pd.DataFrame(rows, columns=["task_id", "unit", "role"])
    a = pd.DataFrame(rows).copy()
    missing = {"task_id", "unit", "role"} - set(a.columns)
    if missing:
        raise ValueError(f"assignments need columns {sorted(missing)}")
    bad = set(a["role"]) - set(ROLES)
    if bad:
        raise ValueError(f"unknown roles {sorted(bad)}; expected {ROLES}")
    a["task_id"] = a["task_id"].astype(str)
    if "unit_raw" not in a:
        a["unit_raw"] = a["unit"]
    if "position" not in a:
        a["position"] = a.groupby("task_id", sort=False).cumcount() + 1
    if "line" not in a:
        a["line"] = pd.NA
    extra = [c for c in a.columns if c not in ASSIGNMENT_COLUMNS] if keep_extra else []
    return frame(a, [*ASSIGNMENT_COLUMNS, *extra])


def _derived_units(self: Plan) -> pd.DataFrame:
    cache = self.__dict__.get("_units")
    if cache is None or cache[0] is not self.assignments:
        cache = (self.assignments, units_table(self.assignments, given=self.__dict__.get("_units_given")))
        self.__dict__["_units"] = cache
    return cache[1]


def _give_units(self: Plan, value: pd.DataFrame | None) -> None:
    self.__dict__["_units_given"] = value
    self.__dict__.pop("_units", None)


Plan.units = property(  # type: ignore[assignment]
    _derived_units, _give_units,
    doc="One row per unit, derived from ``assignments`` (see :class:`Plan`).")
