"""The planner's workbook (issue 15), read back with openpyxl."""

from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest

import yjgraph
from yjgraph import Plan
from yjgraph._xlsx import FIXED_DATE
from yjgraph.planner_workbook import MAX_UNIT_SHEETS, _sheet_name, why_heavy


def _plan_for_why() -> Plan:
    # X: task 1 support, task 2 lead (and support: counts once, as lead), tasks 3-5 support
    #    -> 5 tasks, 4 support; chapters 一 2, 二 2 (tie: the earlier chapter), 三 1
    # Y: task 3 support only; Z: tasks 1, 2, 3 all lead
    rows = [("1", "X", "support"), ("2", "X", "lead"), ("2", "X", "support"), ("3", "X", "support"),
            ("4", "X", "support"), ("5", "X", "support"), ("3", "Y", "support"),
            ("1", "Z", "lead"), ("2", "Z", "lead"), ("3", "Z", "lead")]
    tasks = [{"task_id": t, "chapter_no": c, "chapter": f"章{c}", "text": f"任务{t}。"}
             for t, c in [("1", "一"), ("2", "一"), ("3", "二"), ("4", "二"), ("5", "三")]]
    return Plan.from_assignments([{"task_id": t, "unit": u, "role": r} for t, u, r in rows], tasks)


def test_why_heavy_by_hand():
    plan = _plan_for_why()
    zh = why_heavy(plan)
    assert zh["X"] == "5项任务中4项为配合；第一章2项"
    assert zh["Y"] == "1项任务全部为配合；第二章1项"
    assert zh["Z"] == "3项任务全部为牵头；第一章2项"
    en = why_heavy(plan, ["X", "Y", "Z"], lang="en")
    assert en["X"] == "4 of its 5 tasks are support roles; 2 in chapter 1"
    assert en["Y"] == "its one task is a support role; 1 in chapter 2"
    assert en["Z"] == "all 3 of its tasks are lead roles; 2 in chapter 1"
    with pytest.raises(ValueError, match="lang"):
        why_heavy(plan, lang="fr")


def test_why_heavy_agrees_with_workload(seed_plan):
    wl = yjgraph.workload(seed_plan)
    why = why_heavy(seed_plan)
    by_chapter = yjgraph.workload_by_chapter(seed_plan).set_index(["unit", "chapter_no"])["n_tasks"]
    for unit, row in wl.iterrows():
        m = re.fullmatch(r"(\d+)项任务(?:中(\d+)项|全部)为(牵头|配合)；第(.)章(\d+)项", why[unit])
        assert m, why[unit]
        n, k, role, chapter, in_chapter = m.groups()
        assert int(n) == row["n_tasks"]
        k = int(k or n)
        assert k == (row["n_lead"] if role == "牵头" else row["n_support"])
        assert k == max(row["n_lead"], row["n_support"])
        assert int(in_chapter) == by_chapter.loc[unit].max() == by_chapter.loc[(unit, chapter)]


@pytest.fixture(scope="module")
def seed_analysis():
    return yjgraph.analyze(yjgraph.load_example())


@pytest.fixture(scope="module")
def zh_book(seed_analysis, tmp_path_factory):
    path = yjgraph.workbook(seed_analysis, tmp_path_factory.mktemp("wb") / "analysis.xlsx")
    return path, openpyxl.load_workbook(path)


def _rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    return list(rows[0]), [list(r) for r in rows[1:]]


def test_sheets_and_formatting_read_back(zh_book, seed_analysis):
    path, wb = zh_book
    wl = seed_analysis.workload
    flagged = wl.index[wl["overloaded"]].tolist()
    assert len(flagged) == 2
    assert wb.sheetnames == ["工作量", "单位任务", *flagged, "任务", "分工", "读取问题", "检查",
                             "分章工作量", "共同责任", "中心性", "集中度", "说明"]
    for ws in wb.worksheets:
        assert ws.freeze_panes in ("A2", "B2", "C2"), ws.title  # the header row frozen
        if ws.title != "说明":
            assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}", ws.title
        widths = [ws.column_dimensions[ws.cell(1, j).column_letter].width for j in range(1, ws.max_column + 1)]
        assert all(w is not None and 6 <= w <= 100 for w in widths), ws.title
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)  # no formulas
                assert not isinstance(cell.value, bool), (ws.title, cell.coordinate)  # 是/否
    ws = wb["工作量"]
    header, rows = _rows(ws)
    assert header[:5] == ["单位", "牵头任务数", "配合任务数", "任务数", "负荷"]
    assert header[-3:] == ["超负荷", "原因", "判定依据"]
    assert ws.freeze_panes == "B2"
    col = {h: i for i, h in enumerate(header)}
    for r, row in enumerate(rows, start=2):
        overloaded = row[col["超负荷"]] == "是"
        assert row[col["超负荷"]] in ("是", "否")
        for c in range(1, ws.max_column + 1):
            fill = ws.cell(r, c).fill
            assert (fill.patternType == "solid") == overloaded, (r, c)
            if overloaded:
                assert fill.fgColor.rgb == "FFFFC7CE"
        assert bool(row[col["原因"]]) == overloaded
        assert bool(row[col["判定依据"]]) == overloaded
    assert ws.cell(2, col["负荷占比"] + 1).number_format == "0.0%"
    assert ws.cell(2, col["负荷"] + 1).number_format == "0.0##"
    # unit tasks: the flagged units' rows highlighted, the others not
    ws = wb["单位任务"]
    header, rows = _rows(ws)
    assert header == ["单位", "任务编号", "角色", "章", "章名", "内容"]
    for r, row in enumerate(rows, start=2):
        assert (ws.cell(r, 6).fill.patternType == "solid") == (row[0] in flagged)


def test_values_equal_the_analysis_tables(zh_book, seed_analysis):
    _, wb = zh_book
    a, plan = seed_analysis, seed_analysis.plan
    wl = a.workload
    header, rows = _rows(wb["工作量"])
    got = pd.DataFrame(rows, columns=header)
    assert got["单位"].tolist() == wl.index.tolist()
    for zh, en in [("牵头任务数", "n_lead"), ("配合任务数", "n_support"), ("任务数", "n_tasks"),
                   ("排名", "rank")]:
        assert got[zh].tolist() == wl[en].tolist()
    assert got["负荷"].tolist() == wl["load"].round(3).tolist()
    assert got["负荷占比"].tolist() == wl["share"].round(4).tolist()
    assert got["稳健得分"].tolist() == pytest.approx(wl["score"].round(3).tolist())
    assert got["超负荷"].tolist() == ["是" if f else "否" for f in wl["overloaded"]]
    why = why_heavy(plan)
    for unit, text in zip(got["单位"], got["原因"], strict=True):
        assert (text or "") == (why[unit] if wl.at[unit, "overloaded"] else "")
    # every unit's tasks: one row per task and unit (strongest role), as the workload counts
    header, rows = _rows(wb["单位任务"])
    ut = pd.DataFrame(rows, columns=header)
    counts = ut.groupby("单位").size()
    assert counts.reindex(wl.index).tolist() == wl["n_tasks"].tolist()
    leads = ut[ut["角色"] == "牵头"].groupby("单位").size().reindex(wl.index, fill_value=0)
    assert leads.tolist() == wl["n_lead"].tolist()
    assert set(ut["角色"]) == {"牵头", "配合"}
    text = dict(zip(plan.tasks["task_id"], plan.tasks["text"], strict=True))
    assert all(t == text[i] for i, t in zip(ut["任务编号"], ut["内容"], strict=True))
    assert ut["单位"].drop_duplicates().tolist() == wl.index.tolist()  # in workload order
    for unit in wl.index[wl["overloaded"]]:
        h, r = _rows(wb[unit])
        assert h == header[1:]
        assert [x[0] for x in r] == ut.loc[ut["单位"] == unit, "任务编号"].tolist()
    # the plan's tables
    h, r = _rows(wb["任务"])
    t = pd.DataFrame(r, columns=h)
    assert t["任务编号"].tolist() == plan.tasks["task_id"].tolist()
    assert t["内容"].tolist() == plan.tasks["text"].tolist()
    assert set(t["单位列表以“等”结尾"]) <= {"是", "否"}
    assert (t["单位列表以“等”结尾"] == "是").sum() == plan.tasks["open_ended"].sum() == 14
    h, r = _rows(wb["分工"])
    asg = pd.DataFrame(r, columns=h)
    assert len(asg) == len(plan.assignments) == 158 + 133
    assert asg["单位"].tolist() == plan.assignments["unit"].tolist()
    assert asg["角色"].tolist() == plan.assignments["role"].map({"lead": "牵头", "support": "配合"}).tolist()
    h, r = _rows(wb["读取问题"])
    assert len(r) == len(plan.findings) and h[:3] == ["行号", "类别", "严重程度"]
    h, r = _rows(wb["检查"])
    assert len(r) == len(a.checks)
    h, r = _rows(wb["共同责任"])
    cr = a.table("coresponsibility")
    assert [x[2] for x in r] == cr["shared_tasks"].tolist()
    assert [x[5] for x in r] == cr["jaccard"].round(3).tolist()
    h, r = _rows(wb["中心性"])
    assert [x[0] for x in r] == a.table("centrality")["unit"].tolist()
    about = dict(_rows(wb["说明"])[1])
    assert about["任务数"] == "86" and about["单位数"] == "34"
    assert about["牵头/配合"] == "158 / 133"


def test_a_chinese_workbook_has_no_english_sentences(zh_book, seed_analysis):
    # the checks' and findings' messages are English sentences: the Chinese workbook names the kind
    # and the units instead
    _, wb = zh_book
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value if isinstance(cell.value, str) else ""
                assert not re.search(r"[A-Za-z]{2,}\W+[A-Za-z]{2,}", value), (ws.title, cell.coordinate, value)
    header, rows = _rows(wb["检查"])
    assert header == ["类别", "严重程度", "任务编号", "涉及单位"]
    chk = seed_analysis.checks
    asg = seed_analysis.plan.assignments
    leads = asg.query("role == 'lead'").groupby("task_id")["unit"].agg("、".join)
    every = asg.groupby("task_id")["unit"].agg("、".join)
    for row, (_, c) in zip(rows, chk.iterrows(), strict=True):
        if c["kind"] == "multiple_leads":
            assert row[3] == leads[c["task_id"]]
        elif isinstance(c["unit"], str):
            assert row[3] == c["unit"]
        else:  # a task's check: all its units
            assert row[3] == every[c["task_id"]]
    assert set(chk["kind"]) >= {"multiple_leads", "no_support", "open_ended", "support_only"}
    # a merged spelling: the unit it was read as, which the English message said
    header, rows = _rows(wb["读取问题"])
    assert header == ["行号", "类别", "严重程度", "任务编号", "内容", "读作"]
    findings = seed_analysis.plan.findings
    said = [re.search(r"read as '([^']+)'", m) for m in findings["message"]]
    assert [r[5] for r in rows] == [m.group(1) if m else None for m in said]
    assert sum(r[5] is not None for r in rows) == (findings["kind"] == "alias_merged").sum() == 8


def test_same_analysis_same_bytes(seed_analysis, tmp_path, zh_book):
    path, wb = zh_book
    again = yjgraph.workbook(seed_analysis, tmp_path / "again.xlsx")
    assert again.read_bytes() == path.read_bytes()
    assert wb.properties.created == FIXED_DATE


def test_english_workbook(seed_analysis, tmp_path):
    path = yjgraph.workbook(seed_analysis, tmp_path / "en.xlsx", lang="en",
                            names={"商务局": "Commerce Bureau of Yanjiang"})
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == ["workload", "unit_tasks"]
    assert wb.sheetnames[-9:] == ["tasks", "assignments", "findings", "checks", "workload_by_chapter",
                                  "coresponsibility", "centrality", "concentration", "about"]
    header, rows = _rows(wb["workload"])
    assert header[:4] == ["Unit", "Unit (Chinese)", "Tasks led", "Tasks supported"]
    wl = seed_analysis.workload
    english = yjgraph.english_names(wl.index, {"区商务局": "Commerce Bureau of Yanjiang"})
    assert [r[0] for r in rows] == english["english"].tolist()
    assert [r[1] for r in rows] == wl.index.tolist()
    assert "Commerce Bureau of Yanjiang" in [r[0] for r in rows]
    col = header.index("Overloaded")
    assert [r[col] for r in rows] == ["yes" if f else "no" for f in wl["overloaded"]]
    why = why_heavy(seed_analysis.plan, lang="en")
    assert rows[0][header.index("Why")] == why[wl.index[0]]
    assert rows[0][header.index("Rule")] == wl["reason"].iloc[0]
    assert all(not re.search(r"[\u4e00-\u9fff]", str(r[0])) for r in rows)  # names in English
    h, r = _rows(wb["unit_tasks"])
    assert h == ["Unit", "Unit (Chinese)", "Task", "Role", "Chapter", "Chapter title", "Text"]
    assert {x[3] for x in r} == {"lead", "support"}
    h, r = _rows(wb["coresponsibility"])
    assert h[:3] == ["Unit A", "Unit B", "Shared tasks"]
    assert not any(re.search(r"[\u4e00-\u9fff]", x[0]) for x in r)


def test_text_stays_text(tmp_path):
    plan = Plan.from_assignments(
        [{"task_id": "1", "unit": "=HYPERLINK(\"http://x\")", "role": "lead"},
         {"task_id": "1", "unit": "区财政局", "role": "support"}],
        [{"task_id": "1", "chapter_no": "一", "chapter": "=1+1", "text": "=SUM(A1:A9) http://example.org"}])
    path = yjgraph.workbook(plan, tmp_path / "x.xlsx")
    wb = openpyxl.load_workbook(path)
    header, rows = _rows(wb["单位任务"])
    assert rows[0] == ["=HYPERLINK(\"http://x\")", "1", "牵头", "一", "=1+1", "=SUM(A1:A9) http://example.org"]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f" and cell.hyperlink is None


def test_tables_too_long_are_listed_not_written(tiny_plan, tmp_path):
    a = yjgraph.analyze(tiny_plan, threshold=2.0)
    path = yjgraph.workbook(a, tmp_path / "x.xlsx", max_rows=5)
    wb = openpyxl.load_workbook(path)
    assert "A" in wb.sheetnames  # by hand: A is overloaded at threshold 2 (see the contract test)
    _, about = _rows(wb["说明"])
    left_out = {v.split(":")[0] for k, v in about if k == "未写入"}
    tables = {"分工": tiny_plan.assignments, "共同责任": a.coresponsibility,
              "单位任务": yjgraph.model.strongest_roles(tiny_plan.assignments), "检查": a.checks,
              "分章工作量": a.workload_by_chapter}
    for name, df in tables.items():
        assert (name in left_out) == (len(df) > 5), name
        assert (name in wb.sheetnames) == (len(df) <= 5), name


@pytest.mark.parametrize(("max_rows", "sheets"), [(100, ["A", "B", "C"]), (10, ["A", "B"]), (8, ["A"]), (5, [])])
def test_unit_sheets_hold_one_tables_rows(tmp_path, max_rows, sheets):
    # A leads 6 tasks, B 4, C 3, ten others 1 each: A, B and C are overloaded at threshold 2; their own
    # sheets go to the heaviest first while the sheets together hold at most max_rows rows
    rows = [(str(t), "A", "lead") for t in range(1, 7)] + [(str(t), "B", "lead") for t in range(7, 11)]
    rows += [(str(t), "C", "lead") for t in range(11, 14)] + [(str(13 + i), f"U{i}", "lead") for i in range(1, 11)]
    a = yjgraph.analyze(Plan.from_assignments(rows), threshold=2.0)
    assert a.workload.index[a.workload["overloaded"]].tolist() == ["A", "B", "C"]
    wb = openpyxl.load_workbook(yjgraph.workbook(a, tmp_path / "x.xlsx", max_rows=max_rows))
    assert [n for n in wb.sheetnames if n in {"A", "B", "C"}] == sheets
    for unit in sheets:
        assert len(_rows(wb[unit])[1]) == a.workload.at[unit, "n_tasks"]
    assert dict(_rows(wb["说明"])[1])["单独成表的超负荷单位"] == f"{len(sheets)} / 3"


def test_unit_sheet_names():
    used = {"工作量", "Tasks"}
    assert _sheet_name("a[b]:c*d?e/f\\g", used) == "a_b__c_d_e_f_g"
    assert _sheet_name("tasks", used) == "tasks (2)"
    long = "x" * 40
    assert _sheet_name(long, used) == "x" * 31
    assert _sheet_name(long, used) == "x" * 27 + " (2)"
    assert MAX_UNIT_SHEETS >= 1


def test_bad_language(tiny_plan, tmp_path):
    with pytest.raises(ValueError, match="lang"):
        yjgraph.workbook(tiny_plan, tmp_path / "x.xlsx", lang="fr")
    assert not (tmp_path / "x.xlsx").exists()


def test_analyze_command_writes_the_workbook(tmp_path):
    from yjgraph.cli import main

    assert main(["analyze", "-o", str(tmp_path / "zh")]) == 0
    assert openpyxl.load_workbook(tmp_path / "zh" / "analysis.xlsx").sheetnames[0] == "工作量"
    assert main(["analyze", "-o", str(tmp_path / "en"), "--lang", "en"]) == 0
    wb = openpyxl.load_workbook(tmp_path / "en" / "analysis.xlsx")
    assert wb.sheetnames[0] == "workload" and wb["workload"]["A1"].value == "Unit"
    assert (tmp_path / "en" / "workload.csv").exists()


def test_plans_changed_by_hand_still_give_a_workbook(seed_plan, zh_book, tmp_path):
    """A plan whose columns a user retyped (a categorical role, integer task ids) or whose
    rows lack a task id is still written: the same bytes for the same values, every unit
    of a check listed, and why_heavy reading integer ids."""
    import dataclasses

    from yjgraph.report import _check_list

    asg = seed_plan.assignments.assign(role=seed_plan.assignments["role"].astype("category"))
    path = yjgraph.workbook(yjgraph.analyze(dataclasses.replace(seed_plan, assignments=asg)), tmp_path / "c.xlsx")
    assert path.read_bytes() == zh_book[0].read_bytes()

    tasks = seed_plan.tasks.assign(task_id=seed_plan.tasks["task_id"].astype(int))
    by_int, by_text = why_heavy(dataclasses.replace(seed_plan, tasks=tasks)), why_heavy(seed_plan)
    assert list(by_int.index) == list(by_text.index)  # the role counts come from the assignments alone
    assert [s.split("；")[0] for s in by_int] == [s.split("；")[0] for s in by_text]

    plan = Plan.from_assignments(pd.DataFrame({"task_id": ["1", None, None, "2"], "unit": ["甲", "乙", "丙", "乙"],
                                               "role": ["lead", "lead", "lead", "support"]}))
    units = _check_list(yjgraph.analyze(plan), "zh", {})["units"].tolist()
    assert "乙、丙" in units, units
