"""Key findings in words: every number comes from the analysis's tables, one language per text."""

from __future__ import annotations

import re

import pytest

import yjgraph
from yjgraph.summary import key_findings

CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(scope="module")
def analysis():
    return yjgraph.analyze(yjgraph.load_example())


def test_numbers_in_the_sentences_are_the_tables(analysis):
    kf = key_findings(analysis).set_index("key")["text"]
    s = analysis.plan.summary()
    assert f"共{s['tasks']}项任务" in kf["size"] and f"牵头分工{s['lead']}项" in kf["size"]
    wl = analysis.workload
    flagged = wl[wl["overloaded"]]
    assert all(u in kf["overload"] for u in flagged.index)
    assert f"{wl.attrs['threshold_value']:.1f}" in kf["overload"]
    c = analysis.concentration
    assert f"{100 * c['top_k_share']:.1f}%" in kf["concentration"]
    n_multi = int((analysis.checks["kind"] == "multiple_leads").sum())
    assert f"{n_multi}项任务有多个牵头单位" in kf["accountability"]
    top = analysis.coresponsibility.iloc[0]
    assert f"{top.unit_a}与{top.unit_b}（{top.shared_tasks}项）" in kf["pairs"]


def test_the_sentences_follow_the_analysis_not_a_template():
    plan = yjgraph.Plan.from_assignments(
        [{"task_id": str(t), "unit": u, "role": "lead"} for t in range(1, 21) for u in ["甲局"]]
        + [{"task_id": str(t), "unit": u, "role": "support"} for t, u in
           [(1, "乙局"), (2, "丙局"), (3, "丁局"), (4, "戊局"), (5, "己局")]])
    kf = key_findings(yjgraph.analyze(plan)).set_index("key")["text"]
    assert "甲局的工作负荷超过判定阈值" in kf["overload"] and "分别为20" in kf["overload"]
    assert "多个牵头单位" not in kf.get("accountability", "")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_language_per_text(analysis, lang):
    for text in key_findings(analysis, lang=lang)["text"]:
        if lang == "en":
            assert not CJK.search(text), text
        else:
            assert not LATIN_WORD.search(text), text
