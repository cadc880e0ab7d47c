"""Many plans at once: a corpus as one :class:`~yjgraph.Plan`, and two plans compared.

A *corpus* is one plan whose tables all carry a ``plan_id`` column; its task
ids are ``"{plan_id}:{task_id}"`` (the printed number stays in ``number``,
the plan's own id in ``task_id_in_plan``), so every analysis runs on it
unchanged. Whether a unit named in two plans is one unit is a choice
(``match=``):

``"exact"`` (default)
    The same name is the same unit; the user's alias table can merge more.
    Right for one district's plans over several years.
``"alias"``
    As ``"exact"``, plus yjgraph's automatic merging of spellings
    (``区卫健局`` = ``区卫生健康局``, ``商务局`` = ``区商务局``) across plans.
``"none"``
    Units are never shared: each is named ``"{plan_id}:{unit}"`` (the name
    in the plan stays in ``unit_in_plan``). Right for comparing districts:
    two districts' 区商务局 are different offices.
"""

from __future__ import annotations

import difflib
import itertools
import os
import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .model import Plan, resolve_weights, strongest_roles
from .parse import read_aliases, read_plan
from .parse.units import is_group_name, resolve_aliases

__all__ = ["read_corpus", "combine_plans", "read_sources", "split_plans", "by_plan", "compare_plans", "compare_chart",
           "MATCH_MODES"]

#: Ways of deciding whether units of different plans are the same unit.
MATCH_MODES = ("exact", "alias", "none")


def _is_path(source) -> bool:
    return isinstance(source, os.PathLike) or (
        isinstance(source, str) and bool(source) and "\n" not in source and len(source) < 4096
        and Path(source).exists())


def _default_id(source, i: int) -> str:
    src = source.meta.get("source") if isinstance(source, Plan) else source if _is_path(source) else None
    if isinstance(src, (str, os.PathLike)) and not str(src).startswith("<"):
        return Path(src).stem
    return f"plan{i + 1}"


def unique_ids(ids: Iterable[str]) -> Iterator[str]:
    """The ids, a repeated one as ``id~2``, ``id~3`` ...

    >>> list(unique_ids(["a", "b", "a"]))
    ['a', 'b', 'a~2']
    """
    seen: Counter[str] = Counter()
    for i in ids:
        seen[i] += 1
        yield i if seen[i] == 1 else f"{i}~{seen[i]}"


def read_corpus(
    sources: Sequence,
    *,
    plan_ids: Sequence[str] | None = None,
    match: str = "exact",
    aliases=None,
    executor=None,
    **read_kw,
) -> Plan:
    """Read several plans into one :class:`~yjgraph.Plan` with a ``plan_id`` column.

    Parameters
    ----------
    sources : sequence
        Paths (any format :func:`yjgraph.read_plan` reads), plan texts, or
        :class:`~yjgraph.Plan` objects already read.
    plan_ids : sequence of str, optional
        One id per source; default the file name without suffix (else
        ``plan1``, ``plan2`` ...). Repeated ids get ``~2``, ``~3``.
    match : {"exact", "alias", "none"}
        Whether units of different plans are the same unit (see the module
        notes): by exact name (plus ``aliases``), also by yjgraph's automatic
        alias merging, or never (units become ``"{plan_id}:{unit}"``).
    aliases : mapping, DataFrame or path, optional
        The user's alias table ``{written: canonical}``, applied within and
        across plans.
    executor : concurrent.futures.Executor, optional
        Read the files on this executor (a process pool, or a cluster through
        Dask's ``Client.get_executor()``): each file's bytes travel with the
        call to :func:`yjgraph.corpus_build.read_document`, so workers need
        no shared file system; at most :data:`WINDOW` plans are in flight.
        The tables are the same as when read in order here.
    **read_kw
        Passed to :func:`yjgraph.read_plan` (``strict``, ``encoding``,
        ``columns``, ``sheet``).

    Returns
    -------
    Plan
        ``tasks``: ``task_id`` = ``"{plan_id}:{task_id}"``, plus ``plan_id``
        and ``task_id_in_plan``; ``assignments``: plus ``plan_id``,
        ``task_id_in_plan``, ``unit_in_plan``; ``units``: plus ``plan_id``
        (the plans naming the unit, ``" | "``-joined) and ``n_plans``;
        ``findings`` and ``outline``: plus ``plan_id``. ``meta["plans"]``
        lists ``plan_id``, ``title``, ``source`` of each plan;
        ``meta["match"]`` the mode.

    Examples
    --------
    >>> a = Plan.from_assignments([{"task_id": "1", "unit": "区商务局", "role": "lead"}])
    >>> b = Plan.from_assignments([{"task_id": "1", "unit": "区商务局", "role": "lead"},
    ...                            {"task_id": "1", "unit": "区财政局", "role": "support"}])
    >>> c = read_corpus([a, b], plan_ids=["甲区", "乙区"])
    >>> c.tasks["task_id"].tolist(), c.units["unit"].tolist()
    (['甲区:1', '乙区:1'], ['区商务局', '区财政局'])
    >>> read_corpus([a, b], plan_ids=["甲区", "乙区"], match="none").units["unit"].tolist()
    ['乙区:区商务局', '乙区:区财政局', '甲区:区商务局']

    On a cluster: ``read_corpus(paths, executor=client.get_executor())``.
    """
    sources = [sources] if isinstance(sources, (str, bytes, os.PathLike, Plan)) else list(sources)
    if not sources:
        raise ValueError("read_corpus() needs at least one source")
    if plan_ids is not None and len(plan_ids) != len(sources):
        raise ValueError(f"{len(plan_ids)} plan_ids for {len(sources)} sources")
    ids = [str(p) for p in plan_ids] if plan_ids is not None else [_default_id(s, i) for i, s in enumerate(sources)]
    user = read_aliases(aliases)
    plans: Iterable[Plan]
    if executor is None:
        plans = (s if isinstance(s, Plan) else read_plan(s, aliases=user or None, **read_kw) for s in sources)
    else:
        plans = _read_on(executor, sources, user, read_kw)
    return combine_plans(ids, plans, match=match, user=user)


#: Plans read on an executor at once by :func:`read_corpus`, and labelled together.
WINDOW = 32


def ahead(items: Iterable, limit: int) -> Iterator:
    """The items in order, each given out once up to ``limit - 1`` later ones are taken.

    Taking an item may start work (a future): so at most ``limit`` run or wait at once.
    """
    window: deque = deque()
    for item in items:
        window.append(item)
        if len(window) >= limit:
            yield window.popleft()
    yield from window


def _read_on(executor, sources, user, read_kw) -> Iterator[Plan]:
    """The plans read on ``executor``, in order, with at most :data:`WINDOW` in flight."""
    from .corpus_build import read_document

    opts = {**read_kw, **({"aliases": dict(user)} if user else {})}

    def submit(s):
        if isinstance(s, Plan):
            return s
        args = (Path(s).read_bytes(), str(s)) if _is_path(s) else (s, "<text>")
        return executor.submit(read_document, *args, **opts)

    for f in ahead(map(submit, sources), WINDOW):
        yield f if isinstance(f, Plan) else f.result()


def corpus_rows(plan_ids: Sequence[str], parts: Sequence[Mapping[str, pd.DataFrame | None]], *,
                match: str = "exact", user: Mapping[str, str] | None = None) -> dict[str, pd.DataFrame]:
    """Plans' tables, stacked, as corpus rows: ``plan_id``, task ids ``"{plan_id}:{id}"``, units matched.

    ``parts`` maps, for each plan of ``plan_ids``, ``tasks``, ``assignments``,
    ``findings`` (and optionally ``outline``) to its table (``None``: none).
    A batch of plans costs a few column operations, not a few per plan.
    Under ``match="alias"`` units are matched across plans later
    (:func:`match_aliases`), so ``unit`` is still the plan's own name here.

    Examples
    --------
    >>> a = Plan.from_assignments([{"task_id": "1", "unit": "商务局", "role": "lead"}])
    >>> t = corpus_rows(["甲区"], [{"assignments": a.assignments}], match="none")
    >>> t["assignments"][["plan_id", "task_id", "unit", "unit_in_plan"]].values.tolist()
    [['甲区', '甲区:1', '甲区:商务局', '商务局']]
    """
    user = dict(user or {})
    out = {}
    for name in ("tasks", "assignments", "findings", "outline"):
        have = [(pid, t) for pid, p in zip(plan_ids, parts, strict=True) if (t := p.get(name)) is not None]
        if not have:
            continue
        df = _stack([t for _, t in have])
        pid = pd.array(np.repeat(np.array([i for i, _ in have], dtype=object), [len(t) for _, t in have]),
                       dtype="string")
        pre = pid + ":"
        df.insert(0, "plan_id", pid)
        if name in ("tasks", "assignments"):
            df["task_id_in_plan"] = df["task_id"]
        df["task_id"] = pre + df["task_id"].astype("string")
        if name == "outline":
            df["task_id"] = df["task_id"].astype(str)
        if name == "assignments":
            df["unit_in_plan"] = df["unit"]
            if match == "none":
                df["unit"] = pre + df["unit_in_plan"].astype("string")
            elif user:
                df["unit"] = pd.array([user.get(str(u), user.get(str(r), str(u)))
                                       for u, r in zip(df["unit"], df["unit_raw"], strict=True)], dtype="string")
            df["unit"] = df["unit"].astype("string")
            if match != "alias":
                df = df.drop_duplicates(["task_id", "unit", "role"], ignore_index=True)
        out[name] = df
    return out


def _stack(tables: list) -> pd.DataFrame:
    """Tables as one DataFrame: Arrow tables (sent by workers) in the model's dtypes, at a fraction of pandas' cost."""
    if isinstance(tables[0], pd.DataFrame):
        return pd.concat(tables, ignore_index=True)
    import pyarrow as pa

    types = {pa.large_string(): pd.StringDtype(), pa.string(): pd.StringDtype(), pa.int64(): pd.Int64Dtype()}
    return pa.concat_tables(tables).to_pandas(types_mapper=types.get)


def combine_plans(plan_ids: Iterable[str], plans: Iterable[Plan], *, match: str = "exact",
                  user: Mapping[str, str] | None = None) -> Plan:
    """Plans already read, under their ids, as one corpus :class:`~yjgraph.Plan`.

    The second half of :func:`read_corpus`; ``user`` is the alias table as a
    mapping ``{written: canonical}``. ``plans`` may be a generator: each plan
    is dropped once its rows are taken (a batch of :data:`WINDOW` plans at a time).

    Examples
    --------
    >>> a = Plan.from_assignments([{"task_id": "1", "unit": "区商务局", "role": "lead"}])
    >>> combine_plans(["甲区"], [a]).tasks["task_id"].tolist()
    ['甲区:1']
    """
    if match not in MATCH_MODES:
        raise ValueError(f"match must be one of {MATCH_MODES}, got {match!r}")
    user = dict(user or {})
    rows: dict[str, list[pd.DataFrame]] = {}
    metas: list[dict] = []
    taken = (({"plan_id": pid, "title": p.meta.get("title"), "source": p.meta.get("source")},
              {"tasks": p.tasks, "assignments": p.assignments, "findings": p.findings, "outline": p.outline})
             for pid, p in zip(unique_ids(str(i) for i in plan_ids), plans, strict=False))  # each plan dropped here
    while batch := list(itertools.islice(taken, WINDOW)):  # a batch of plans' tables labelled at once
        batch_metas, tables = zip(*batch)
        metas += batch_metas
        for name, df in corpus_rows([m["plan_id"] for m in batch_metas], tables, match=match, user=user).items():
            rows.setdefault(name, []).append(df)
    t, a, f = (pd.concat(rows[n], ignore_index=True) for n in ("tasks", "assignments", "findings"))
    if match == "alias":
        a = match_aliases(a, user)
    a = a.reset_index(drop=True)
    # catch-all groups as named in their plans; the units table is derived from ``a``
    names = a["unit"].astype(str).unique()
    groups = group_units(a)
    u = pd.DataFrame({"unit": names, "is_group": [n in groups for n in names]})
    meta = {
        "title": f"{len(metas)} plans: " + "; ".join(m["plan_id"] for m in metas),
        "plans": metas,
        "match": match,
        "source": "; ".join(str(m["source"]) for m in metas),
    }
    outline = pd.concat(rows["outline"], ignore_index=True) if "outline" in rows else None
    return Plan(tasks=t, assignments=a, units=u, findings=f, meta=meta, outline=outline)


def match_aliases(a: pd.DataFrame, user: Mapping[str, str], mapping: Mapping[str, str] | None = None
                  ) -> pd.DataFrame:
    """Corpus assignments with units merged by spelling across plans (``match="alias"``).

    ``mapping`` (``{written: canonical}``) is made from ``a`` when not given.
    """
    if mapping is None:
        mapping, _ = resolve_aliases(a["unit_raw"].astype(str).tolist(), user)
    a = a.copy()
    a["unit"] = a["unit_raw"].astype(str).map(mapping).astype("string")
    return a.drop_duplicates(["task_id", "unit", "role"])


def group_units(a: pd.DataFrame) -> set[str]:
    """The corpus units named in some plan as a catch-all group (``各街道``)."""
    pairs = a[["unit", "unit_in_plan"]].astype(str).drop_duplicates()
    return {u for u, p in zip(pairs["unit"], pairs["unit_in_plan"], strict=True) if is_group_name(p)}


def split_plans(corpus: Plan) -> dict[str, Plan]:
    """The plans of a corpus, each as a :class:`~yjgraph.Plan` of its own rows.

    Units keep the corpus's names (so results of different plans line up);
    a plan that is not a corpus comes back as ``{"plan": plan}``.

    Examples
    --------
    >>> a = Plan.from_assignments([{"task_id": "1", "unit": "区商务局", "role": "lead"}])
    >>> b = Plan.from_assignments([{"task_id": "1", "unit": "区财政局", "role": "lead"}])
    >>> parts = split_plans(read_corpus([a, b], plan_ids=["2023", "2024"]))
    >>> {k: p.units["unit"].tolist() for k, p in parts.items()}
    {'2023': ['区商务局'], '2024': ['区财政局']}
    """
    if "plan_id" not in corpus.assignments.columns:
        return {"plan": corpus}
    out = {}
    for pid in dict.fromkeys(corpus.tasks["plan_id"]):
        t, a, f = (df[df["plan_id"] == pid].reset_index(drop=True)
                   for df in (corpus.tasks, corpus.assignments, corpus.findings))
        meta = next((dict(m) for m in corpus.meta.get("plans", []) if m["plan_id"] == pid), {})
        out[str(pid)] = Plan(tasks=t, assignments=a, units=corpus.units[["unit", "is_group"]],
                             findings=f, meta=meta)
    return out


def by_plan(func, corpus: Plan, **kwargs) -> pd.DataFrame:
    """Run an analysis on each plan of a corpus and stack the results with a ``plan_id`` column.

    Parameters
    ----------
    func : callable
        Any analysis taking a plan first (:func:`yjgraph.workload`,
        :func:`yjgraph.centrality`, :func:`yjgraph.coresponsibility` ...).
    corpus : Plan
        From :func:`read_corpus` (a single plan gives one ``plan_id``, ``"plan"``).
    **kwargs
        Passed to ``func``.

    Examples
    --------
    >>> import yjgraph
    >>> a = Plan.from_assignments([{"task_id": "1", "unit": "区商务局", "role": "lead"}])
    >>> b = Plan.from_assignments([{"task_id": "1", "unit": "区商务局", "role": "support"}])
    >>> wl = by_plan(yjgraph.workload, read_corpus([a, b], plan_ids=["2023", "2024"]))
    >>> wl[["plan_id", "unit", "load"]].values.tolist()
    [['2023', '区商务局', 1.0], ['2024', '区商务局', 0.5]]
    """
    parts = []
    for pid, plan in split_plans(corpus).items():
        res = func(plan, **kwargs)
        res = res.to_frame() if isinstance(res, pd.Series) else res
        named = [n for n in res.index.names if n is not None]
        res = res.reset_index() if named else res.reset_index(drop=True)
        res.insert(0, "plan_id", pid)
        parts.append(res)
    return pd.concat(parts, ignore_index=True)


def read_sources(paths, **kw) -> Plan:
    """One plan for one source, a corpus (:func:`read_corpus`) for several.

    ``kw`` goes to :func:`yjgraph.read_plan` (``aliases``, ``strict``,
    ``encoding``, ``columns``, ``sheet``) and, for several sources, also
    to :func:`read_corpus` (``plan_ids``, ``match``).

    Examples
    --------
    >>> import yjgraph
    >>> read_sources([yjgraph.example_path()]).summary()["tasks"]
    86
    """
    paths = [paths] if isinstance(paths, (str, bytes, os.PathLike, Plan)) else list(paths)
    if len(paths) == 1:
        kw = {k: v for k, v in kw.items() if k not in ("plan_ids", "match")}
        return paths[0] if isinstance(paths[0], Plan) else read_plan(paths[0], **kw)
    return read_corpus(paths, **kw)


# ---------------------------------------------------------------- comparing two plans
def _norm(text) -> str:
    return re.sub(r"[\s\W_]+", "", "" if pd.isna(text) else str(text))


def _match_tasks(old: Plan, new: Plan, similarity: float) -> pd.DataFrame:
    to, tn = old.tasks.reset_index(drop=True), new.tasks.reset_index(drop=True)

    def keyed(t: pd.DataFrame) -> pd.DataFrame:  # the k-th task of a number and title meets the k-th
        k = pd.Series([f"{n}\0{_norm(x)}" for n, x in zip(t["number"], t["title"], strict=True)], dtype=object)
        return pd.DataFrame({"k": k, "n": k.groupby(k).cumcount()}).reset_index()

    same = keyed(to).merge(keyed(tn), on=["k", "n"])  # in the old plan's order
    pairs: list[tuple[int, int, str, float]] = [(i, j, "number+title", 1.0)
                                                for i, j in zip(same["index_x"], same["index_y"], strict=True)]
    used_o, used_n = set(same["index_x"]), set(same["index_y"])
    texts_o = {i: _norm(to.at[i, "text"])[:300] for i in range(len(to)) if i not in used_o}
    texts_n = {j: _norm(tn.at[j, "text"])[:300] for j in range(len(tn)) if j not in used_n}
    scored = []
    for i, text_o in texts_o.items():
        sm = difflib.SequenceMatcher(None, autojunk=False)
        sm.set_seq2(text_o)
        for j, text_n in texts_n.items():
            sm.set_seq1(text_n)
            if sm.real_quick_ratio() < similarity or sm.quick_ratio() < similarity:
                continue
            r = sm.ratio()
            if r >= similarity:
                scored.append((-r, i, j))
    for neg, i, j in sorted(scored):
        if i in used_o or j in used_n:
            continue
        pairs.append((i, j, "similar_text", round(-neg, 4)))
        used_o.add(i)
        used_n.add(j)
    rows = [{"task_id_old": to.at[i, "task_id"], "task_id_new": tn.at[j, "task_id"],
             "title_old": to.at[i, "title"], "title_new": tn.at[j, "title"],
             "match": how, "similarity": sim} for i, j, how, sim in pairs]
    cols = ["task_id_old", "task_id_new", "title_old", "title_new", "match", "similarity"]
    return pd.DataFrame(rows, columns=cols)


def compare_plans(old: Plan, new: Plan, *, weights: Mapping[str, float] | None = None,
                  similarity: float = 0.6) -> dict[str, pd.DataFrame]:
    """What changed from one plan to the next: loads, tasks, units, co-responsibility.

    Units are the same unit when their names are equal (read both plans
    with the same ``aliases`` to merge renamed offices). Tasks are matched
    first by printed number and title (punctuation and blanks ignored),
    then the rest greedily by similarity of their text (difflib ratio of
    the first 300 characters, best pairs first, at least ``similarity``);
    unmatched old tasks are *removed*, unmatched new tasks *added*.

    Parameters
    ----------
    old, new : Plan
    weights : mapping, optional
        Role weights for the load (default lead 1.0, support 0.5), as in
        :func:`yjgraph.analysis.workload`.
    similarity : float, default 0.6
        Least text similarity for two tasks with different number or title
        to count as the same task.

    Returns
    -------
    dict of DataFrame
        ``load``: every unit of either plan: ``unit, load_old, load_new,
        change, status`` (``added``, ``removed``, ``rose``, ``fell``,
        ``same``), sorted by change (largest rise first), then unit.
        ``units_added``: ``unit, load_new, n_tasks_new``; ``units_removed``:
        ``unit, load_old, n_tasks_old``.
        ``tasks``: matched tasks ``task_id_old, task_id_new, title_old,
        title_new, match, similarity``; ``tasks_added`` / ``tasks_removed``:
        ``task_id, number, chapter, title``.
        ``assignments_changed``: in matched tasks, ``task_id_old,
        task_id_new, unit, role_old, role_new`` (a missing role is empty).
        ``pairs_added`` / ``pairs_removed``: pairs of units sharing a task in
        one plan but in no task of the other: ``unit_a, unit_b, shared_tasks``.

    Examples
    --------
    >>> old = Plan.from_assignments([{"task_id": "1", "unit": "甲", "role": "lead"},
    ...                              {"task_id": "1", "unit": "乙", "role": "support"}])
    >>> new = Plan.from_assignments([{"task_id": "1", "unit": "甲", "role": "lead"},
    ...                              {"task_id": "1", "unit": "丙", "role": "support"}])
    >>> c = compare_plans(old, new)
    >>> c["load"][["unit", "load_old", "load_new", "status"]].values.tolist()
    [['丙', 0.0, 0.5, 'added'], ['甲', 1.0, 1.0, 'same'], ['乙', 0.5, 0.0, 'removed']]
    >>> c["pairs_added"].values.tolist(), c["pairs_removed"].values.tolist()
    ([['丙', '甲', 1]], [['乙', '甲', 1]])
    """
    from .analysis.coresponsibility import coresponsibility
    from .analysis.workload import unit_sums

    w = resolve_weights(weights)
    lo, ln = (unit_sums(p, w)[["load", "n_tasks"]].rename(index=str) for p in (old, new))
    load = _load_changes(lo, ln)
    added = load.loc[load["status"] == "added", ["unit", "load_new"]].copy()
    added["n_tasks_new"] = added["unit"].map(ln["n_tasks"]).astype("int64")
    removed = load.loc[load["status"] == "removed", ["unit", "load_old"]].copy()
    removed["n_tasks_old"] = removed["unit"].map(lo["n_tasks"]).astype("int64")
    matched = _match_tasks(old, new, similarity)
    cols = ["task_id", "number", "chapter", "title"]
    po, pn = (coresponsibility(p)[["unit_a", "unit_b", "shared_tasks"]] for p in (old, new))
    return {
        "load": load,
        "units_added": added.reset_index(drop=True),
        "units_removed": removed.reset_index(drop=True),
        "tasks": matched,
        "tasks_added": new.tasks.loc[~new.tasks["task_id"].isin(matched["task_id_new"]), cols].reset_index(drop=True),
        "tasks_removed": old.tasks.loc[~old.tasks["task_id"].isin(matched["task_id_old"]), cols].reset_index(drop=True),
        "assignments_changed": _role_changes(old, new, matched),
        "pairs_added": _pairs_only(pn, po),
        "pairs_removed": _pairs_only(po, pn),
    }


def _load_changes(lo: pd.DataFrame, ln: pd.DataFrame) -> pd.DataFrame:
    units = sorted(set(lo.index) | set(ln.index))
    load = pd.DataFrame({
        "unit": units,
        "load_old": lo["load"].reindex(units).fillna(0.0).to_numpy(),
        "load_new": ln["load"].reindex(units).fillna(0.0).to_numpy(),
    })
    load["change"] = load["load_new"] - load["load_old"]
    load["status"] = np.select(
        [~load["unit"].isin(lo.index), ~load["unit"].isin(ln.index), load["change"] > 1e-12, load["change"] < -1e-12],
        ["added", "removed", "rose", "fell"], "same")
    return load.sort_values(["change", "unit"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _role_changes(old: Plan, new: Plan, matched: pd.DataFrame) -> pd.DataFrame:
    """In matched tasks, each unit whose (strongest) role differs; a missing role is empty."""
    ao = strongest_roles(old.assignments).groupby("task_id")
    an = strongest_roles(new.assignments).groupby("task_id")

    def roles(groups, tid) -> dict:
        return dict(zip(*groups.get_group(tid)[["unit", "role"]].T.values, strict=False)) if tid in groups.groups else {}

    rows = []
    for r in matched.itertuples(index=False):
        ro, rn = roles(ao, r.task_id_old), roles(an, r.task_id_new)
        for unit in sorted(set(ro) | set(rn)):
            if ro.get(unit) != rn.get(unit):
                rows.append({"task_id_old": r.task_id_old, "task_id_new": r.task_id_new, "unit": unit,
                             "role_old": ro.get(unit, ""), "role_new": rn.get(unit, "")})
    return pd.DataFrame(rows, columns=["task_id_old", "task_id_new", "unit", "role_old", "role_new"])


def _pairs_only(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """The pairs of ``a`` that are not pairs of ``b``, most shared tasks first."""
    m = a.merge(b[["unit_a", "unit_b"]], how="left", indicator=True)
    m = m[m["_merge"] == "left_only"].drop(columns="_merge")
    return m.sort_values(["shared_tasks", "unit_a", "unit_b"], ascending=[False, True, True],
                         kind="stable").reset_index(drop=True)


def compare_chart(comparison: Mapping[str, pd.DataFrame], *, ax=None, top: int | None = 20,
                  lang: str = "zh", title: str | None = None):
    """Horizontal bars of each unit's change in load between two plans.

    Parameters
    ----------
    comparison : dict
        The result of :func:`compare_plans` (its ``load`` table is drawn).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.
    top : int or None
        Draw the ``top`` units with the largest absolute change (all if ``None``).
    lang : {"zh", "en"}
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        Rises are drawn in vermilion, falls in blue; units new in the second
        plan are marked ``(+)``, units gone from it ``(−)``.

    Examples
    --------
    >>> old = Plan.from_assignments([{"task_id": "1", "unit": "甲", "role": "lead"}])
    >>> new = Plan.from_assignments([{"task_id": "1", "unit": "甲", "role": "support"}])
    >>> ax = compare_chart(compare_plans(old, new))
    >>> [float(p.get_width()) for p in ax.patches]
    [-0.5]
    """
    from .plot._common import FLAG_COLOR, LEAD_COLOR, new_axes
    from .plot.fonts import apply_font, plot_context

    df = comparison["load"]
    df = df[df["change"].abs() > 1e-12]
    if top is not None:
        df = df.reindex(df["change"].abs().sort_values(ascending=False, kind="stable").index).head(top)
    df = df.sort_values(["change", "unit"], ascending=[True, True], kind="stable")
    mark = {"added": " (+)", "removed": " (−)"}
    labels = [f"{u}{mark.get(s, '')}" for u, s in zip(df["unit"], df["status"], strict=False)]
    with plot_context():
        ax = new_axes(ax, (6.3, max(2.0, 0.28 * len(df) + 1.0)))
        y = np.arange(len(df))
        colors = [FLAG_COLOR if c > 0 else LEAD_COLOR for c in df["change"]]
        ax.barh(y, df["change"].to_numpy(), color=colors)
        ax.set_yticks(y, labels)
        ax.axvline(0, color="#222222", linewidth=0.8)
        zh = lang == "zh"
        ax.set_xlabel("工作负荷变化(新 − 旧)" if zh else "Change in load (new − old)")
        ax.set_title(title if title is not None else ("两版方案的单位工作负荷变化" if zh else "Change in load by unit"))
        if not len(df):
            ax.text(0.5, 0.5, "无变化" if zh else "no change", ha="center", va="center", transform=ax.transAxes)
        apply_font(ax)
    return ax
