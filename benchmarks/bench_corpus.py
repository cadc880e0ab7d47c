"""Reading a corpus: serial against ``--workers 2``, the cached rerun, and per-format costs.

N copies of the bundled plan (each with different bytes: a last line of
blanks and tabs, which the reader skips, so the cache cannot share them) are
written to a temporary folder and read with
:func:`yjgraph.corpus_build.build_corpus`, once with one worker and once
with two, each into a fresh folder; then the second run is repeated (every
plan from the cache). Printed: wall times, plans per second, the speed-up
ratio, the projected time for 10^5 plans on 32 workers (the per-plan cost
divided by 32 times the parallel efficiency measured here, so a projection,
not a measurement) and the cost of reading the bundled plan as text, HTML and
Word (median of five).

Run from the repository root::

    python benchmarks/bench_corpus.py              # 200 plans (about a minute on two cores)
    python benchmarks/bench_corpus.py --plans 10000
"""

from __future__ import annotations

import argparse
import html
import io
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


def _cpu() -> tuple[float, float]:
    """CPU seconds so far of this process and of its finished children (the workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


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


def per_format(text: str, repeat: int = 5) -> dict[str, float]:
    """Median seconds to read the bundled plan from each format's bytes."""
    forms = {"text": ("plan.txt", text.encode()), "html": ("plan.html", _html(text)),
             "word": ("plan.docx", _docx(text))}
    out = {}
    for name, (fname, data) in forms.items():
        n = len(read_document(data, fname).tasks)
        assert n == 86, (name, n)
        out[name] = statistics.median(_timed(lambda d=data, f=fname: read_document(d, f)) for _ in range(repeat))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--plans", type=int, default=200)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    text = Path(yjgraph.example_path()).read_text(encoding="utf-8")
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "plans"
        src.mkdir()
        _variants(text, args.plans, src)
        t1 = _timed(lambda: build_corpus([src], Path(d) / "serial", workers=1))
        c0 = _cpu()
        tn = _timed(lambda: build_corpus([src], Path(d) / "parallel", workers=args.workers))
        c1 = _cpu()
        r = {}
        tc = _timed(lambda: r.update(build_corpus([src], Path(d) / "parallel", workers=args.workers)))
        assert r["n_read"] == 0 and r["n_plans"] == args.plans
    ratio = t1 / tn
    per_plan = t1 / args.plans
    eff = ratio / args.workers
    proj = 1e5 * per_plan / (32 * min(eff, 1.0))
    print(f"{args.plans} plans of the bundled plan's size (86 tasks, 291 assignments)")
    print(f"  serial              {t1:8.2f} s  {args.plans / t1:7.1f} plans/s")
    print(f"  --workers {args.workers}         {tn:8.2f} s  {args.plans / tn:7.1f} plans/s  "
          f"speed-up {ratio:.2f}x (efficiency {eff:.0%})")
    print(f"    CPU seconds in that run: parent {c1[0] - c0[0]:.2f}, workers {c1[1] - c0[1]:.2f} "
          f"(load average before it: {load:.1f} on {os.cpu_count()} CPUs; other work on the "
          "machine lowers the speed-up)")
    print(f"  rerun, all cached   {tc:8.2f} s  (nothing read)")
    print(f"  projected: 10^5 plans on 32 workers at this efficiency: {proj / 60:.1f} min "
          f"(serial: {1e5 * per_plan / 3600:.1f} h)")
    costs = per_format(text)
    print("  reading the bundled plan, median of 5: " +
          ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in costs.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
