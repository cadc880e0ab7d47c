"""Worker processes for the slow writing steps (private).

On Linux workers come from a fork server: one fresh process that imports the
modules the workers need once, then forks a worker per request, in
milliseconds. :func:`warm_up` starts it early, so that it imports while the
caller is still reading and analysing the plan. Elsewhere (macOS, Windows)
workers are started with ``spawn``, as Python itself does there. Neither
copies the caller's threads or state. A script that asks for workers needs
the usual ``if __name__ == "__main__":`` guard.

There is one fork server per Python session, shared with any other code that
uses multiprocessing's ``forkserver``: the preload list set when it starts is
the one used (yjgraph sets it, replacing a list set earlier by other code; a
later caller's workers import what they miss themselves), and the server
stays until the session ends.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor


def n_workers(n_jobs: int | None, n_tasks: int) -> int:
    """Processes to use: ``n_jobs`` (``None`` or negative: one per CPU), at most ``n_tasks``."""
    if n_jobs is None or n_jobs < 0:
        n_jobs = os.cpu_count() or 1
    if n_jobs == 0:
        raise ValueError("n_jobs must be a positive number, -1 or None")
    return max(1, min(n_jobs, n_tasks))


def _context(preload: Sequence[str] = ()):
    import multiprocessing as mp

    if sys.platform.startswith("linux"):
        ctx = mp.get_context("forkserver")
        if preload:
            ctx.set_forkserver_preload(list(preload))  # no effect once the server runs
        return ctx
    return mp.get_context("spawn")


def warm_up(preload: Sequence[str] = ()) -> None:
    """Start the fork server now, importing ``preload``; it returns at once.

    Does nothing where workers are spawned instead.
    """
    if _context(preload).get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


#: What the chart workers of :func:`yjgraph.plot.figures_to_dir` import before
#: they are forked.
CHART_MODULES = ("yjgraph.plot", "matplotlib.backends.backend_agg", "pypdfium2",
                 "matplotlib.backends.backend_pdf", "matplotlib.backends.backend_svg")


def start_chart_workers(n_jobs: int | None) -> None:
    """Have the chart workers' modules imported now, while the caller works on.

    For callers that will draw charts with ``n_jobs`` soon (the report).
    """
    if n_workers(n_jobs, 2) > 1:
        warm_up(CHART_MODULES)


def pool(workers: int, initializer=None, initargs: tuple = (),
         preload: Sequence[str] = ()) -> ProcessPoolExecutor:
    """A process pool whose workers come from the fork server (Linux) or ``spawn``."""
    return ProcessPoolExecutor(workers, mp_context=_context(preload),
                               initializer=initializer, initargs=initargs)
