"""Wall time of the command line on one plan, and of the speed mechanisms yjgraph keeps.

    python benchmarks/bench_report.py [--against OLD_CHECKOUT] [--repeat 2]
    python benchmarks/bench_report.py --plan BIG.txt [--against OLD_CHECKOUT]
    python benchmarks/bench_report.py --mechanisms [--rows 100000]

First part: ``yjgraph parse``, ``analyze`` and ``report`` on the bundled plan,
each run as the installed program in a fresh process (best of ``--repeat``),
for this checkout and, with ``--against``, for another checkout of yjgraph
(``PYTHONPATH`` pointing at it) side by side. With ``--plan FILE`` (e.g. a
100,000-task plan from ``synth.py --rows 550000``), ``parse`` and ``analyze``
of that file instead; the two checkouts' runs are interleaved, so a busy
machine slows both alike.

Second part (``--mechanisms``): each speed mechanism against the plain way,
so that one is kept only where it pays at least 1.5x:

- charts drawn by a process pool (``figures_to_dir(n_jobs=2)``) vs in one
  process, on the bundled plan;
- PDF charts drawn with a copy of the CJK font cut to the plan's characters
  (:func:`yjgraph.plot.fonts.cut_font`) vs with the whole font (fontTools
  then subsets a 65,000-glyph font for every PDF), on the bundled plan, in
  one process;
- the workbook written by yjgraph's streaming xlsxwriter writer vs
  ``pandas.ExcelWriter`` (xlsxwriter, formulas and links off), on the tables
  of a synthetic plan of ``--rows`` assignments;
- ``analyze_to_dir`` with a second process writing files (``n_jobs=2``) vs
  ``n_jobs=1``, on the same synthetic plan.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _util  # noqa: F401
import synth
from _util import ROOT


def _run(argv: list[str], pythonpath: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    code = f"import sys; from yjgraph.cli import run; sys.argv = {['yjgraph', *argv]!r}; run()"
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if r.returncode:
        raise SystemExit(f"{argv} failed under {pythonpath}:\n{r.stderr}")
    return dt


def commands(against: Path | None, repeat: int, plan: Path | None = None) -> None:
    trees = {"this checkout": ROOT, **({"--against": against} if against else {})}
    print(f"{'command':28s}" + "".join(f"{name:>16s}" for name in trees))
    source = [str(plan.resolve())] if plan else []
    with tempfile.TemporaryDirectory() as tmp:
        runs = [["parse", *source, "-o", f"{tmp}/p"], ["analyze", *source, "-o", f"{tmp}/a"]]
        if plan is None:
            runs.append(["report", "-q", "-o", f"{tmp}/r"])
        for argv in runs:
            times = [float("inf")] * len(trees)
            for _ in range(repeat):  # interleaved: each round runs every checkout once
                times = [min(t, _run(argv, path)) for t, path in zip(times, trees.values())]
            print(f"{'yjgraph ' + argv[0]:28s}" + "".join(f"{t:15.2f}s" for t in times))


def _time(fn, *args, **kwargs) -> float:
    t0 = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - t0


def mechanisms(rows: int) -> None:
    import pandas as pd

    import yjgraph
    from yjgraph._xlsx import write_workbook
    from yjgraph.analysis.run import analyze_to_dir
    from yjgraph.plot import figures_to_dir

    print(f"{'mechanism':44s}{'plain':>10s}{'with it':>10s}{'ratio':>8s}")

    def line(name, plain, fast):
        print(f"{name:44s}{plain:9.2f}s{fast:9.2f}s{plain / fast:7.2f}x")

    with tempfile.TemporaryDirectory() as tmp:
        a = yjgraph.analyze(yjgraph.load_example())
        for table in a.tables():  # computed before timing the charts
            getattr(a, table)
        _ = a.weight_sensitivity, a.lorenz, a.communities
        one = _time(figures_to_dir, a, f"{tmp}/f1", n_jobs=1)
        two = _time(figures_to_dir, a, f"{tmp}/f2", n_jobs=2)
        line("charts: process pool of 2 (bundled plan)", one, two)
        from contextlib import nullcontext

        from yjgraph.plot import export

        cut = _time(figures_to_dir, a, f"{tmp}/c1", formats=("pdf",))
        export.cut_font, kept = (lambda chars, map=map: nullcontext()), export.cut_font
        try:
            whole = _time(figures_to_dir, a, f"{tmp}/c2", formats=("pdf",))
        finally:
            export.cut_font = kept
        line("PDF charts: font cut to the plan (bundled)", whole, cut)

        plan = synth.make_plan(rows)
        big = yjgraph.analyze(plan)
        tables = big.tables()
        plain = _time(_pandas_workbook, tables, Path(tmp) / "pandas.xlsx")
        fast = _time(write_workbook, tables, Path(tmp) / "yjgraph.xlsx")
        line(f"workbook: streaming writer ({rows:,} rows)", plain, fast)
        del tables, big
        one = _time(analyze_to_dir, plan, f"{tmp}/a1", n_jobs=1)
        two = _time(analyze_to_dir, plan, f"{tmp}/a2", n_jobs=2)
        line(f"analyze_to_dir: writer process ({rows:,} rows)", one, two)
        assert pd.read_csv(f"{tmp}/a1/workload.csv").equals(pd.read_csv(f"{tmp}/a2/workload.csv"))


def _pandas_workbook(tables, path: Path) -> None:
    import pandas as pd

    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(path, engine="xlsxwriter", engine_kwargs={"options": options}) as xl:
        for name, df in tables.items():
            if len(df) <= 100_000:
                df.to_excel(xl, sheet_name=name[:31], index=False)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--against", type=Path, help="another checkout of yjgraph to time side by side")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--mechanisms", action="store_true")
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--plan", type=Path, help="time parse and analyze of this plan file instead")
    args = p.parse_args()
    if args.mechanisms:
        mechanisms(args.rows)
    else:
        commands(args.against, args.repeat, args.plan)


if __name__ == "__main__":
    main()
