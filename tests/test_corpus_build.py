"""Corpora read in parallel into Parquet, resumably; output that never looks complete when it is not."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import yjgraph
from yjgraph import corpus_build
from yjgraph._atomic import COMPLETE_MARKER, built_dir
from yjgraph.analysis.run import analyze_to_dir
from yjgraph.cli import main
from yjgraph.corpus import read_corpus
from yjgraph.corpus_build import build_corpus, list_sources, read_corpus_dir

ROOT = Path(__file__).resolve().parents[1]
PLANS = sorted((ROOT / "data" / "plans").glob("a0*.txt"))[:6]
TABLES = ("tasks", "assignments", "units", "findings")


@pytest.fixture
def folder(tmp_path):
    """Six real plans and the seed plan in a sub-folder, plus three files that cannot be read."""
    src = tmp_path / "plans"
    (src / "sub").mkdir(parents=True)
    for p in PLANS:
        shutil.copy(p, src / p.name)
    shutil.copy(yjgraph.example_path(), src / "sub" / "seed.txt")
    (src / "scan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")  # no text layer
    (src / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (src / "empty.txt").write_text("nothing numbered here\n", encoding="utf-8")
    (src / "notes.json").write_text("{}", encoding="utf-8")  # not a plan suffix: not taken
    return src


def test_corpus_command_reads_a_folder_lists_failures_and_resumes(folder, tmp_path, capsys, monkeypatch):
    out = tmp_path / "corpus"
    assert main(["corpus", str(folder), "-o", str(out), "--workers", "2", "--csv"]) == 1
    err = capsys.readouterr().err
    assert "read 10/10 plans" in err and "3 failed" in err
    fails = pd.read_parquet(out / "failures.parquet")
    assert sorted(Path(s).name for s in fails["source"]) == ["broken.docx", "empty.txt", "scan.pdf"]
    assert fails["error"].str.len().gt(0).all()
    plans = pd.read_parquet(out / "plans.parquet").set_index("plan_id")
    assert len(plans) == 7
    assert plans.loc["seed", ["n_tasks", "n_units", "n_lead", "n_support"]].tolist() == [86, 34, 158, 133]
    assert plans.loc["seed", "title"].startswith("资阳市雁江区")
    tasks = pd.read_parquet(out / "tasks.parquet")
    a = pd.read_parquet(out / "assignments.parquet")
    assert isinstance(a["plan_id"].dtype, pd.CategoricalDtype) and isinstance(a["unit"].dtype, pd.CategoricalDtype)
    assert tasks.groupby("plan_id", observed=True).size().to_dict() == plans["n_tasks"].to_dict()
    assert (a["role"] == "lead").sum() == plans["n_lead"].sum()
    assert (out / "corpus.json").exists() and (out / "assignments.csv").exists()
    first = {name: pd.read_parquet(out / f"{name}.parquet") for name in (*TABLES, "plans", "failures")}

    # the second run reads nothing: every plan and failure comes from the cache
    def no_reading(*args, **kwargs):
        raise AssertionError("a file was read again")

    monkeypatch.setattr(corpus_build, "read_document", no_reading)
    r = build_corpus([folder], out)
    assert (r["n_read"], r["n_reused"], r["n_plans"], r["n_failed"]) == (0, 10, 7, 3)
    for name, df in first.items():
        pd.testing.assert_frame_equal(pd.read_parquet(out / f"{name}.parquet"), df)
    monkeypatch.undo()
    # a changed file is read again, and only that one
    seed = folder / "sub" / "seed.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build_corpus([folder], out)["n_read"] == 1


def test_exit_code_is_zero_when_every_source_is_read(tmp_path, capsys):
    listing = tmp_path / "plans.list"
    listing.write_text("\n".join(str(p) for p in PLANS[:2]) + "\n# done\n", encoding="utf-8")
    assert main(["corpus", str(listing), "-o", str(tmp_path / "c"), "-q"]) == 0
    assert "2 plans read, 0 failed" in capsys.readouterr().out
    assert pd.read_parquet(tmp_path / "c" / "failures.parquet").empty


def test_missing_files_folders_and_fifos_are_failures_not_stops(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    r = build_corpus([tmp_path / "missing.txt", fifo, PLANS[0]], tmp_path / "c")
    assert (r["n_plans"], r["n_failed"]) == (1, 2)
    errors = pd.read_parquet(tmp_path / "c" / "failures.parquet")["error"].tolist()
    assert "no such file" in errors[0] and "not a regular file" in errors[1]


def test_parallel_reading_gives_the_serial_tables(tmp_path):
    one = build_corpus(PLANS, tmp_path / "one", workers=1)
    two = build_corpus(PLANS, tmp_path / "two", workers=2)
    assert one["n_read"] == two["n_read"] == len(PLANS)
    for name in (*TABLES, "plans"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "one" / f"{name}.parquet"),
                                      pd.read_parquet(tmp_path / "two" / f"{name}.parquet"))


def test_the_corpus_folder_is_a_source_for_analyze(tmp_path):
    build_corpus([*PLANS[:3], yjgraph.example_path()], tmp_path / "c", match="none")
    c = read_corpus_dir(tmp_path / "c")
    serial = read_corpus([*PLANS[:3], yjgraph.example_path()], match="none")
    assert c.summary()["tasks"] == serial.summary()["tasks"]
    assert sorted(c.units["unit"]) == sorted(serial.units["unit"])
    assert main(["analyze", str(tmp_path / "c"), "-o", str(tmp_path / "a")]) == 0
    (tmp_path / "c" / "corpus.json").unlink()  # an interrupted corpus is refused
    with pytest.raises(yjgraph.YjgraphError, match="not a finished corpus"):
        read_corpus_dir(tmp_path / "c")


def test_list_sources_expands_folders_and_list_files(tmp_path, folder):
    (tmp_path / "x.lst").write_text("plans/sub\n", encoding="utf-8")
    got = list_sources([f"@{tmp_path / 'x.lst'}", folder / "scan.pdf"])
    assert [p.name for p in got] == ["seed.txt", "scan.pdf"]


@pytest.mark.slow
def test_dask_local_cluster_reads_the_same_tables_as_serial(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    sources = [*PLANS, yjgraph.example_path()]
    serial = read_corpus(sources, match="alias")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        ex = client.get_executor()
        on_cluster = read_corpus(sources, match="alias", executor=ex)
        r = build_corpus(sources, tmp_path / "dask", executor=ex)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(on_cluster, name), getattr(serial, name))
    assert r["n_read"] == len(sources) and r["n_failed"] == 0
    build_corpus(sources, tmp_path / "serial")
    for name in (*TABLES, "plans"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "dask" / f"{name}.parquet"),
                                      pd.read_parquet(tmp_path / "serial" / f"{name}.parquet"))


# ---------------------------------------------------------------- atomic, deterministic output
def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_analyze_output_is_byte_identical_between_runs(tmp_path):
    plan = yjgraph.read_plan(yjgraph.example_path())
    analyze_to_dir(plan, tmp_path / "a")
    time.sleep(1.1)  # a creation date in seconds would differ
    analyze_to_dir(plan, tmp_path / "b")
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    assert "analysis.xlsx" in _digests(tmp_path / "a")


def test_csv_cells_that_excel_would_evaluate_are_quoted(tmp_path):
    plan = yjgraph.Plan.from_assignments([
        {"task_id": "1", "unit": "=HYPERLINK(\"http://x\")", "role": "lead"},
        {"task_id": "1", "unit": "@区财政局", "role": "support"},
    ])
    paths = analyze_to_dir(plan, tmp_path / "a")
    wl = pd.read_csv(paths["workload"], encoding="utf-8-sig")
    assert sorted(wl["unit"]) == ["'=HYPERLINK(\"http://x\")", "'@区财政局"]
    assert (wl["load"] >= 0).all()  # numbers are not touched


def test_a_failed_analysis_leaves_no_folder(tmp_path, monkeypatch):
    from yjgraph.analysis import core

    def boom(self, name):
        if name == "checks":
            raise RuntimeError("stop")
        return original(self, name)

    original = core.Analysis.table
    monkeypatch.setattr(core.Analysis, "table", boom)
    with pytest.raises(RuntimeError):
        analyze_to_dir(yjgraph.read_plan(yjgraph.example_path()), tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_built_dir_replaces_an_existing_folder_with_the_marker_last(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.csv").write_text("old")
    (out / "keep.txt").write_text("the user's")
    with built_dir(out) as tmp:
        (tmp / "old.csv").write_text("new")
    assert (out / "old.csv").read_text() == "new" and (out / "keep.txt").exists()
    assert (out / COMPLETE_MARKER).exists()
    with pytest.raises(KeyError), built_dir(out) as tmp:
        (tmp / "old.csv").write_text("half")
        raise KeyError
    assert (out / "old.csv").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.slow
def test_sigkill_during_analyze_leaves_no_folder_that_looks_complete(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synth
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    plan = tmp_path / "synth.txt"
    synth.write_plan(plan, 30_000, seed=1)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "yjgraph", "analyze", str(plan), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if any(tmp_path.glob(".out.part-*/workload.csv")):  # writing has begun
                break
            time.sleep(0.01)
        assert proc.poll() is None, "analyze finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not out.exists()  # before the fix: five CSVs and nothing to say the run failed
    assert list(tmp_path.glob(".out.part-*"))  # the killed run's folder
    # the next run finishes and is complete, and removes what the killed run left
    assert main(["analyze", str(plan), "-o", str(out)]) == 0
    assert (out / COMPLETE_MARKER).exists() and (out / "analysis.xlsx").exists()
    assert not list(tmp_path.glob(".out.part-*"))


def test_two_corpus_runs_into_one_folder_do_not_interleave(tmp_path):
    fcntl = pytest.importorskip("fcntl")
    out = tmp_path / "c"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)  # as another run holds the folder
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(yjgraph.YjgraphError, match="another yjgraph run"):
            build_corpus(PLANS[:1], out)
    finally:
        os.close(fd)
    assert not (out / "corpus.json").exists()
    assert build_corpus(PLANS[:1], out)["n_plans"] == 1


def test_a_failed_report_leaves_no_folder_and_a_finished_one_is_marked(tmp_path, monkeypatch):
    import yjgraph.report

    def fake_report(analysis, out_dir, **kw):
        (Path(out_dir) / "index.html").write_text("half", encoding="utf-8")
        if kw.get("lang") == "en":
            raise RuntimeError("killed halfway")
        return Path(out_dir) / "index.html"

    monkeypatch.setattr(yjgraph.report, "build_report", fake_report)
    out = tmp_path / "report"
    with pytest.raises(RuntimeError):
        main(["report", "-o", str(out), "--lang", "en", "-q"])
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert main(["report", "-o", str(out), "-q"]) == 0
    assert (out / "index.html").exists() and (out / COMPLETE_MARKER).exists()


def test_a_file_that_kills_its_worker_is_one_failure(tmp_path, monkeypatch):
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched reader reaches the workers only when they are forked")
    real = corpus_build.read_document

    def deadly(data, name, **kw):
        if "killer" in name:
            os._exit(9)  # as if killed by the kernel for its memory
        return real(data, name, **kw)

    monkeypatch.setattr(corpus_build, "read_document", deadly)
    src = tmp_path / "p"
    src.mkdir()
    for p in PLANS[:4]:
        shutil.copy(p, src / p.name)
    (src / "killer.txt").write_text(PLANS[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    r = build_corpus([src], tmp_path / "c", workers=2)
    assert (r["n_plans"], r["n_failed"]) == (4, 1)
    fails = pd.read_parquet(tmp_path / "c" / "failures.parquet")
    assert Path(fails["source"].iloc[0]).name == "killer.txt"
    assert "died" in fails["error"].iloc[0]
    # a death is not kept in the cache: the next run tries that file again, and only that one
    monkeypatch.undo()
    r = build_corpus([src], tmp_path / "c", workers=2)
    assert (r["n_read"], r["n_plans"], r["n_failed"]) == (1, 5, 0)


# ---------------------------------------------------------------- bounded memory, streamed tables
@pytest.fixture
def live_plans(monkeypatch):
    """The most Plan objects alive at once while the test runs (made or unpickled)."""
    import gc
    import weakref

    live: dict[int, weakref.ref] = {}  # Plans compare by value: not in a WeakSet
    peak = [0]
    init = yjgraph.Plan.__init__

    def track(obj):
        key = id(obj)
        live[key] = weakref.ref(obj, lambda _: live.pop(key, None))
        if len(live) > peak[0]:
            gc.collect()  # count only what is still referenced
            peak[0] = max(peak[0], len(live))

    def new_init(self, *args, **kwargs):
        track(self)
        init(self, *args, **kwargs)

    def setstate(self, state):  # a plan unpickled (from a cache or a worker)
        track(self)
        self.__dict__.update(state)

    monkeypatch.setattr(yjgraph.Plan, "__init__", new_init)
    monkeypatch.setattr(yjgraph.Plan, "__setstate__", setstate, raising=False)
    return peak


def _texts(n):
    return (f"一、甲\n1.做第{i}件事。\n牵头单位:区商务局\n配合单位:区财政局{i % 7}\n" for i in range(n))


def test_an_executor_failure_is_a_failure_but_not_cached(tmp_path):
    from concurrent.futures import Executor, Future

    class Lost(Executor):  # a cluster that loses the worker of every plan
        def submit(self, fn, /, *args, **kwargs):
            f: Future = Future()
            f.set_exception(RuntimeError("worker lost"))
            return f

    r = build_corpus([PLANS[0]], tmp_path / "c", executor=Lost())
    assert (r["n_plans"], r["n_failed"]) == (0, 1)
    assert pd.read_parquet(tmp_path / "c" / "failures.parquet")["error"].tolist() == ["RuntimeError: worker lost"]
    r = build_corpus([PLANS[0]], tmp_path / "c")  # read again, not the failure taken from the cache
    assert (r["n_plans"], r["n_failed"], r["n_read"], r["n_reused"]) == (1, 0, 1, 0)


@pytest.mark.slow
def test_read_corpus_does_not_hold_every_plan_at_once(live_plans):
    from concurrent.futures import ThreadPoolExecutor

    from yjgraph.corpus import WINDOW

    c = read_corpus(_texts(40))  # a generator: each plan is dropped once its rows are taken
    assert c.summary()["tasks"] == 40 and live_plans[0] <= 4  # before: 40 plans in a list
    live_plans[0] = 0
    with ThreadPoolExecutor(2) as ex:
        c = read_corpus(_texts(3 * WINDOW), executor=ex)
    assert c.summary()["tasks"] == 3 * WINDOW and live_plans[0] <= WINDOW + 4


def test_build_corpus_streams_plans_into_row_groups(tmp_path, live_plans):
    import pyarrow.parquet as pq

    src = tmp_path / "p"
    src.mkdir()
    for i, text in enumerate(_texts(30)):
        (src / f"p{i:02d}.txt").write_text(text, encoding="utf-8")
    r = build_corpus([src], tmp_path / "c", batch_rows=10)  # a row group every two or three plans
    assert r["n_plans"] == 30
    assert live_plans[0] <= 2  # the parent keeps tables of a batch, never the plans (before: all 30)
    f = pq.ParquetFile(tmp_path / "c" / "assignments.parquet")
    assert f.num_row_groups > 5
    a = pd.read_parquet(tmp_path / "c" / "assignments.parquet")
    assert isinstance(a["unit"].dtype, pd.CategoricalDtype) and a["plan_id"].nunique() == 30


@pytest.mark.parametrize("match", ["exact", "alias", "none"])
def test_streamed_tables_equal_read_corpus_across_row_groups(tmp_path, match):
    sources = [*PLANS, yjgraph.example_path()]
    aliases = {"区发展改革局": "区发改局"}
    build_corpus(sources, tmp_path / "c", match=match, aliases=aliases, batch_rows=60)  # plans never split
    assert pq_groups(tmp_path / "c" / "assignments.parquet") > 1
    got, want = read_corpus_dir(tmp_path / "c"), read_corpus(sources, match=match, aliases=aliases)
    for name in (*TABLES,):
        pd.testing.assert_frame_equal(getattr(got, name), getattr(want, name))


def pq_groups(path):
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).num_row_groups


def test_categorical_csv_cells_are_formula_safe():
    from yjgraph._atomic import csv_safe

    df = pd.DataFrame({"u": pd.Series(["=1+1", "区商务局"], dtype="string").astype("category")})
    assert csv_safe(df)["u"].astype(str).tolist() == ["'=1+1", "区商务局"]


# ---------------------------------------------------------------- what killed runs leave
def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_part_folders_of_dead_runs_are_removed_live_ones_kept(tmp_path):
    import socket

    from yjgraph._atomic import part_tag

    host, dead = socket.gethostname(), _dead_pid()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = tmp_path / f".out.part-{host}-{dead}-abc123"
        live = tmp_path / f".out.part-{host}-{sleeper.pid}-def456"
        mine = tmp_path / f".other.part-{part_tag()}-x_9"
        remote = tmp_path / f".out.part-elsewhere.example-{dead}-ghi789"  # another host's: its pid means nothing here
        legacy = tmp_path / ".out.part-k2j4h5"  # no owner recorded: kept
        for d in (stale, live, mine, remote, legacy):
            d.mkdir()
            (d / "workload.csv").write_text("half", encoding="utf-8")
        with built_dir(tmp_path / "out") as tmp:
            (tmp / "a.csv").write_text("x", encoding="utf-8")
        left = {p.name for p in tmp_path.iterdir()}
        assert left == {"out", live.name, mine.name, remote.name, legacy.name}
    finally:
        sleeper.kill()
        sleeper.wait()


@pytest.mark.slow
def test_a_killed_corpus_run_leaves_no_tables_and_the_next_run_cleans_up(tmp_path):
    src = tmp_path / "p"
    src.mkdir()
    text = yjgraph.example_path().read_text(encoding="utf-8")
    for i in range(300):
        (src / f"p{i:03d}.txt").write_text(text + "\n" + " " * (i + 1) + "\n", encoding="utf-8")
    out = tmp_path / "c"
    proc = subprocess.Popen([sys.executable, "-m", "yjgraph", "corpus", str(src), "-o", str(out), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if len(list(out.glob(".cache/*.pkl"))) >= 3:  # reading has begun, the tables are open
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the corpus run finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
    names = {p.name for p in out.iterdir()}
    assert "corpus.json" not in names and not names & {f"{t}.parquet" for t in corpus_build.CORPUS_TABLES}
    assert any(".part-" in n for n in names)  # the killed run's temporary tables
    r = build_corpus([src], out)
    assert r["n_reused"] >= 3 and r["n_plans"] == 300
    assert not [p for p in out.rglob("*") if ".part-" in p.name]
