"""Many plans: a corpus as one plan, and two versions of a plan compared."""

from __future__ import annotations

import matplotlib
import pytest

import yjgraph
from yjgraph import read_plan
from yjgraph.corpus import compare_chart, compare_plans, read_corpus, read_sources

matplotlib.use("Agg")

PLAN_A = """\
一、甲
1.做甲。
牵头单位:区商务局
配合单位:区财政局
2.做乙。
牵头单位:区财政局
"""
PLAN_B = """\
一、甲
1.做甲。
牵头单位:商务局
配合单位:区统计局
"""


def units(plan):
    return plan.units.set_index("unit")[["n_lead", "n_support"]].apply(tuple, axis=1).to_dict()


def test_corpus_exact_matching_shares_units_by_name():
    c = read_corpus([PLAN_A, PLAN_B], plan_ids=["2023", "2024"])
    assert c.tasks["task_id"].tolist() == ["2023:1", "2023:2", "2024:1"]
    assert c.tasks["task_id_in_plan"].tolist() == ["1", "2", "1"]
    assert c.tasks["number"].tolist() == ["1", "2", "1"]
    assert c.tasks["plan_id"].tolist() == ["2023", "2023", "2024"]
    assert set(c.assignments["plan_id"]) == {"2023", "2024"}
    # 商务局 and 区商务局 are different names: kept apart under exact matching
    assert units(c) == {"区商务局": (1, 0), "区财政局": (1, 1), "商务局": (1, 0), "区统计局": (0, 1)}
    u = c.units.set_index("unit")
    assert u.loc["区财政局", "plan_id"] == "2023" and u.loc["区财政局", "n_plans"] == 1
    # the analyses run on a corpus unchanged
    load = yjgraph.workload(c)["load"].to_dict()
    assert load == {"区财政局": 1.5, "区商务局": 1.0, "商务局": 1.0, "区统计局": 0.5}
    assert c.meta["match"] == "exact" and [p["plan_id"] for p in c.meta["plans"]] == ["2023", "2024"]


def test_corpus_alias_matching_and_the_users_table():
    c = read_corpus([PLAN_A, PLAN_B], plan_ids=["a", "b"], match="alias")
    assert units(c)["区商务局"] == (2, 0)
    assert "商务局" not in units(c)
    assert c.units.set_index("unit").loc["区商务局", "plan_id"] == "a | b"
    c = read_corpus([PLAN_A, PLAN_B], plan_ids=["a", "b"], aliases={"商务局": "区商务局"})
    assert units(c)["区商务局"] == (2, 0)


def test_corpus_without_matching_keeps_districts_apart():
    c = read_corpus([PLAN_A, PLAN_A], match="none")
    assert sorted(c.units["unit"]) == sorted(["plan1:区商务局", "plan1:区财政局", "plan2:区商务局", "plan2:区财政局"])
    assert set(c.assignments["unit_in_plan"]) == {"区商务局", "区财政局"}
    assert c.tasks["task_id"].tolist() == ["plan1:1", "plan1:2", "plan2:1", "plan2:2"]
    with pytest.raises(ValueError, match="match must be"):
        read_corpus([PLAN_A], match="fuzzy")


def test_read_sources_one_plan_or_a_corpus(tmp_path):
    a, b = tmp_path / "甲区.txt", tmp_path / "乙区.txt"
    a.write_text(PLAN_A, encoding="utf-8")
    b.write_text(PLAN_B, encoding="gbk")
    one = read_sources([a])
    assert one.tasks["task_id"].tolist() == ["1", "2"] and "plan_id" not in one.tasks
    many = read_sources([a, b], match="none")
    assert many.tasks["plan_id"].unique().tolist() == ["甲区", "乙区"]
    assert "乙区:区统计局" in set(many.units["unit"])
    same = read_sources([a, a])
    assert same.tasks["plan_id"].unique().tolist() == ["甲区", "甲区~2"]


OLD = """\
一、甲
1.扩大投资。
牵头单位:区发改局
配合单位:区财政局
2.促进消费。
牵头单位:区商务局
配合单位:区财政局、区统计局
3.稳定就业。
牵头单位:区人社局
"""
NEW = """\
一、甲
1.扩大投资。
牵头单位:区发改局
配合单位:区财政局、区统计局
2.促进消费升级。
牵头单位:区商务局
3.发展数字经济。
牵头单位:区大数据局
配合单位:区发改局
"""


@pytest.fixture(scope="module")
def comparison():
    return compare_plans(read_plan(OLD), read_plan(NEW))


def test_compare_loads(comparison):
    load = comparison["load"]
    assert load.values.tolist() == [
        ["区大数据局", 0.0, 1.0, 1.0, "added"],
        ["区发改局", 1.0, 1.5, 0.5, "rose"],
        ["区商务局", 1.0, 1.0, 0.0, "same"],
        ["区统计局", 0.5, 0.5, 0.0, "same"],
        ["区财政局", 1.0, 0.5, -0.5, "fell"],
        ["区人社局", 1.0, 0.0, -1.0, "removed"],
    ]
    assert comparison["units_added"].values.tolist() == [["区大数据局", 1.0, 1]]
    assert comparison["units_removed"].values.tolist() == [["区人社局", 1.0, 1]]
    # other weights
    w = compare_plans(read_plan(OLD), read_plan(NEW), weights={"support": 1.0})["load"].set_index("unit")
    assert w.loc["区财政局", "change"] == -1.0


def test_compare_tasks(comparison):
    t = comparison["tasks"]
    assert t[["task_id_old", "task_id_new", "match"]].values.tolist() == [
        ["1", "1", "number+title"], ["2", "2", "similar_text"]]
    assert t.loc[1, "similarity"] == pytest.approx(0.8)  # 促进消费 vs 促进消费升级: 2*4/10
    assert comparison["tasks_added"][["task_id", "title"]].values.tolist() == [["3", "发展数字经济"]]
    assert comparison["tasks_removed"][["task_id", "title"]].values.tolist() == [["3", "稳定就业"]]
    assert comparison["assignments_changed"].values.tolist() == [
        ["1", "1", "区统计局", "", "support"],
        ["2", "2", "区统计局", "support", ""],
        ["2", "2", "区财政局", "support", ""],
    ]


def test_compare_pairs(comparison):
    assert comparison["pairs_added"].values.tolist() == [["区发改局", "区大数据局", 1], ["区发改局", "区统计局", 1]]
    assert comparison["pairs_removed"].values.tolist() == [["区商务局", "区统计局", 1], ["区商务局", "区财政局", 1]]


def test_compare_a_plan_with_itself_finds_nothing(seed_plan):
    c = compare_plans(seed_plan, seed_plan)
    assert (c["load"]["change"] == 0).all() and (c["load"]["status"] == "same").all()
    assert len(c["tasks"]) == len(seed_plan.tasks)
    for k in ("tasks_added", "tasks_removed", "units_added", "units_removed", "pairs_added",
              "pairs_removed", "assignments_changed"):
        assert len(c[k]) == 0, k


def test_compare_chart_draws_the_changes(comparison):
    ax = compare_chart(comparison)
    widths = [round(float(p.get_width()), 3) for p in ax.patches]
    assert widths == [-1.0, -0.5, 0.5, 1.0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["区人社局 (−)", "区财政局", "区发改局", "区大数据局 (+)"]
    ax = compare_chart(comparison, top=2)
    assert [round(float(p.get_width()), 3) for p in ax.patches] == [-1.0, 1.0]
    import matplotlib.pyplot as plt

    plt.close("all")
