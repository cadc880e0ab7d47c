"""The reader on real plans (data/plans/) against their hand-read truth: a ratchet.

The floors are the levels the reader reached (benchmarks/bench_reader.py prints
them); a change that reads fewer units or more wrong roles fails here. Raise
them when the reader gets better; never lower them to let a change pass.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_reader  # noqa: E402

#: (split, minimum unit F1, minimum role accuracy), for both punctuation forms
FLOORS = [
    ("dev", 0.97, 0.995),
    ("heldout", 0.87, 0.96),  # plans never looked at while the reader was developed
]


@pytest.fixture(scope="module")
def scores():
    return bench_reader.score_corpus()[0]


def test_corpus_is_complete():
    prov = bench_reader.provenance()
    assert len(prov) >= 30
    for plan_id in prov.index:
        assert (bench_reader.PLANS / f"{plan_id}.txt").exists()
        assert (bench_reader.PLANS / f"{plan_id}.truth.csv").exists()
    assert set(prov["split"]) <= {"dev", "heldout"}


@pytest.mark.parametrize(("split", "f1", "role"), FLOORS)
@pytest.mark.parametrize("form", bench_reader.FORMS)
def test_reader_keeps_its_level(scores, split, f1, role, form):
    part = scores[(scores["split"] == split) & (scores["form"] == form)]
    got = bench_reader.summary(part.assign(all=1), ["all"]).iloc[0]
    assert got["f1"] >= f1, f"unit F1 {got['f1']:.3f} on {split}/{form}, floor {f1}"
    assert got["role_accuracy"] >= role, f"role accuracy {got['role_accuracy']:.3f}, floor {role}"


def test_no_person_is_read_as_a_unit(scores):
    assert scores["persons_as_units"].sum() == 0


def test_scoring_counts_a_wrong_reader(monkeypatch):
    """The scorer itself: a reader that drops every support unit scores below the floor."""
    import yjgraph

    real = yjgraph.read_plan

    def lead_only(text):
        plan = real(text)
        plan.assignments = plan.assignments[plan.assignments["role"] == "lead"]
        return plan

    monkeypatch.setattr(yjgraph, "read_plan", lead_only)
    n, misses = bench_reader.score_plan("s01_lishan-anshan-2023_zdgz-fengong")
    assert n["fn"] > 0 and any("missed" in m for m in misses)
