"""Output that appears complete or not at all, and CSV that Excel does not evaluate.

Temporary files and folders are named ``.NAME.part-HOST-PID[-XXXX]``, so that
:func:`clean_stale` can remove those of runs that were killed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

__all__ = ["atomic_file", "built_dir", "clean_stale", "part_tag", "write_csv", "csv_safe", "COMPLETE_MARKER",
           "FORMULA_START"]

#: Written last into an output folder built by :func:`built_dir`.
COMPLETE_MARKER = ".yjgraph-complete"
#: First characters that make Excel (and LibreOffice) read a CSV cell as a formula.
FORMULA_START = ("=", "+", "-", "@")


def part_tag() -> str:
    """``HOST-PID``: who owns a temporary file or folder (``.NAME.part-HOST-PID[-XXXX]``)."""
    return f"{socket.gethostname()}-{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        pass
    return True


def clean_stale(folder: str | Path) -> list[Path]:
    """Remove the ``.NAME.part-HOST-PID`` files and ``.NAME.part-HOST-PID-XXXX`` folders of dead runs.

    Only entries whose host is this one and whose process no longer exists
    are removed: a live run's, another host's (a shared disk) and entries
    named otherwise are kept. Returns the removed paths.

    Examples
    --------
    >>> import subprocess, sys, tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
    ...                       capture_output=True, text=True).stdout.strip()
    >>> host = socket.gethostname()
    >>> (d / f".out.part-{host}-{dead}-x1y2").mkdir()
    >>> (d / f".out.part-{part_tag()}-a7b8").mkdir()  # this process: alive
    >>> [p.name.split("-")[-1] for p in clean_stale(d)], sorted(p.name.split("-")[-1] for p in d.iterdir())
    (['x1y2'], ['a7b8'])
    """
    host = socket.gethostname()
    removed = []
    for entry in Path(folder).glob(".*.part-*"):
        tail = entry.name.rsplit(".part-", 1)[1]
        m = re.fullmatch(r"(.+)-(\d+)-[a-z0-9_]+" if entry.is_dir() else r"(.+)-(\d+)", tail)
        if m is None or m.group(1) != host or _alive(int(m.group(2))):
            continue
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
            removed.append(entry)
    return removed


@contextlib.contextmanager
def atomic_file(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path``.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "t.txt"
    >>> with atomic_file(target) as tmp:
    ...     _ = tmp.write_text("done")
    ...     target.exists()
    False
    >>> target.read_text()
    'done'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part-{part_tag()}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _escape(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells starting with ``= + - @`` begin with ``'``.

    Numbers are left alone (``-1.5`` stays a number); only text is prefixed.

    Examples
    --------
    >>> csv_safe(pd.DataFrame({"t": ["=1+1", "@x", "ok"], "n": [-1, 2, 3]})).values.tolist()
    [["'=1+1", -1], ["'@x", 2], ['ok', 3]]
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.StringDtype):
            formula = s.str.startswith(FORMULA_START, na=False)
            if formula.any():
                out[col] = s.mask(formula, "'" + s)
        elif s.dtype == object:
            out[col] = s.map(_escape, na_action="ignore")
        elif isinstance(s.dtype, pd.CategoricalDtype) and pd.api.types.is_string_dtype(s.cat.categories):
            out[col] = s.cat.rename_categories([_escape(c) for c in s.cat.categories])
    return out


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` as UTF-8 CSV with BOM, formula-safe (:func:`csv_safe`), atomically.

    Examples
    --------
    >>> import tempfile
    >>> p = write_csv(pd.DataFrame({"a": ["=SUM(A1)"]}), Path(tempfile.mkdtemp()) / "a.csv")
    >>> p.read_text(encoding="utf-8-sig").splitlines()
    ['a', "'=SUM(A1)"]

    The bytes are those of ``to_csv`` with ``encoding="utf-8-sig"``:

    >>> import numpy as np
    >>> df = pd.DataFrame({"x": [0.1, -0.0, np.nan, 1e16, 2.5e-7], "f": np.float32([0.1, 1, 2, 3, np.inf]),
    ...                    "n": [3, -1, 0, 2**40, 3], "b": [True, False, True, True, False]})
    >>> write_csv(df, p).read_bytes() == df.to_csv(index=False, lineterminator="\\n").encode("utf-8-sig")
    True
    """
    path = Path(path)
    with atomic_file(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write("\ufeff")  # the BOM by hand: the "utf-8-sig" codec costs a Python call per row
        csv_safe(df).to_csv(f, index=False, lineterminator="\n")
    return path


@contextlib.contextmanager
def _locked(folder: Path, *, wait: bool = True) -> Iterator[None]:
    """An exclusive ``flock`` on ``folder`` itself (released when the process dies)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise BlockingIOError(f"{folder}: another yjgraph run is writing into this folder") from None
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def built_dir(out: str | Path) -> Iterator[Path]:
    """Yield a temporary folder; on success its files become ``out``'s.

    Temporary folders that killed runs left next to ``out`` are removed
    first (:func:`clean_stale`). If ``out`` does not exist (or is empty) the
    temporary folder is renamed to it, so ``out`` appears whole or not at all.
    Otherwise the marker :data:`COMPLETE_MARKER` is removed from ``out``, each
    file is moved in (replacing the file of the same name) and the marker
    written last. On failure ``out`` is left untouched.

    Examples
    --------
    >>> import tempfile
    >>> with built_dir(Path(tempfile.mkdtemp()) / "run") as tmp:
    ...     _ = (tmp / "a.csv").write_text("x")
    >>> sorted(p.name for p in (tmp.parent / "run").iterdir())
    ['.yjgraph-complete', 'a.csv']
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out.parent)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.part-{part_tag()}-", dir=out.parent))
    marker = out / COMPLETE_MARKER
    try:
        yield tmp
        if out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        if not out.exists():
            (tmp / COMPLETE_MARKER).touch()
            os.rename(tmp, out)
            return
        with _locked(out):  # two runs into one folder move their files one after the other
            marker.unlink(missing_ok=True)
            for src in sorted(tmp.rglob("*")):  # a folder before what it holds
                dest = out / src.relative_to(tmp)
                if src.is_dir():
                    if not dest.is_dir():
                        dest.unlink(missing_ok=True)
                        dest.mkdir()
                else:
                    if dest.is_dir():
                        shutil.rmtree(dest)
                    os.replace(src, dest)
            marker.touch()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
