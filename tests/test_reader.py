"""The reader on small hand-written plans of every layout, and on the seed plan."""

from __future__ import annotations

import codecs
import re

import pandas as pd
import pytest

import yjgraph
from yjgraph import PlanParseError, read_plan

# ---------------------------------------------------------------- helpers


def roles(plan, task_id):
    a = plan.assignments[plan.assignments["task_id"] == task_id]
    return (
        a.loc[a["role"] == "lead", "unit"].tolist(),
        a.loc[a["role"] == "support", "unit"].tolist(),
    )


def kinds(plan):
    return set(plan.findings["kind"])


def fullwidth(text: str) -> str:
    """The same plan with full-width punctuation."""
    return text.translate(str.maketrans({":": "：", ",": "，", "(": "（", ")": "）", ";": "；"}))


# ---------------------------------------------------------------- layout A: a unit line split by a stated rule

LAYOUT_A = """\
示例区重点任务责任分工方案
一、稳增长
(一)扩大有效投资
1.推进示例大道建设。
责任单位:区交通局、区发改局(逗号前为牵头单位,下同),区财政局、区自然资源局
2.完善社区服务设施。
责任单位:区民政局
3.建设产业园区。
责任单位:区经信局,区商务局等
二、惠民生
(二)办好民生实事
4.扩大就业。
责任单位:区人社局、各街道,各县(市、区)人民政府
"""


@pytest.mark.parametrize("form", [str, fullwidth], ids=["ascii", "fullwidth"])
def test_layout_a_rule_splits_and_holds(form):
    plan = read_plan(form(LAYOUT_A))
    assert plan.tasks["task_id"].tolist() == ["1", "2", "3", "4"]
    assert roles(plan, "1") == (["区交通局", "区发改局"], ["区财政局", "区自然资源局"])
    assert roles(plan, "2") == (["区民政局"], [])
    # the rule stated in task 1 holds below it
    assert roles(plan, "3") == (["区经信局"], ["区商务局"])
    assert roles(plan, "4") == (["区人社局", "各街道"], ["各县(市、区)人民政府"])
    # the rule is data, never a unit
    assert not plan.assignments["unit"].str.contains("下同|牵头").any()
    assert plan.meta["rule"] == "comma"
    assert plan.tasks.set_index("task_id").loc["3", "open_ended"]
    assert plan.units.set_index("unit").loc["各街道", "is_group"]
    assert plan.tasks["chapter"].tolist() == ["稳增长"] * 3 + ["惠民生"]
    assert plan.tasks["section"].tolist() == ["扩大有效投资"] * 3 + ["办好民生实事"]
    assert plan.meta["title"] == "示例区重点任务责任分工方案"


def test_without_a_rule_every_listed_unit_leads():
    plan = read_plan("一、甲\n1.做某事。\n责任单位:区发改局、区财政局,区商务局\n")
    assert roles(plan, "1") == (["区发改局", "区财政局", "区商务局"], [])


@pytest.mark.parametrize(
    "rule",
    ["(第一责任单位为牵头单位,下同)", "(列第一位的为牵头单位)", "(排名第一的责任单位为牵头单位,其他为参与单位)"],
)
def test_first_listed_unit_rules(rule):
    plan = read_plan(f"一、甲\n1.做某事。\n责任单位:区发改局、区财政局{rule}\n2.再做。\n责任单位:区商务局、区统计局\n")
    assert roles(plan, "1") == (["区发改局"], ["区财政局"])
    assert roles(plan, "2") == (["区商务局"], ["区统计局"])


def test_rule_stated_in_a_note_line_before_the_tasks():
    plan = read_plan("说明:责任单位中逗号前为牵头单位。\n一、甲\n1.做某事。\n责任单位:区发改局,区财政局\n")
    assert roles(plan, "1") == (["区发改局"], ["区财政局"])


# ---------------------------------------------------------------- layout B: labelled lines

LAYOUT_B = """\
一、经济发展
1.地区生产总值增长6%左右。
牵头单位:区发改局
责任单位:示例经济开发区,各街道、区直各部门
完成时限:2025年底前
责任领导:张某同志
2.社会消费品零售总额增长8%。
牵头单位:区商务局、区统计局
配合单位:区财政局
任务来源:示政〔2023〕9号
3.规模以上工业增加值增长7%。
部门分工:区经信局牵头,区发改局、区统计局配合。
4.粮食稳产。
协同责任单位:区农业农村局
"""


@pytest.mark.parametrize("form", [str, fullwidth], ids=["ascii", "fullwidth"])
def test_layout_b_labelled_lines(form):
    plan = read_plan(form(LAYOUT_B))
    # with a 牵头 field, 责任单位 means support and commas are plain separators
    assert roles(plan, "1") == (["区发改局"], ["示例经济开发区", "各街道", "区直各部门"])
    assert roles(plan, "2") == (["区商务局", "区统计局"], ["区财政局"])
    assert roles(plan, "3") == (["区经信局"], ["区发改局", "区统计局"])
    t = plan.tasks.set_index("task_id")
    assert t.loc["1", "deadline"] == "2025年底前"
    assert t.loc["1", "leader"] == "张某同志"
    assert t.loc["2", "source"] == "示政〔2023〕9号"
    assert "张某" not in set(plan.assignments["unit"])
    # a task with only support units: reported, not invented
    assert roles(plan, "4") == ([], ["区农业农村局"])
    assert t.loc["1", "title"] == "地区生产总值增长6%左右"


# ---------------------------------------------------------------- layout C: a note at the end of the task

LAYOUT_C = """\
一、优化营商环境
1.精简审批环节(试行)。推进“一网通办”。(区政务服务局牵头,区发改局、区住建局等部门,各街道配合)
2.稳定粮食生产,面积不低于10万亩(不含6亩)。(责任领导:张某;牵头单位:区农业农村局、区粮食局;责任单位:区财政局)
3.优化市场准入。〔责任单位:区市场监管局、区商务局按职责分工负责〕
4.推进数字政府建设。【区大数据局牵头负责】
5.办好示范区(试点)。
"""


@pytest.mark.parametrize("form", [str, fullwidth], ids=["ascii", "fullwidth"])
def test_layout_c_inline_notes(form):
    plan = read_plan(form(LAYOUT_C))
    assert roles(plan, "1") == (["区政务服务局"], ["区发改局", "区住建局", "各街道"])
    assert roles(plan, "2") == (["区农业农村局", "区粮食局"], ["区财政局"])
    assert roles(plan, "3") == (["区市场监管局", "区商务局"], [])
    assert roles(plan, "4") == (["区大数据局"], [])
    t = plan.tasks.set_index("task_id")
    # the note is removed from the text; other brackets are left alone
    assert t.loc["1", "text"].endswith("推进“一网通办”。")
    assert "(试行)" in t.loc["1", "text"]
    assert "(不含6亩)" in t.loc["2", "text"]
    assert t.loc["2", "leader"] == "张某"
    assert t.loc["1", "open_ended"]
    # a bracket that names no unit is task text, and the task is reported
    assert "(试点)" in t.loc["5", "text"]
    no_units = plan.findings[plan.findings["kind"] == "no_units"]
    assert no_units["task_id"].tolist() == ["5"]
    assert no_units["line"].tolist() == [6]


def test_a_final_sentence_naming_units_with_role_verbs():
    plan = read_plan(
        "一、甲\n1.推进改革。区发改局牵头,区财政局、各街道配合。\n"
        "2.支持企业牵头建设实验室,各地负责落实。\n责任单位:区科技局\n"
    )
    assert roles(plan, "1") == (["区发改局"], ["区财政局", "各街道"])
    assert plan.tasks.loc[0, "text"] == "推进改革。"
    # "各地负责落实" names no unit: the sentence stays text, the unit line decides
    assert roles(plan, "2") == (["区科技局"], [])
    assert plan.tasks.loc[1, "text"].endswith("各地负责落实。")


@pytest.mark.parametrize("form", [str, fullwidth], ids=["ascii", "fullwidth"])
def test_a_role_marked_on_a_unit_name(form):
    plan = read_plan(form("一、甲\n1.任务一。\n责任单位:区财政局、区发改局(牵头)、区商务局\n"
                          "2.任务二。\n责任单位:区发改局(牵头),区财政局(配合)\n"))
    assert roles(plan, "1") == (["区发改局"], ["区财政局", "区商务局"])
    assert roles(plan, "2") == (["区发改局"], ["区财政局"])
    assert "区发改局(牵头)" not in set(plan.assignments["unit_raw"])


def test_labels_in_square_brackets():
    plan = read_plan("一、甲\n1.任务一。\n【牵头单位】区发改局\n【配合单位】区财政局\n")
    assert roles(plan, "1") == (["区发改局"], ["区财政局"])


# ---------------------------------------------------------------- structure

def test_subitems_belong_to_their_task_and_the_unit_line_applies_to_all():
    plan = read_plan(
        "一、甲\n(一)乙\n1.推进三项改革:\n(1)改革一;\n②改革二;\n③改革三。\n责任单位:区发改局,区财政局(逗号前为牵头单位)\n"
        "2.下一项。\n责任单位:区商务局\n"
    )
    assert plan.tasks["task_id"].tolist() == ["1", "2"]
    text = plan.tasks.set_index("task_id").loc["1", "text"]
    assert "(1)改革一" in text and "③改革三" in text
    assert roles(plan, "1") == (["区发改局"], ["区财政局"])
    assert set(plan.outline.loc[plan.outline["status"] == "subitem", "line"]) == {4, 5, 6}


def test_parenthesised_numbers_are_tasks_when_a_plan_has_no_other_task_level():
    plan = read_plan(
        "一、甲\n(一)乙\n(1)扩大投资。\n牵头单位:区发改局\n(2)促进消费。\n牵头单位:区商务局\n"
        "(二)丙\n(3)稳定就业。(区人社局负责)\n"
    )
    assert plan.tasks["task_id"].tolist() == ["1", "2", "3"]
    assert roles(plan, "2") == (["区商务局"], [])
    assert plan.tasks["section"].tolist() == ["乙", "乙", "丙"]


def test_sections_are_tasks_when_a_plan_has_no_task_level():
    plan = read_plan(
        "一、稳增长\n(一)扩大投资。(区发改局牵头,区财政局配合)\n(二)促进消费。(区商务局牵头)\n"
        "二、惠民生\n(三)稳定就业。(区人社局负责)\n"
    )
    assert plan.tasks["task_id"].tolist() == ["(一)", "(二)", "(三)"]
    assert roles(plan, "(一)") == (["区发改局"], ["区财政局"])
    assert plan.tasks["chapter"].tolist() == ["稳增长", "稳增长", "惠民生"]


def test_numbers_that_restart_per_chapter_get_qualified_ids():
    plan = read_plan(
        "一、甲\n1.任务甲一。(区发改局牵头)\n2.任务甲二。(区财政局牵头)\n"
        "二、乙\n1.任务乙一。(区商务局牵头)\n"
    )
    assert plan.tasks["task_id"].tolist() == ["一.1", "一.2", "二.1"]
    assert plan.tasks["number"].tolist() == ["1", "2", "1"]
    assert not kinds(plan) & {"numbering_gap", "numbering_repeat"}


@pytest.mark.parametrize("sep", [".", "、", " ", ""])
def test_task_numbering_styles(sep):
    plan = read_plan(f"一、甲\n1{sep}推进建设。\n责任单位:区发改局\n2{sep}完善设施。\n责任单位:区财政局\n")
    assert plan.tasks["task_id"].tolist() == ["1", "2"]


def test_quantities_at_line_start_are_not_tasks():
    plan = read_plan("一、甲\n1.推进建设,\n2025年底前完成;\n30多家企业参与。\n责任单位:区发改局\n2.下一项。\n责任单位:区财政局\n")
    assert plan.tasks["task_id"].tolist() == ["1", "2"]
    assert "2025年底前完成" in plan.tasks.loc[0, "text"]


def test_covering_notice_and_site_chrome_are_skipped():
    page = """\
示例区人民政府
当前位置:首页 > 政策文件
示例区人民政府办公室关于印发《示例区2024年重点任务分工方案》的通知
发布时间:2024-03-05
2024年3月1日
各街道办事处,区直各部门:
现将《示例区2024年重点任务分工方案》印发给你们,请认真贯彻落实。
一、各责任单位要高度重视,细化措施。
二、各单位要按时报送进展。
附件
示例区2024年重点任务分工方案
一、稳增长
1.扩大投资。
责任单位:区发改局
2.促进消费。
责任单位:区商务局
主办:示例区人民政府 承办:示例区政府办
蜀ICP备00000000号
"""
    plan = read_plan(page)
    assert plan.tasks["task_id"].tolist() == ["1", "2"]
    assert plan.tasks["chapter"].unique().tolist() == ["稳增长"]
    assert plan.meta["title"] == "示例区2024年重点任务分工方案"
    assert plan.meta["issuer"] == "示例区人民政府办公室"
    assert plan.meta["date"] == "2024-03-05"
    pre = plan.findings[plan.findings["kind"] == "preamble_item"]
    assert pre["line"].tolist() == [8, 9]  # the date line 5 is not a numbered item
    assert "主办" not in plan.tasks.loc[1, "text"]


def test_a_rule_stated_in_the_covering_notice_holds_in_the_plan():
    plan = read_plan(
        "关于印发《示例区分工方案》的通知\n请各单位认真落实(责任单位中排在第一位的为牵头单位)。\n附件\n"
        "示例区分工方案\n一、甲\n1.扩大投资。\n责任单位:区发改局、区财政局\n"
    )
    assert roles(plan, "1") == (["区发改局"], ["区财政局"])
    assert plan.findings.loc[plan.findings["kind"] == "rule_stated", "line"].tolist() == [2]


def test_requirements_chapter_without_units_is_reported_not_read():
    plan = read_plan(
        "一、重点任务\n1.扩大投资。\n责任单位:区发改局\n2.促进消费。\n责任单位:区商务局\n"
        "二、工作要求\n1.加强领导。各单位要高度重视。\n2.强化督查。\n"
    )
    assert plan.tasks["task_id"].tolist() == ["1", "2"]
    assert plan.findings.loc[plan.findings["kind"] == "not_a_task", "line"].tolist() == [7, 8]


def test_leader_group_headings_give_the_tasks_a_leader():
    plan = read_plan("一、张某区长负责事项(共2项)\n1.扩大投资。\n责任单位:区发改局\n2.促进消费。\n责任单位:区商务局\n")
    assert plan.tasks["leader"].tolist() == ["张某区长", "张某区长"]
    assert plan.tasks["chapter"].tolist() == ["张某区长负责事项"] * 2  # the count note is dropped
    assert "张某区长" not in set(plan.assignments["unit"])


# ---------------------------------------------------------------- unit names and aliases

def test_unit_lists_split_with_brackets_suffixes_and_separators():
    plan = read_plan(
        "一、甲\n1.任务。\n牵头单位:各县(市、区)人民政府;区发改局及区教育和体育局\n配合单位:相关市(州)人民政府、区财政局等部门\n"
    )
    assert roles(plan, "1") == (
        ["各县(市、区)人民政府", "区发改局", "区教育和体育局"],
        ["相关市(州)人民政府", "区财政局"],
    )
    u = plan.units.set_index("unit")
    assert u.loc["各县(市、区)人民政府", "is_group"] and u.loc["相关市(州)人民政府", "is_group"]
    assert not u.loc["区教育和体育局", "is_group"]
    assert plan.tasks.loc[0, "open_ended"]


def test_aliases_merge_within_a_plan_and_are_recorded():
    plan = read_plan(
        "一、甲\n1.任务一。\n牵头单位:区卫生健康局、区商务局\n2.任务二。\n牵头单位:区卫健局、商务局、市商务局\n"
        "3.任务三。\n牵头单位:卫生健康局、区发展和改革局\n4.任务四。\n牵头单位:区发展改革局\n"
    )
    units = set(plan.assignments["unit"])
    assert units == {"区卫生健康局", "区商务局", "市商务局", "区发展改革局"}
    a = plan.assignments.set_index(["task_id", "unit_raw"])["unit"]
    assert a.loc[("2", "区卫健局")] == "区卫生健康局"
    assert a.loc[("2", "商务局")] == "区商务局"
    assert a.loc[("3", "区发展和改革局")] == "区发展改革局"
    merged = plan.findings[plan.findings["kind"] == "alias_merged"]
    assert {"区卫健局", "商务局", "卫生健康局", "区发展和改革局"} == set(merged["text"])
    assert "区卫健局" in plan.units.set_index("unit").loc["区卫生健康局", "aliases"]


def test_user_alias_table_overrides():
    text = "一、甲\n1.任务一。\n牵头单位:区工管委、区卫健局\n"
    plan = read_plan(text, aliases={"区工管委": "区工业园区管理委员会", "区卫健局": "区卫健局"})
    assert set(plan.assignments["unit"]) == {"区工业园区管理委员会", "区卫健局"}
    plan = read_plan(text, aliases=pd.DataFrame({"alias": ["区工管委"], "unit": ["工管委"]}))
    assert "工管委" in set(plan.assignments["unit"])


# ---------------------------------------------------------------- encodings and forms

PLAIN = "一、稳增长\n1.扩大投资。\n牵头单位:区发展改革局\n配合单位:区财政局\n"


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),
        lambda s: s.encode("utf-16-le"),
        lambda s: s.encode("gbk"),
        lambda s: s.encode("gb18030"),
        lambda s: s.replace("\n", "\r\n").encode("gbk"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "gbk", "gb18030", "gbk-crlf"],
)
def test_encodings_are_detected(tmp_path, encode):
    path = tmp_path / "plan.txt"
    path.write_bytes(encode(PLAIN))
    plan = read_plan(path)
    assert roles(plan, "1") == (["区发展改革局"], ["区财政局"])
    assert read_plan(path.read_bytes()).assignments.equals(plan.assignments)


def test_traditional_characters():
    plan = read_plan("一、穩增長\n1.擴大投資。\n牽頭單位:區發展改革局\n配合單位:區財政局、衛生健康局\n")
    assert roles(plan, "1") == (["区发展改革局"], ["区财政局", "卫生健康局"])
    assert "traditional_converted" in kinds(plan)


def test_saved_html_page(tmp_path):
    page = """<!DOCTYPE html><html><head><title>示例</title><script>var x = "1.不是任务";</script>
    <style>p{}</style></head><body><div class="nav">首页 &gt; 政策文件</div>
    <div class="article"><p>一、稳增长</p><p>1.扩大投资&amp;消费。</p><p>牵头单位:区发展改革局</p>
    <p>配合单位:区财政局</p></div><div class="footer">主办:示例区人民政府</div></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    plan = read_plan(path)
    assert roles(plan, "1") == (["区发展改革局"], ["区财政局"])
    assert plan.tasks.loc[0, "text"] == "扩大投资&消费。"
    assert len(plan.tasks) == 1


def test_unsupported_file_type_is_a_clear_error(tmp_path):
    path = tmp_path / "plan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    with pytest.raises(yjgraph.UnsupportedFormatError, match=r"'\.png'"):
        read_plan(path)


# ---------------------------------------------------------------- findings and strict mode

ODD = """\
一、甲
1.第一项。
责任单位:区发改局
3.跳号。
责任单位:区财政局
3.重号。
责任单位:区商务局
4.没有单位。
5.括号不配对。
牵头单位:区教育局(筹
6.不认识的角色。
督导单位:区督查室
7.拆不开。
牵头单位:区发改局负责统筹。同时加强督导:每月报告
"""


def test_every_finding_kind():
    plan = read_plan(ODD)
    f = plan.findings
    by = {k: sorted(f.loc[f["kind"] == k, "line"].dropna().astype(int)) for k in set(f["kind"])}
    assert by["numbering_gap"] == [4]
    assert by["numbering_repeat"] == [6]
    assert by["no_units"][0] == 8  # (tasks 6 and 7 end with no unit either)
    assert by["unbalanced_brackets"] == [10]
    assert by["unknown_role_word"] == [12]
    assert 14 in by["unsplittable_units"]
    assert set(plan.tasks["task_id"]) == {"1", "3", "3~2", "4", "5", "6", "7"}


def test_strict_lists_every_failing_line():
    with pytest.raises(PlanParseError) as err:
        read_plan(ODD, strict=True)
    msg = str(err.value)
    for line in (8, 12, 14):
        assert f"line {line}:" in msg
    assert len(err.value.findings) >= 3
    # and a clean plan passes strict mode
    read_plan(LAYOUT_A, strict=True)


@pytest.mark.parametrize(
    "source",
    [b"", "", b"\x00\xff\xfe\x01" * 1000, bytes(range(256)) * 50, "\n\n\n", "一、" * 5000,
     "1." + "甲" * 100_000, "(" * 50_000 + "责任单位:区发改局", "责任单位:" + "、" * 100_000],
    ids=["empty-bytes", "empty-text", "binary", "all-bytes", "blank", "many-chapters", "long-line",
         "open-brackets", "separators"],
)
def test_odd_input_never_crashes(source):
    plan = read_plan(source)
    assert isinstance(plan, yjgraph.Plan)
    if not len(plan.tasks):
        assert len(plan.findings) > 0


def test_binary_junk_is_reported(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 100)
    plan = read_plan(path)
    assert "not_text" in kinds(plan)
    with pytest.raises(PlanParseError):
        read_plan(path, strict=True)


@pytest.mark.slow
def test_a_50_mb_file_is_read(tmp_path):
    # 2,000 tasks of ~25 KB each: size, not task count (benchmarks/ time the task count)
    body = "推进重点工作,加强统筹协调(含试点)。" * 1400
    block = "".join(f"{i}.{body}\n责任单位:区发改局、区财政局(逗号前为牵头单位),区商务局\n"
                    for i in range(1, 2001))
    path = tmp_path / "big.txt"
    path.write_text("一、甲\n" + block, encoding="utf-8")
    assert path.stat().st_size > 50 * 2**20
    plan = read_plan(path)
    assert len(plan.tasks) == 2000
    assert len(plan.assignments) == 6000
    assert plan.tasks["text"].str.len().min() == len(body)


# ---------------------------------------------------------------- nothing lost

_NUMBERED = re.compile(r"^\s*(\d{1,4}[.、．]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|[①-⑳])")

FIXTURES = {
    "A": LAYOUT_A, "B": LAYOUT_B, "C": LAYOUT_C, "odd": ODD,
    "seed": yjgraph.example_path().read_text(encoding="utf-8"),
}


@pytest.mark.parametrize("name", list(FIXTURES))
def test_every_numbered_line_is_a_task_a_heading_a_subitem_or_a_finding(name):
    text = FIXTURES[name]
    plan = read_plan(text)
    numbered = [i + 1 for i, ln in enumerate(text.splitlines()) if _NUMBERED.match(ln)]
    outline = plan.outline.set_index("line")
    for line in numbered:
        assert line in outline.index, f"line {line} lost: {text.splitlines()[line - 1]!r}"
        status = outline.loc[line, "status"]
        if status == "task":
            assert line in set(plan.tasks["line"])
        elif status == "finding":
            assert line in set(plan.findings["line"].dropna())


# ---------------------------------------------------------------- the seed plan

def test_seed_counts(seed_plan):
    s = seed_plan.summary()
    assert (s["tasks"], s["chapters"], s["sections"], s["units"]) == (86, 9, 33, 34)
    assert (s["lead"], s["support"]) == (158, 133)
    assert s["open_ended_tasks"] == 14
    assert seed_plan.tasks["task_id"].tolist() == [str(i) for i in range(1, 87)]
    assert s["errors"] == 0 and s["warnings"] == 0


def test_seed_task_3_and_the_rule_note(seed_plan):
    lead, support = roles(seed_plan, "3")
    assert lead == ["区发展改革局", "区同城化发展工作局", "区经济科技信息化局", "区工管委"]
    assert support == ["区投资促进局", "雁江生态环境局", "区文化广电旅游局", "城东新区管委会"]
    assert not seed_plan.assignments["unit_raw"].str.contains("逗号|下同|\\(").any()


def test_seed_aliases(seed_plan):
    a = seed_plan.assignments
    m = dict(zip(a["unit_raw"], a["unit"]))
    assert m["区卫健局"] == m["卫生健康局"] == "区卫生健康局"
    assert m["商务局"] == "区商务局"
    for raw in ("文化广电旅游局", "金融工作局", "自然资源规划局", "财政局", "人力资源社会保障局"):
        assert m[raw] == "区" + raw
    # a unit of another level keeps its own name
    assert "雁江生态环境局" in set(a["unit"]) and "区生态环境局" not in set(a["unit"])


def test_seed_tasks_with_numbers_glued_to_text(seed_plan):
    t = seed_plan.tasks.set_index("task_id")
    assert t.loc["31", "title"] == "强化区域产业政策对接"
    assert t.loc["61", "text"].startswith("多元化增加保障性住房")
    assert roles(seed_plan, "61") == (["区住房城乡建设局"], [])
    assert "主办" not in t.loc["86", "text"]


def test_seed_meta(seed_plan):
    assert seed_plan.meta["title"] == "资阳市雁江区贯彻落实《成都都市圈发展规划》重点任务责任分工方案"
    assert seed_plan.meta["date"] == "2022-04-09"
    assert seed_plan.meta["issuer"].startswith("资阳市雁江区")
