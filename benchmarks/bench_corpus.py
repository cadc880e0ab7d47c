"""Reading a corpus: serial against ``--workers 2``, memory, the projection to 10^5 plans, per-format costs.

N copies of the bundled plan (each with different bytes: a last line of
blanks and tabs, which the reader skips, so the cache cannot share them) are
written to a temporary folder and read with
:func:`yjgraph.corpus_build.build_corpus`, once with one worker and once with
two, each into a fresh folder and in a forked child of its own (so each
run's peak memory is its own); then the parallel run is repeated (every plan
from the cache: what the parent process does per plan, alone). A smaller
corpus (``--small``, N/5 plans) is read with two workers to show that the
parent's peak memory does not grow with the number of plans.

Printed: wall times, the speed-up ratio, the CPU seconds of the parent and
the workers, peak resident memory of the parent and of the largest worker,
the projected time for 10^5 plans on 32 workers and the cost of reading the
bundled plan as text, HTML, Word and PDF (median of five). The projection is
10^5 times the larger of the workers' CPU seconds per plan divided by 32 and
the parent's CPU seconds per plan (the parent takes every plan in turn), so
a projection, not a measurement; it assumes 33 free cores.

Run from the repository root (about 15 minutes on two free cores)::

    python benchmarks/bench_corpus.py --plans 10000
    python benchmarks/bench_corpus.py --plans 500     # a quick look
"""

from __future__ import annotations

import argparse
import html
import io
import multiprocessing as mp
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

from _util import ROOT  # noqa: F401  (puts the checkout on sys.path)

import yjgraph
from yjgraph.corpus_build import build_corpus, read_document


def _variants(text: str, n: int, folder: Path) -> None:
    for i in range(n):
        tail = "".join(" \t"[int(b)] for b in f"{i:b}") + " "  # a blank line that differs per plan
        (folder / f"plan{i:06d}.txt").write_text(text + "\n" + tail + "\n", encoding="utf-8")


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _run(conn, src: Path, out: Path, workers: int) -> None:
    me0, kids0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = build_corpus([src], out, workers=workers)
    wall = time.perf_counter() - t0
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (me.ru_utime + me.ru_stime - me0.ru_utime - me0.ru_stime,
           kids.ru_utime + kids.ru_stime - kids0.ru_utime - kids0.ru_stime)
    conn.send({"wall": wall, "parent_cpu": cpu[0], "workers_cpu": cpu[1], "parent_mib": me.ru_maxrss / 1024,
               "worker_mib": kids.ru_maxrss / 1024, "n_read": r["n_read"], "n_plans": r["n_plans"]})


def run(src: Path, out: Path, workers: int) -> dict:
    """``build_corpus`` in a forked child: wall and CPU seconds, peak memory (MiB)."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_run, args=(child, src, out, workers))
    p.start()
    child.close()
    res = parent.recv()
    p.join()
    return res


def _docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _html(text: str) -> bytes:
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
    return f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode()


def _pdf(text: str) -> bytes:
    """The plan as an A4 PDF with a text layer (matplotlib, a CJK font, lines wrapped at 44 wide)."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    from yjgraph.plot.fonts import find_cjk_font

    def wrap(line: str, width: float = 44) -> list[str]:
        out, cur = [], ""
        for ch in line:
            if sum(0.55 if ord(c) < 128 else 1.0 for c in cur + ch) > width:
                out.append(cur)
                cur = ""
            cur += ch
        return [*out, cur] if cur else out

    lines = [w for ln in text.splitlines() if ln.strip() for w in wrap(ln.strip())]
    font, step, per_page = find_cjk_font(), 14 / 72 / 11.69, 50
    buf = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(buf) as pdf:
        for start in range(0, len(lines), per_page):
            fig = Figure(figsize=(8.27, 11.69))
            for k, ln in enumerate(lines[start:start + per_page]):
                fig.text(0.7 / 8.27, 1 - 0.7 / 11.69 - k * step, ln, family=font, fontsize=10, va="top")
            pdf.savefig(fig)
    return buf.getvalue()


def per_format(text: str, repeat: int = 5) -> dict[str, float]:
    """Median seconds to read the bundled plan from each format's bytes."""
    forms = {"text": ("plan.txt", text.encode()), "html": ("plan.html", _html(text)),
             "word": ("plan.docx", _docx(text)), "pdf": ("plan.pdf", _pdf(text))}
    out = {}
    for name, (fname, data) in forms.items():
        n = len(read_document(data, fname).tasks)
        assert n == 86, (name, n)
        out[name] = statistics.median(_timed(lambda d=data, f=fname: read_document(d, f)) for _ in range(repeat))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--plans", type=int, default=10_000)
    p.add_argument("--small", type=int, default=None, help="plans of the memory comparison (N/5)")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    n, small = args.plans, args.small or max(args.plans // 5, 1)
    text = Path(yjgraph.example_path()).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as d:
        src, src_small = Path(d) / "plans", Path(d) / "small"
        src.mkdir()
        src_small.mkdir()
        made = _timed(lambda: (_variants(text, n, src), _variants(text, small, src_small)))
        print(f"{n} plans of the bundled plan's size (86 tasks, 291 assignments), written in {made:.1f} s; "
              f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs", flush=True)
        one = run(src, Path(d) / "serial", 1)
        load_mid = os.getloadavg()[0]
        two = run(src, Path(d) / "parallel", args.workers)
        load_end = os.getloadavg()[0]
        cached = run(src, Path(d) / "parallel", args.workers)
        few = run(src_small, Path(d) / "small-out", args.workers)
        assert one["n_plans"] == two["n_plans"] == n and cached["n_read"] == 0
    ratio = one["wall"] / two["wall"]
    w_cost, p_cost = two["workers_cpu"] / n, two["parent_cpu"] / n
    proj = 1e5 * max(w_cost / 32, p_cost)
    bound = "the workers" if w_cost / 32 >= p_cost else "the parent process"
    print(f"  serial              {one['wall']:8.1f} s  {n / one['wall']:6.1f} plans/s  "
          f"(CPU {one['parent_cpu']:.1f} s)")
    print(f"  --workers {args.workers}         {two['wall']:8.1f} s  {n / two['wall']:6.1f} plans/s  "
          f"speed-up {ratio:.2f}x")
    print(f"    CPU seconds: parent {two['parent_cpu']:.1f} ({p_cost * 1000:.2f} ms a plan), workers "
          f"{two['workers_cpu']:.1f} ({w_cost * 1000:.1f} ms a plan); load average {load_mid:.2f} before, "
          f"{load_end:.2f} after (other work on the machine lowers the speed-up)")
    print(f"  rerun, all cached   {cached['wall']:8.1f} s  ({cached['wall'] / n * 1000:.2f} ms a plan, "
          "the parent alone)")
    print(f"  peak memory, parent: {few['parent_mib']:.0f} MiB for {small} plans, {two['parent_mib']:.0f} MiB "
          f"for {n} (serial {one['parent_mib']:.0f} MiB); largest worker {two['worker_mib']:.0f} MiB")
    print(f"  projected: 10^5 plans on 32 workers: {proj / 60:.1f} min, bound by {bound} "
          f"(serial here: {1e5 * one['wall'] / n / 3600:.1f} h)")
    costs = per_format(text)
    print("  reading the bundled plan, median of 5: " +
          ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in costs.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
