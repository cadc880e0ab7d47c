"""Display names in one language: units, chapters and tasks for ``lang="zh"`` or ``"en"``.

Charts, the interactive network and the three-line tables show a plan in
the language asked for. In English, unit names come from
:func:`yjgraph.english.english_names` (never Chinese), a chapter is
``Chapter 2`` (or the English title a user gives) and a task is its number:
the plan's Chinese texts stay out of English outputs unless a user asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

import pandas as pd

__all__ = ["CJK", "check_lang", "ascii_punctuation", "unit_labels", "chapter_number", "chapter_label_en",
           "task_label", "short_forms", "number", "GINI_DIGITS", "LABELS", "label", "words"]

#: CJK ideographs and CJK punctuation/full-width forms: what must not appear in English text.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def check_lang(lang: str) -> str:
    """``lang`` if it is ``"zh"`` or ``"en"``, else a ValueError."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    return lang


_PUNCT = str.maketrans({"、": ", ", "，": ", ", "；": "; ", "：": ": ", "（": " (", "）": ")",
                        "《": '"', "》": '"', "“": '"', "”": '"', "。": ". ", "　": " "})


#: Every word an output writes, ``key: (Chinese, English)``: the one table that the report, the
#: three-line tables, the charts, the network page and the workbook read. A column or measure is
#: keyed by its name (CSV files keep the keys); other words by ``"<group>.<key>"`` (:func:`words`).
#: The Chinese words have no Latin word, so a Chinese page reads in Chinese only.
LABELS: dict[str, tuple[str, str]] = {
    # units and their load (workload, catch_all_groups, workload_by_chapter)
    "unit": ("单位", "Unit"),
    "unit_zh": ("单位（中文）", "Unit (Chinese)"),
    "unit_raw": ("原文单位名", "Unit as written"),
    "unit_a": ("单位甲", "Unit A"),
    "unit_b": ("单位乙", "Unit B"),
    "units": ("涉及单位", "Units"),
    "read_as": ("读作", "Read as"),
    "n_lead": ("牵头任务数", "Tasks led"),
    "n_support": ("配合任务数", "Tasks supported"),
    "n_tasks": ("任务数", "Tasks"),
    "load": ("负荷", "Load"),
    "share": ("负荷占比", "Share of load"),
    "rank": ("排名", "Rank"),
    "score": ("稳健得分", "Robust score"),
    "overloaded": ("超负荷", "Overloaded"),
    "why": ("原因", "Why"),
    "reason": ("判定依据", "Rule"),
    "capacity": ("人员编制", "Capacity"),
    "load_per_capacity": ("人均负荷", "Load per capacity"),
    "community": ("协作群体", "Group"),
    "lead": ("牵头单位", "Lead unit"),
    "support": ("配合单位", "Support unit"),
    # the plan's tables (tasks, assignments, findings, checks)
    "task_id": ("任务编号", "Task"),
    "number": ("序号", "Number"),
    "chapter_no": ("章", "Chapter"),
    "chapter": ("章名", "Chapter title"),
    "section_no": ("节", "Section"),
    "section": ("节名", "Section title"),
    "title": ("标题", "Title"),
    "text": ("内容", "Text"),
    "line": ("行号", "Line"),
    "deadline": ("完成时限", "Deadline"),
    "leader": ("牵头领导", "Leader"),
    "source": ("来源", "Source"),
    "open_ended": ("单位列表以“等”结尾", "Open-ended unit list"),
    "role": ("角色", "Role"),
    "position": ("位次", "Position"),
    "kind": ("类别", "Kind"),
    "severity": ("严重程度", "Severity"),
    "message": ("说明", "Message"),
    "note": ("说明", "Note"),
    "n": ("数量", "Count"),
    "item": ("项目", "Item"),
    "measure": ("指标", "Measure"),
    "value": ("数值", "Value"),
    # pairs of units (coresponsibility, backbone)
    "shared_tasks": ("共同任务数", "Shared tasks"),
    "weighted": ("加权共同任务", "Weighted shared tasks"),
    "newman": ("纽曼权重", "Newman weight"),
    "jaccard": ("杰卡德系数", "Jaccard index"),
    "expected": ("期望值", "Expected"),
    "p_value": ("p 值", "p"),
    "p_adjusted": ("校正 p 值", "Adjusted p"),
    "p_lower": ("下尾 p 值", "Lower-tail p"),
    "significant": ("显著", "Significant"),
    # centrality of units
    "degree": ("度中心性", "Degree"),
    "closeness": ("接近中心性", "Closeness"),
    "betweenness": ("中介中心性", "Betweenness"),
    "weighted_degree": ("加权度", "Weighted degree"),
    "svd_score": ("奇异向量得分", "SVD score"),
    "hub_score": ("枢纽得分", "Hub score"),
    "pagerank": ("网页排名值", "PageRank"),
    "proj_betweenness": ("投影网络中介中心性", "Projection betweenness"),
    "proj_eigenvector": ("投影网络特征向量中心性", "Projection eigenvector"),
    "effective_size": ("有效规模", "Effective size"),
    "constraint": ("限制度", "Constraint"),
    # concentration, the Lorenz curve, weight sensitivity
    "gini": ("基尼系数", "Gini coefficient"),
    "hhi": ("赫芬达尔指数", "Herfindahl index"),
    "top_k_share": ("负荷最重的{k}个单位所占份额", "Share of the {k} heaviest units"),
    "n_units": ("单位数", "Units"),
    "unit_share": ("单位累计占比", "Cumulative share of units"),
    "load_share": ("负荷累计占比", "Cumulative share of load"),
    "support_weight": ("配合权重", "Support weight"),
    "kendall_tau": ("肯德尔 τ", "Kendall τ"),
    # the network as a whole (density, centralization)
    "two_mode_density": ("任务—单位网络密度", "Density of the task–unit network"),
    "projection_density": ("单位共同责任网络密度", "Density of the co-responsibility network"),
    "mean_units_per_task": ("每项任务平均单位数", "Units per task (mean)"),
    "mean_tasks_per_unit": ("每个单位平均任务数", "Tasks per unit (mean)"),
    "proj_degree_centralization": ("共同责任网络度中心势", "Degree centralization (co-responsibility)"),
    "proj_betweenness_centralization": ("共同责任网络中介中心势", "Betweenness centralization (co-responsibility)"),
    # values written in tables: yes/no, roles, severities, kinds of check (analysis.checks) and finding (parse)
    "value.yes": ("是", "yes"),
    "value.no": ("否", "no"),
    "value.lead": ("牵头", "lead"),
    "value.support": ("配合", "support"),
    "value.info": ("提示", "note"),
    "value.warning": ("警告", "warning"),
    "value.error": ("错误", "error"),
    "value.multiple_leads": ("多个牵头单位", "several lead units"),
    "value.no_lead": ("没有牵头单位", "no lead unit"),
    "value.open_ended": ("名单以“等”结尾", "open-ended list"),
    "value.many_units": ("涉及单位过多", "many units"),
    "value.no_support": ("没有配合单位", "no support unit"),
    "value.support_only": ("只承担配合", "support only"),
    "value.alias_merged": ("合并的单位简称", "alias merged"),
    "value.boilerplate_removed": ("删去的套话", "boilerplate removed"),
    "value.open_ended_list": ("名单以“等”结尾", "open-ended list"),
    "value.rule_stated": ("方案说明的分工规则", "rule stated in the plan"),
    "value.catch_all_unit": ("泛指的责任单位", "catch-all unit"),
    "value.duplicate_unit": ("重复列出的单位", "unit listed twice"),
    "value.no_units": ("没有责任单位", "no units"),
    "value.not_a_task": ("不是任务的编号条目", "numbered item that is not a task"),
    "value.not_text": ("不是文本文件", "not a text file"),
    "value.no_tasks": ("没有读到任务", "no tasks read"),
    "value.numbering_gap": ("编号不连续", "gap in the numbering"),
    "value.person_in_unit_list": ("单位名单中的人名", "person in a unit list"),
    "value.preamble_item": ("正文前的编号条目", "numbered line before the plan"),
    "value.role_conflict": ("角色冲突", "role conflict"),
    "value.role_unstated": ("未说明牵头与配合", "roles not stated"),
    "value.subitems_as_tasks": ("子项读作任务", "sub-items read as tasks"),
    "value.table_as_text": ("表格按文本读取", "table read as text"),
    "value.table_header": ("跳过的表头", "table header skipped"),
    "value.table_numbers_generated": ("按顺序补的任务编号", "task numbers generated"),
    "value.table_read": ("读取的表格", "table read"),
    "value.table_without_task_column": ("表格没有任务列", "table without a task column"),
    "value.traditional_converted": ("繁体字转为简体", "traditional characters converted"),
    "value.truncated_unit": ("被截断的单位名", "truncated unit name"),
    "value.unbalanced_brackets": ("括号不配对", "unbalanced brackets"),
    "value.unit_list_remark": ("单位名单后的附注", "remark after a unit list"),
    "value.units_after_blank": ("空白后的单位", "units after blanks"),
    "value.unknown_role_word": ("未识别的角色词", "unknown role word"),
    "value.unknown_rule": ("未识别的分工规则", "unknown rule"),
    "value.unnumbered_task": ("未编号的任务", "unnumbered task"),
    "value.unsplittable_units": ("无法拆分的单位名单", "unit list not split"),
    "value.auto_numbering": ("自动编号", "automatic numbering"),
    "value.formula_without_value": ("没有值的公式", "formula without a value"),
    "value.sheet_extent": ("工作表范围过大", "sheet extent"),
    # the key findings (yjgraph.summary): a sentence per topic
    "finding.size": ("方案共{tasks}项任务，分属{chapters}章{sections}节，涉及{units}个单位{groups}；牵头分工{lead}项，配合分工{support}项。", "The plan has {tasks} tasks in {chapters} chapters and {sections} sections, assigned to {units} units{groups}: {lead} lead and {support} support assignments."),
    "finding.size_groups": ("（其中{n}个为泛指的单位群体）", " ({n} of them catch-all groups)"),
    "finding.no_overload": ("没有单位的工作负荷超过判定阈值{cut}。", "No unit's load is above the threshold of {cut}."),
    "finding.overload_one": ("{units}的工作负荷超过判定阈值{cut}，分别为{loads}。", "The load of {units} is above the threshold of {cut} ({loads})."),
    "finding.overload": ("{units}的工作负荷超过判定阈值{cut}，分别为{loads}。", "The loads of {units} are above the threshold of {cut} ({loads} respectively)."),
    "finding.concentration": ("负荷分布的基尼系数为{gini}，负荷最重的{k}个单位承担了全部负荷的{head}%。", "The Gini coefficient of the load is {gini}; the {k} heaviest units carry {head}% of it."),
    "finding.accountability": ("责任落实方面，{parts}。", "On accountability, {parts}."),
    "finding.brokers": ("在任务—单位网络中，中介中心性最高的是{units}，它们连接着最多的其他单位。", "In the task–unit network, {units} have the highest betweenness: they connect the most other units."),
    "finding.pair": ("{a}与{b}（{n}项）", "{a} with {b} ({n} tasks)"),
    "finding.pairs": ("共同承担任务最多的单位组合是{pairs}。", "The units that share the most tasks are {pairs}."),
    "finding.groups": ("按共同承担的任务，单位可分为{n}个协作群体，各有{sizes}个单位。", "By the tasks they share, the units form {n} groups of {sizes} units."),
    # ... and what the accountability sentence says of each kind of check
    "finding.multiple_leads": ("{n}项任务有多个牵头单位（最多的是任务{worst}，{most}个）", "{n} tasks have several lead units (task {worst} has {most})"),
    "finding.no_lead": ("{n}项任务没有牵头单位", "{n} tasks have no lead unit"),
    "finding.open_ended": ("{n}项任务的单位名单以“等”结尾，责任范围不封闭", "{n} tasks end their list of units with 'and others'"),
    # the report: section headings and its other words
    "report.keyfindings": ("主要发现", "Key findings"),
    "report.summary": ("方案概况", "The plan"),
    "report.checks": ("问责检查", "Accountability checks"),
    "report.workload": ("工作负荷", "Workload"),
    "report.concentration": ("负荷集中度", "Concentration of load"),
    "report.centrality": ("中心性", "Centrality"),
    "report.coresponsibility": ("共同责任", "Co-responsibility"),
    "report.communities": ("协作群体", "Groups of units"),
    "report.findings": ("读取说明", "Reading notes"),
    "report.figures": ("其他图表", "Other charts"),
    "report.network": ("交互网络", "Interactive network"),
    "report.methods": ("方法说明", "Methods"),
    "report.plans": ("各方案的负荷", "Load in each plan"),
    "report.figure": ("图", "Figure"),
    "report.table": ("表", "Table"),
    "report.shown": ("仅列出前{n}行，共{total}行；完整表格见", "First {n} of {total} rows; the full table is"),
    "report.files": ("文件：", "Files: "),
    "report.network_note": ("交互网络可拖动、缩放，点击单位可查看其任务。", "The interactive network can be dragged and zoomed; click a unit to see its tasks."),
    "report.basis_load": ("负荷", "load"),
    "report.basis_capacity": ("按单位人员数折算后的负荷", "load per staff member"),
    "report.rule_tukey": ("超负荷判定：{basis}超过上四分位数加{t}倍四分位距，即超过{cut}。", "Overload rule: {basis} above the upper quartile plus {t} interquartile ranges, i.e. above {cut}."),
    "report.rule_robust_z": ("超负荷判定：以中位数和绝对中位差计算稳健分数，{basis}的稳健分数超过{t}即判为超负荷，对应阈值{cut}。", "Overload rule: a robust z-score (median and median absolute deviation) above {t}, i.e. a {basis} above {cut}."),
    "report.methods_text": ("方案的每项任务与其牵头、配合单位构成任务—单位二部网络。单位的工作负荷为其全部分工的权重之和，牵头计{lead}、配合计{support}。{rule}负荷集中度用基尼系数和负荷最重的{k}个单位所占份额衡量。中心性在二部网络上计算；两个单位共同承担的任务数构成单位协作网络，协作群体由鲁汶算法划分（模块度{m}）。全部表格见本报告的表格文件夹。", "Each task and its lead and support units form a two-mode task–unit network. A unit's load is the sum of the weights of its assignments: {lead} per lead, {support} per support. {rule} Concentration is measured by the Gini coefficient and the share of the {k} heaviest units. Centrality is computed on the two-mode network; the tasks two units share make the network of units, whose groups are found with the Louvain method (modularity {m}). Every table is in the tables folder of this report."),
    # the line of reading under each figure of the report, by chart name
    "reading.workload": ("{units}超过判定阈值{cut}。", "{units} above the threshold of {cut}."),
    "reading.no_overload": ("没有单位超过判定阈值{cut}。", "No unit is above the threshold of {cut}."),
    "reading.lorenz_curve": ("基尼系数{gini}，负荷最重的{k}个单位承担{head}%的负荷。", "Gini {gini}; the {k} heaviest units carry {head}% of the load."),
    "reading.centrality_ranks": ("中介中心性最高的是{units}。", "Highest betweenness: {units}."),
    "reading.coresponsibility_heatmap": ("共同承担任务最多的是{a}与{b}（{n}项）。", "Most shared tasks: {a} with {b} ({n})."),
    "reading.projection_network": ("单位分为{n}个协作群体，模块度{m}。", "{n} groups of units, modularity {m}."),
    "reading.chapter_heatmap": ("颜色越深，该单位在该章承担的任务越多。", "The darker the cell, the more tasks of the chapter the unit holds."),
    "reading.responsibility_matrix": ("每项任务的牵头单位与配合单位。", "The lead and support units of every task."),
    "reading.bipartite_network": ("{tasks}项任务与{units}个单位之间的{n}项分工。", "{n} assignments between {tasks} tasks and {units} units."),
    "reading.sensitivity": ("改变牵头与配合的权重时，各单位负荷排名的变化。", "How the load ranking changes with the weights of lead and support."),
    # the report's table captions (table "tab-<name>") and the rows of its summary table
    "caption.summary": ("方案概况", "The plan in numbers"),
    "caption.checks": ("问责检查结果汇总", "Accountability checks by kind"),
    "caption.check-list": ("问责检查明细", "Accountability checks, task by task"),
    "caption.workload": ("各单位工作负荷", "Workload of each unit"),
    "caption.groups": ("泛指的单位群体（不参与超负荷判定）", "Catch-all groups (not judged for overload)"),
    "caption.concentration": ("负荷集中度", "Concentration of load"),
    "caption.centrality": ("各单位中心性（按中介中心性排序）", "Centrality of each unit (by betweenness)"),
    "caption.network": ("网络整体指标", "The network as a whole"),
    "caption.pairs": ("共同承担任务最多的单位组合", "Unit pairs that share the most tasks"),
    "caption.lead-support": ("牵头单位与配合单位组合", "Lead and support units together"),
    "caption.communities": ("协作群体", "Groups of units"),
    "caption.plans": ("各方案的负荷", "Load in each plan"),
    "caption.findings": ("读取方案时的说明", "Notes from reading the plan"),
    "plan.tasks": ("任务", "Tasks"),
    "plan.chapters": ("章", "Chapters"),
    "plan.sections": ("节", "Sections"),
    "plan.units": ("单位", "Units"),
    "plan.lead": ("牵头分工", "Lead assignments"),
    "plan.support": ("配合分工", "Support assignments"),
    "plan.open_ended_tasks": ("名单以“等”结尾的任务", "Tasks with open-ended lists"),
    "plan.issuer": ("发布单位", "Issued by"),
    "plan.date": ("日期", "Date"),
    "plan.source": ("来源文件", "Source file"),
    # the report's figure captions, by chart name
    "figure.workload": ("各单位工作负荷", "Workload of each unit"),
    "figure.lorenz_curve": ("负荷分布的洛伦兹曲线", "Lorenz curve of the load"),
    "figure.centrality_ranks": ("各单位中心性排名", "Centrality ranks of the units"),
    "figure.coresponsibility_heatmap": ("单位之间的共同责任", "Co-responsibility of unit pairs"),
    "figure.projection_network": ("单位协作网络与协作群体", "Network of units and its groups"),
    "figure.chapter_heatmap": ("各章任务在单位间的分布", "Tasks of each chapter by unit"),
    "figure.responsibility_matrix": ("任务—单位责任矩阵", "Task–unit responsibility matrix"),
    "figure.bipartite_network": ("任务—单位二部网络", "Task–unit two-mode network"),
    "figure.sensitivity": ("负荷排名对角色权重的敏感性", "Sensitivity of the ranking to the role weights"),
    # the three-line tables' captions and notes, by kind of result
    "table3.workload": ("各单位工作负荷", "Workload by unit"),
    "table3.centrality": ("单位中心性", "Centrality of units"),
    "table3.backbone": ("共同责任网络的显著联系（骨干）", "Significant co-responsibility ties (backbone)"),
    "table3.pairs": ("单位共同承担任务", "Tasks shared by pairs of units"),
    "table3.note_workload": ("负荷 = 牵头 × {lead:g} + 配合 × {support:g}。", "Load = lead × {lead:g} + support × {support:g}."),
    "table3.note_backbone": ("p 值为在度序列零模型下至少观察到该共同任务数的概率。", "p: probability of at least the observed number of shared tasks under the degree-sequence null model."),
    # why a unit is heavy (yjgraph.planner_workbook.why_heavy): its role, then its chapter
    "why.no_tasks": ("没有任务", "no tasks"),
    "why.one": ("{n}项任务全部为{role}", "its one task is a {role} role"),
    "why.all": ("{n}项任务全部为{role}", "all {n} of its tasks are {role} roles"),
    "why.some": ("{n}项任务中{k}项为{role}", "{k} of its {n} tasks are {role} roles"),
    "why.chapter": ("第{no}章{m}项", "{m} in chapter {no}"),
    # the workbook's sheets and its about sheet
    "sheet.workload": ("工作量", "workload"),
    "sheet.unit_tasks": ("单位任务", "unit_tasks"),
    "sheet.tasks": ("任务", "tasks"),
    "sheet.assignments": ("分工", "assignments"),
    "sheet.findings": ("读取问题", "findings"),
    "sheet.checks": ("检查", "checks"),
    "sheet.workload_by_chapter": ("分章工作量", "workload_by_chapter"),
    "sheet.coresponsibility": ("共同责任", "coresponsibility"),
    "sheet.centrality": ("中心性", "centrality"),
    "sheet.concentration": ("集中度", "concentration"),
    "sheet.about": ("说明", "about"),
    "about.plan": ("方案", "plan"),
    "about.tasks": ("任务数", "tasks"),
    "about.units": ("单位数", "units"),
    "about.lead_support": ("牵头/配合", "lead/support"),
    "about.weights": ("角色权重", "role weights"),
    "about.rule": ("超负荷判定规则", "overload rule"),
    "about.unit_sheets": ("单独成表的超负荷单位", "overloaded units with a sheet of their own"),
    "about.edit": ("修改", "edit"),
    "about.too_long": ("未写入", "not in workbook"),
    # the interactive network page (controls, tooltips, status); the page's script fills {fields}
    "ui.search_placeholder": ("搜索单位或任务（如 任务12）", "Search a unit or task (e.g. Task 12)"),
    "ui.search_label": ("搜索节点", "Search nodes"),
    "ui.find": ("查找", "Find"),
    "ui.chapter": ("章节", "Chapter"),
    "ui.role": ("角色", "Role"),
    "ui.all": ("全部", "All"),
    "ui.lead": ("牵头", "Lead"),
    "ui.support": ("配合", "Support"),
    "ui.unit": ("单位", "Unit"),
    "ui.physics": ("物理模拟", "Physics"),
    "ui.fit": ("适应窗口", "Fit to window"),
    "ui.reset": ("重置", "Reset"),
    "ui.legend": ("图例", "Legend"),
    "ui.none": ("（无）", "(none)"),
    "ui.sep": ("、", ", "),
    "ui.tip_load": ("负荷：{load}（牵头 {n_lead} 项，配合 {n_support} 项）", "Load: {load} (leads {n_lead}, supports {n_support})"),
    "ui.tip_community": ("协作群体：{community}", "Group: {community}"),
    "ui.tip_partners": ("主要协作单位：{partners}", "Main partners: {partners}"),
    "ui.partner": ("{name}（{n} 项）", "{name} ({n})"),
    "ui.task": ("任务 {number}", "Task {number}"),
    "ui.tip_chapter": ("章节：{chapter}", "Chapter: {chapter}"),
    "ui.tip_lead": ("牵头单位：{units}", "Lead: {units}"),
    "ui.tip_support": ("配合单位：{units}", "Support: {units}"),
    "ui.edge_shared": ("{a} — {b}：共同承担 {n} 项任务", "{a} — {b}: {n} shared tasks"),
    "ui.progress": ("布局计算中 {p}%", "Laying out {p}%"),
    "ui.not_found": ("未找到：{q}", "Not found: {q}"),
    "ui.selected": ("已选中：{name}", "Selected: {name}"),
    "ui.counts": ("显示 {nodes} 个节点，{edges} 条连线", "Showing {nodes} nodes, {edges} edges"),
    "ui.role_hint": ("只显示在所选章节中承担该角色的单位", "Only units with this role in the chosen chapter"),
    "ui.no_chapter": ("（无章节）", "(no chapter)"),
    "ui.title_tasks": ("任务—单位责任网络", "Task–unit responsibility network"),
    "ui.title_units": ("单位协作网络", "Unit co-responsibility network"),
    # the network page's legend
    "legend.unit": ("单位", "Unit"),
    "legend.group": ("泛指单位（各部门、相关单位等）", "Catch-all group (all departments, units concerned ...)"),
    "legend.community": ("单位：协作群体 {k}", "Unit: group {k}"),
    "legend.other_groups": ("单位：其他协作群体", "Unit: other groups"),
    "legend.no_group": ("单位：未归类", "Unit: no group"),
    "legend.load_rule": ("负荷（牵头 × {lead} + 配合 × {support}）", "load (lead × {lead} + support × {support})"),
    "legend.unit_size": ("单位（圆点）大小 = {rule}", "Unit (dot) size = {rule}"),
    "legend.node_size": ("节点大小 = {rule}", "Node size = {rule}"),
    "legend.task": ("任务：{chapter}", "Task: {chapter}"),
    "legend.lead": ("牵头（实线、较粗）", "Lead (solid, heavy)"),
    "legend.support": ("配合（虚线、较细）", "Support (dashed, light)"),
    "legend.shared": ("连线粗细 = 共同承担的任务数", "Line width = number of shared tasks"),
}


def words(group: str, lang: str) -> dict[str, str]:
    """``{key: word}`` in ``lang`` of the :data:`LABELS` keyed ``"<group>.<key>"``.

    Examples
    --------
    >>> words("value", "zh")["yes"], words("ui", "en")["find"]
    ('是', 'Find')
    """
    i, head = check_lang(lang) == "en", group + "."
    return {key[len(head):]: pair[i] for key, pair in LABELS.items() if key.startswith(head)}


def label(key: str, lang: str = "zh", *, percent: bool = False, default: str | None = None, **fmt) -> str:
    """What the column, measure or word ``key`` is called in ``lang`` (:data:`LABELS`).

    A key without a label gives ``default``, else the key itself;
    ``percent=True`` adds the unit of a share written in per cent; ``fmt``
    fills a label's fields.

    Examples
    --------
    >>> label("betweenness"), label("share", "en", percent=True), label("top_k_share", k=5)
    ('中介中心性', 'Share of load (%)', '负荷最重的5个单位所占份额')
    """
    pair = LABELS.get(key)
    if pair is None:
        return key if default is None else default
    out = pair[check_lang(lang) == "en"]
    out = out.format(**fmt) if fmt else out
    return out + ("（%）" if lang == "zh" else " (%)") if percent else out


#: Decimals of the Gini coefficient wherever it is written: chart legend, report, key findings.
GINI_DIGITS = 2


def number(x: float, digits: int | None = None) -> str:
    """A number as a sentence or a table shows it: rounded, no trailing zeros.

    ``digits=None`` keeps 1 decimal from 10 up, 2 from 1 up, else 3.

    Examples
    --------
    >>> number(28.0), number(0.537, GINI_DIGITS), number(3.14159), number(0.25, 3), number(10, 0)
    ('28', '0.54', '3.14', '0.25', '10')
    """
    x = float(x)
    if digits is None:
        digits = 1 if abs(x) >= 10 else 2 if abs(x) >= 1 else 3
    return f"{x:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{x:.0f}"


def ascii_punctuation(text: str) -> str:
    """Chinese punctuation as its English form; any other CJK character dropped.

    Examples
    --------
    >>> ascii_punctuation("Haerbin、heihe")
    'Haerbin, heihe'
    """
    out = CJK.sub("", str(text).translate(_PUNCT))
    return re.sub(r"\s+", " ", re.sub(r"\(\s+", "(", out)).strip()


@lru_cache(maxsize=65536)
def _english(name: str) -> str:
    from .english import english_name

    return ascii_punctuation(english_name(name)[0])  # a pinyin name may keep a 、


def unit_labels(units: Iterable, lang: str = "zh", names=None) -> dict[str, str]:
    """``{unit: label}``: the name itself in Chinese, the English name in English.

    ``names`` overrides: a mapping ``{unit: label}`` or a DataFrame with
    ``unit`` and ``english`` columns (as :func:`yjgraph.english.english_names`
    returns).

    Examples
    --------
    >>> unit_labels(["区发改局", "各街道"], "en")
    {'区发改局': 'District Development and Reform Bureau', '各街道': 'all subdistricts'}
    >>> unit_labels(["区发改局"], "zh")
    {'区发改局': '区发改局'}
    """
    check_lang(lang)
    if isinstance(names, pd.DataFrame):
        names = dict(zip(names["unit"].astype(str), names["english"].astype(str), strict=True))
    names = dict(names or {})
    return {str(u): str(names[str(u)]) if str(u) in names else _english(str(u)) if lang == "en" else str(u)
            for u in units}


def chapter_number(no) -> int | None:
    """A chapter number as an integer: ``"三"`` -> 3, ``"十二"`` -> 12, ``"4"`` -> 4; else None.

    Examples
    --------
    >>> [chapter_number(x) for x in ("一", "十", "十二", "二十三", "（四）", "7", "甲")]
    [1, 10, 12, 23, 4, 7, None]
    """
    from .parse.structure import cn_to_int

    if pd.isna(no):
        return None
    s = re.sub(r"[()（）、.．第章部分\s]", "", str(no))
    return int(s) if s.isdigit() else cn_to_int(s)


def chapter_label_en(no, title=None, position: int | None = None,
                     titles: Mapping[str, str] | None = None) -> str:
    """An English chapter label: ``Chapter 3`` or ``Chapter 3. <English title>``.

    ``titles`` maps a chapter's number or Chinese title to an English title.
    A chapter without a readable number is numbered by its ``position`` (1 first).

    Examples
    --------
    >>> chapter_label_en("三", "加强组织保障")
    'Chapter 3'
    >>> chapter_label_en("三", "加强组织保障", titles={"加强组织保障": "Organisation"})
    'Chapter 3. Organisation'
    """
    n = chapter_number(no)
    if n is None and not pd.isna(no) and str(no) and not CJK.search(str(no)):
        n = no  # a number already in Latin letters: "IV"
    head = "Chapter" if n is None and position is None else f"Chapter {position if n is None else n}"
    titles = titles or {}
    english = next((titles[str(k)] for k in (no, title) if not pd.isna(k) and str(k) in titles), None)
    return f"{head}. {english}" if english else head


def task_label(number, task_id) -> str:
    """A task's label without Chinese: its number, else its id (``"T" + digits`` kept as is).

    Examples
    --------
    >>> task_label("12", "12"), task_label("（三）", "3")
    ('12', '3')
    """
    for x in (number, task_id):
        if not pd.isna(x) and str(x) and not CJK.search(str(x)):
            return str(x)
    # a Chinese numbering such as "（三）" or "一": its value, else the id's ASCII characters
    n = chapter_number(number)
    if n is not None:
        return str(n)
    return re.sub(r"[^\x20-\x7e]", "", str(task_id)) or "?"


def short_forms(name: str) -> list[str]:
    """Other ways a plan writes a unit: without its jurisdiction, abbreviated, expanded.

    Examples
    --------
    >>> "发改局" in short_forms("区发展改革局") and "区发改局" in short_forms("区发展改革局")
    True
    """
    from .parse.units import _PREFIX, ABBREVIATIONS, canonical_key

    m = _PREFIX.match(name)
    prefix = m.group(0) if m else ""
    key = canonical_key(name)
    bodies = {key, name[len(prefix):]}
    for short, full in ABBREVIATIONS:
        if short == full:
            continue
        for body in list(bodies):
            if full in body:
                bodies.add(body.replace(full, short))
    out = []
    for body in sorted(bodies):
        for form in (body, prefix + body):
            if form and form != name and form not in out:
                out.append(form)
    return out
