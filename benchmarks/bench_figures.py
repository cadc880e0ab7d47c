"""The report's charts: yjgraph's figures_to_dir vs saving them the plain matplotlib way.

    python benchmarks/bench_figures.py [--rows N] [--dpi 300]

Both sides draw the same nine charts with the same chart functions and the
same analyses, and write each as PNG, SVG and PDF at ``--dpi``:

- matplotlib: for every chart, ``fig.savefig(..., bbox_inches="tight")`` once
  per format, in one process (matplotlib's documented way; each call lays the
  figure out and draws it again, and the PNG is drawn by Agg);
- yjgraph, one process: ``figures_to_dir(n_jobs=1)`` (the layout is solved
  once and frozen and reused by every format; PDFs embed a copy of the CJK
  font cut to the plan's characters);
- yjgraph, every CPU: ``figures_to_dir(n_jobs=-1)`` (a process pool).

Default: the bundled plan (86 tasks, 34 units). ``--rows N`` uses a
synthetic plan of about N assignments instead (see ``synth.py``). The
"peak MiB" column counts the calling process only, not the workers.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import _util  # noqa: F401
from _util import measure, print_table

import yjgraph

FORMATS = ("png", "svg", "pdf")
PLAN = None
DPI = 300


def _plain(out):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from yjgraph.plot import export

    calls = export._chart_calls(yjgraph.analyze(PLAN), seed=0)
    for name in export.FIGURES:
        func, args, kwargs = calls[name]()
        fig = func(*args, **kwargs).figure
        for fmt in FORMATS:
            fig.savefig(Path(out) / f"{name}.{fmt}", dpi=DPI, bbox_inches="tight",
                        facecolor="white")
        plt.close(fig)
    return len(os.listdir(out))


def _ours(out, n_jobs):
    import matplotlib

    matplotlib.use("Agg")
    from yjgraph.plot import figures_to_dir

    written = figures_to_dir(PLAN, out, formats=FORMATS, dpi=DPI, n_jobs=n_jobs)
    return sum(len(v) for v in written.values())


def yjgraph_one_process(out):
    return _ours(out, 1)


def yjgraph_every_cpu(out):
    return _ours(out, -1)


def matplotlib_savefig(out):
    return _plain(out)


def main() -> None:
    global PLAN, DPI
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=None, help="synthetic plan of about N assignments")
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--timeout", type=float, default=1800)
    a = ap.parse_args()
    DPI = a.dpi
    if a.rows:
        import synth

        PLAN = synth.make_plan(a.rows)
    else:
        PLAN = yjgraph.load_example()
    s = PLAN.summary()
    print(f"plan: {s['tasks']} tasks, {s['units']} units; 9 charts x {len(FORMATS)} formats "
          f"at {DPI} dpi; {os.cpu_count()} CPUs\n")
    rows = []
    for fn in (matplotlib_savefig, yjgraph_one_process, yjgraph_every_cpu):
        with tempfile.TemporaryDirectory() as out:
            sec, mib, files, err = measure(fn, out, timeout=a.timeout)
        rows.append(("9 charts, 3 formats", fn.__name__, sec, mib, err or f"{files} files"))
    print_table(rows, ours_label="yjgraph", theirs_label="matplotlib")


if __name__ == "__main__":
    main()
