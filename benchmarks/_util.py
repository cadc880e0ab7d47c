"""Timing helpers shared by the benchmarks: each measured call runs in a forked child.

A fresh child per call gives a clean peak-memory figure (``ru_maxrss`` of
the child, minus its resident size when it started) without tracemalloc,
whose per-allocation tracing would slow pure-Python code (networkx) far more
than C code and so bias the ratio.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

__all__ = ["measure", "print_table", "ROOT"]


def _rss_kib() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def _child(conn, fn, args):
    try:
        base = _rss_kib()
        t0 = time.perf_counter()
        out = fn(*args)
        dt = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        summary = out if isinstance(out, str | int | float) or out is None else type(out).__name__
        conn.send((dt, max(peak - base, 0) / 1024, summary, None))
    except BaseException as e:  # report, never hang the parent
        conn.send((float("nan"), float("nan"), None, f"{type(e).__name__}: {e}"))
    finally:
        conn.close()


def measure(fn, *args, timeout: float | None = None):
    """Run ``fn(*args)`` in a forked child: ``(seconds, extra peak MiB, summary, error)``.

    Each result is also printed at once (to stderr), so long runs show progress.
    """
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(child, fn, args))
    p.start()
    child.close()
    if not parent.poll(timeout):
        p.kill()
        p.join()
        return float("nan"), float("nan"), None, f"timed out after {timeout:.0f} s"
    res = parent.recv()
    p.join()
    name = getattr(fn, "__name__", "call")
    print(f"  [{name}] {res[0]:.3f} s, {res[1]:.1f} MiB {res[3] or ''}", file=sys.stderr, flush=True)
    return res


def print_table(rows, ours_label="yjgraph", theirs_label="networkx"):
    """rows: (task, implementation, seconds, MiB, note). Prints them, then for each of our
    implementations (label starting with ``ours_label``) the others' total time over its own."""
    width = max(len(r[1]) for r in rows) + 2
    print(f"{'task':<24}{'implementation':<{width}}{'seconds':>10}{'peak MiB':>10}  note")
    for task, impl, sec, mib, note in rows:
        print(f"{task:<24}{impl:<{width}}{sec:>10.3f}{mib:>10.1f}  {note or ''}")
    print()
    by_task = {}
    for task, impl, sec, _, _ in rows:
        by_task.setdefault(task, {})[impl] = sec
    for task, d in by_task.items():
        theirs = sum(v for k, v in d.items() if not k.startswith(ours_label))
        for impl, sec in d.items():
            if impl.startswith(ours_label) and theirs:
                print(f"{task:<24}{theirs_label} / {impl} = {theirs / sec:8.1f}x")
