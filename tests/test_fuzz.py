"""Fuzzing the reader with plan texts mutated from the bundled plan and the real-plan
corpus (``data/plans/*.txt``): Hypothesis, derandomized (the same cases on every run).

Two properties hold for every case:

- reading raises nothing but yjgraph's own errors (:class:`~yjgraph.YjgraphError`);
- every numbered line is accounted for: each line the reader's own numbering
  rules take for a chapter, section, task or sub-item (not a quantity such as
  ``0.07``) is in ``plan.outline`` as a task, heading, sub-item or finding.
  Lines that a flattened table consumed are read as table rows and are not
  checked line by line.

CI runs a modest number of cases; ``YJGRAPH_FUZZ_EXAMPLES=2000`` runs more, and
``python tests/test_fuzz.py --examples 2000`` prints the counts (cases tried,
crashes, cases over 10 s, lines unaccounted, slowest case).
"""

from __future__ import annotations

import os
import time
from functools import lru_cache
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import yjgraph  # noqa: E402
from yjgraph.errors import YjgraphError  # noqa: E402
from yjgraph.parse.flat import flat_tables  # noqa: E402
from yjgraph.parse.structure import match_heading  # noqa: E402
from yjgraph.parse.text import normalize_line, to_simplified  # noqa: E402

EXAMPLES = int(os.environ.get("YJGRAPH_FUZZ_EXAMPLES", "40"))
ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def seeds() -> tuple[str, ...]:
    """The bundled plan and every real plan's text."""
    files = [yjgraph.example_path(), *sorted((ROOT / "data" / "plans").glob("*.txt"))]
    return tuple(p.read_text(encoding="utf-8") for p in files)


# Pieces a plan is made of, and pieces that break it.
SNIPPETS = [
    "一、", "(一)", "(二)", "1.", "2、", "3.", "(1)", "①", "②", "十二、", "第一章", "第二节",
    "责任单位:", "牵头单位:", "配合单位:", "牵头", "配合", "负责", "(逗号前为牵头单位,下同)",
    "区发改局", "区财政局、", "各街道", "等", ",", "、", ";", "。", ":", "(", ")", "（", "）", "【", "〕",
    "\t", "\u3000", " ", "|", "*", "联系电话12345", "版权所有", "ICP备12345号", "附件1", "序号", "重点任务",
    "完成时限:2025年底前", "区长张三同志", "0.07", "2022年4月9日", "１．", "\ufffd", "\x00", "\u200b",
]


@st.composite
def mutated(draw) -> str:
    """A seed plan (or a window of it) after a few line and character edits."""
    text = draw(st.sampled_from(seeds()))
    lines = text.splitlines()
    if len(lines) > 80 and draw(st.booleans()):  # a window keeps cases fast and varied
        start = draw(st.integers(0, len(lines) - 40))
        lines = lines[start:start + draw(st.integers(20, 120))]
    for _ in range(draw(st.integers(1, 8))):
        if not lines:
            lines = [""]
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "cut", "join", "split",
                                   "sprinkle", "renumber", "repeat"]))
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            other = draw(st.sampled_from(seeds())).splitlines() or [""]
            lines.insert(i, draw(st.sampled_from(other)))
        elif op == "cut":
            lines[i] = line[: draw(st.integers(0, len(line)))]
        elif op == "join" and i + 1 < len(lines):
            lines[i:i + 2] = [line + lines[i + 1]]
        elif op == "split":
            k = draw(st.integers(0, len(line)))
            lines[i:i + 1] = [line[:k], line[k:]]
        elif op == "sprinkle":
            k = draw(st.integers(0, len(line)))
            bit = draw(st.sampled_from(SNIPPETS) | st.text(max_size=4))
            lines[i] = line[:k] + bit + line[k:]
        elif op == "renumber":
            lines[i] = draw(st.sampled_from(["1.", "一、", "(一)", "①", "(1)", "99.", "1、"])) + line
        elif op == "repeat":
            lines[i] = line + draw(st.sampled_from(SNIPPETS)) * draw(st.integers(10, 3000))
    return "\n".join(lines)


def numbered_lines(text: str) -> list[int]:
    """1-based lines the reader's numbering rules take for an item (quantities such as
    ``0.07`` or ``2022.04`` aside), outside flattened tables."""
    text = to_simplified(text)[0]
    lines = [normalize_line(ln) for ln in text.splitlines()]
    flat = flat_tables(lines)
    if flat is None:
        kept = range(len(lines))
    else:  # lines a table passed through unchanged; its rows are read as table rows
        new, origins, _ = flat
        kept = [o - 1 for o, ln in zip(origins, new, strict=True) if ln is lines[o - 1]]
    out = []
    for i in kept:
        h = match_heading(lines[i])
        if h is not None and not h.weak:
            out.append(i + 1)
    return out


def unaccounted(text: str) -> list[tuple[int, str]]:
    """Read ``text``; the numbered lines missing from the outline (line, text)."""
    plan = yjgraph.read_plan(text)
    outline = plan.outline
    seen = set(outline.loc[outline["status"].isin(["task", "heading", "subitem", "finding"]), "line"])
    raw = to_simplified(text)[0].splitlines()
    return [(n, raw[n - 1][:60]) for n in numbered_lines(text) if n not in seen]


@pytest.mark.parametrize("index", range(len(seeds())))
def test_every_seed_text_accounts_for_its_numbered_lines(index):
    text = seeds()[index]
    assert unaccounted(text) == []


@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_plans_raise_only_yjgraph_errors_and_lose_no_numbered_line(text):
    try:
        missing = unaccounted(text)
    except YjgraphError:
        return
    assert missing == []


def main(argv=None) -> int:
    """Run many cases and print the counts (no assertion: a report)."""
    import argparse
    import traceback

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--examples", type=int, default=500)
    p.add_argument("--slow", type=float, default=10.0, help="seconds that count as a hang")
    args = p.parse_args(argv)
    counts = {"cases": 0, "yjgraph_errors": 0, "crashes": 0, "hangs": 0, "unaccounted_lines": 0,
              "cases_with_unaccounted": 0}
    slowest = (0.0, "")
    examples: list[str] = []

    @settings(max_examples=args.examples, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(mutated())
    def run(text):
        nonlocal slowest
        counts["cases"] += 1
        t0 = time.perf_counter()
        try:
            missing = unaccounted(text)
        except YjgraphError:
            counts["yjgraph_errors"] += 1
            missing = []
        except Exception:  # noqa: BLE001 - counted and shown
            counts["crashes"] += 1
            examples.append(traceback.format_exc(limit=3))
            missing = []
        dt = time.perf_counter() - t0
        counts["hangs"] += dt > args.slow
        if dt > slowest[0]:
            slowest = (dt, text[:80].replace("\n", "⏎"))
        if missing:
            counts["unaccounted_lines"] += len(missing)
            counts["cases_with_unaccounted"] += 1
            examples.append(f"unaccounted {missing[:3]}")

    run()
    for k, v in counts.items():
        print(f"{k:>24}: {v}")
    print(f"{'slowest case':>24}: {slowest[0]:.2f} s ({slowest[1]!r})")
    for e in examples[:10]:
        print(e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
