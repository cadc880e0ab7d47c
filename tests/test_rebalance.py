"""rebalance: the MILP's optimum equals brute force; its moves give the loads it reports."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

import yjgraph
from yjgraph import Plan

W = {"lead": 1.0, "support": 0.5}


def _random_plan(seed: int, n_tasks: int, n_units: int, group: bool = False,
                 split: bool = False) -> Plan:
    """Tasks of 2-3 units, the first units the busiest; ``split``: the two chapters
    draw from overlapping halves of the units."""
    rng = np.random.default_rng(seed)
    names = [f"U{i}" for i in range(n_units)] + (["各街道"] if group else [])
    p = np.linspace(2, 0.5, len(names))
    rows, tasks = [], []
    for t in range(1, n_tasks + 1):
        k = int(rng.integers(2, 4))
        q = p.copy()
        if split:
            q[: n_units // 3] *= t <= n_tasks // 2
            q[-(n_units // 3):] *= t > n_tasks // 2
        units = rng.choice(names, size=k, replace=False, p=q / q.sum())
        n_lead = int(rng.integers(1, k))
        for i, u in enumerate(units):
            rows.append({"task_id": str(t), "unit": str(u), "role": "lead" if i < n_lead else "support"})
        tasks.append({"task_id": str(t), "chapter_no": "一" if t <= n_tasks // 2 else "二",
                      "chapter": "甲" if t <= n_tasks // 2 else "乙"})
    return Plan.from_assignments(rows, tasks)


def _state(plan, capacity):
    wl = yjgraph.workload(plan, capacity=capacity)
    cap = wl["capacity"] if capacity is not None else wl["load"] * 0 + 1
    groups = set(plan.units.loc[plan.units["is_group"], "unit"])
    active = {u for u in wl.index if u not in groups and np.isfinite(cap[u])}
    return wl, cap, active


def _key(loads, cap, active, cut, k):
    ratios = [loads[u] / cap[u] for u in active]
    return (round(max(ratios), 9), sum(r > cut for r in ratios), k)


def brute_force(plan, *, max_moves, allow, capacity=None, candidates="co-responsible"):
    """Every set of at most ``max_moves`` moves, written independently of the MILP."""
    wl, cap, active = _state(plan, capacity)
    cut = wl.attrs["threshold_value"]
    roles: dict[str, dict[str, str]] = {}
    for t, u, r in plan.assignments[["task_id", "unit", "role"]].itertuples(index=False):
        d = roles.setdefault(t, {})
        d[u] = "lead" if r == "lead" or d.get(u) == "lead" else r
    tasks_of: dict[str, set] = {}
    for t, d in roles.items():
        for u in d:
            tasks_of.setdefault(u, set()).add(t)
    chapter = dict(zip(plan.tasks["task_id"], plan.tasks["chapter_no"]))
    in_chapter = {c: {u for t, d in roles.items() if chapter[t] == c for u in d}
                  for c in set(chapter.values())}
    ok_roles = {"support": {"support"}, "lead": {"lead"}, "both": {"lead", "support"}}[allow]
    moves = []
    for t, d in roles.items():
        for a, r in d.items():
            if r not in ok_roles or a not in active:
                continue
            related = ({b for b in active if tasks_of[a] & tasks_of.get(b, set())}
                       if candidates == "co-responsible" else in_chapter[chapter[t]])
            moves += [(t, a, r, b) for b in sorted(related & active) if b not in d]
    load0 = wl["load"].to_dict()
    best = _key(load0, cap, active, cut, 0)
    for k in range(1, max_moves + 1):
        for combo in combinations(moves, k):
            if len({(t, a) for t, a, _, _ in combo}) < k or len({(t, b) for t, _, _, b in combo}) < k:
                continue
            loads = dict(load0)
            for _, a, r, b in combo:
                loads[a] -= W[r]
                loads[b] += W[r]
            best = min(best, _key(loads, cap, active, cut, k))
    return best, len(moves)


def _check(plan, moves, capacity=None):
    """Apply the moves; return the objective reached. Loads must be those reported."""
    after = yjgraph.apply_moves(plan, moves)
    wl_after = yjgraph.workload(after, capacity=capacity)
    for m in moves.itertuples(index=False):
        assert wl_after.loc[m.unit_from, "load"] == m.load_from_after
        assert wl_after.loc[m.unit_to, "load"] == m.load_to_after
    # no task loses its lead, no role is lost
    led = lambda p: set(p.assignments.loc[p.assignments["role"] == "lead", "task_id"])  # noqa: E731
    assert led(after) == led(plan)
    assert wl_after["load"].sum() == pytest.approx(yjgraph.workload(plan)["load"].sum())
    wl, cap, active = _state(plan, capacity)
    return _key(wl_after["load"].to_dict(), cap, active, wl.attrs["threshold_value"], len(moves))


CASES = [  # seed, tasks, units, max_moves, allow, capacity?
    (0, 6, 5, 2, "both", False),
    (1, 6, 5, 3, "support", False),
    (2, 7, 6, 2, "lead", False),
    (3, 6, 6, 3, "both", True),
    (4, 8, 8, 1, "both", False),
    (5, 8, 9, 2, "both", False),
    (6, 7, 9, 2, "support", True),
    (7, 6, 6, 3, "lead", True),
]


@pytest.mark.parametrize("seed,n_tasks,n_units,k,allow,with_capacity", CASES)
def test_optimum_equals_brute_force(seed, n_tasks, n_units, k, allow, with_capacity):
    plan = _random_plan(seed, n_tasks, n_units)
    capacity = None
    if with_capacity:
        rng = np.random.default_rng(seed + 100)
        capacity = {u: float(rng.integers(1, 5)) for u in plan.units["unit"]}
    moves = yjgraph.rebalance(plan, max_moves=k, allow=allow, capacity=capacity)
    expected, n_moves = brute_force(plan, max_moves=k, allow=allow, capacity=capacity)
    assert moves.attrs["candidate_moves"] == n_moves
    assert _check(plan, moves, capacity) == expected
    assert len(moves) <= k
    assert moves.attrs["max_after"] == pytest.approx(expected[0])


@pytest.mark.slow
def test_reductions_are_used_and_keep_the_optimum():
    # plans with many light receivers: the receivers of a role are cut to the 2K-1 lightest
    reduced = 0
    for seed in range(8, 14):
        plan = _random_plan(seed, 8, 10)
        for k in (1, 2):
            moves = yjgraph.rebalance(plan, max_moves=k, allow="both")
            assert _check(plan, moves) == brute_force(plan, max_moves=k, allow="both")[0]
            reduced += moves.attrs["candidate_moves_solved"] < moves.attrs["candidate_moves"]
    assert reduced >= 3


def test_chapter_candidates_and_callable():
    for seed in range(21, 27):
        plan = _random_plan(seed, 10, 9, split=True)
        for k in (1, 2):
            moves = yjgraph.rebalance(plan, max_moves=k, allow="both", candidates="chapter")
            expected, n = brute_force(plan, max_moves=k, allow="both", candidates="chapter")
            assert moves.attrs["candidate_moves"] == n
            assert _check(plan, moves) == expected
    plan = _random_plan(21, 8, 7)
    # a callable that only ever offers U6
    only = yjgraph.rebalance(plan, max_moves=3, allow="both",
                             candidates=lambda plan, task_id, unit, role: ["U6", "no such unit"])
    assert set(only["unit_to"]) <= {"U6"}
    _check(plan, only)
    assert only.attrs["candidates"] == "callable"


def test_never_to_a_catch_all_group():
    for seed in range(3):
        plan = _random_plan(seed, 8, 5, group=True)
        assert plan.units.set_index("unit").loc["各街道", "is_group"]
        moves = yjgraph.rebalance(plan, max_moves=4, allow="both")
        assert "各街道" not in set(moves["unit_to"]) | set(moves["unit_from"])
        _check(plan, moves)


def test_seed_plan(seed_plan):
    co = yjgraph.coresponsibility(seed_plan)
    pairs = set(zip(co["unit_a"], co["unit_b"])) | set(zip(co["unit_b"], co["unit_a"]))
    for allow in ("support", "lead"):
        moves = yjgraph.rebalance(seed_plan, max_moves=5, allow=allow)
        assert 0 < len(moves) <= 5 and set(moves["role"]) == {allow}
        assert all((m.unit_from, m.unit_to) in pairs for m in moves.itertuples())
        assert moves.attrs["max_after"] < moves.attrs["max_before"]
        assert all(r.count(";") == 1 and r.endswith(".") for r in moves["reason"])
        assert moves["reason"].str.contains("already shares").all()
        _check(seed_plan, moves)
    # 5 support moves from the heaviest unit (30.5) can take off at most 2.5
    assert yjgraph.rebalance(seed_plan, allow="support").attrs["max_after"] == 28.0


def test_no_moves_and_bad_arguments(tiny_plan):
    assert yjgraph.rebalance(tiny_plan, max_moves=0).empty
    with pytest.raises(ValueError, match="allow"):
        yjgraph.rebalance(tiny_plan, allow="all")
    with pytest.raises(ValueError, match="candidates"):
        yjgraph.rebalance(tiny_plan, candidates="anyone")


@pytest.mark.parametrize("candidates", ["chapter", "co-responsible"])
def test_every_move_the_solver_sees_is_allowed(candidates):
    from yjgraph.analysis import rebalance as R

    for seed in range(30, 36):
        plan = _random_plan(seed, 12, 12, split=True)
        B = yjgraph.biadjacency(plan)
        wl = yjgraph.workload(plan).reindex(B.units)
        load, cap = wl["load"].to_numpy(float), np.ones(len(B.units))
        p = R._candidates(plan, B, load, cap, np.ones(len(B.units), bool),
                          wl.attrs["threshold_value"], W, max_moves=2, allow="both",
                          candidates=candidates)
        a = plan.assignments
        on = {(t, u) for t, u in zip(a["task_id"], a["unit"])}
        chapter = dict(zip(plan.tasks["task_id"], plan.tasks["chapter_no"]))
        works_in = {(chapter[t], u) for t, u in on}
        tasks_of = {u: set(g) for u, g in a.groupby("unit")["task_id"]}
        for t, s, d in zip(p.task, p.src, p.dst):
            tid, src, dst = B.tasks[t], B.units[s], B.units[d]
            assert (tid, src) in on and (tid, dst) not in on
            if candidates == "chapter":
                assert (chapter[tid], dst) in works_in
            else:
                assert tasks_of[src] & tasks_of[dst]


@pytest.mark.slow
def test_reductions_keep_the_optimum_on_the_seed_plan(seed_plan):
    for allow in ("support", "both"):
        reduced = yjgraph.rebalance(seed_plan, max_moves=3, allow=allow)
        full = yjgraph.rebalance(seed_plan, max_moves=3, allow=allow, reduce=False)
        assert full.attrs["candidate_moves_solved"] == full.attrs["candidate_moves"]
        assert reduced.attrs["candidate_moves_solved"] < full.attrs["candidate_moves_solved"]
        assert _check(seed_plan, reduced) == _check(seed_plan, full)
