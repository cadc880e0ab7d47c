"""Score the reader on real plans against their hand-read truth.

The corpus is ``data/plans/``: each plan ``<id>.txt`` (the text as published,
cut where the stored copy ends) with ``<id>.truth.csv`` (``line, task, unit,
role``: for every task whose unit list is complete, its units as written and
their roles, read by eye before the reader was run on it) and a row in
``provenance.csv`` (source, issuer, level, date, layout family, split).

A reader's task is matched to a truth task by the line the task starts on;
units are compared as written (punctuation folded to ASCII, Traditional to
Simplified, a ``*`` lead mark dropped). Scores: unit precision, recall and F1
(a unit found in the right task), role accuracy (share of found units with
the right role) and persons read as units. Each plan is read twice: as
published (the stored copies have ASCII punctuation) and with full-width
punctuation (``,`` -> ``，`` ...).

Run from the repository root::

    python benchmarks/bench_reader.py            # every plan, both forms, misses listed
    python benchmarks/bench_reader.py --split dev --quiet
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

import yjgraph  # noqa: E402
from yjgraph.parse.text import normalize_line, to_simplified  # noqa: E402

PLANS = ROOT / "data" / "plans"
FORMS = ("ascii", "fullwidth")
_FULL = str.maketrans({":": "：", ",": "，", "(": "（", ")": "）", ";": "；"})


def provenance(folder: Path = PLANS) -> pd.DataFrame:
    """The corpus's provenance table, indexed by plan id."""
    return pd.read_csv(folder / "provenance.csv", dtype=str).set_index("id")


def _norm(name: str) -> str:
    return to_simplified(normalize_line(name))[0].replace("*", "").strip()


def _truth(path: Path) -> tuple[dict[int, dict[str, str]], set[str]]:
    tasks: dict[int, dict[str, str]] = {}
    persons: set[str] = set()
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["role"] == "person":
                persons.add(_norm(row["unit"]))
            else:
                tasks.setdefault(int(row["line"]), {})[_norm(row["unit"])] = row["role"]
    return tasks, persons


def score_plan(plan_id: str, form: str = "ascii", folder: Path = PLANS) -> tuple[dict, list[str]]:
    """Counts for one plan in one punctuation form, and its misses as lines of text."""
    text = (folder / f"{plan_id}.txt").read_text(encoding="utf-8")
    if form == "fullwidth":
        text = text.translate(_FULL)
    want, persons = _truth(folder / f"{plan_id}.truth.csv")
    plan = yjgraph.read_plan(text)
    start = dict(zip(plan.tasks["task_id"], plan.tasks["line"]))
    got: dict[int, dict[str, str]] = {}
    for task_id, unit, role in plan.assignments[["task_id", "unit_raw", "role"]].itertuples(index=False):
        got.setdefault(int(start[task_id]), {})[_norm(unit)] = role
    n = {"tp": 0, "fp": 0, "fn": 0, "role_ok": 0, "persons_as_units": 0}
    misses = []
    for line, units in sorted(want.items()):
        found = got.get(line, {})
        for unit, role in units.items():
            if unit not in found:
                n["fn"] += 1
                misses.append(f"line {line}: missed {unit} ({role})")
            elif found[unit] != role:
                n["tp"] += 1
                misses.append(f"line {line}: {unit} read as {found[unit]}, truth {role}")
            else:
                n["tp"] += 1
                n["role_ok"] += 1
        for unit in found:
            if unit not in units:
                n["fp"] += 1
                misses.append(f"line {line}: extra {unit}")
    n["persons_as_units"] = sum(u in persons for units in got.values() for u in units)
    return n, misses


def _rates(df: pd.DataFrame) -> pd.Series:
    tp, fp, fn = df["tp"].sum(), df["fp"].sum(), df["fn"].sum()
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return pd.Series({
        "plans": len(df), "units": int(tp + fn),
        "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "role_accuracy": df["role_ok"].sum() / tp if tp else 0.0,
        "persons_as_units": int(df["persons_as_units"].sum()),
    })


def score_corpus(folder: Path = PLANS, *, split: str | None = None) -> tuple[pd.DataFrame, dict]:
    """One row per plan and form (counts, layout, split) and the misses by (plan, form)."""
    prov = provenance(folder)
    if split is not None:
        prov = prov[prov["split"] == split]
    rows, misses = [], {}
    for plan_id, meta in prov.iterrows():
        for form in FORMS:
            n, m = score_plan(plan_id, form, folder)
            rows.append({"plan": plan_id, "form": form, "layout": meta["layout"], "split": meta["split"], **n})
            misses[plan_id, form] = m
    return pd.DataFrame(rows), misses


def summary(scores: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Precision, recall, F1, role accuracy and persons read as units per group."""
    return scores.groupby(by).apply(_rates, include_groups=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "heldout"], help="score only this part of the corpus")
    ap.add_argument("--quiet", action="store_true", help="do not list the misses")
    args = ap.parse_args(argv)
    scores, misses = score_corpus(split=args.split)
    pd.set_option("display.width", 140)
    fmt = {"precision": "{:.3f}", "recall": "{:.3f}", "f1": "{:.3f}", "role_accuracy": "{:.3f}"}

    def show(df):
        out = df.copy()
        for col, f in fmt.items():
            out[col] = out[col].map(f.format)
        for col in ("plans", "units", "persons_as_units"):
            out[col] = out[col].astype(int)
        print(out.to_string(), end="\n\n")

    print("Reader on real plans (unit P/R/F1, role accuracy), by split and punctuation form")
    show(summary(scores, ["split", "form"]))
    print("By layout family (both forms)")
    show(summary(scores, ["layout"]))
    if not args.quiet:
        for (plan_id, form), m in misses.items():
            if m and form == "ascii":
                print(f"{plan_id}:")
                print("\n".join(f"  {x}" for x in m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
