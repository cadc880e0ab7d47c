"""Workload of each unit: how many tasks it leads and supports, and who is overloaded.

A unit's *load* is the sum of its role weights over the tasks it is named in
(default: a lead counts 1.0, a support 0.5). A unit named twice in one task
counts once, with its strongest role (lead), exactly as in
:func:`yjgraph.biadjacency`. All sums are sparse matrix products, so the
functions scale to millions of assignment rows.

Overload is decided by a documented rule on the distribution of loads
(see :func:`workload`), never by a fixed count.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from functools import partial

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._docstrings import shared_doc
from .._lang import number
from ..graph import Biadjacency, biadjacency
from ..model import Plan, UnmatchedNameWarning
from ._sparse import unit_index

__all__ = ["workload", "workload_by_chapter", "concentration", "lorenz", "catch_all_groups"]

#: Rule names accepted by :func:`workload` and their default thresholds.
RULES: dict[str, float] = {"robust_z": 3.5, "tukey": 1.5}

#: Consistency constant of the MAD for a normal distribution (1 / Phi^-1(3/4)).
MAD_SCALE = 1.4826
#: Consistency constant of the mean absolute deviation (sqrt(pi / 2)).
MEANAD_SCALE = 1.2533

#: Fewest units for which overload is judged at all.
MIN_UNITS = 3


def unit_sums(plan: Plan, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The one definition of a unit's load, read by every table, chart and page.

    ``n_lead``, ``n_support`` and ``n_tasks`` count distinct tasks (a unit
    named both lead and support of one task counts once, as lead), ``load``
    is ``n_lead·w_lead + n_support·w_support``. Indexed by ``unit``, sorted
    by name.

    Examples
    --------
    >>> plan = Plan.from_assignments([("1", "甲", "lead"), ("1", "甲", "support"),
    ...                               ("2", "甲", "support")])
    >>> unit_sums(plan).values.tolist()
    [[1.0, 1.0, 2.0, 1.5]]
    """
    return sums_of(biadjacency(plan, weights=weights))


def sums_of(B: Biadjacency) -> pd.DataFrame:
    """:func:`unit_sums` from the plan's matrix (for callers that have built it)."""
    ones = np.ones(B.matrix.shape[0])
    return pd.DataFrame(
        {
            "n_lead": (ones @ B.role_matrix("lead")).astype(np.int64),
            "n_support": (ones @ B.role_matrix("support")).astype(np.int64),
            "n_tasks": (ones @ B.binary).astype(np.int64),
            "load": ones @ B.matrix,
        },
        index=unit_index(B),
    )


_fmt = partial(number, digits=2)  # a number as a reason shows it


def _robust_z(x: np.ndarray, threshold: float, label: str):
    """Centre, scale, cut-off, statistics and words of the robust z rule (median and MAD)."""
    med = float(np.median(x)) if len(x) else np.nan
    mad = float(np.median(np.abs(x - med))) if len(x) else np.nan
    scale, spread = MAD_SCALE * mad, "1.4826·MAD"
    if len(x) and scale == 0:
        # more than half the units share one load: fall back to the mean
        # absolute deviation around the median (Iglewicz & Hoaglin; IBM's
        # modified z-score uses the same constant)
        scale = MEANAD_SCALE * float(np.mean(np.abs(x - med)))
        spread = "1.2533·mean absolute deviation (MAD is 0)"
    cut = med + threshold * scale if scale > 0 else np.inf  # all values equal: nobody stands out
    return med, scale, cut, {"median": med, "mad": mad, "scale": scale}, (
        f"robust z = ({label} − median) / ({spread}) > {_fmt(threshold)} "
        f"(Iglewicz–Hoaglin); median {_fmt(med)}, scale {_fmt(scale)}",
        f"{label} {{v}} is {{s:.1f}} robust SDs above the median {_fmt(med)} "
        f"(rule: robust z > {_fmt(threshold)})")


def _tukey(x: np.ndarray, threshold: float, label: str):
    """Centre, scale, cut-off, statistics and words of Tukey's fence (Q3 and IQR)."""
    q1, q3 = (float(q) for q in np.percentile(x, [25, 75])) if len(x) else (np.nan, np.nan)
    iqr = q3 - q1
    cut = q3 + threshold * iqr
    fence = f"Q3 + {_fmt(threshold)}·IQR = {_fmt(cut)} (Q3 {_fmt(q3)}, IQR {_fmt(iqr)})"
    return q3, iqr, cut, {"q1": q1, "q3": q3, "iqr": iqr}, (
        f"Tukey fence: {label} > {fence}", f"{label} {{v}} is above {fence}")


def _overload(values: pd.Series, rule: str, threshold: float, label: str):
    """Score, flag and explain ``values`` (NaN values are never flagged).

    Both rules score ``(value − centre) / scale`` and flag values above
    ``centre + threshold·scale``; with a scale of 0 the score is 0 up to the
    cut-off and +inf above it.

    Returns ``(score, flagged, reason, threshold_value, description, stats)``.
    """
    x = values.dropna().to_numpy(float)
    n = len(x)
    centre, scale, cut, stats, (desc, why) = _RULE_FUNCS[rule](x, threshold, label)
    score = pd.Series(np.nan, index=values.index, dtype=float)
    if n:
        score.loc[values.notna()] = (x - centre) / scale if scale > 0 else np.where(x > cut, np.inf, 0.0)
    if n < MIN_UNITS:
        cut = np.inf
        desc += f"; not applied to fewer than {MIN_UNITS} units"
    flagged = values.notna() & (values > cut)
    reason = pd.Series("", index=values.index, dtype="string")
    for key in flagged.index[flagged.to_numpy()]:
        reason.loc[key] = why.format(v=_fmt(float(values.loc[key])), s=float(score.loc[key]))
    return score, flagged, reason, float(cut), desc, stats


_RULE_FUNCS = {"robust_z": _robust_z, "tukey": _tukey}


@shared_doc
def workload(plan: Plan, *, weights: Mapping[str, float] | None = None, rule: str = "robust_z",
             threshold: float | None = None, capacity: Mapping[str, float] | pd.Series | None = None,
             basis: str | None = None, sums: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tasks, load and overload of every unit.

    {{plan_weights}}
    rule : {"robust_z", "tukey"}
        How overload is decided:

        - ``"robust_z"`` (default): score = (load − median) / (1.4826·MAD),
          flagged when score > ``threshold`` (default 3.5, the cut-off of
          Iglewicz and Hoaglin's modified z-score). When more than half the
          units share one load the MAD is 0; the scale then falls back to
          1.2533 × the mean absolute deviation from the median. When every
          load is equal no unit is flagged.
        - ``"tukey"``: flagged when load > Q3 + ``threshold``·IQR (default
          k = 1.5, Tukey's fence); score = (load − Q3) / IQR (+inf above Q3
          when the IQR is 0).

        No unit is flagged when fewer than 3 units are judged. Only offices
        are judged: catch-all groups (``units.is_group``, such as 各街道)
        keep their load and rank but get no score and are never flagged;
        :func:`catch_all_groups` lists them.
    threshold : float, optional
        Cut-off of the rule; ``None`` uses the rule's default (3.5 or 1.5).
    capacity : mapping or Series, optional
        Staff count (or any capacity) per unit. Adds columns ``capacity`` and
        ``load_per_capacity``; units missing from it get NaN and are not
        judged. Keys may be any spelling the plan uses or the reader would
        merge (``商务局`` for ``区商务局``, see :meth:`yjgraph.Plan.resolve_units`);
        a key matching no unit raises an :class:`~yjgraph.model.UnmatchedNameWarning`
        naming it and is listed in ``attrs["capacity_unmatched"]``.
    basis : {"load", "load_per_capacity"}, optional
        The column the rule is applied to; default ``"load_per_capacity"``
        when ``capacity`` is given, else ``"load"``.
    {{sums}}

    Returns
    -------
    pandas.DataFrame
        Indexed by ``unit``, sorted by load (descending) then name, with
        columns ``n_lead, n_support, n_tasks`` (distinct tasks), ``load``,
        ``share`` (of the total load), ``rank`` (1 = heaviest),
        [``capacity, load_per_capacity``], ``score`` (the rule's score),
        ``overloaded`` and ``reason`` (why, in words; "" when not flagged).
        ``attrs`` holds ``rule`` (a readable description), ``rule_name``,
        ``basis``, ``threshold`` (the cut-off given to the rule),
        ``threshold_value`` (the value of ``basis`` above which a unit is
        flagged), ``threshold_load`` (the same in load; NaN when the basis
        is per capacity, where it differs unit by unit) and the rule's
        statistics (``median``/``mad``/``scale`` or ``q1``/``q3``/``iqr``).

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "区发改局", "lead"), ("1", "区财政局", "support"),
    ...                                       ("2", "区发改局", "lead"), ("3", "区商务局", "lead")])
    >>> workload(plan)[["n_lead", "n_support", "load", "rank", "overloaded"]]
          n_lead  n_support  load  rank  overloaded
    unit
    区发改局       2          0   2.0     1       False
    区商务局       1          0   1.0     2       False
    区财政局       0          1   0.5     3       False
    >>> workload(plan, threshold=1.0).loc["区发改局", "reason"]
    'load 2 is 1.3 robust SDs above the median 1 (rule: robust z > 1)'
    """
    if rule not in RULES:
        raise ValueError(f"unknown overload rule {rule!r}; expected one of {sorted(RULES)}")
    threshold = RULES[rule] if threshold is None else float(threshold)
    df = (unit_sums(plan, weights) if sums is None else sums).copy()
    total = float(df["load"].sum())
    df["share"] = df["load"] / total if total > 0 else 0.0

    if basis is None:
        basis = "load" if capacity is None else "load_per_capacity"
    if basis not in ("load", "load_per_capacity"):
        raise ValueError(f"basis must be 'load' or 'load_per_capacity', got {basis!r}")
    if basis == "load_per_capacity" and capacity is None:
        raise ValueError("basis='load_per_capacity' needs a capacity")
    unmatched: list[str] = []
    if capacity is not None:
        cap, unmatched = _capacity(plan, capacity)
        df["capacity"] = cap.reindex(df.index).to_numpy()
        df["load_per_capacity"] = df["load"] / df["capacity"]

    label = "load" if basis == "load" else "load per capacity"
    offices = ~is_group(plan, df.index)
    score, flagged, reason, cut, desc, stats = _overload(df.loc[offices, basis], rule, threshold, label)
    df["score"] = score.reindex(df.index)
    df["overloaded"] = flagged.reindex(df.index, fill_value=False).astype(bool)
    df["reason"] = reason.reindex(df.index, fill_value="").astype("string")
    df.loc[~offices, "reason"] = "catch-all group: not judged (see catch_all_groups)"
    if not offices.all():
        desc += f"; over the {int(offices.sum())} offices ({int((~offices).sum())} catch-all groups not judged)"

    order = np.lexsort((df.index.to_numpy(str), -df["load"].to_numpy()))
    df = df.iloc[order]
    df.insert(df.columns.get_loc("share") + 1, "rank", np.arange(1, len(df) + 1, dtype=np.int64))
    df.attrs = {
        "rule": desc,
        "rule_name": rule,
        "basis": basis,
        "threshold": threshold,
        "threshold_value": cut,
        "threshold_load": cut if basis == "load" else float("nan"),
        **{k: float(v) for k, v in stats.items()},
        "capacity_unmatched": unmatched,
    }
    return df


def is_group(plan: Plan, units) -> np.ndarray:
    """Whether each of ``units`` is a catch-all group of the plan (``units.is_group``)."""
    u = plan.units
    flags = pd.Series(u["is_group"].to_numpy(bool), index=u["unit"].astype(str))
    return flags.reindex(units.astype(str), fill_value=False).to_numpy(bool)


def _capacity(plan: Plan, capacity) -> tuple[pd.Series, list[str]]:
    """Capacity per unit of the plan, its keys read as the plan's spellings; and the unmatched keys."""
    cap = pd.Series(capacity, dtype=float)
    keys = cap.index.astype(str)
    names = plan.resolve_units(keys.unique())
    unmatched = [k for k, unit in names.items() if unit is None]
    if unmatched:
        warnings.warn(f"capacity given for {len(unmatched)} name(s) that match no unit of the plan: "
                      f"{'、'.join(unmatched)}", UnmatchedNameWarning, stacklevel=3)
    cap.index = pd.Index([names[k] for k in keys], dtype=object)
    cap = cap[cap.index.notna()]
    cap = cap.groupby(cap.index.astype(str)).last()
    if (cap <= 0).any():
        raise ValueError(f"capacity must be positive; got {cap[cap <= 0].index.tolist()}")
    return cap, unmatched


def chapter_matrix(plan: Plan) -> tuple[sp.csr_array, np.ndarray, pd.DataFrame]:
    """The chapters x tasks 0/1 matrix, each task's chapter code and the chapters (in plan order)."""
    t = plan.tasks[["chapter_no", "chapter"]]
    codes = t.groupby(["chapter_no", "chapter"], sort=False, dropna=False).ngroup().to_numpy()
    chapters = t.drop_duplicates().reset_index(drop=True)
    C = sp.csr_array((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(chapters), len(codes)))
    return C, codes, chapters


@shared_doc
def workload_by_chapter(plan: Plan, *, weights: Mapping[str, float] | None = None,
                        B: Biadjacency | None = None) -> pd.DataFrame:
    """Each unit's tasks and load chapter by chapter.

    {{plan_weights}}
    {{B}}

    Returns
    -------
    pandas.DataFrame
        One row per unit and chapter the unit works in, with columns
        ``unit, chapter_no, chapter, n_lead, n_support, n_tasks, load``,
        sorted by unit name then chapter order in the plan;
        ``attrs["chapter_order"]`` lists the chapter numbers in that order.

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments(
    ...     [{"task_id": "1", "unit": "区发改局", "role": "lead"},
    ...      {"task_id": "2", "unit": "区发改局", "role": "support"}],
    ...     [{"task_id": "1", "chapter_no": "一", "chapter": "布局"},
    ...      {"task_id": "2", "chapter_no": "二", "chapter": "交通"}])
    >>> workload_by_chapter(plan)
           unit chapter_no chapter  n_lead  n_support  n_tasks  load
    0  区发改局          一      布局       1          0        1   1.0
    1  区发改局          二      交通       0          1        1   0.5
    """
    B = biadjacency(plan, weights=weights) if B is None else B
    C, _, chapters = chapter_matrix(plan)
    count = (C @ B.binary).tocoo()
    lead = (C @ B.role_matrix("lead")).toarray()
    support = (C @ B.role_matrix("support")).toarray()
    load = (C @ B.matrix).toarray()
    ch, un = count.coords
    order = np.lexsort((ch, un))  # units are sorted by name in B.units
    ch, un = ch[order], un[order]
    out = pd.DataFrame(
        {
            "unit": unit_index(B).array.take(un),
            "chapter_no": chapters["chapter_no"].array.take(ch),
            "chapter": chapters["chapter"].array.take(ch),
            "n_lead": lead[ch, un].astype(np.int64),
            "n_support": support[ch, un].astype(np.int64),
            "n_tasks": count.data[order].astype(np.int64),
            "load": load[ch, un],
        }
    )
    out.attrs["chapter_order"] = [str(c) for c in chapters["chapter_no"].fillna("")]
    return out


@shared_doc
def concentration(plan: Plan, *, weights: Mapping[str, float] | None = None, top_k: int = 5,
                  sums: pd.DataFrame | None = None) -> pd.Series:
    """How unequally the load is spread over units.

    {{plan_weights}}
    top_k : int
        Size of the head whose share is reported.
    {{sums}}

    Returns
    -------
    pandas.Series
        ``gini`` (Gini coefficient of loads,
        sum_i (2i − n − 1)·x_(i) / (n·sum x) over loads sorted ascending;
        0 = equal, → 1 = one unit carries all), ``hhi`` (Herfindahl–Hirschman
        index, the sum of squared load shares: 1/n when equal, 1 for one
        unit), ``top_k_share`` (load share of the ``top_k`` heaviest units)
        and ``n_units``. ``attrs["top_k"]`` records ``top_k``.

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "甲", "lead"), ("2", "甲", "lead"),
    ...                                       ("2", "乙", "lead")])
    >>> concentration(plan, top_k=1).round(4)
    gini           0.1667
    hhi            0.5556
    top_k_share    0.6667
    n_units        2.0000
    Name: concentration, dtype: float64
    """
    x = np.sort((unit_sums(plan, weights) if sums is None else sums)["load"].to_numpy(float))
    n, total = len(x), float(x.sum())
    if n and total > 0:
        i = np.arange(1, n + 1)
        gini = float(np.sum((2 * i - n - 1) * x) / (n * total))
        hhi = float(np.sum((x / total) ** 2))
        top = float(x[::-1][: max(int(top_k), 0)].sum() / total)
    else:
        gini = hhi = top = float("nan")
    s = pd.Series(
        {"gini": gini, "hhi": hhi, "top_k_share": top, "n_units": float(n)},
        name="concentration",
        dtype=float,
    )
    s.attrs["top_k"] = int(top_k)
    return s


@shared_doc
def lorenz(plan: Plan, *, weights: Mapping[str, float] | None = None,
           sums: pd.DataFrame | None = None) -> pd.DataFrame:
    """Points of the Lorenz curve of unit loads.

    {{plan_weights}}
    {{sums}}

    Returns
    -------
    pandas.DataFrame
        ``unit_share`` (cumulative share of units, lightest first) and
        ``load_share`` (their cumulative share of the load), from (0, 0)
        to (1, 1); ``n_units + 1`` rows.

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "甲", "lead"), ("1", "乙", "support")])
    >>> lorenz(plan).round(3)
       unit_share  load_share
    0         0.0       0.000
    1         0.5       0.333
    2         1.0       1.000
    """
    x = np.sort((unit_sums(plan, weights) if sums is None else sums)["load"].to_numpy(float))
    n, total = len(x), float(x.sum())
    unit_share = np.arange(n + 1) / n if n else np.array([0.0])
    cum = np.concatenate([[0.0], np.cumsum(x)])
    load_share = cum / total if total > 0 else unit_share.copy()
    return pd.DataFrame({"unit_share": unit_share, "load_share": load_share})


@shared_doc
def catch_all_groups(plan: Plan, *, weights: Mapping[str, float] | None = None,
                     sums: pd.DataFrame | None = None) -> pd.DataFrame:
    """The catch-all assignees (各街道, 区直各部门 ...): how often the plan falls back on them.

    They are not offices, so :func:`workload` never judges them overloaded;
    this short table says how many tasks name each.

    {{plan_weights}}
    {{sums}}

    Returns
    -------
    pandas.DataFrame
        Indexed by ``unit``, sorted by tasks (descending) then name: ``n_tasks,
        n_lead, n_support, load`` and ``note`` ("named in N tasks").

    Examples
    --------
    >>> plan = Plan.from_assignments([("1", "各街道", "lead"), ("2", "各街道", "support"),
    ...                               ("2", "区商务局", "lead")])
    >>> catch_all_groups(plan)[["n_tasks", "note"]]
            n_tasks                   note
    unit
    各街道        2  named in 2 of 2 tasks
    """
    sums = unit_sums(plan, weights) if sums is None else sums
    df = sums.loc[is_group(plan, sums.index), ["n_tasks", "n_lead", "n_support", "load"]].copy()
    order = np.lexsort((df.index.to_numpy(str), -df["n_tasks"].to_numpy()))
    df = df.iloc[order]
    n = len(plan.tasks)
    df["note"] = pd.array([f"named in {k} of {n} tasks" for k in df["n_tasks"]], dtype="string")
    return df
