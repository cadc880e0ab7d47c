"""A suggested rebalancing: the few role moves that relieve the heaviest units most.

:func:`rebalance` solves, exactly, a mixed-integer program (SciPy's
:func:`scipy.optimize.milp`, i.e. HiGHS): choose at most ``max_moves`` moves,
a move handing one unit's role in one task (its lead or its support) to
another unit, that

1. minimise the largest capacity-adjusted load ``load / capacity`` (the load
   of :func:`yjgraph.workload`; capacity 1 for every unit when none is given),
2. then the number of units above the overload threshold of the plan as it
   is (``workload(...).attrs["threshold_value"]``, held fixed while solving),
3. then the number of moves (no move that does not help).

A role only goes to a unit that is not on the task yet, is not a catch-all
group (``plan.units.is_group``), has a capacity when one is given, and
already works on related tasks: ``candidates="co-responsible"`` (it shares a
task with the unit giving the role up), ``"chapter"`` (it works on a task of
the same chapter) or a callable. A role moves as it is (a lead stays a lead),
so no task ever loses its lead.

The program has one binary per (role, receiving unit) pair. Three reductions
keep it small on large plans without changing the optimum (proofs in the
comments above :func:`_candidates`): a unit that can neither end above the
optimum nor cross the threshold never gives a role up; a role keeps only its
``2·max_moves − 1`` lightest receivers when those stay below a lower bound of
the optimum and below the threshold; and of a unit's roles of one kind with
such receivers, ``max_moves`` are enough.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._lang import number
from ..graph import biadjacency
from ..model import Plan, resolve_weights, strongest_roles
from .workload import chapter_matrix, is_group, workload

__all__ = ["rebalance", "apply_moves"]

ALLOW = ("support", "lead", "both")
CANDIDATES = ("co-responsible", "chapter")
#: Tolerance on the largest load when the second objective is solved (loads
#: are sums of role weights over capacities: distinct values differ by far more).
TOL = 1e-7
_fmt = partial(number, digits=2)


@dataclass
class _Problem:
    units: np.ndarray  # unit names (the biadjacency's order)
    load: np.ndarray  # load per unit
    cap: np.ndarray  # capacity per unit (1 without a capacity table; NaN: not judged)
    active: np.ndarray  # units that may give or receive roles and count in the objective
    cut: float  # overload threshold on load / capacity (inf: none)
    # one row per candidate move
    task: np.ndarray  # task index
    src: np.ndarray  # unit index giving the role up
    dst: np.ndarray  # unit index receiving it
    weight: np.ndarray  # role weight
    lead: np.ndarray  # bool: the role is a lead
    n_total: int  # candidate moves before the reductions
    lower: float  # lower bound of the optimal largest load


def _relations(plan: Plan, B, candidates):
    """``(R, group)``: unit ``a`` on task ``t`` is related to the units of row ``group(t, a)``
    of the 0/1 matrix ``R`` (the units on ``t`` among them); ``(None, None)`` for a callable."""
    if callable(candidates):
        return None, None
    if candidates == "co-responsible":
        R, group = B.binary.T @ B.binary, (lambda t, a: a)
    else:
        C, codes, _ = chapter_matrix(plan)
        R, group = C @ B.binary, (lambda t, a: codes[t])
    R = sp.csr_array(R)
    R.data[:] = 1.0
    return R, group


def _lightest(rel: np.ndarray, wr: float, load, cap, ratio, cut: float) -> tuple[np.ndarray, np.ndarray]:
    """The receivers ``rel`` that a role of weight ``wr`` would not push newly above the
    threshold, lightest after the move first (ties by index), and that load per capacity."""
    key = (load[rel] + wr) / cap[rel]
    calm = ~((key > cut) & ~(ratio[rel] > cut))
    order = np.lexsort((rel[calm], key[calm]))
    return rel[calm][order], key[calm][order]


def _lower_bound(load, cap, active, rows_a, rows_w, K: int) -> tuple[np.ndarray, float]:
    """Each unit's least possible load per capacity, and the largest of them over active units:
    a lower bound of the optimum, since a unit sheds at most its ``K`` heaviest roles
    (``rows_*``: the roles that have a receiver) and receiving only adds."""
    order = np.lexsort((-rows_w, rows_a))
    a_sorted, w_sorted = rows_a[order], rows_w[order]
    top = np.arange(len(a_sorted)) - np.searchsorted(a_sorted, a_sorted) < K
    low = (load - np.bincount(a_sorted[top], weights=w_sorted[top], minlength=len(load))) / cap
    return low, float(np.max(low[active])) if active.any() else 0.0


# The reductions of _candidates, and why they keep an optimum.
#
# Reduction 1 (sources). In an optimal move set S every move a -> c is needed: cancel it
# and a's load/cap grows by w/cap_a to f + w/cap_a, where f >= low_a is a's final value in
# S and f + w/cap_a <= upper_a = (load_a + (K-1)·w_in)/cap_a; c only gets lighter. Unless
# upper_a > lower (a might end above the optimum) or low_a <= cut < upper_a (a might cross
# the threshold), the smaller set is as good in (1) and (2) and better in (3), so no
# optimal set moves a role of a.
# Reduction 2 (receivers). Let a move of S hand role rho (weight w) to b while 2K-1 other
# receivers b' of rho "qualify": key(b') = (load_b' + w)/cap_b' <= lower and b' would not
# newly cross the threshold. The other K-1 moves touch at most 2K-2 units, so one such b'
# is untouched: give rho to it instead. b' ends at key(b') <= lower <= the optimum and
# crosses no threshold; b only gets lighter. The set stays optimal, so an optimum exists
# among the 2K-1 lightest receivers of each role whose lightest 2K-1 qualify.
# Reduction 3 (roles of one unit). The same exchange with another role: if unit a has K
# roles of one kind (weight w) whose receivers qualify, a move of any other such role of
# a can be replaced by a move of one of those K that S does not use (S has at most K-1
# other moves), to one of its qualifying receivers that S does not touch. So only K such
# roles of each unit and kind are kept (the first K in the plan's order).


def _candidates(plan: Plan, B, load, cap, active, cut, w, *, max_moves, allow,
                candidates, reduce: bool = True) -> _Problem:
    """Every allowed move, less those the three reductions show an optimum never needs."""
    K, T, ratio = max_moves, B.roles, load / cap
    coo = T.tocoo()
    keep = np.isin(coo.data, {"support": [2], "lead": [1], "both": [1, 2]}[allow]) & active[coo.col]
    rows_t, rows_a, rows_code = coo.row[keep], coo.col[keep], coo.data[keep]
    rows_w = np.where(rows_code == 1, w["lead"], w["support"])
    R, group = _relations(plan, B, candidates)
    index = {u: i for i, u in enumerate(B.units)}

    def receivers(t, a, code):
        """Related, active units not on the task."""
        if R is None:
            names = candidates(plan, str(B.tasks[t]), str(B.units[a]), "lead" if code == 1 else "support")
            rel = np.array([index[n] for n in dict.fromkeys(names) if n in index], dtype=np.int64)
        else:
            rel = R.indices[R.indptr[group(t, a)]:R.indptr[group(t, a) + 1]]
        return rel[active[rel] & ~np.isin(rel, T.indices[T.indptr[t]:T.indptr[t + 1]])]

    if R is None:  # a callable: list every row's receivers now
        listed = [receivers(t, a, c) for t, a, c in zip(rows_t, rows_a, rows_code)]
        n_recv = np.array([len(x) for x in listed], dtype=np.int64)
    else:  # count them: the units on the task are all related to it
        on_task = np.bincount(coo.row[active[coo.col]], minlength=T.shape[0])
        n_recv = ((R @ active.astype(float))[group(rows_t, rows_a)] - on_task[rows_t]).astype(np.int64)
    has = n_recv > 0
    low, lower = _lower_bound(load, cap, active, rows_a[has], rows_w[has], K)

    w_in = max([0.0] + [w[r] for r in ("lead", "support") if allow in (r, "both")])
    upper = (load + (K - 1) * w_in) / cap
    source = (upper > lower) | ((low <= cut) & (cut < upper)) | (not reduce)  # reduction 1
    picked: dict[tuple[int, int], list] = {}
    pools: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
    in_order = np.lexsort((rows_t, rows_code, rows_a))
    for i in in_order[source[rows_a[in_order]] & has[in_order]]:
        t, a, code, wr = rows_t[i], rows_a[i], rows_code[i], rows_w[i]
        roles = picked.setdefault((a, code), [])
        if sum(q for _, q, _ in roles) >= K:
            continue  # K roles of this unit and kind already qualify (reduction 3)
        if R is None:
            best, bkey = (x[: 2 * K - 1] for x in _lightest(listed[i], wr, load, cap, ratio, cut))
        else:  # the receivers sorted once per unit, kind and related set
            here = T.indices[T.indptr[t]:T.indptr[t + 1]]
            g = (a, code, group(t, a))
            if g not in pools:
                rel = R.indices[R.indptr[g[2]]:R.indptr[g[2] + 1]]
                pools[g] = _lightest(rel[active[rel]], wr, load, cap, ratio, cut)
            pool, pkey = (x[: 2 * K - 1 + len(here)] for x in pools[g])
            head = ~np.isin(pool, here)
            best, bkey = pool[head][: 2 * K - 1], pkey[head][: 2 * K - 1]
        if reduce and len(best) == 2 * K - 1 and bkey.max() <= lower:  # reduction 2
            roles.append((i, True, best))
        else:
            roles.append((i, False, listed[i] if R is None else receivers(t, a, code)))
    moves = []
    for roles in picked.values():
        if sum(q for _, q, _ in roles) >= K:
            roles = [r for r in roles if r[1]]  # reduction 3: the K qualifying roles suffice
        moves += [(rows_t[i], rows_a[i], d, rows_w[i], rows_code[i] == 1) for i, _, dst in roles for d in dst]
    task, src, dst, wt, lead = (np.array(x) for x in zip(*moves)) if moves else [np.zeros(0)] * 5
    return _Problem(units=np.asarray(B.units, dtype=object), load=load, cap=cap, active=active,
                    cut=cut, task=task.astype(np.int64), src=src.astype(np.int64),
                    dst=dst.astype(np.int64), weight=wt.astype(float), lead=lead.astype(bool),
                    n_total=int(n_recv.sum()), lower=lower)


def _solve(p: _Problem, max_moves: int, time_limit: float | None) -> np.ndarray:
    """The chosen moves (indices into the candidate arrays), solved in two stages."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = len(p.task)
    if n == 0 or max_moves == 0:
        return np.zeros(0, np.int64)
    touched = np.unique(np.concatenate([p.src, p.dst]))
    m, cols = len(touched), np.arange(n)
    # change of load/cap of each touched unit per move: rows touched units, cols moves
    D = sp.csr_array((np.r_[-p.weight / p.cap[p.src], p.weight / p.cap[p.dst]],
                      (np.searchsorted(touched, np.r_[p.src, p.dst]), np.r_[cols, cols])), shape=(m, n))
    base = (p.load / p.cap)[touched]
    fixed = np.where(p.active, p.load / p.cap, -np.inf)
    fixed[touched] = -np.inf
    l_fixed = float(fixed.max()) if len(fixed) else -np.inf
    # in both stages: one move per role, one role per task and receiver, at most max_moves
    once = [sp.csr_array((np.ones(n), (np.unique(np.c_[p.task, u], axis=0, return_inverse=True)[1].ravel(),
                                       cols))) for u in (p.src, p.dst)]
    G = sp.vstack([*once, sp.csr_array(np.ones((1, n)))], format="csr")
    options = {"mip_rel_gap": 0.0, "presolve": True}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)

    def run(c, blocks, hi, integrality, bounds) -> np.ndarray:
        """``y`` minimising ``c`` under G and ``blocks @ x <= hi``."""
        A = sp.vstack([sp.hstack([G, sp.csr_array((G.shape[0], len(c) - n))]), *blocks], format="csr")
        lo = np.r_[np.zeros(G.shape[0]), np.full(len(hi), -np.inf)]
        hi = np.r_[np.ones(G.shape[0] - 1), max_moves, hi]
        res = milp(c, constraints=LinearConstraint(A, lo, hi), integrality=integrality,
                   bounds=bounds, options=options)
        if res.x is None:
            raise RuntimeError(f"rebalance: the solver found no solution ({res.message})")
        return np.round(res.x[:n])

    # stage 1: minimise L >= base + D y for every touched unit
    y = run(np.r_[np.zeros(n), 1.0], [sp.hstack([D, sp.csr_array(-np.ones((m, 1)))])], -base,
            np.r_[np.ones(n), 0], Bounds(np.r_[np.zeros(n), max(l_fixed, -1e30)], np.r_[np.ones(n), np.inf]))
    best = max(float((base + D @ y).max()), l_fixed)
    # stage 2: keep L, minimise (K+1)·overloaded + moves
    reach = base + np.maximum(D.toarray(), 0).sum(axis=1)
    can = np.flatnonzero((reach > p.cut) & np.isfinite(p.cut))
    k = len(can)
    over = sp.csr_array((p.cut - reach[can], (np.arange(k), np.arange(k))), shape=(k, k))
    y = run(np.r_[np.ones(n), np.full(k, max_moves + 1.0)],
            [sp.hstack([D, sp.csr_array((m, k))]), sp.hstack([D[can], over])],
            np.r_[best + TOL - base, p.cut - base[can]], np.ones(n + k), Bounds(0, 1))
    return np.flatnonzero(y > 0.5)


def rebalance(
    plan: Plan,
    *,
    capacity: Mapping[str, float] | pd.Series | None = None,
    max_moves: int = 5,
    allow: str = "support",
    candidates: str | Callable = "co-responsible",
    weights: Mapping[str, float] | None = None,
    rule: str = "robust_z",
    threshold: float | None = None,
    time_limit: float | None = None,
    reduce: bool = True,
) -> pd.DataFrame:
    """Suggest at most ``max_moves`` role moves that relieve the heaviest units.

    Parameters
    ----------
    plan : Plan
    capacity : mapping or Series, optional
        Staff (or any capacity) per unit, as in :func:`yjgraph.workload`;
        loads are then compared per capacity, and units without a capacity
        neither give nor receive roles.
    max_moves : int
        The most moves suggested (fewer when fewer help).
    allow : {"support", "lead", "both"}
        Which roles may move.
    candidates : {"co-responsible", "chapter"} or callable
        Who may receive a role: a unit sharing a task with the unit giving it
        up, a unit working in the task's chapter, or
        ``candidates(plan, task_id, unit, role) -> iterable of unit names``.
    weights, rule, threshold
        As in :func:`yjgraph.workload` (the overload threshold is that of the
        plan as it is).
    time_limit : float, optional
        Seconds for each of the two solver runs (the result may then not be optimal).
    reduce : bool
        Leave out the moves that the reductions of the module docstring prove an
        optimum never needs (default). ``False`` solves the program with one binary
        per allowed move: the same optimum, much slower on large plans (to check).

    Returns
    -------
    pandas.DataFrame
        One row per move: ``task_id, chapter_no, role, unit_from, unit_to,
        load_from_before, load_from_after, load_to_before, load_to_after``
        (after *all* the moves; ``load`` as :func:`yjgraph.workload`
        computes it, so :func:`apply_moves` gives exactly these loads),
        ``reason`` (one sentence). ``attrs`` holds ``basis``,
        ``max_before``/``max_after`` (largest load, per capacity when a
        capacity is given), ``overloaded_before``/``overloaded_after``
        (units above ``threshold_value``), ``candidate_moves`` and
        ``candidate_moves_solved`` (before and after the reductions).

    Examples
    --------
    >>> plan = yjgraph.load_example()
    >>> moves = yjgraph.rebalance(plan, max_moves=2, allow="lead")
    >>> moves[["unit_from", "load_from_before", "load_from_after"]]
       unit_from  load_from_before  load_from_after
    0  区经济科技信息化局              30.5             28.5
    1  区经济科技信息化局              30.5             28.5
    >>> moves.attrs["max_before"], moves.attrs["max_after"]
    (30.5, 28.5)
    >>> after = yjgraph.apply_moves(plan, moves)
    >>> float(yjgraph.workload(after).loc["区经济科技信息化局", "load"])
    28.5
    """
    if allow not in ALLOW:
        raise ValueError(f"allow must be one of {ALLOW}, got {allow!r}")
    max_moves = int(max_moves)
    if max_moves < 0:
        raise ValueError(f"max_moves must be >= 0, got {max_moves}")
    if not callable(candidates) and candidates not in CANDIDATES:
        raise ValueError(f"candidates must be one of {CANDIDATES} or a callable, got {candidates!r}")
    w = resolve_weights(weights)
    wl = workload(plan, weights=weights, rule=rule, threshold=threshold, capacity=capacity)
    B = biadjacency(plan, weights=weights)
    units = pd.Index(B.units.astype(str))
    load = wl["load"].reindex(units).to_numpy(float)
    cap = (wl["capacity"].reindex(units).to_numpy(float) if capacity is not None
           else np.ones(len(units)))
    active = np.isfinite(cap) & ~is_group(plan, units)
    cut = float(wl.attrs.get("threshold_value", np.inf))
    cut = cut if np.isfinite(cut) else np.inf

    p = _candidates(plan, B, load, cap, active, cut, w, max_moves=max_moves, allow=allow,
                    candidates=candidates, reduce=reduce)
    moves = _moves(plan, B, p, _solve(p, max_moves, time_limit), candidates)
    moves.attrs = {"basis": wl.attrs.get("basis", "load"), "allow": allow,
                   "candidates": candidates if isinstance(candidates, str) else "callable", **moves.attrs}
    return moves


def _moves(plan: Plan, B, p: _Problem, chosen: np.ndarray, candidates) -> pd.DataFrame:
    """The table of :func:`rebalance`: the chosen moves, the loads before and after, the reasons."""
    load, cap, cut = p.load, p.cap, p.cut
    after = load.copy()
    np.add.at(after, p.src[chosen], -p.weight[chosen])
    np.add.at(after, p.dst[chosen], p.weight[chosen])
    ratio_b, ratio_a = load / cap, after / cap
    chapter = plan.tasks.set_index(plan.tasks["task_id"].astype(str))["chapter_no"]
    rows = []
    for j in chosen:
        t, a, b = B.tasks[p.task[j]], p.src[j], p.dst[j]
        rows.append({
            "task_id": str(t), "chapter_no": chapter.get(str(t)),
            "role": "lead" if p.lead[j] else "support",
            "unit_from": p.units[a], "unit_to": p.units[b],
            "load_from_before": load[a], "load_from_after": after[a],
            "load_to_before": load[b], "load_to_after": after[b],
        })
    moves = pd.DataFrame(rows, columns=["task_id", "chapter_no", "role", "unit_from", "unit_to",
                                        "load_from_before", "load_from_after", "load_to_before",
                                        "load_to_after"])
    order = {tid: i for i, tid in enumerate(B.tasks.astype(str))}
    moves = moves.assign(_o=moves["task_id"].map(order), _l=-moves["load_from_before"])
    moves = moves.sort_values(["_l", "unit_from", "_o", "unit_to"]).drop(columns=["_o", "_l"])
    moves = moves.reset_index(drop=True)
    moves["reason"] = _reasons(plan, B, moves, candidates)
    for col in ("task_id", "chapter_no", "role", "unit_from", "unit_to", "reason"):
        moves[col] = moves[col].astype("string")
    judged = p.active & np.isfinite(ratio_b)
    moves.attrs = {
        "max_before": float(ratio_b[judged].max()) if judged.any() else float("nan"),
        "max_after": float(ratio_a[judged].max()) if judged.any() else float("nan"),
        "threshold_value": cut,
        "overloaded_before": int((ratio_b[judged] > cut).sum()),
        "overloaded_after": int((ratio_a[judged] > cut).sum()),
        "candidate_moves": p.n_total,
        "candidate_moves_solved": len(p.task),
    }
    return moves


def _reasons(plan: Plan, B, moves: pd.DataFrame, candidates) -> list[str]:
    """One sentence per move: the loads it changes and why the receiver is related."""
    if moves.empty:
        return []
    a = strongest_roles(plan.assignments)[["task_id", "unit", "role"]].astype(str)
    tasks_of = a.groupby("unit")["task_id"].agg(set).to_dict()
    chapter = dict(zip(plan.tasks["task_id"].astype(str), plan.tasks["chapter_no"].astype(str)))
    a["chapter_no"] = a["task_id"].map(chapter)
    by_chapter = a.groupby(["unit", "chapter_no", "role"]).size().to_dict()
    out = []
    for m in moves.itertuples(index=False):
        shared = len(tasks_of.get(m.unit_from, set()) & tasks_of.get(m.unit_to, set()))
        nl = by_chapter.get((m.unit_to, m.chapter_no, "lead"), 0)
        ns = by_chapter.get((m.unit_to, m.chapter_no, "support"), 0)
        works = " and ".join(x for x in (f"leads {nl}" if nl else "", f"supports {ns}" if ns else "") if x)
        related = []
        if shared:
            related.append(f"shares {shared} task{'s' * (shared != 1)} with {m.unit_from}")
        if works:
            related.append(f"{works} task{'s' * (nl + ns != 1)} of chapter {m.chapter_no}")
        why = " and ".join(related) if related else "is named by the candidates given"
        out.append(f"{m.role} of task {m.task_id}: {m.unit_from} {_fmt(m.load_from_before)} → "
                   f"{_fmt(m.load_from_after)}; {m.unit_to} {_fmt(m.load_to_before)} → "
                   f"{_fmt(m.load_to_after)}, already {why}.")
    return out


def apply_moves(plan: Plan, moves: pd.DataFrame) -> Plan:
    """The plan with the moves of :func:`rebalance` made (by :meth:`Plan.reassign`).

    Each move is recorded in ``meta["edits"]``.

    Examples
    --------
    >>> plan = yjgraph.load_example()
    >>> moves = yjgraph.rebalance(plan, max_moves=1)
    >>> len(yjgraph.apply_moves(plan, moves).meta["edits"])
    1
    """
    from ..edit import reassign

    for m in moves.itertuples(index=False):
        plan = reassign(plan, m.task_id, m.unit_from, to=m.unit_to)
    return plan
