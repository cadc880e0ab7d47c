"""Build a corpus of many plan files into Parquet tables, in parallel and resumably.

:func:`build_corpus` (the ``yjgraph corpus`` command) lists the sources
(files, folders read recursively by suffix, list files), reads each plan
with :func:`read_document` on a process pool or any
:class:`concurrent.futures.Executor`, and writes ``tasks``, ``assignments``,
``units``, ``findings``, ``plans`` and ``failures`` as Parquet (and CSV on
request) into one folder:

* a file that cannot be read is a row of ``failures``; the others go on;
* every plan read is kept in ``OUT/.cache`` under the SHA-256 of its bytes,
  the yjgraph version and the reading options, so a second run over the
  same sources reads only new or changed files;
* each table is written under a temporary name and renamed; ``corpus.json``
  is removed when a run starts and written when it has finished, so a folder
  without it is not a finished corpus.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pandas as pd

from . import __version__
from ._atomic import _locked, atomic_file, write_csv
from .errors import YjgraphError
from .model import Plan

__all__ = ["read_document", "list_sources", "build_corpus", "read_corpus_dir", "SUFFIXES",
           "CORPUS_TABLES"]

#: Suffixes of the files taken from a folder.
SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".xlsx", ".xls", ".csv", ".tsv", ".pdf")
#: Suffixes of list files: one source per line (``#`` starts a comment).
LIST_SUFFIXES = (".list", ".lst")
#: The tables of a corpus folder, each ``NAME.parquet``.
CORPUS_TABLES = ("tasks", "assignments", "units", "findings", "plans", "failures")
MANIFEST = "corpus.json"


# ------------------------------------------------------------------ one document
def read_document(data: bytes | str, name: str = "plan.txt", **options) -> Plan:
    """Read one plan from its bytes: a pure function of ``data``, ``name`` and ``options``.

    This is what :func:`build_corpus` and ``read_corpus(executor=...)`` run on
    workers; it needs no shared file system (the bytes travel with the call).

    Parameters
    ----------
    data : bytes or str
        The file's bytes (or a plan's text).
    name : str
        The file's name: its suffix helps tell the format (``.csv``) and it
        becomes ``plan.meta["source"]``.
    **options
        Passed to :func:`yjgraph.read_plan` (``aliases``, ``strict``,
        ``encoding``, ``columns``, ``sheet``).

    Examples
    --------
    >>> plan = read_document("一、甲\\n1.做甲。\\n牵头单位:区商务局\\n".encode(), "甲区.txt")
    >>> plan.assignments["unit"].tolist(), plan.meta["source"]
    (['区商务局'], '甲区.txt')
    """
    from .parse import read_plan

    if isinstance(data, str):
        plan = read_plan(data, **options)
        plan.meta["source"] = name
        return plan
    base = Path(name).name or "plan"
    with tempfile.TemporaryDirectory(prefix="yjgraph-doc-") as d:
        path = Path(d) / base
        path.write_bytes(data)
        try:
            plan = read_plan(path, **options)
        except Exception as err:  # name the file, not the temporary copy
            err.args = tuple(a.replace(str(path), name) if isinstance(a, str) else a for a in err.args)
            raise
    plan.meta["source"] = name
    return plan


def _error_text(err: BaseException) -> str:
    msg = str(err).splitlines()[0] if str(err) else ""
    if isinstance(err, YjgraphError):
        return msg or type(err).__name__
    return f"{type(err).__name__}: {msg}" if msg else type(err).__name__


def _work(data: bytes, name: str, options: dict) -> tuple[str, object]:
    """Worker: ``("ok", Plan)`` or ``("error", one line)``; never raises."""
    try:
        plan = read_document(data, name, **options)
    except BaseException as err:  # noqa: BLE001 - a corpus lists every failure and goes on
        if isinstance(err, KeyboardInterrupt):
            raise
        return "error", _error_text(err)
    if not len(plan.tasks):
        errors = plan.findings.loc[plan.findings["severity"] == "error", "message"]
        return "error", "no task could be read" + (f" ({errors.iloc[0]})" if len(errors) else "")
    return "ok", plan


def _work_packed(data: bytes, name: str, options: dict) -> tuple[str, bytes]:
    """Worker: the status and the pickled cache entry (pickled here, not in the parent)."""
    entry = _work(data, name, options)
    return entry[0], pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)


# ------------------------------------------------------------------ sources
def list_sources(sources: Iterable[str | os.PathLike]) -> list[Path]:
    """The files named by ``sources``: files, folders (recursive, by suffix), list files.

    A folder gives its files with a suffix in :data:`SUFFIXES`, sorted; a
    file ending ``.list``/``.lst`` (or given as ``@FILE``) gives the paths on
    its lines, relative ones taken from the list file's folder. Everything
    else is taken as it is (a missing file becomes a failure later).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> for n in ("b.txt", "sub/a.docx", "notes.json"):
    ...     (d / n).parent.mkdir(exist_ok=True); _ = (d / n).write_text("x")
    >>> _ = (d / "more.list").write_text("b.txt\\n# a comment\\n")
    >>> [p.relative_to(d).as_posix() for p in list_sources([d / "sub", d / "more.list"])]
    ['sub/a.docx', 'b.txt']
    """
    out: list[Path] = []
    for src in sources:
        text = os.fspath(src)
        listed = text.startswith("@")
        path = Path(text[1:] if listed else text)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*")
                              if p.suffix.lower() in SUFFIXES and p.is_file() and not p.name.startswith(".")))
        elif listed or (path.suffix.lower() in LIST_SUFFIXES and path.is_file()):
            for line in path.read_text(encoding="utf-8-sig").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    p = Path(line)
                    out.extend(list_sources([p if p.is_absolute() else path.parent / p]))
        else:
            out.append(path)
    return out


def _plan_ids(paths: Sequence[Path]) -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    for p in paths:
        pid = p.stem or p.name
        seen[pid] = seen.get(pid, 0) + 1
        ids.append(pid if seen[pid] == 1 else f"{pid}~{seen[pid]}")
    return ids


def _load(path: Path) -> tuple[bytes | None, str | None]:
    """The file's bytes, or why they are not read (nothing is opened that could block)."""
    from .parse import formats

    try:
        st = path.stat()
    except OSError as err:
        return None, f"{path}: no such file" if isinstance(err, FileNotFoundError) else _error_text(err)
    if path.is_dir():
        return None, f"{path}: is a folder"
    if not path.is_file():
        return None, f"{path}: not a regular file (a FIFO, socket or device)"
    if st.st_size > formats.MAX_FILE_BYTES:
        return None, f"{path}: {st.st_size:,} bytes, more than MAX_FILE_BYTES ({formats.MAX_FILE_BYTES:,})"
    try:
        return path.read_bytes(), None
    except OSError as err:
        return None, f"{path}: {_error_text(err)}"


def _key(data: bytes, options: dict) -> str:
    h = hashlib.sha256(data)
    h.update(f"\0yjgraph {__version__}\0".encode())
    h.update(repr(sorted((k, repr(v)) for k, v in options.items())).encode())
    return h.hexdigest()


# ------------------------------------------------------------------ progress
class _Progress:
    def __init__(self, total: int, stream, every: float = 0.5):
        self.total, self.stream, self.every = total, stream, every
        self.done = self.failed = 0
        self.start = self.last = time.monotonic()

    def step(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        now = time.monotonic()
        if self.stream is not None and (now - self.last >= self.every or self.done == self.total):
            self.last = now
            self.stream.write("\r" + self.line(now))
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()

    def line(self, now: float) -> str:
        took = max(now - self.start, 1e-9)
        rate = self.done / took
        left = (self.total - self.done) / rate if rate else float("nan")
        eta = "--:--" if left != left else f"{int(left) // 60:d}:{int(left) % 60:02d}"
        return (f"read {self.done}/{self.total} plans  {rate:.1f}/s  {eta} left  "
                f"{self.failed} failed")


# ------------------------------------------------------------------ running
def _run(jobs: list[tuple[int, bytes, str]], options: dict, executor: Executor | None,
         workers: int, on_result: Callable[[int, str, bytes], None]) -> None:
    """Call ``on_result(i, status, value)`` for each job, at most a few in flight at once."""
    if executor is None and workers <= 1:
        for i, data, name in jobs:
            on_result(i, *_work_packed(data, name, options))
        return
    own = executor is None
    pool: Executor = ProcessPoolExecutor(max_workers=workers) if own else executor  # type: ignore[assignment]
    limit = max(4, 4 * workers)
    pending: dict[Future, tuple[int, bytes, str]] = {}
    queue = list(reversed(jobs))
    try:
        while queue or pending:
            while queue and len(pending) < limit:
                job = queue.pop()
                pending[pool.submit(_work_packed, job[1], job[2], options)] = job
            done = next(iter(_wait(pending)))
            job = pending.pop(done)
            try:
                status, value = done.result()
            except BrokenProcessPool:
                if not own:
                    raise
                # a worker died (killed, out of memory, a crash in C code): every plan in flight is
                # read again alone, so that only the one that kills its worker is a failure
                suspects = [job, *pending.values()]
                pending.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                for j in suspects:
                    on_result(j[0], *_alone(j, options))
                pool = ProcessPoolExecutor(max_workers=workers)
                continue
            except Exception as err:  # noqa: BLE001 - the executor's own failure, e.g. a lost worker
                status, value = "error", pickle.dumps(("error", _error_text(err)))
            on_result(job[0], status, value)
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


def _alone(job: tuple[int, bytes, str], options: dict) -> tuple[str, bytes]:
    with ProcessPoolExecutor(max_workers=1) as one:
        try:
            return one.submit(_work_packed, job[1], job[2], options).result()
        except BrokenProcessPool:
            msg = f"{job[2]}: the reading process died (killed, out of memory or crashed)"
            return "died", pickle.dumps(("error", msg))  # not kept: the next run tries again


def _wait(pending: dict):
    from concurrent.futures import FIRST_COMPLETED, wait

    done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
    return done


def build_corpus(
    sources: Iterable[str | os.PathLike],
    out: str | os.PathLike,
    *,
    workers: int = 1,
    executor: Executor | None = None,
    match: str = "exact",
    aliases=None,
    csv: bool = False,
    progress=None,
    **read_kw,
) -> dict:
    """Read many plan files into a corpus folder of Parquet tables.

    Parameters
    ----------
    sources : iterable of path
        Files, folders (read recursively, files with a suffix in
        :data:`SUFFIXES`) and list files (see :func:`list_sources`).
    out : path
        The corpus folder (created; tables in it are replaced).
    workers : int, default 1
        Processes reading at once (a :class:`~concurrent.futures.ProcessPoolExecutor`).
    executor : concurrent.futures.Executor, optional
        Read on this executor instead (Dask's ``Client.get_executor()``...).
    match : {"exact", "alias", "none"}
        Whether units of different plans are the same unit (:func:`yjgraph.corpus.read_corpus`).
    aliases : mapping, DataFrame or path, optional
        The user's alias table.
    csv : bool, default False
        Also write each table as ``NAME.csv`` (formula-safe, UTF-8 with BOM).
    progress : file, optional
        Where the progress line goes (``sys.stderr`` in the command line).
    **read_kw
        Passed to :func:`yjgraph.read_plan` (``strict``, ``encoding``, ``columns``, ``sheet``).

    Returns
    -------
    dict
        ``n_sources``, ``n_plans`` (read), ``n_failed``, ``n_read`` (read in
        this run), ``n_reused`` (taken from the cache) and ``paths`` (table
        name to path).

    Examples
    --------
    >>> import tempfile, yjgraph
    >>> out = Path(tempfile.mkdtemp()) / "corpus"
    >>> r = build_corpus([yjgraph.example_path(), "missing.txt"], out)
    >>> r["n_plans"], r["n_failed"], r["n_read"]
    (1, 1, 1)
    >>> pd.read_parquet(out / "plans.parquet")[["n_tasks", "n_units"]].values.tolist()
    [[86, 34]]
    >>> build_corpus([yjgraph.example_path()], out)["n_reused"]
    1
    """
    from .corpus import MATCH_MODES

    if match not in MATCH_MODES:
        raise ValueError(f"match must be one of {MATCH_MODES}, got {match!r}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        with _locked(out, wait=False):  # a second run into the same folder is refused
            return _build(sources, out, workers=workers, executor=executor, match=match,
                          aliases=aliases, csv=csv, progress=progress, read_kw=read_kw)
    except BlockingIOError as err:
        raise YjgraphError(str(err)) from None


def _build(sources, out: Path, *, workers, executor, match, aliases, csv, progress, read_kw) -> dict:
    from .corpus import combine_plans
    from .parse import read_aliases

    with contextlib.suppress(FileNotFoundError):
        (out / MANIFEST).unlink()
    cache = out / ".cache"
    cache.mkdir(exist_ok=True)
    user = read_aliases(aliases)
    options = {k: v for k, v in read_kw.items() if v is not None}
    if user:
        options["aliases"] = dict(user)
    paths = list_sources(sources)
    ids = _plan_ids(paths)
    keys: list[str | None] = [None] * len(paths)
    results: dict[int, tuple[str, object]] = {}
    jobs: list[tuple[int, bytes, str]] = []
    bar = _Progress(len(paths), progress)
    n_reused = 0
    for i, p in enumerate(paths):
        data, err = _load(p)
        if data is None:
            results[i] = ("error", err)
            bar.step(True)
            continue
        keys[i] = key = _key(data, options)
        hit = cache / f"{key}.pkl"
        if hit.exists():
            with contextlib.suppress(Exception):  # a damaged cache entry is read again
                with open(hit, "rb") as fh:
                    results[i] = pickle.load(fh)
                n_reused += 1
                bar.step(results[i][0] == "error")
                continue
        jobs.append((i, data, str(p)))

    def store(i: int, status: str, packed: bytes) -> None:
        if status != "died":
            with atomic_file(cache / f"{keys[i]}.pkl") as tmp:
                tmp.write_bytes(packed)
        # plans are loaded back at the end, one at a time
        results[i] = ("ok", None) if status == "ok" else pickle.loads(packed)
        bar.step(status != "ok")

    _run(jobs, options, executor, workers, store)

    ok = [i for i in range(len(paths)) if results[i][0] == "ok"]
    failures = pd.DataFrame({"source": [str(paths[i]) for i in range(len(paths)) if results[i][0] == "error"],
                             "error": [str(results[i][1]) for i in range(len(paths)) if results[i][0] == "error"]},
                            dtype="string")

    def plan_of(i: int) -> Plan:
        value = results[i][1]
        if value is None:
            with open(cache / f"{keys[i]}.pkl", "rb") as fh:
                value = pickle.load(fh)[1]
        plan: Plan = value  # type: ignore[assignment]
        plan.meta["source"] = str(paths[i])
        return plan

    tables = _tables([ids[i] for i in ok], [plan_of(i) for i in ok], match, user,
                     [keys[i] for i in ok], combine_plans)
    tables["failures"] = failures
    written = {}
    for name in CORPUS_TABLES:
        written[name] = _write_parquet(tables[name], out / f"{name}.parquet")
        if csv:
            written[f"{name}_csv"] = write_csv(tables[name], out / f"{name}.csv")
    summary = {"yjgraph": __version__, "match": match, "n_sources": len(paths), "n_plans": len(ok),
               "n_failed": len(failures), "tables": list(CORPUS_TABLES)}
    with atomic_file(out / MANIFEST) as tmp:
        tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return {**summary, "n_read": len(jobs), "n_reused": n_reused, "paths": written}


def _tables(ids, plans, match, user, keys, combine) -> dict[str, pd.DataFrame]:
    empty = {name: pd.DataFrame() for name in ("tasks", "assignments", "units", "findings")}
    rows = []
    for pid, plan, key in zip(ids, plans, keys, strict=True):
        a, f = plan.assignments, plan.findings
        rows.append({
            "plan_id": pid, "source": plan.meta.get("source"), "title": plan.meta.get("title"),
            "issuer": plan.meta.get("issuer"), "date": plan.meta.get("date"),
            "n_tasks": len(plan.tasks), "n_units": int(a["unit"].nunique()),
            "n_lead": int((a["role"] == "lead").sum()), "n_support": int((a["role"] == "support").sum()),
            "n_errors": int((f["severity"] == "error").sum()),
            "n_warnings": int((f["severity"] == "warning").sum()),
            "n_findings": len(f), "sha256": key[:64],
        })
    cols = ["plan_id", "source", "title", "issuer", "date", "n_tasks", "n_units", "n_lead",
            "n_support", "n_errors", "n_warnings", "n_findings", "sha256"]
    plans_table = pd.DataFrame(rows, columns=cols)
    if not plans:
        return {**empty, "plans": plans_table}
    corpus = combine(ids, plans, match=match, user=user)
    a = corpus.assignments.copy()
    for col in ("plan_id", "unit", "unit_in_plan"):
        if col in a:
            a[col] = a[col].astype(str).astype("category")
    t = corpus.tasks.copy()
    t["plan_id"] = t["plan_id"].astype(str).astype("category")
    return {"tasks": t, "assignments": a, "units": corpus.units, "findings": corpus.findings,
            "plans": plans_table}


def _write_parquet(df: pd.DataFrame, path: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    df = df.reset_index(drop=True)
    for col in df.columns:  # mixed object columns (text and numbers) are written as text
        if df[col].dtype == object:
            df[col] = df[col].map(lambda v: v if v is None or isinstance(v, str) or v is pd.NA
                                  or (isinstance(v, float) and v != v) else str(v)).astype("string")
    table = pa.Table.from_pandas(df, preserve_index=False)
    with atomic_file(path) as tmp:
        pq.write_table(table, tmp)
    return path


def read_corpus_dir(path: str | os.PathLike) -> Plan:
    """The corpus written by :func:`build_corpus` as one :class:`~yjgraph.Plan`.

    Raises
    ------
    yjgraph.errors.YjgraphError
        If the folder holds no finished corpus (no ``corpus.json``).

    Examples
    --------
    >>> import tempfile, yjgraph
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = build_corpus([yjgraph.example_path()], out)
    >>> read_corpus_dir(out).summary()["tasks"]
    86
    """
    path = Path(path)
    if not (path / MANIFEST).exists():
        raise YjgraphError(f"{path}: not a finished corpus folder (no {MANIFEST}; "
                           "was `yjgraph corpus` interrupted?)")
    t = {n: pd.read_parquet(path / f"{n}.parquet") for n in CORPUS_TABLES}
    a = t["assignments"]
    for col in ("plan_id", "unit", "unit_in_plan"):
        if col in a and isinstance(a[col].dtype, pd.CategoricalDtype):
            a[col] = a[col].astype("string")
    t["tasks"]["plan_id"] = t["tasks"]["plan_id"].astype("string")
    meta = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    meta["plans"] = t["plans"][["plan_id", "title", "source"]].to_dict("records")
    meta["title"] = f"{meta['n_plans']} plans"
    meta["source"] = str(path)
    return Plan(tasks=t["tasks"], assignments=a, units=t["units"], findings=t["findings"], meta=meta)

