"""Build a corpus of many plan files into Parquet tables, in parallel and resumably.

:func:`build_corpus` (the ``yjgraph corpus`` command) lists the sources, reads
each plan with :func:`read_document` on a process pool or any
:class:`concurrent.futures.Executor`, and writes ``tasks``, ``assignments``,
``units``, ``findings``, ``plans`` and ``failures`` as Parquet (and CSV on
request) into one folder:

* a file that cannot be read is a row of ``failures``; the others go on;
* every plan read is kept in ``OUT/.cache`` under the SHA-256 of its bytes,
  the yjgraph version and the reading options, so a second run reads only
  new or changed files;
* memory does not grow with the number of plans: files are loaded as the
  reading goes on, workers send back each plan's three tables (never a
  :class:`~yjgraph.Plan`), and the parent labels a batch of plans at once
  and appends it to each Parquet file as a row group;
* each table is written under a temporary name and renamed; ``corpus.json``
  is written last, so a folder without it is not a finished corpus.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import pickle
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pandas as pd

from . import __version__
from ._atomic import _locked, atomic_file, clean_stale, csv_safe, part_tag
from .corpus import MATCH_MODES, ahead, corpus_rows, group_units, match_aliases, unique_ids
from .errors import YjgraphError
from .model import (
    _DTYPES,
    ASSIGNMENT_COLUMNS,
    FINDING_COLUMNS,
    TASK_COLUMNS,
    Plan,
    units_table,
    why_no_tasks,
)
from .parse.units import resolve_aliases

__all__ = ["read_document", "list_sources", "build_corpus", "read_corpus_dir", "SUFFIXES",
           "CORPUS_TABLES"]

#: Suffixes of the files taken from a folder.
SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".xlsx", ".xls", ".csv", ".tsv", ".pdf")
#: Suffixes of list files: one source per line (``#`` starts a comment).
LIST_SUFFIXES = (".list", ".lst")
#: The tables of a corpus folder, each ``NAME.parquet``.
CORPUS_TABLES = ("tasks", "assignments", "units", "findings", "plans", "failures")
MANIFEST = "corpus.json"
#: Bumped when what the cache keeps of a plan changes (its entries are then read again).
CACHE_FORMAT = 2
#: Rows (tasks + assignments + findings) gathered before they are written as one row group.
BATCH_ROWS = 100_000


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
    else:
        with tempfile.TemporaryDirectory(prefix="yjgraph-doc-") as d:
            path = Path(d) / (Path(name).name or "plan")
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


def _work(data: bytes, name: str, options: dict) -> bytes:
    """Worker: the pickled cache entry ``("ok", {three Arrow tables, "row"})`` or ``("error", one line)``."""
    import pyarrow as pa

    try:
        plan = read_document(data, name, **options)
        a, f = plan.assignments, plan.findings
        if not len(plan.tasks):
            entry: tuple = "error", why_no_tasks(plan)
        else:
            row = {k: plan.meta.get(k) for k in ("title", "issuer", "date")}
            row.update(n_tasks=len(plan.tasks), n_units=int(a["unit"].nunique()),
                       n_lead=int((a["role"] == "lead").sum()), n_support=int((a["role"] == "support").sum()),
                       n_errors=int((f["severity"] == "error").sum()),
                       n_warnings=int((f["severity"] == "warning").sum()), n_findings=len(f))
            tables = {"tasks": plan.tasks[TASK_COLUMNS], "assignments": a[ASSIGNMENT_COLUMNS],
                      "findings": f[FINDING_COLUMNS]}
            entry = "ok", {**{k: pa.Table.from_pandas(df, preserve_index=False).replace_schema_metadata(None)
                              for k, df in tables.items()}, "row": row}
    except BaseException as err:  # noqa: BLE001 - a corpus lists every failure and goes on
        if isinstance(err, KeyboardInterrupt):
            raise
        entry = "error", _error_text(err)
    return pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)


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
    h.update(f"\0yjgraph {__version__}\0{CACHE_FORMAT}\0".encode())
    h.update(repr(sorted((k, repr(v)) for k, v in options.items())).encode())
    return h.hexdigest()


# ------------------------------------------------------------------ running
class _Progress:
    def __init__(self, total: int, stream, every: float = 0.5):
        self.total, self.stream, self.every = total, stream, every
        self.done = self.failed = 0
        self.start = self.last = time.monotonic()

    def step(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        now = time.monotonic()
        if self.stream is None or (now - self.last < self.every and self.done < self.total):
            return
        self.last = now
        rate = self.done / max(now - self.start, 1e-9)
        left = int((self.total - self.done) / rate)
        end = "\n" if self.done == self.total else ""
        self.stream.write(f"\rread {self.done}/{self.total} plans  {rate:.1f}/s  {left // 60:d}:{left % 60:02d} left  "
                          f"{self.failed} failed{end}")
        self.stream.flush()


def _results(paths: Sequence[Path], options: dict, executor: Executor | None, workers: int,
             cache: Path, counts: dict) -> Iterator[tuple[str | None, str, object]]:
    """``(key, status, value)`` for each path, in order: from the cache or read (and cached).

    When a worker of our own pool dies, the plans it took down are read again
    alone: only the plan that kills its worker fails (uncached, tried again next run).
    """
    own = executor is None and workers > 1
    pool = [ProcessPoolExecutor(workers) if own else executor]

    def start(path: Path) -> tuple:
        data, err = _load(path)
        if data is None:
            return path, None, None, ("error", err)
        key = _key(data, options)
        with contextlib.suppress(Exception):  # a damaged entry is read again
            with open(cache / f"{key}.pkl", "rb") as fh:
                entry = pickle.load(fh)
            counts["reused"] += 1
            return path, key, None, entry
        counts["read"] += 1
        if pool[0] is None:
            return path, key, None, _work(data, str(path), options)
        try:
            return path, key, data, pool[0].submit(_work, data, str(path), options)
        except BrokenProcessPool:
            if not own:
                raise
            pool[0].shutdown(wait=True)  # a worker died: a new pool for the plans to come
            pool[0] = ProcessPoolExecutor(workers)
            return path, key, data, pool[0].submit(_work, data, str(path), options)

    try:
        for path, key, data, res in ahead(map(start, paths), 8 * workers + 8):
            if isinstance(res, Future):
                try:
                    res = res.result()
                except BrokenProcessPool:
                    if not own:
                        raise
                    res = _alone(data, str(path), options)
                except Exception as err:  # noqa: BLE001 - the executor's own failure, e.g. a lost worker: not cached
                    res = "error", _error_text(err)
            if isinstance(res, bytes):  # read now
                with atomic_file(cache / f"{key}.pkl") as tmp:
                    tmp.write_bytes(res)
                res = pickle.loads(res)
            elif res is None:
                res = "error", f"{path}: the reading process died (killed, out of memory or crashed)"
            yield key, res[0], res[1]
    finally:
        if own:
            pool[0].shutdown(wait=True, cancel_futures=True)  # type: ignore[union-attr]


def _alone(data: bytes, name: str, options: dict) -> bytes | None:
    """The plan read in a process of its own; ``None`` if that process dies too."""
    with ProcessPoolExecutor(max_workers=1) as one:
        try:
            return one.submit(_work, data, name, options).result()
        except BrokenProcessPool:
            return None


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
    batch_rows: int = BATCH_ROWS,
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
        Read on this executor instead (Dask's ``Client.get_executor()``...);
        then ``workers`` says how many workers it has (``8 * workers + 8``
        plans are kept in flight).
    match : {"exact", "alias", "none"}
        Whether units of different plans are the same unit (:func:`yjgraph.corpus.read_corpus`).
    aliases : mapping, DataFrame or path, optional
        The user's alias table.
    csv : bool, default False
        Also write each table as ``NAME.csv`` (formula-safe, UTF-8 with BOM).
    progress : file, optional
        Where the progress line goes (``sys.stderr`` in the command line).
    batch_rows : int, default :data:`BATCH_ROWS`
        Rows (tasks, assignments and findings) of whole plans gathered before
        they are written as one Parquet row group: the memory the parent
        holds against the size of the files' row groups.
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
    if match not in MATCH_MODES:
        raise ValueError(f"match must be one of {MATCH_MODES}, got {match!r}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        with _locked(out, wait=False):  # a second run into the same folder is refused
            return _build(sources, out, workers=workers, executor=executor, match=match, aliases=aliases,
                          csv=csv, progress=progress, batch_rows=batch_rows, read_kw=read_kw)
    except BlockingIOError as err:
        raise YjgraphError(str(err)) from None


def _build(sources, out: Path, *, workers, executor, match, aliases, csv, progress, batch_rows, read_kw) -> dict:
    from .parse import read_aliases

    (out / MANIFEST).unlink(missing_ok=True)
    cache = out / ".cache"
    cache.mkdir(exist_ok=True)
    for folder in (out, cache):  # what a killed run left
        clean_stale(folder)
    user = read_aliases(aliases)
    options = {k: v for k, v in read_kw.items() if v is not None}
    if user:
        options["aliases"] = dict(user)
    paths = list_sources(sources)
    ids = unique_ids(p.stem or p.name for p in paths)
    bar = _Progress(len(paths), progress)
    counts = {"read": 0, "reused": 0}
    with _Tables(out, match, user, batch_rows) as tables:
        for pid, path, (key, status, value) in zip(ids, paths, _results(paths, options, executor, workers,
                                                                        cache, counts), strict=True):
            if status == "ok":
                tables.add(pid, str(path), key, value)  # type: ignore[arg-type]
            else:
                tables.fail(str(path), str(value))
            bar.step(status != "ok")
    written = {name: out / f"{name}.parquet" for name in CORPUS_TABLES}
    if csv:
        for name in CORPUS_TABLES:
            written[f"{name}_csv"] = _parquet_to_csv(written[name], out / f"{name}.csv")
    summary = {"yjgraph": __version__, "match": match, "n_sources": len(paths),
               "n_plans": tables.n_plans, "n_failed": tables.n_failed, "tables": list(CORPUS_TABLES)}
    with atomic_file(out / MANIFEST) as tmp:
        tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return {**summary, "n_read": counts["read"], "n_reused": counts["reused"], "paths": written}


# ------------------------------------------------------------------ writing
_S, _C = "string", "category"
_MODEL = {c: _DTYPES.get(c, _S) for c in (*TASK_COLUMNS, *ASSIGNMENT_COLUMNS, *FINDING_COLUMNS)}
#: Column types of the tables written batch by batch (``category``: a Parquet dictionary column).
_COLUMNS = {
    "tasks": {"plan_id": _C, **{c: _MODEL[c] for c in TASK_COLUMNS}, "task_id_in_plan": _S},
    "assignments": {"plan_id": _C, **{c: _MODEL[c] for c in ASSIGNMENT_COLUMNS}, "unit": _C,
                    "task_id_in_plan": _S, "unit_in_plan": _C},
    "findings": {"plan_id": _C, **{c: _MODEL[c] for c in FINDING_COLUMNS}},
    "plans": {"plan_id": _S, "source": _S, "title": _S, "issuer": _S, "date": _S,
              **dict.fromkeys(("n_tasks", "n_units", "n_lead", "n_support", "n_errors", "n_warnings",
                               "n_findings"), "int64"), "sha256": _S},
    "failures": {"source": _S, "error": _S},
    "units": {"unit": _S, "aliases": _S, "is_group": "bool", "n_lead": "int64", "n_support": "int64",
              "plan_id": _S, "n_plans": "int64"},
}


def _typed(df: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """``df`` with exactly ``columns`` in their types (text mixed with numbers becomes text)."""
    df = df.reindex(columns=list(columns)).astype({c: _S if t == _C else t for c, t in columns.items()})
    return df.astype({c: _C for c, t in columns.items() if t == _C}).reset_index(drop=True)


def _schema(columns: dict[str, str]):
    import pyarrow as pa

    schema = pa.Schema.from_pandas(_typed(pd.DataFrame(), columns), preserve_index=False)
    return pa.schema([f.with_type(pa.dictionary(pa.int32(), pa.large_string()))
                      if pa.types.is_dictionary(f.type) else f for f in schema], metadata=schema.metadata)


def _write(writer, name: str, df: pd.DataFrame) -> None:
    import pyarrow as pa

    writer.write_table(pa.Table.from_pandas(_typed(df, _COLUMNS[name]), schema=writer.schema, preserve_index=False),
                       row_group_size=max(len(df), 1))


class _Tables:
    """The corpus tables, written batch by batch (row groups); under ``match="alias"`` the
    assignments are written as read, then again with units merged across all plans."""

    def __init__(self, out: Path, match: str, user: dict, batch_rows: int):
        self.out, self.match, self.user, self.batch_rows = out, match, user, batch_rows
        self.n_plans = self.n_failed = self.n_rows = 0
        self.parts: list[dict] = []
        self.rows: list[dict] = []
        self.fails: list[dict] = []
        self.units: list[pd.DataFrame] = []  # a units table per batch
        self.spellings: Counter[str] = Counter()  # unit_raw -> rows, for match="alias"

    def __enter__(self) -> _Tables:
        import pyarrow.parquet as pq

        with contextlib.ExitStack() as stack:
            self.paths = {name: stack.enter_context(atomic_file(self.out / f"{name}.parquet"))
                          for name in CORPUS_TABLES}
            self.raw = self.out / f".assignments.unmatched.parquet.part-{part_tag()}"
            stack.callback(self.raw.unlink, missing_ok=True)
            self.writers = {
                name: stack.enter_context(pq.ParquetWriter(
                    self.raw if name == "assignments" and self.match == "alias" else self.paths[name], _schema(cols)))
                for name, cols in _COLUMNS.items() if name != "units"}
            self.stack = stack.pop_all()
        return self

    def __exit__(self, kind, *exc) -> None:
        with self.stack:  # the writers closed; the tables renamed into place, or removed
            if kind is None:
                self._finish()

    def add(self, pid: str, source: str, key: str, part: dict) -> None:
        self.parts.append(part)
        self.rows.append({"plan_id": pid, "source": source, **part["row"], "sha256": key})
        self.n_plans += 1
        self.n_rows += sum(len(part[n]) for n in ("tasks", "assignments", "findings"))
        if self.n_rows >= self.batch_rows:
            self.flush()

    def fail(self, source: str, error: str) -> None:
        self.fails.append({"source": source, "error": error})
        self.n_failed += 1

    def flush(self) -> None:
        tables = corpus_rows([r["plan_id"] for r in self.rows], self.parts, match=self.match, user=self.user)
        tables["plans"] = pd.DataFrame(self.rows)
        tables["failures"] = pd.DataFrame(self.fails)
        for name, df in tables.items():
            if not len(df):
                continue
            if name == "assignments":
                if self.match == "alias":
                    self.spellings.update(df["unit_raw"].astype(str).tolist())
                else:
                    self.units.append(units_table(df, group_units(df)))
            _write(self.writers[name], name, df)
        self.parts, self.rows, self.fails, self.n_rows = [], [], [], 0

    def _finish(self) -> None:
        import pyarrow.parquet as pq

        self.flush()
        for w in self.writers.values():
            w.close()
        if self.match == "alias":  # units matched across plans, then written a row group at a time
            mapping, _ = resolve_aliases(itertools.chain.from_iterable(
                itertools.repeat(n, c) for n, c in self.spellings.items()), self.user)
            with pq.ParquetFile(self.raw) as raw, pq.ParquetWriter(self.paths["assignments"], raw.schema_arrow) as w:
                for g in range(raw.num_row_groups):
                    a = match_aliases(raw.read_row_group(g).to_pandas(), self.user, mapping)
                    self.units.append(units_table(a, group_units(a)))
                    _write(w, "assignments", a)
        _merge_units(self.units).to_parquet(self.paths["units"], index=False)


def _merge_units(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """The units tables of batches of whole plans as one: counts added, plan lists joined."""
    if not tables:
        return _typed(pd.DataFrame(), _COLUMNS["units"])
    g = pd.concat(tables, ignore_index=True).groupby("unit", sort=True)
    out = pd.DataFrame({
        "aliases": g["aliases"].agg(lambda s: " | ".join(sorted({x for v in s for x in v.split(" | ") if x}))),
        "is_group": g["is_group"].any(),
        "n_lead": g["n_lead"].sum(),
        "n_support": g["n_support"].sum(),
        "plan_id": g["plan_id"].agg(" | ".join),
        "n_plans": g["n_plans"].sum(),
    }).reset_index()
    return out.astype(_COLUMNS["units"])


def _parquet_to_csv(path: Path, csv_path: Path) -> Path:
    """A Parquet table as formula-safe CSV (UTF-8 with BOM), a row group at a time."""
    import pyarrow.parquet as pq

    with (atomic_file(csv_path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh,
          pq.ParquetFile(path) as f):
        f.schema_arrow.empty_table().to_pandas().to_csv(fh, index=False, lineterminator="\n")  # the header
        for g in range(f.num_row_groups):
            csv_safe(f.read_row_group(g).to_pandas()).to_csv(fh, index=False, header=False, lineterminator="\n")
    return csv_path


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
    # categorical on disk, text in a Plan (as read_corpus gives)
    t = {n: df.astype(dict.fromkeys(df.select_dtypes("category").columns, "string")) for n, df in t.items()}
    meta = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    meta["plans"] = t["plans"][["plan_id", "title", "source"]].to_dict("records")
    meta["title"] = f"{meta['n_plans']} plans"
    meta["source"] = str(path)
    return Plan(tasks=t["tasks"], assignments=t["assignments"], units=t["units"], findings=t["findings"], meta=meta)

