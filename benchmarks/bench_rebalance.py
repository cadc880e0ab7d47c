"""Speed of ``yjgraph.rebalance``: the bundled plan and a 5,000-task synthetic plan.

    python benchmarks/bench_rebalance.py [--rows 27500] [--units 300 2000] [--timeout 120]

For each plan and each ``allow`` ("support", "lead", "both"; 5 moves, receivers
co-responsible) the MILP is solved with the reductions of
``yjgraph.rebalance`` (``reduce=True``, the default; they provably keep
the optimum) and, side by side, without them (``reduce=False``: one binary per allowed move):
on the bundled plan always, on the synthetic plans with ``--full`` only (the
unreduced programs have millions of binaries there and run into the
timeout). Both must reach the same largest load. Each call runs in a forked child (``_util.measure``):
wall-clock seconds from the plan in memory, including ``workload``, the
candidate moves, both solver stages and the reasons. The synthetic plan
(``synth.make_plan``: 1-10 units per task, Zipf popularity) has about
``rows / 5.5`` tasks: 27,500 rows are about 5,000 tasks.
"""

from __future__ import annotations

import argparse

import _util  # noqa: F401
import synth
from _util import measure

import yjgraph

PLAN = None


def _run(allow: str, reduce: bool) -> str:
    m = yjgraph.rebalance(PLAN, max_moves=5, allow=allow, reduce=reduce)
    a = m.attrs
    return (f"max {a['max_before']:g} -> {a['max_after']:g}; "
            f"{a['candidate_moves_solved']:,} of {a['candidate_moves']:,} moves solved")


def main(argv=None) -> int:
    global PLAN
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=27_500)
    p.add_argument("--units", type=int, nargs="+", default=[300, 2000])
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per call (default 120)")
    p.add_argument("--full", action="store_true", help="also solve the synthetic plans unreduced")
    args = p.parse_args(argv)

    plans = [("bundled", yjgraph.load_example())]
    for n_units in args.units:
        corpus = synth.generate(args.rows, n_units=n_units, seed=0)
        plans.append((f"synth {n_units}u", synth.make_plan(corpus=corpus)))
    print(f"{'plan':<14}{'tasks':>7}{'units':>7}  {'allow':<8}{'reduced s':>10}{'full s':>10}  result")
    for name, plan in plans:
        PLAN = plan
        for allow in ("support", "lead", "both"):
            t_red, _, note, err = measure(_run, allow, True, timeout=args.timeout)
            if name == "bundled" or args.full:
                t_full, _, note_full, err_full = measure(_run, allow, False, timeout=args.timeout)
            else:
                t_full, note_full, err_full = float("nan"), None, "not run"
            full = f"{t_full:10.2f}" if not err_full else f"{err_full[:9]:>10}"
            print(f"{name:<14}{len(plan.tasks):>7}{len(plan.units):>7}  {allow:<8}{t_red:10.2f}"
                  f"{full}  {err or note}")
            if not err and not err_full:
                same = note.split(";")[0] == note_full.split(";")[0]
                print(f"{'':<36}full: {note_full}{'' if same else '  <-- DIFFERENT OPTIMUM'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
