"""The reader on the families real plans bring (invented examples of each shape).

Every family is read in ASCII and in full-width punctuation.
"""

from __future__ import annotations

import pytest

import yjgraph
from yjgraph import read_plan

FORMS = {
    "ascii": lambda t: t,
    "fullwidth": lambda t: t.translate(str.maketrans({":": "：", ",": "，", "(": "（", ")": "）", ";": "；"})),
}


@pytest.fixture(params=list(FORMS))
def form(request):
    return FORMS[request.param]


def roles(plan, task_id):
    a = plan.assignments[plan.assignments["task_id"] == task_id]
    return (a.loc[a["role"] == "lead", "unit"].tolist(), a.loc[a["role"] == "support", "unit"].tolist())


def kinds(plan):
    return set(plan.findings["kind"])


# ---------------------------------------------------------------- tables flattened into text

CELLS = """\
示例区2023年重点工作任务分工
序号
重点任务
牵头单位
配合单位
完成时限
责任领导
一、主要预期目标
1
地区生产总值增长6%左右。
区发改局
区统计局、各街道
2023年底
张三
2
一般公共预算收入增长5%。
区财政局
区税务局
2023年底
李四
二、扩大内需
3
大力提振消费。
区商务局
区市场监管局
县文旅局
持续推进
王五
"""


def test_cells_one_per_line(form):
    plan = read_plan(form(CELLS))
    t = plan.tasks.set_index("task_id")
    assert t["line"].tolist() == [9, 15, 22]  # the line of each row's number
    assert t["chapter"].tolist() == ["主要预期目标", "主要预期目标", "扩大内需"]
    assert roles(plan, "1") == (["区发改局"], ["区统计局", "各街道"])
    assert roles(plan, "3") == (["区商务局"], ["区市场监管局", "县文旅局"])  # units on lines of their own
    assert t.loc["2", "leader"] == "李四" and t.loc["3", "deadline"] == "持续推进"
    assert not plan.assignments["unit"].isin(["张三", "李四", "王五", "2023年底"]).any()
    assert "table_read" in kinds(plan)


NO_NUMBERS = """\
重点工作
牵头责任单位
协同责任单位
任务来源
一、产业发展
推进示范园区建设。
区发改委
区财政局、各镇街
区政府工作报告
扩大有效投资,新开工项目30个。
区发改委
区住建局
区政府工作报告
二、民生保障
新增城镇就业3000人。
区人社局
各镇街
市下达任务
"""


def test_cells_without_row_numbers(form):
    plan = read_plan(form(NO_NUMBERS))
    assert plan.tasks["title"].tolist() == ["推进示范园区建设", "扩大有效投资,新开工项目30个", "新增城镇就业3000人"]
    assert plan.tasks["line"].tolist() == [6, 10, 15]
    assert roles(plan, "2") == (["区发改委"], ["区住建局"])
    assert plan.tasks["source"].tolist() == ["区政府工作报告", "区政府工作报告", "市下达任务"]
    assert "table_numbers_generated" in kinds(plan)


PIPE_ROWS = """\
示例区民生实事分工表
序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |
一、主要预期目标 | | | | |
1 | 大力提振消费。 | | | |
1 | 新增城镇就业5000人。 | 区人社局 | 各街道 | 2023年底 |
2 | 建设社区食堂10个。 | 区民政局 | 区财政局、各街道 | 2023年底 |
二、城市建设 | | | | |
3 | 改造老旧小区20个。 | 区住建局 || 2023年底 |
"""


def test_rows_with_pipes_groups_and_subheadings(form):
    plan = read_plan(form(PIPE_ROWS))
    t = plan.tasks
    # the row without units over rows that restart at 1 is a section, not a task
    assert t["title"].tolist() == ["新增城镇就业5000人", "建设社区食堂10个", "改造老旧小区20个"]
    assert t["section"].tolist()[:2] == ["大力提振消费。"] * 2
    assert t["chapter"].tolist() == ["主要预期目标", "主要预期目标", "城市建设"]
    assert t["line"].tolist() == [5, 6, 8]
    assert roles(plan, t["task_id"].iloc[2]) == (["区住建局"], [])  # || is an empty cell
    assert "no_units" not in kinds(plan)


PIPE_CELLS = """\
序号 |
主要任务 |
全年目标任务 |
分管 领导 |
牵头 单位 |
责任主体与协同单位 |
1-10月推进情况 |
24 |
优化背街后巷交通组织。 |
徐国江 |
城管局 |
市政局、相关街道 |
已进场施工,完成30%。 |
||
25 |
新增达标小区210个。 |
徐国江 |
城管局 |
市政局、环卫处、各街道 |
正在推进。 |
|
"""


def test_cells_ending_in_pipes_with_merged_cells_left_out(form):
    plan = read_plan(form(PIPE_CELLS))
    # a row starts at 24 (an excerpt), the merged 主要任务 cell is left out of each row
    assert plan.tasks["task_id"].tolist() == ["24", "25"]
    assert roles(plan, "24") == (["城管局"], ["市政局", "相关街道"])  # beside a lead column: support
    assert roles(plan, "25") == (["城管局"], ["市政局", "环卫处", "各街道"])
    assert set(plan.tasks["leader"]) == {"徐国江"}


STAR_RULE = """\
序号
任务名称
责任部门(加*号为牵头部门,其余为参与部门)
完成时间节点
1
建设示范村。
区农业农村委*、区财政局
10月底
2
创建美丽乡村。
区规划局、区生态环境局*
12月底
"""


def test_starred_lead_rule_in_a_header(form):
    plan = read_plan(form(STAR_RULE))
    assert roles(plan, "1") == (["区农业农村委"], ["区财政局"])
    assert roles(plan, "2") == (["区生态环境局"], ["区规划局"])


def test_rows_flattened_with_blanks():
    plan = read_plan("一、主要目标(3项)\n1 地区生产总值增长7%以上. 发改委\n"
                     "2 研发经费支出占比提高到2.8%. 科技局、经信委\n3 完成年度目标任务\n")
    assert roles(plan, "1") == (["发改委"], [])
    assert roles(plan, "2") == (["科技局", "经信委"], [])
    assert roles(plan, "3") == ([], [])  # no unit-like words at the end: nothing invented
    assert "units_after_blank" in kinds(plan)


# ---------------------------------------------------------------- rules, joiners, groups, role words

GLUED = """\
一、稳就业
1.实施就业优先政策。(区人社局、区财政局负责。列第一位者为牵头单位,下同)
2.扩大创业担保贷款。(区人社局、区金融办、区财政局负责)
3.支持技能培训。(区总工会等和各街道办事处负责)
4.做好人才工作。(区人社局等有关部门和单位负责)
5.加强协调。区委组织部牵头,区人社局及区财政局按职责分工负责。
"""


def test_rule_glued_to_the_first_list_governs_every_list(form):
    plan = read_plan(form(GLUED))
    assert roles(plan, "1") == (["区人社局"], ["区财政局"])  # the task carrying the rule keeps its units
    assert roles(plan, "2") == (["区人社局"], ["区金融办", "区财政局"])
    assert roles(plan, "3") == (["区总工会"], ["各街道办事处"])  # 等和 joins two units
    assert roles(plan, "4") == (["区人社局"], [])  # 等有关部门和单位: open-ended, not a unit
    assert plan.tasks.set_index("task_id").loc["4", "open_ended"]
    # 按职责分工负责 after a named lead: support
    assert roles(plan, "5") == (["区委组织部"], ["区人社局", "区财政局"])
    assert plan.meta["rule"] == "first"


def test_role_words_and_shared_heads(form):
    plan = read_plan(form(
        "一、重点\n1.安全生产。(镇安监站负总责,镇派出所协同)\n2.推进协调。\n牵头单位:省发展改革委\n"
        "配合单位:相关市、县政府,各县(市、区)人民政府,各县、市、区政府,各区、县级市\n"
        "3.稳外资。(省商务厅牵头负责,哈尔滨、黑河、绥芬河市政府参与)\n"))
    assert roles(plan, "1") == (["镇安监站"], ["镇派出所"])
    assert roles(plan, "2")[1] == ["相关市、县政府", "各县(市、区)人民政府", "各县、市、区政府", "各区、县级市"]
    assert roles(plan, "3") == (["省商务厅"], ["哈尔滨、黑河、绥芬河市政府"])
    units = plan.units.set_index("unit")
    assert units.loc["相关市、县政府", "is_group"] and not units.loc["省商务厅", "is_group"]


def test_number_followed_by_digits_continues_the_sequence():
    plan = read_plan("一、人才\n10.引进人才。(区人社局负责)\n11.121人才梯队项目。(区科技局负责)\n"
                     "二、投资\n1.5亿元专项资金到位。(区财政局负责)\n")
    assert plan.tasks["task_id"].tolist()[:2] == ["10", "11"]
    assert roles(plan, "11") == (["区科技局"], [])
    # "1.5亿元" after a new chapter is not task 1 of it: text, reported as a task without units or kept in 11
    assert "5亿元" not in plan.tasks["task_id"].tolist()


def test_one_role_per_unit_and_task(form):
    plan = read_plan(form("一、交通\n1.建设道路。\n牵头单位:区交通局\n配合单位:区交通局、区财政局\n"))
    assert roles(plan, "1") == (["区交通局"], ["区财政局"])
    conflict = plan.findings[plan.findings["kind"] == "role_conflict"]
    assert len(conflict) == 1 and conflict["line"].iloc[0] == 4
    # the same after spellings are merged
    plan = read_plan(form("一、交通\n1.建设道路。\n牵头单位:区交通局\n配合单位:交通局、区财政局\n"))
    assert roles(plan, "1") == (["区交通局"], ["区财政局"])
    assert "role_conflict" in kinds(plan)
    assert not plan.assignments.duplicated(["task_id", "unit"]).any()


def test_truncated_last_unit_is_a_finding():
    plan = read_plan("一、甲\n1.任务一。\n责任单位:区交通局\n2.任务二。\n责任单位:区发改局、人行芜湖")
    assert roles(plan, "2") == (["区发改局"], [])
    assert "truncated_unit" in kinds(plan)
    plan = read_plan("一、甲\n1.任务一。\n责任单位:区交通局\n2.任务二。\n责任单位:区")
    assert roles(plan, "2") == ([], [])
    assert "区" not in set(plan.assignments["unit"])


def test_a_numbered_task_is_never_boilerplate():
    # issue: a task line with 联系电话 and digits was dropped and its units went to task 1
    plan = read_plan("一、甲\n1.任务一。\n责任单位:区交通局\n2.公布联系电话12345热线。\n责任单位:区经信局\n"
                     "版权所有:示例区人民政府\n")
    assert plan.tasks["task_id"].tolist() == ["1", "2"]
    assert roles(plan, "1") == (["区交通局"], []) and roles(plan, "2") == (["区经信局"], [])
    removed = plan.findings[plan.findings["kind"] == "boilerplate_removed"]
    assert removed["line"].tolist() == [6]


def test_big5_is_detected(tmp_path):
    text = "一、重點任務\n1.推進改革。\n牽頭單位:區發展改革局\n配合單位:區財政局、各街道\n"
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    plan = read_plan(path)
    assert roles(plan, "1") == (["区发展改革局"], ["区财政局", "各街道"])
    assert "traditional_converted" in kinds(plan)


def test_a_missing_file_is_an_error_not_a_plan(tmp_path):
    with pytest.raises(FileNotFoundError, match="typo.txt"):
        read_plan("typo.txt")
    with pytest.raises(FileNotFoundError):
        read_plan(str(tmp_path / "plan.docx"))
    # a long one-line text is text, whatever the file system says of such a name
    for n in (256, 4096):
        assert isinstance(read_plan("甲" * n), yjgraph.Plan)
    assert isinstance(read_plan("甲\r" * 300), yjgraph.Plan)


def test_the_seed_plan_reads_as_before():
    s = yjgraph.load_example().summary()
    assert (s["tasks"], s["units"], s["lead"], s["support"]) == (86, 34, 158, 133)


def test_subitems_with_their_own_notes_are_the_tasks(form):
    plan = read_plan(form(
        "一、问题整改\n1.专项整改问题\n(1)指标安排不当。(牵头单位:扶贫办;责任单位:各村支部)\n"
        "整改措施:科学确定指标。\n(2)住房安全方面。\n①建房面积超标。(牵头单位:扶贫办、村建所;责任单位:各村支部)\n"
        "2.其他问题。(牵头单位:区民政局)\n"))
    t = plan.tasks.set_index("task_id")
    assert t["line"].tolist() == [3, 6, 7]
    assert roles(plan, t.index[0]) == (["扶贫办"], ["各村支部"])
    assert roles(plan, t.index[1]) == (["扶贫办", "村建所"], ["各村支部"])
    assert "no_units" not in kinds(plan) and "subitems_as_tasks" in kinds(plan)


def test_paragraphs_with_their_own_notes_are_tasks(form):
    # numbers garbled in the copy: each paragraph still carries its own note
    plan = read_plan(form(
        "一、产业\n(一)建设汽车基地。(牵头单位:市经贸委;配合单位:市发改委)\n"
        "?。ǘ┩推进石化基地建设。(牵头单位:市发改委;配合单位:市经贸委、规划局)\n"
        "(三)建设物流园区。(牵头单位:市交委)\n"))
    assert plan.tasks["line"].tolist() == [2, 3, 4]
    assert [roles(plan, t) for t in plan.tasks["task_id"]] == [
        (["市经贸委"], ["市发改委"]), (["市发改委"], ["市经贸委", "规划局"]), (["市交委"], [])]
    assert "unnumbered_task" in kinds(plan)


def test_host_and_assisting_units(form):
    plan = read_plan(form("一、民生\n(1)改造老旧小区。\n主办单位:县城投公司,协办单位:住建局、凤城镇。\n"
                          "主办单位:示例县人民政府办公室 网站标识码:1234 ICP备000号\n"))
    assert roles(plan, "1") == (["县城投公司"], ["住建局", "凤城镇"])
    assert "boilerplate_removed" in kinds(plan)


def test_labels_that_support():
    plan = read_plan("1.发展养老服务。\n牵头责任单位:县卫健委、县民政局\n主要协作单位:各乡镇人民政府,县政府有关部门\n")
    assert roles(plan, "1") == (["县卫健委", "县民政局"], ["各乡镇人民政府", "县政府有关部门"])


@pytest.mark.parametrize("written", [["县发改局", "县发展改革局", "县发展和改革局"], ["县发改局", "县发展改革局"]])
def test_a_user_alias_target_gathers_every_spelling_of_its_unit(written):
    text = "一、甲\n" + "".join(f"{i}.任务。\n牵头单位:{u}\n" for i, u in enumerate(written, 1))
    plan = read_plan(text, aliases={"县发改局": "县发展和改革局"})
    assert set(plan.assignments["unit"]) == {"县发展和改革局"}
    assert len(plan.units) == 1
