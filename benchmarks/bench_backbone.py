"""Backbone speed: yjgraph's SDSM and FDSM, and SDSM against the bicm package's own code.

    python benchmarks/bench_backbone.py [--draws 1000] [--tasks-small 1000] [--couples 2]

1. SDSM on the bundled plan (86 tasks, 34 units), warm (imports done).
2. FDSM with 1,000 curveball draws on the bundled plan.
3. A synthetic plan of about 1,000 tasks and 15 units: yjgraph's SDSM against
   the bicm package's full ``compute_projection(approx_method="poibin")``
   (its exact Poisson-binomial projection, one process), same p-values.
4. A synthetic plan of about 10,000 tasks and 200 units (``synth.py``):
   yjgraph's whole SDSM backbone against bicm's BiCM solver plus its
   per-degree-couple p-value code (``pval_calculator_poibin``) timed on
   ``--couples`` couples and extrapolated to all of them, as bicm's
   Poisson-binomial code costs O(tasks²) per couple (about 15 s at 10,000 tasks)
   and the full run would take hours. The rows are marked "estimated".

All timings are wall-clock in this process, after one warm-up call (bicm
compiles with numba on first use).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import time
import warnings

import _util  # noqa: F401  (puts the checkout on sys.path)
import numpy as np
import synth
from _util import print_table

import yjgraph


def _timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t0, out


def _bicm_graph(X):
    from bicm import BipartiteGraph

    return BipartiteGraph(biadjacency=X.T.astype(int))  # rows = units


def _bicm_full(X):
    g = _bicm_graph(X)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        # threads_num=1 needs the progress bar on in bicm 3.4 (else no p-value is computed)
        g.compute_projection(rows=True, alpha=0.05, approx_method="poibin", threads_num=1,
                             progress_bar=True)
    return g.get_projected_pvals_mat(layer="rows")


def _ours_vs(bb, units, ref_pairs):
    """Largest |p(yjgraph) - p(bicm)| over the pairs bicm computed."""
    idx = {u: k for k, u in enumerate(units)}
    got = {(idx[a], idx[b]): p for a, b, p in zip(bb.unit_a, bb.unit_b, bb.p_value)}
    return max(abs(got[min(i, j), max(i, j)] - p) for (i, j), p in ref_pairs.items())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--tasks-small", type=int, default=1000, help="tasks of the fully compared plan")
    ap.add_argument("--couples", type=int, default=2, help="bicm degree couples timed at 10k tasks")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    rows = []

    plan = yjgraph.load_example()
    yjgraph.backbone(plan)  # imports
    sec, bb = _timed(yjgraph.backbone, plan)
    rows.append(("bundled plan SDSM", "yjgraph backbone sdsm", sec, float("nan"),
                 f"{len(bb)} pairs, {bb.attrs['n_significant']} significant"))
    sec, fd = _timed(yjgraph.backbone, plan, model="fdsm", draws=args.draws)
    rows.append(("bundled plan FDSM", f"yjgraph fdsm {args.draws} draws", sec, float("nan"),
                 f"{fd.attrs['draws']} curveball draws, {fd.attrs['steps']} rounds apart"))

    try:
        import bicm  # noqa: F401
    except ImportError:
        print("bicm is not installed (pip install bicm): the comparison rows are skipped")
        print_table(rows, theirs_label="bicm")
        return 0
    _bicm_full(yjgraph.biadjacency(plan).binary.toarray())  # numba warm-up

    # --- a plan small enough for bicm's whole projection
    n_rows = int(args.tasks_small * 5.5)
    small = synth.make_plan(n_rows, n_units=15, seed=1)
    B = yjgraph.biadjacency(small)
    X = B.binary.toarray()
    label = f"{len(small.tasks)} tasks, {len(B.units)} units"
    sec, bb = _timed(yjgraph.backbone, small)
    rows.append((label, "yjgraph backbone sdsm", sec, float("nan"), f"{len(bb)} pairs"))
    sec, ref = _timed(_bicm_full, X)
    pairs = {(i, j): ref[i, j] for i in range(len(ref)) for j in range(i + 1, len(ref)) if X[:, i] @ X[:, j]}
    rows.append((label, "bicm compute_projection poibin", sec, float("nan"),
                 f"max |dp| = {_ours_vs(bb, B.units, pairs):.1e} over {len(pairs)} pairs"))

    # --- 10k tasks: bicm's per-couple code on a few couples, extrapolated
    big = synth.make_plan(55_000, n_units=200, seed=0)
    B = yjgraph.biadjacency(big)
    X = B.binary.toarray()
    label = f"{len(big.tasks)} tasks, {len(B.units)} units"
    sec, bb = _timed(yjgraph.backbone, big)
    rows.append((label, "yjgraph backbone sdsm", sec, float("nan"), f"{len(bb)} pairs, all computed"))
    g = _bicm_graph(X)
    with contextlib.redirect_stdout(io.StringIO()):
        t_solve, _ = _timed(g.solve_tool)
    S = X.T @ X
    g.rows_projection, g.projection_method = True, "poibin"
    g.v_adj_list = {i: {j: int(S[i, j]) for j in range(i + 1, len(S)) if S[i, j]} for i in range(len(S))}
    degs = np.asarray(g.rows_deg)
    deg_dict = {d: list(np.flatnonzero(degs == d)) for d in np.unique(degs)}
    uniq = sorted(deg_dict)
    couples = [(uniq[a], uniq[b]) for a in range(len(uniq)) for b in range(a, len(uniq))]
    rng = np.random.default_rng(0)
    picked = [couples[k] for k in rng.choice(len(couples), size=args.couples, replace=False)]
    t_pv, got = 0.0, {}
    for c in picked:
        sec, pv = _timed(g.pval_calculator_poibin, c, deg_dict, g.x, g.y)
        t_pv += sec
        got.update({(i, j): p for i, d in pv.items() for j, p in d.items()})
    estimate = t_solve + t_pv / len(picked) * len(couples)
    rows.append((label, "bicm solver + poibin (estimated)", estimate, float("nan"),
                 f"solver {t_solve:.2f} s + {t_pv / len(picked):.1f} s x {len(couples)} degree couples; "
                 f"max |dp| = {_ours_vs(bb, B.units, got):.1e} over {len(got)} pairs timed"))
    print_table(rows, theirs_label="bicm")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
