"""Synthetic task-allocation plans for the speed benchmarks.

A corpus has ``n_rows`` assignments (task x unit x role rows) over
``n_units`` units whose popularity is skewed (Zipf: the unit of rank ``r``
is drawn with probability proportional to ``1 / r**zipf``); every task names
1-10 distinct units (uniform), at least one of which leads, and about 55 % of
all rows are leads. Units that a task draws first (mostly the popular ones)
lead, the rest support.

The corpus is written **in the seed plan's own text layout**
(``yjgraph/data/yanjiang_2022_chengdu_metro_plan.txt``) so that benchmarks
time the reader too::

    一、<chapter>                     chapters, Chinese numerals + 、
    (一)<section>                     sections, ASCII brackets, numbered on
                                      across chapters as in the seed
    1.<task text>                     tasks, numbered on across the plan
    责任单位:A、B,C、D                 units before the first "," lead,
                                      after it support

with an empty line between lines; the first unit line states the rule
``(逗号前为牵头单位,下同)`` after its last lead unit, exactly as the seed's
task 3 does. The same corpus is available as a :class:`yjgraph.Plan` built
directly with :meth:`yjgraph.Plan.from_assignments`, for benchmarks that
skip reading.

Run ``python benchmarks/synth.py --rows 300000 --out synth.txt`` to write a
plan file.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # run from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

__all__ = ["Corpus", "generate", "to_text", "write_plan", "make_plan", "chinese_numeral", "unit_names"]

TITLE = "某区贯彻落实《合成测试发展规划》重点任务责任分工方案"
RULE = "(逗号前为牵头单位,下同)"
_DIGITS = "零一二三四五六七八九"
# Unit names are 区 + three of these + 局. None of the characters is a list
# separator (及 和 等), a catch-all marker (各 相关 有关) or part of an
# abbreviation the reader expands, so every name stays one distinct unit.
_NAME_CHARS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


def chinese_numeral(n: int) -> str:
    """Write 1 <= n < 100000 the way plans number chapters and sections.

    >>> [chinese_numeral(n) for n in (1, 10, 11, 20, 33, 101, 110, 1010, 2750)]
    ['一', '十', '十一', '二十', '三十三', '一百零一', '一百一十', '一千零一十', '二千七百五十']
    """
    if not 0 < n < 100000:
        raise ValueError(f"numeral out of range: {n}")
    if n < 20:
        return ("十" + (_DIGITS[n - 10] if n > 10 else "")) if n >= 10 else _DIGITS[n]
    out = []
    zero = False
    for value, name in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero:
                out.append("零")
            out.append(_DIGITS[d] + name)
            zero = False
        elif out:
            zero = True
    return "".join(out)


def unit_names(n_units: int) -> list[str]:
    """``n_units`` distinct unit names, e.g. ``区甲甲甲局`` (up to 10648)."""
    k = len(_NAME_CHARS)
    if n_units > k**3:
        raise ValueError(f"at most {k**3} synthetic units")
    return [
        "区" + _NAME_CHARS[i // (k * k)] + _NAME_CHARS[(i // k) % k] + _NAME_CHARS[i % k] + "局"
        for i in range(n_units)
    ]


@dataclass
class Corpus:
    """A synthetic plan: task rows and assignment rows (in list order)."""

    tasks: pd.DataFrame  # task_id, number, chapter_no, chapter, section_no, section, title, text
    assignments: pd.DataFrame  # task_id, unit, role, position

    @property
    def n_rows(self) -> int:
        return len(self.assignments)


def generate(
    n_rows: int = 300_000,
    *,
    n_units: int = 2000,
    max_units: int = 10,
    zipf: float = 1.0,
    lead_share: float = 0.55,
    tasks_per_section: int = 20,
    sections_per_chapter: int = 10,
    seed: int = 0,
) -> Corpus:
    """Draw a synthetic corpus with exactly ``n_rows`` assignment rows.

    Tasks name 1..``max_units`` units (uniform): 10 gives about n_rows / 5.5
    tasks, 5 about n_rows / 3 (3M rows, 1M tasks).

    >>> c = generate(1000, n_units=50, seed=1)
    >>> c.n_rows, bool(c.assignments.groupby("task_id").size().between(1, 10).all())
    (1000, True)
    >>> round(float((c.assignments["role"] == "lead").mean()), 1)
    0.5
    """
    if max_units < 2:
        raise ValueError("max_units must be at least 2 (the first task states the rule)")
    rng = np.random.default_rng(seed)
    # task sizes 1..max_units until the rows are used up; the last task is cut to fit
    # (10 % more draws than the mean size needs)
    sizes = rng.integers(1, max_units + 1, size=n_rows * 11 // (5 * (max_units + 1)) + 10)
    sizes[0] = max(sizes[0], 2)  # the first task has a support: it states the rule
    cum = np.cumsum(sizes)
    n_tasks = int(np.searchsorted(cum, n_rows) + 1)
    sizes = sizes[:n_tasks].copy()
    sizes[-1] -= int(cum[n_tasks - 1] - n_rows)
    if n_tasks == 1 and n_rows < 2:
        raise ValueError("need at least 2 rows")
    # draw units without replacement by Zipf weight (Efraimidis-Spirakis keys)
    logw = -zipf * np.log(np.arange(1, n_units + 1))
    kmax = min(max_units, n_units)
    if sizes.max() > n_units:
        raise ValueError(f"tasks have up to {max_units} units: need n_units >= {max_units}")
    picks = np.empty((n_tasks, kmax), dtype=np.int64)
    chunk = max(1, 4_000_000 // n_units)
    for start in range(0, n_tasks, chunk):
        m = min(chunk, n_tasks - start)
        keys = np.log(-np.log(rng.random((m, n_units)))) - logw  # smaller = earlier
        top = np.argpartition(keys, kmax - 1, axis=1)[:, :kmax]
        order = np.argsort(np.take_along_axis(keys, top, axis=1), axis=1)
        picks[start : start + m] = np.take_along_axis(top, order, axis=1)
    # leads: 1 + Binomial(size - 1, q), q set so that leads are lead_share of rows
    q = (lead_share * n_rows - n_tasks) / max(1, int((sizes - 1).sum()))
    n_lead = 1 + rng.binomial(sizes - 1, min(max(q, 0.0), 1.0))
    n_lead[0] = min(n_lead[0], sizes[0] - 1)
    task_idx = np.repeat(np.arange(n_tasks), sizes)
    pos = np.arange(n_rows) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    names = np.array(unit_names(n_units), dtype=object)
    numbers = np.arange(1, n_tasks + 1).astype(str)
    assignments = pd.DataFrame(
        {
            "task_id": numbers[task_idx],
            "unit": names[picks[task_idx, pos]],
            "role": np.where(pos < n_lead[task_idx], "lead", "support"),
            "position": pos + 1,
        }
    )
    sec = np.arange(n_tasks) // tasks_per_section
    chap = sec // sections_per_chapter
    tasks = pd.DataFrame(
        {
            "task_id": numbers,
            "number": numbers,
            "chapter_no": [chinese_numeral(c + 1) for c in chap],
            "chapter": [f"推进第{chinese_numeral(c + 1)}方面重点工作" for c in chap],
            "section_no": [chinese_numeral(s + 1) for s in sec],
            "section": [f"落实第{chinese_numeral(s + 1)}项专项任务" for s in sec],
        }
    )
    tasks["title"] = "推进" + tasks["section"].str.slice(2) + "重点任务落实。"
    tasks["text"] = tasks["title"] + "加强统筹协调,确保按期完成。"
    return Corpus(tasks=tasks, assignments=assignments)


def to_text(corpus: Corpus) -> str:
    """The corpus in the seed plan's text layout (see the module docstring)."""
    a = corpus.assignments
    starts = np.r_[0, np.flatnonzero(a["task_id"].to_numpy()[1:] != a["task_id"].to_numpy()[:-1]) + 1, len(a)]
    units = a["unit"].to_numpy()
    lead = (a["role"] == "lead").to_numpy()
    nbsp = "\u00a0"
    lines = [
        "某区同城化发展工作局",
        "政府信息公开",
        f"关于印发《{TITLE}》的通知",
        "发布时间:2022-04-09   录入:某区同城化发展工作局",
        "",
        "现将《" + TITLE + "》印发你们,请结合实际认真贯彻落实。",
        "",
        nbsp,
        "",
        "附件:" + TITLE,
        "",
        nbsp,
        "",
        "附件",
        "",
        nbsp,
        "",
        TITLE,
        "",
        nbsp,
        "",
    ]
    t = corpus.tasks
    chap_prev = sec_prev = None
    for i, row in enumerate(t.itertuples(index=False)):
        if row.chapter_no != chap_prev:
            lines += [f"{row.chapter_no}、{row.chapter}", ""]
            chap_prev = row.chapter_no
        if row.section_no != sec_prev:
            lines += [f"({row.section_no}){row.section}", ""]
            sec_prev = row.section_no
        s, e = starts[i], starts[i + 1]
        leads = "、".join(units[s:e][lead[s:e]])
        supports = "、".join(units[s:e][~lead[s:e]])
        if i == 0:
            leads += RULE
        unit_line = leads + ("," + supports if supports else "")
        lines += [f"{row.number}.{row.text}", "", f"责任单位:{unit_line}", ""]
    lines += [nbsp, "", nbsp, ""]
    return "\n".join(lines)


def write_plan(path: str | Path, n_rows: int = 300_000, **kwargs) -> Corpus:
    """Generate a corpus, write it as UTF-8 text to ``path`` and return it."""
    corpus = generate(n_rows, **kwargs)
    Path(path).write_text(to_text(corpus), encoding="utf-8")
    return corpus


def make_plan(n_rows: int = 300_000, *, corpus: Corpus | None = None, **kwargs):
    """The corpus as a :class:`yjgraph.Plan`, built without reading text.

    >>> c = generate(500, n_units=40, seed=2)
    >>> plan = make_plan(corpus=c)
    >>> len(plan.assignments) == len(c.assignments), plan.meta["title"] == TITLE
    (True, True)
    """
    from yjgraph import Plan

    corpus = corpus if corpus is not None else generate(n_rows, **kwargs)
    return Plan.from_assignments(corpus.assignments, corpus.tasks, meta={"title": TITLE})


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=300_000)
    p.add_argument("--units", type=int, default=2000)
    p.add_argument("--max-units", type=int, default=10, help="units per task: 1..N (default 10)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default="synth_plan.txt")
    args = p.parse_args(argv)
    c = write_plan(args.out, args.rows, n_units=args.units, max_units=args.max_units, seed=args.seed)
    print(f"wrote {args.out}: {len(c.tasks)} tasks, {c.assignments['unit'].nunique()} units, {c.n_rows} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
