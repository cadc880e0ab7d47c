"""Worker processes for the slow writing steps (private).

Workers are started with ``spawn`` on every platform: it does not copy the
caller's threads or state, and gives the same results everywhere. A script
that asks for workers needs the usual ``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor


def n_workers(n_jobs: int | None, n_tasks: int) -> int:
    """Processes to use: ``n_jobs`` (``None`` or negative: one per CPU), at most ``n_tasks``."""
    if n_jobs is None or n_jobs < 0:
        n_jobs = os.cpu_count() or 1
    if n_jobs == 0:
        raise ValueError("n_jobs must be a positive number, -1 or None")
    return max(1, min(n_jobs, n_tasks))


def pool(workers: int, initializer=None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A process pool started with ``spawn``."""
    import multiprocessing as mp

    return ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn"),
                               initializer=initializer, initargs=initargs)
