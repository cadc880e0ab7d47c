"""Output that appears complete or not at all, and CSV that Excel does not evaluate.

* :func:`atomic_file`: write to a temporary name next to the target, then
  :func:`os.replace` it into place (a killed run leaves at most a hidden
  ``.NAME.part-PID`` file, never a half-written ``NAME``).
* :func:`built_dir`: build an output folder in a hidden temporary sibling and
  move it into place; a folder that already exists gets its files replaced
  one by one, with the completion marker :data:`COMPLETE_MARKER` removed
  first and written last. A folder without the marker was left by a run that
  did not finish.
* :func:`write_csv`: UTF-8 with BOM, atomically, with text cells beginning
  with ``=``, ``+``, ``-`` or ``@`` prefixed by ``'`` so that a spreadsheet
  shows them as text instead of evaluating them as formulas.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

__all__ = ["atomic_file", "built_dir", "write_csv", "csv_safe", "COMPLETE_MARKER", "FORMULA_START"]

#: Written last into an output folder built by :func:`built_dir`.
COMPLETE_MARKER = ".yjgraph-complete"
#: First characters that make Excel (and LibreOffice) read a CSV cell as a formula.
FORMULA_START = ("=", "+", "-", "@")


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
    tmp = path.with_name(f".{path.name}.part-{os.getpid()}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


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
        if s.dtype == object or isinstance(s.dtype, pd.StringDtype):
            out[col] = s.map(_escape, na_action="ignore")
        elif isinstance(s.dtype, pd.CategoricalDtype) and s.cat.categories.dtype == object:
            out[col] = s.cat.rename_categories([_escape(c) for c in s.cat.categories])
    return out


def write_csv(df: pd.DataFrame, path: str | Path, *, index: bool = False) -> Path:
    """Write ``df`` as UTF-8 CSV with BOM, formula-safe (:func:`csv_safe`), atomically.

    Examples
    --------
    >>> import tempfile
    >>> p = write_csv(pd.DataFrame({"a": ["=SUM(A1)"]}), Path(tempfile.mkdtemp()) / "a.csv")
    >>> p.read_text(encoding="utf-8-sig").splitlines()
    ['a', "'=SUM(A1)"]
    """
    path = Path(path)
    with atomic_file(path) as tmp:
        csv_safe(df).to_csv(tmp, index=index, encoding="utf-8-sig", lineterminator="\n")
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

    If ``out`` does not exist (or is empty) the temporary folder is renamed
    to it, so ``out`` appears whole or not at all. Otherwise the marker
    :data:`COMPLETE_MARKER` is removed from ``out``, each file is moved in
    (replacing the file of the same name) and the marker written last. On
    failure the temporary folder is removed and ``out`` is left untouched.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "run"
    >>> with built_dir(out) as tmp:
    ...     _ = (tmp / "a.csv").write_text("x")
    ...     out.exists()
    False
    >>> sorted(p.name for p in out.iterdir())
    ['.yjgraph-complete', 'a.csv']
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.part-", dir=out.parent))
    try:
        yield tmp
        (tmp / COMPLETE_MARKER).write_text("", encoding="utf-8")
        if out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        if not out.exists():
            os.rename(tmp, out)
            return
        with _locked(out):  # two runs into one folder move their files one after the other
            marker = out / COMPLETE_MARKER
            with contextlib.suppress(FileNotFoundError):
                marker.unlink()
            for src in sorted(tmp.rglob("*"), key=lambda p: len(p.parts)):
                if src.name == COMPLETE_MARKER and src.parent == tmp:
                    continue
                dest = out / src.relative_to(tmp)
                if src.is_dir():
                    if dest.exists() and not dest.is_dir():
                        dest.unlink()
                    dest.mkdir(exist_ok=True)
                elif src.exists():
                    if dest.is_dir():
                        shutil.rmtree(dest)
                    os.replace(src, dest)
            marker.write_text("", encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
