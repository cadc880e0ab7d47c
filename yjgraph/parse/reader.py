"""The plan reader: lines in, a :class:`~yjgraph.Plan` out.

One pass over the lines builds *items* (chapters, sections, tasks) and
attaches to the open item every role field, verb note and person it meets.
When an item closes, its role lists are settled into lead and support by the
genre's rules (a 牵头 field turns 责任单位 into support; a stated rule such as
``逗号前为牵头单位,下同`` splits a 责任单位 list and holds for the rest of
the plan). Every numbered line ends up in the outline with what became of it,
and everything odd is a finding.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from ..model import ASSIGNMENT_COLUMNS, FINDING_COLUMNS, TASK_COLUMNS, Plan, frame
from .roles import (
    RoleList,
    find_fields,
    find_rule,
    has_field,
    parse_verbs,
    split_list,
)
from .settle import Findings, drop_truncated, one_role_each, settle
from .structure import Heading, match_heading
from .units import CLOSE, OPEN, UNIT_END, is_group_name, resolve_aliases, top_level_index

__all__ = ["parse_lines", "OUTLINE_COLUMNS"]

OUTLINE_COLUMNS = ["line", "level", "number", "title", "status", "task_id"]

_SITE_MARKS = "ICP备|公网安备|版权所有"
#: Web-page chrome: labels that start a line, and site marks anywhere.
_CHROME = re.compile(r"^(主办|承办|协办|技术支持|网站标识码|网站地图|当前位置|您的位置|发布时间|发布日期|发布机构|"
                     r"录入|索引号|浏览次数|访问次数|字号|打印|关闭|【|分享|扫一扫|政府信息公开$|首页)"
                     r"|联系电话.*\d{3}|" + _SITE_MARKS)
#: Site footers, whatever labels they hold (主办单位:某区人民政府 网站标识码 ...)
_FOOTER = re.compile(_SITE_MARKS + "|网站标识码")
#: A chapter heading naming a leader's tasks (张某同志负责的工作): the leader of its tasks
_LEADER_HEADING = re.compile(r"^(.{2,12}?)(同志)?(负责|分管|牵头|联系)(的)?(事项|工作|任务)")
_COUNT = re.compile(r"\s*\(共\s*\d+\s*项\)\s*$")  # 经济发展(共3项): a count after a title
_TABLE_HEADER = re.compile(r"序\s*号")
_SENTENCE_END = re.compile(r"[。;!?]")


@dataclass
class _Item:
    level: str
    number: str
    value: int | None
    line: int
    chapter_no: str | None
    chapter: str | None
    section_no: str | None
    section: str | None
    lines: list[tuple[int, str]] = field(default_factory=list)
    lists: list[RoleList] = field(default_factory=list)
    # persons, deadlines and sources as written: tuples, as most items have none (a 100k-task
    # plan would otherwise hold 300k more lists)
    people: tuple[str, ...] = ()
    deadline: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    closed: bool = False  # a role field was met: later free text is not task text
    from_subitem: bool = False  # a task numbered (1) / ① because the plan has no 1. level


def _trailing_note(text: str) -> tuple[str, str] | None:
    """Split off a bracketed note at the very end of a text: (text before, note content)."""
    stripped = text.rstrip(" 。.;,")
    if not stripped or stripped[-1] not in CLOSE:
        return None
    depth = 0
    for i in range(len(stripped) - 1, -1, -1):
        ch = stripped[i]
        if ch in CLOSE:
            depth += 1
        elif ch in OPEN:
            depth -= 1
            if depth == 0:
                return stripped[:i].rstrip(), stripped[i + 1 : -1].strip()
    return None


def _is_role_note(content: str) -> bool:
    """Whether a bracketed note names roles (牵头单位:X, X牵头,Y配合, X负责 ...)."""
    if any(f.kind not in ("person", "deadline", "source", "unknown") for f in find_fields(content)[1]):
        return True
    verbs = parse_verbs(find_rule(content)[0])
    return bool(verbs) and any(role in ("lead", "support", "responsible") for _, role in verbs)


def _is_subitem(text: str) -> bool:
    h = match_heading(text)
    return h is not None and h.level == "subitem"


def _all_units(text: str) -> bool:
    """Whether every name of a list (role verbs aside) looks like a unit or a group."""
    verbs = parse_verbs(text) or [(text, None)]
    names = [n for chunk, _ in verbs for n in split_list(chunk)[0]]
    return bool(names) and all(UNIT_END.search(n) or is_group_name(n) for n in names)


def _add_verbs(item: _Item, verbs: list[tuple[str, str]], lineno: int) -> None:
    """The lists of ``X牵头,Y配合``; names after the last verb wait for the task's other lists."""
    item.lists.extend(RoleList(chunk, "after_verbs" if role == "unknown" else role, lineno) for chunk, role in verbs)


def _first_sentence(text: str, limit: int = 80) -> str:
    m = _SENTENCE_END.search(text)
    title = text[: m.start()] if m else text
    return title[:limit].strip()


class _Reader:
    def __init__(self, lines: list[str], origins: list[int] | None = None):
        self.lines = lines
        self.origins = origins
        self.findings = Findings()
        self.outline: list[dict] = []
        self.items: list[_Item] = []
        self.rule: str | None = None
        self.first_rule: str | None = None
        self.chapter: tuple[str, str] | None = None
        self.section: tuple[str, str] | None = None
        self.current: _Item | None = None
        self.leader_heading: str | None = None
        self.rules: list[tuple[int, str]] = []

    # -------------------------------------------------------------- scanning
    def run(self, start: int) -> None:
        for idx in range(start, len(self.lines)):
            line = self.lines[idx]
            if not line:
                continue
            lineno = self.line_of(idx)
            heading = match_heading(line)
            if heading is not None and heading.weak and not self._continues(heading):
                heading = None  # "30多家企业..." is text, unless it is the next task number
            if heading is None and len(line) < 200 and _CHROME.search(line) and (
                    _FOOTER.search(line) or not find_fields(line)[1]):
                # site chrome (发布时间, 版权所有 ...); a numbered line is never chrome
                self.findings.add(lineno, "boilerplate_removed", "info",
                                  "web-page boilerplate line left out", line)
                continue
            if heading is not None:
                self._heading(heading, line, lineno)
                continue
            self._body_line(line, lineno)
        self._close()

    def line_of(self, idx: int) -> int:
        """The source line of ``lines[idx]``."""
        return self.origins[idx] if self.origins else idx + 1

    def preamble(self, start: int) -> None:
        """Numbered lines of the covering notice are reported, not read; a rule it states holds."""
        for i in range(start):
            h = match_heading(self.lines[i])
            if h is not None and not h.weak:  # "2024年2月20日" is a date, not a numbered line
                self.findings.add(self.line_of(i), "preamble_item", "info",
                                  "numbered line before the plan proper (covering notice): not a task",
                                  self.lines[i])
                self.outline.append(_outline(self.line_of(i), h.level, h.number, h.rest, "finding"))
            if self.lines[i] and "牵头" in self.lines[i]:
                _, kind, text = find_rule(self.lines[i])
                if kind is not None:
                    self._set_rule(kind, text, self.line_of(i))

    def _continues(self, h: Heading) -> bool:
        last = next((it for it in reversed(self.items) if it.level == "task"), None)
        return last is not None and last.value is not None and h.value == last.value + 1

    def _rule_line(self, line: str, lineno: int) -> bool:
        rest, kind, text = find_rule(line)
        if kind is None:
            return False
        if rest.strip(" :注说明备。") and find_fields(rest)[1]:
            return False
        self._set_rule(kind, text, lineno)
        return True

    def _set_rule(self, kind: str, text: str, lineno: int) -> None:
        if kind == "unknown":
            self.findings.add(lineno, "unknown_rule", "warning",
                              "a rule about lead units that yjgraph cannot read; roles keep the default", text)
            return
        if self.rule is None:
            self.first_rule = kind
        if kind == self.rule:
            return  # the same rule restated
        self.rules.append((lineno, kind))
        self.rule = kind
        self.findings.add(lineno, "rule_stated", "info",
                          f"rule for splitting unit lists: {kind!r} (holds from here on)", text)

    def _heading(self, h: Heading, line: str, lineno: int) -> None:
        promoted = False
        if h.level == "subitem":
            cur = self.current
            if cur is not None and cur.level == "task" and not cur.from_subitem:
                # part of the task above, also after its unit line
                cur.lines.append((lineno, line))
                self.outline.append(_outline(lineno, h.level, h.number, h.rest, "subitem"))
                return
            # no task level above (or the tasks are themselves (1), (2) ...): the sub-item is a task
            h = Heading("task", h.number, h.value, h.rest)
            promoted = True
        self._close()
        if h.level in ("chapter", "section"):
            # 经济发展(共3项): a count, not the title
            h = Heading(h.level, h.number, h.value, _COUNT.sub("", h.rest))
        if h.level == "chapter":
            self.chapter = (h.number, h.rest)
            self.section = None
            m = _LEADER_HEADING.match(h.rest)
            self.leader_heading = m.group(1) if m else None
        elif h.level == "section":
            self.section = (h.number, h.rest)
        item = _Item(
            level=h.level, number=h.number, value=h.value, line=lineno,
            chapter_no=self.chapter[0] if self.chapter else None,
            chapter=self.chapter[1] if self.chapter else None,
            section_no=self.section[0] if self.section and h.level != "chapter" else None,
            section=self.section[1] if self.section and h.level != "chapter" else None,
        )
        item.from_subitem = promoted
        if self.leader_heading and h.level == "task":
            item.people = (self.leader_heading,)
        self.current = item
        self.items.append(item)
        self._text(item, h.rest, lineno)

    def _body_line(self, line: str, lineno: int) -> None:
        item = self.current
        if self._rule_line(line, lineno):
            return
        if _TABLE_HEADER.match(line):
            self.findings.add(lineno, "table_header", "info", "table header line skipped", line)
            return
        if item is None:
            return  # text before the first heading (title, addressees ...)
        head, fields = find_fields(line)
        if fields:
            if head and not item.closed:
                item.lines.append((lineno, head))
            self._fields(item, fields, lineno, line)
            return
        if item.closed:
            return  # free text after the unit line: sub-headings, requirements ...
        item.lines.append((lineno, line))

    def _text(self, item: _Item, text: str, lineno: int) -> None:
        """Text on a heading line: task text, maybe with fields on the same line."""
        head, fields = find_fields(text)
        if head:
            item.lines.append((lineno, head))
        if fields:
            self._fields(item, fields, lineno, text)

    def _fields(self, item: _Item, fields, lineno: int, line: str) -> None:
        for f in fields:
            if f.kind == "person":
                item.people += (f.value,)
            elif f.kind == "deadline":
                item.deadline += (f.value,)
            elif f.kind == "source":
                item.source += (f.value,)
            elif f.kind == "unknown":
                self.findings.add(lineno, "unknown_role_word", "error",
                                  f"unknown role label {f.label!r}: its units were not assigned", line)
                item.closed = True
            else:
                self._add_list(item, f.value, f.kind, lineno, line)
                item.closed = True

    def _add_list(self, item: _Item, text: str, kind: str, lineno: int, line: str) -> None:
        text, rule, rule_text = find_rule(text)
        if rule is not None:
            self._set_rule(rule, rule_text, lineno)
        if not text.strip():
            return
        cut = top_level_index(text, "。")
        if cut is not None and text[cut + 1 :].strip(" 。") and _all_units(text[:cut]):
            # 区发改局按职责分工负责。具体任务均涉及相关市(州)人民政府,不再做分工: the units end at 。
            self.findings.add(lineno, "unit_list_remark", "info",
                              "text after the unit list's first sentence is a remark, not units",
                              text[cut + 1 :])
            text = text[:cut]
        verbs = parse_verbs(text)
        if verbs and (kind in ("division", "responsible") or any(r == "lead" for _, r in verbs) and kind != "lead"):
            _add_verbs(item, verbs, lineno)
            return
        if kind == "division":
            self.findings.add(lineno, "unknown_role_word", "error",
                              "a 分工 sentence without 牵头/负责/配合: its units were not assigned", line)
            return
        item.lists.append(RoleList(text, kind, lineno))

    # -------------------------------------------------------------- closing
    def _close(self) -> None:
        item = self.current
        if item is None:
            return
        self.current = None
        parts = self._paragraphs(item)
        for part in parts:
            self._close_one(part)
            if part.from_subitem and not part.lists:
                part.level = "group"  # (2)住房安全方面。: a sub-heading among sub-item tasks

    def _paragraphs(self, item: _Item) -> list[_Item]:
        """Split an item whose paragraphs each end with their own role note: the paragraphs
        after the first are tasks whose number is missing or unreadable."""
        if item.closed or item.lists:
            return [item]
        noted = [k for k, (_, text) in enumerate(item.lines)
                 if (note := _trailing_note(text)) is not None and _is_role_note(note[1])]
        subs = [k for k, (_, text) in enumerate(item.lines) if k and _is_subitem(text)]
        if item.level == "task" and 0 not in noted and set(noted) & set(subs):
            return self._subitem_tasks(item, subs)
        cuts = [k for k in noted if k not in subs]
        if len(cuts) < 2:
            return [item]
        parts = [item]
        bounds = [0] + [c + 1 for c in cuts[:-1]] + [len(item.lines)]
        lines = item.lines
        item.lines = lines[: bounds[1]]
        for k in range(1, len(bounds) - 1):
            part = self._part(item, k, lines[bounds[k] : bounds[k + 1]], item.level,
                              item.people if self.leader_heading else ())
            self.findings.add(part.line, "unnumbered_task", "warning",
                              f"a paragraph with its own role note after {item.number}: read as a task "
                              "of its own (its number is missing or unreadable)", part.lines[0][1])
            parts.append(part)
        return parts

    def _subitem_tasks(self, item: _Item, subs: list[int]) -> list[_Item]:
        """A task that names no unit over sub-items with role notes of their own: the sub-items
        are the tasks, the task above them a heading (``1.专项整改问题`` / ``(1)…(牵头单位:X)``)."""
        lines = item.lines
        item.lines = lines[: subs[0]]
        item.level = "group"
        self.findings.add(item.line, "subitems_as_tasks", "info",
                          f"{item.number} names no unit but its sub-items do: they are read as tasks",
                          lines[0][1] if lines else "")
        parts = [item]
        for a, b in zip(subs, [*subs[1:], len(lines)]):
            h = match_heading(lines[a][1])
            parts.append(self._part(item, h.number, [(lines[a][0], h.rest), *lines[a + 1 : b]], "task",
                                    item.people, from_subitem=True))
        return parts

    def _part(self, item: _Item, number, lines: list[tuple[int, str]], level: str, people: tuple[str, ...],
              from_subitem: bool = False) -> _Item:
        """A task split off ``item``: numbered ``<item's number>.<number>``, in its chapter."""
        part = _Item(level=level, number=f"{item.number}.{number}", value=None, line=lines[0][0],
                     chapter_no=item.chapter_no, chapter=item.chapter, section_no=item.section_no,
                     section=item.section, lines=lines, people=people, from_subitem=from_subitem)
        self.items.append(part)
        return part

    def _close_one(self, item: _Item) -> None:
        # role notes at the end of the item's text lines
        for k, (lineno, text) in enumerate(item.lines):
            note = _trailing_note(text)
            if note is not None and self._note(item, note[1], lineno):
                item.lines[k] = (lineno, note[0])
        if not item.lists and item.lines:
            self._final_sentence(item)
        if not item.lists and item.lines:
            self._last_cell(item)

    def _last_cell(self, item: _Item) -> None:
        """Units after the last blank of a task's text: a table row flattened with spaces
        (``1 地区生产总值增长7%以上. 发改委、经信委``). Read only when every name there looks
        like a unit."""
        lineno, text = item.lines[-1]
        head, _, cell = text.rstrip(" 。.;").rpartition(" ")
        if not head.strip() or not _all_units(cell):
            return
        item.lists.append(RoleList(cell, "responsible", lineno))
        item.lines[-1] = (lineno, head.rstrip())
        self.findings.add(lineno, "units_after_blank", "info",
                          "units read from the end of the task's line (a table row flattened with blanks)",
                          cell)

    def _final_sentence(self, item: _Item) -> None:
        """A last sentence without brackets such as ``区发改局牵头,区财政局配合。``.

        Read only when every name in it looks like a unit (ends like 局/委/办...
        or is a catch-all group), so ordinary sentences with 负责 stay text.
        """
        lineno, text = item.lines[-1]
        body = text.rstrip(" 。.;")
        cut = max(body.rfind("。"), body.rfind(";"))
        sentence = body[cut + 1 :]
        verbs = parse_verbs(sentence) if sentence else None
        if not verbs or not any(role in ("lead", "responsible") for _, role in verbs) or any(
                r == "unknown" for _, r in verbs):
            return
        if not _all_units(sentence):
            return
        _add_verbs(item, verbs, lineno)
        item.lines[-1] = (lineno, text[: len(body) - len(sentence)].rstrip(" ,"))

    def _note(self, item: _Item, content: str, lineno: int) -> bool:
        """Read a bracketed note; return whether it named roles."""
        head, fields = find_fields(content)
        if fields and not head.strip(" ;,"):
            roles = [f for f in fields if f.kind not in ("person", "deadline", "source")]
            self._fields(item, fields, lineno, content)
            return bool(roles) or bool(fields)
        rest, rule, rule_text = find_rule(content)
        if rule is not None:
            self._set_rule(rule, rule_text, lineno)
            if not parse_verbs(rest):
                return True  # a note that only states the rule
            content = rest
        verbs = parse_verbs(content)
        if not verbs or not any(role in ("lead", "support", "responsible") for _, role in verbs):
            return rule is not None
        names_ok = all(split_list(chunk)[0] for chunk, _ in verbs)
        if not names_ok:
            return False
        _add_verbs(item, verbs, lineno)
        item.closed = True
        return True


# ------------------------------------------------------------------ the whole plan
def _outline(lineno, level, number, title, status, task_id=None) -> dict:
    return {"line": lineno, "level": level, "number": number, "title": title[:80],
            "status": status, "task_id": task_id}


def _joined(item: _Item, sep: str = " ") -> str:
    return sep.join(t for _, t in item.lines if t).strip()


_ANNEX = re.compile(r"附\s*件\s*\d*\s*:?\s*$")
_TITLE_END = re.compile(r"(方案|清单|分工|要点|计划|任务分解|分工表|责任表|台账)(\([^)]*\))?$")


def _body_start(lines: list[str]) -> int:
    """Index of the first line of the plan proper (after a covering notice)."""
    first_field = next((i for i, ln in enumerate(lines) if has_field(ln)), len(lines))
    last_field = next((i for i in reversed(range(len(lines))) if has_field(lines[i])), len(lines))
    annex = [i for i, ln in enumerate(lines[:last_field]) if _ANNEX.match(ln)]
    if annex:
        return annex[-1] + 1
    titles = [
        i for i, ln in enumerate(lines[:first_field])
        if ln and len(ln) <= 80 and _TITLE_END.search(ln) and not re.search("关于印发|的通知|通知$", ln)
        and match_heading(ln) is None and not find_fields(ln)[1]
    ]
    return titles[-1] + 1 if titles else 0


def _meta(lines: list[str], start: int) -> dict:
    title = issuer = date = None
    lines = [ln if len(ln) <= 300 else "" for ln in lines]  # metadata lives on short lines
    for ln in lines:
        m = re.search(r"(.*?)关于印发[《<](.+)[》>]", ln)
        if m:
            issuer = m.group(1).strip() or None
            title = m.group(2).strip()
            break
    if title is None:
        for ln in lines[start - 1 : start + 5] if start else lines[:10]:
            if ln and _TITLE_END.search(ln) and match_heading(ln) is None:
                title = ln
                break
    for ln in lines[start : start + 5]:
        if ln and _TITLE_END.search(ln) and match_heading(ln) is None and len(ln) <= 80:
            title = ln
            break
    for ln in lines:
        if re.search(r"发布(时间|日期)|成文日期", ln) or re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", ln):
            m = re.search(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})", ln)
            if m:
                date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
                break
    return {"title": title, "issuer": issuer, "date": date}


def parse_lines(lines: list[str], *, aliases: Mapping[str, str] | None = None,
                source: str = "<text>", extra_findings: list[dict] | None = None,
                origins: list[int] | None = None) -> Plan:
    """Read normalised lines into a :class:`Plan` (see :func:`yjgraph.read_plan`)."""
    start = _body_start(lines)
    reader = _Reader(lines, origins)
    reader.findings.rows.extend(extra_findings or [])
    reader.preamble(start)
    reader.run(start)
    items = _task_items(reader)
    ids = _task_ids(items)
    _check_numbering(items, reader.findings)
    tasks, cols = _settle_tasks(reader, items, ids)
    df_a = _assignments(cols, aliases, reader.findings)
    df_f = frame(reader.findings.rows, FINDING_COLUMNS)
    if len(df_f):
        order = {"error": 0, "warning": 1, "info": 2}
        df_f = df_f.assign(_s=df_f["severity"].map(order)).sort_values(
            ["line", "_s"], kind="stable", na_position="first").drop(columns="_s").reset_index(drop=True)
    outline = pd.DataFrame(reader.outline, columns=OUTLINE_COLUMNS)
    if len(outline):
        outline = outline.sort_values("line", kind="stable").reset_index(drop=True)
    meta = {**_meta(lines, start), "source": source, "rule": reader.first_rule}
    return Plan(tasks=frame(tasks, TASK_COLUMNS), assignments=df_a, units=None,
                findings=df_f, meta=meta, outline=outline)


def _task_items(reader: _Reader) -> list[_Item]:
    """The items that are tasks; headings and numbered items of a part that names no units
    (requirements, notice) go to the outline and findings."""
    items = reader.items
    has_roles: dict[str | None, bool] = {}
    for item in items:
        has_roles[item.chapter_no] = has_roles.get(item.chapter_no, False) or bool(item.lists)
    chapters = list(has_roles)
    with_roles = [c for c in chapters if has_roles[c]]
    outside = set()
    if with_roles:
        first, last = chapters.index(with_roles[0]), chapters.index(with_roles[-1])
        outside = {c for i, c in enumerate(chapters) if i < first or i > last}
    out = []
    for item in items:
        title = item.lines[0][1] if item.lines else ""
        if item.level in ("chapter", "section", "group") and not item.lists:
            reader.outline.append(_outline(item.line, item.level, item.number, title, "heading"))
        elif item.level == "task" and not item.lists and item.chapter_no in outside:
            reader.findings.add(item.line, "not_a_task", "warning",
                                "numbered item in a part of the document that names no units "
                                "(requirements or notice): not read as a task", _joined(item))
            reader.outline.append(_outline(item.line, item.level, item.number, title, "finding"))
        else:
            out.append(item)
    return out


def _task_ids(items: list[_Item]) -> list[str]:
    """Task ids: the printed number, qualified by chapter only if numbers repeat, then ``~2``."""
    def number_of(it: _Item) -> str:
        return it.number if it.level == "task" else f"({it.number})" if it.level == "section" else f"{it.number}、"

    keys = [number_of(it) for it in items]
    if len(set(keys)) != len(keys):
        # numbers that restart per chapter: qualify by chapter if that separates them
        qualified = [f"{it.chapter_no or ''}.{number_of(it)}".lstrip(".") for it in items]
        if len(set(qualified)) > len(set(keys)):
            keys = qualified
    seen: dict[str, int] = {}
    ids = []
    for k in keys:
        seen[k] = seen.get(k, 0) + 1
        ids.append(k if seen[k] == 1 else f"{k}~{seen[k]}")
    return ids


def _check_numbering(items: list[_Item], findings: Findings) -> None:
    """Gaps and repeats among task numbers (restarts at a new chapter or section are fine)."""
    prev: _Item | None = None
    for it in items:
        if it.level != "task" or it.value is None:
            continue
        if prev is not None and prev.value is not None:
            restart = it.value == 1 and (it.chapter_no != prev.chapter_no or it.section_no != prev.section_no)
            if not restart and it.value != prev.value + 1:
                kind = "numbering_gap" if it.value > prev.value + 1 else "numbering_repeat"
                findings.add(it.line, kind, "warning",
                             f"task {it.number} follows task {prev.number}", _joined(it)[:100])
        elif prev is None and it.value != 1:
            findings.add(it.line, "numbering_gap", "warning",
                         f"the first task is numbered {it.number}", _joined(it)[:100])
        prev = it


def _settle_tasks(reader: _Reader, items: list[_Item], ids: list[str]) -> tuple[list[dict], dict]:
    """Task rows, and the assignment columns with roles settled by the rule in force at each list."""
    rule_lines = [ln for ln, _ in reader.rules]  # in line order: the reader goes top down
    rule_kinds = [kind for _, kind in reader.rules]

    def rule_for(line: int) -> str | None:
        """The rule in force at a line; the first rule holds above the place it is stated."""
        if not rule_kinds:
            return None
        return rule_kinds[max(bisect.bisect_right(rule_lines, line) - 1, 0)]

    findings = reader.findings
    tasks = []
    kinds: dict[str, str] = {}
    cols: dict[str, list] = {"task_id": [], "unit_raw": [], "role": [], "position": [], "line": []}
    for it, tid in zip(items, ids):
        entries, people, open_ended = settle(it.lists, rule_for, findings, tid, kinds)
        text = _joined(it, "\n")
        reader.outline.append(_outline(it.line, it.level, it.number, text, "task", tid))
        if not entries:
            findings.add(it.line, "no_units", "error", f"task {tid} names no unit", text[:200], tid)
        if open_ended:
            findings.add(it.line, "open_ended_list", "info",
                         f"task {tid}: the unit list ends with 等 (open-ended)", "", tid)
        tasks.append({
            "task_id": tid, "number": it.number, "chapter_no": it.chapter_no, "chapter": it.chapter,
            "section_no": it.section_no, "section": it.section, "title": _first_sentence(text),
            "text": text, "line": it.line,
            "deadline": "；".join(it.deadline) or None,
            "leader": "；".join(dict.fromkeys((*it.people, *people))) or None,
            "source": "；".join(it.source) or None, "open_ended": open_ended,
        })
        if it is items[-1]:
            entries = drop_truncated(entries, reader.lines, findings, tid, reader.line_of)
        for pos, (name, role, line) in enumerate(one_role_each(entries, findings, tid), start=1):
            cols["task_id"].append(tid)
            cols["unit_raw"].append(name)
            cols["role"].append(role)
            cols["position"].append(pos)
            cols["line"].append(line)
    return tasks, cols


def _assignments(cols: dict, aliases: Mapping[str, str] | None, findings: Findings) -> pd.DataFrame:
    """The assignments table: spellings resolved to units, each merge a finding, and still one
    row (one role) per unit and task after merging."""
    mapping, reasons = resolve_aliases(cols["unit_raw"], aliases)
    df_a = pd.DataFrame(cols)
    df_a["unit"] = df_a["unit_raw"].map(mapping)
    df_a = frame(df_a, ASSIGNMENT_COLUMNS)
    # each merged spelling is reported once, where it first occurs
    for row in df_a[df_a["unit_raw"].isin(list(reasons))].drop_duplicates("unit_raw").itertuples():
        findings.add(row.line, "alias_merged", "info",
                     f"{row.unit_raw!r} read as {row.unit!r}: {reasons[row.unit_raw]}", row.unit_raw, row.task_id)
    dup = df_a.duplicated(["task_id", "unit"], keep=False)
    if not dup.any():
        return df_a
    keep = []
    for (tid, _), grp in df_a[dup].groupby(["task_id", "unit"], sort=False):
        rows = list(grp.itertuples())
        (_, role, row), = one_role_each([(r.unit, r.role, r) for r in rows], findings, tid, merged=True)
        df_a.loc[row.Index, "role"] = role
        keep.append(row.Index)
    return df_a[~dup | df_a.index.isin(keep)].reset_index(drop=True)
