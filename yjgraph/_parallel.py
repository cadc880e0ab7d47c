"""How many worker processes to use (private)."""

from __future__ import annotations

import os


def n_workers(n_jobs: int | None, n_tasks: int) -> int:
    """Processes to use: ``n_jobs`` (``None`` or negative: one per CPU), at most ``n_tasks``."""
    if n_jobs is None or n_jobs < 0:
        n_jobs = os.cpu_count() or 1
    if n_jobs == 0:
        raise ValueError("n_jobs must be a positive number, -1 or None")
    return max(1, min(n_jobs, n_tasks))
