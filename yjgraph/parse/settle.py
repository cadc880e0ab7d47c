"""Settling roles: a task's unit lists (as found, with their kind) into one row per unit.

The reader (:mod:`yjgraph.parse.reader`) collects for each task its unit lists
with the kind of field or verb that named them (``lead``, ``support``,
``responsible``, ``combined``, ``after_verbs``). Here they become
``(unit as written, role, line)`` entries by the genre's rules: a 牵头 field
turns the other lists into support, a stated rule splits a 责任单位 list,
a role marked on a name wins, persons are set apart, and each unit keeps one
role per task.
"""

from __future__ import annotations

import re

from .roles import split_by_rule, split_list
from .units import _LEVEL, CLOSE, HAN, PERSON_TITLE, SENTENCE_MARK, UNIT_END, is_group_name

__all__ = ["Findings", "settle", "one_role_each", "drop_truncated"]

_LEAD_MARKS = ("牵头", "牵头单位", "牵头部门", "主责", "负责")
_ROLE_MARK = re.compile(r"[(\[〔【](牵头单位|牵头部门|牵头|主责|负责|配合|配合单位|协同|参与)[)\]〕】]$")
_HAS_WORD = re.compile(rf"[{HAN}A-Za-z]")
_LEVEL_ONLY = re.compile(rf"^{_LEVEL}$")  # 区, 县: a name cut short, not a unit


class Findings:
    """The findings table being built: one dict per row."""

    def __init__(self):
        self.rows: list[dict] = []

    def add(self, line, kind, severity, message, text="", task_id=None):
        self.rows.append(
            {"line": line, "kind": kind, "severity": severity, "task_id": task_id,
             "message": message if len(message) <= 500 else message[:499] + "…",  # a huge line once
             "text": (text or "")[:300]}
        )


def _name_kind(name: str) -> str:
    """``"unit"``, ``"person"`` (张某同志, 李四区长) or ``"bad"`` (not readable as a name)."""
    if PERSON_TITLE.search(name) and (name.endswith("同志") or not UNIT_END.search(name)):
        return "person"
    if len(name) > 40 or SENTENCE_MARK.search(name) or not _HAS_WORD.search(name) or _LEVEL_ONLY.match(name):
        return "bad"
    return "unit"


def settle(lists, rule_for, findings: Findings, task_id: str, kinds: dict[str, str] | None = None):
    """Turn a task's role lists into ``(unit_raw, role, line)`` entries, the persons named
    in them and whether a list was open-ended (``等``).

    ``kinds`` (optional) is the kind of each name already seen (``{name: "unit"|"person"|"bad"}``),
    shared by the tasks of one plan and filled here: a plan names the same units again and
    again."""
    kinds = {} if kinds is None else kinds
    has_lead = any(rl.kind == "lead" for rl in lists)
    pieces: list[tuple[str, str, int]] = []  # (list text, role, line)
    for rl in lists:
        if rl.kind in ("lead", "support"):
            pieces.append((rl.text, rl.kind, rl.line))
        elif rl.kind == "after_verbs" or has_lead:  # 牵头单位 | 责任单位: the 责任单位 support
            pieces.append((rl.text, "support" if has_lead else "lead", rl.line))
            if rl.kind == "after_verbs":
                findings.add(rl.line, "role_unstated", "warning", "units after the last role verb: read as "
                             + ("support" if has_lead else "lead"), rl.text, task_id)
        else:  # responsible or combined (责任主体与协同单位): split by the rule in force
            rule = rule_for(rl.line) or ("first" if rl.kind == "combined" else None)
            pieces.extend((chunk, role, rl.line) for chunk, role in split_by_rule(rl.text, rule))
    entries: list[tuple[str, str, int]] = []
    people: list[str] = []
    open_ended = False
    for text, role, line in pieces:
        names, etc, problems = split_list(text)
        open_ended |= etc
        for p in problems:
            findings.add(line, "unbalanced_brackets", "warning", p, text, task_id)
        # a role marked on a name itself: 区发改局(牵头)、区财政局 -> the marked unit leads, the rest support
        marks = [_ROLE_MARK.search(n) for n in names]
        marked = any(m and m.group(1) in _LEAD_MARKS for m in marks)
        first = True
        for name, mark in zip(names, marks):
            r = role
            if role == "first":
                r = "lead" if first else "support"
            elif role == "star":  # 区农业农村委*: the starred units lead (加*号为牵头部门)
                r = "lead" if name.endswith("*") else "support"
                name = name.rstrip("*").rstrip()
            first = False
            if mark:
                name = name[: mark.start()].rstrip()
                r = "lead" if mark.group(1) in _LEAD_MARKS else "support"
            elif marked and role != "support":
                r = "support"
            what = kinds.get(name)
            if what is None:
                what = kinds[name] = _name_kind(name)
            if what == "person":
                people.append(name)
                findings.add(line, "person_in_unit_list", "info",
                             f"{name!r} is a person: kept as the task's leader, not a unit", text, task_id)
                continue
            if what == "bad":
                findings.add(line, "unsplittable_units", "error",
                             f"cannot read {name!r} as a unit name", text, task_id)
                continue
            entries.append((name, r, line))
    return entries, people, open_ended


def one_role_each(entries, findings: Findings, task_id: str, merged: bool = False):
    """One entry per name, in first-seen order: a name listed twice keeps its strongest role
    (lead), with a ``role_conflict`` finding (or ``duplicate_unit`` when the roles agree)."""
    first: dict[str, int] = {}
    out: list[tuple] = []
    after = " (after merging spellings)" if merged else ""
    for name, role, line in entries:
        if name not in first:
            first[name] = len(out)
            out.append((name, role, line))
            continue
        i = first[name]
        before = out[i][1]
        at = line if isinstance(line, int) else getattr(line, "line", None)
        if before == role:
            findings.add(at, "duplicate_unit", "warning",
                         f"{name!r} is listed twice as {role} in task {task_id}{after}", name, task_id)
        else:
            findings.add(at, "role_conflict", "warning",
                         f"{name!r} is named both lead and support of task {task_id}{after}: kept as lead",
                         name, task_id)
            if role == "lead":
                out[i] = (name, "lead", out[i][2])
    return out


def drop_truncated(entries, lines: list[str], findings: Findings, task_id: str, line_of):
    """The document's last unit when the text breaks off inside it (``责任单位:区``,
    ``人行芜湖`` at the very end of a cut copy): a finding, not a unit."""
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i]), None)
    if not entries or last is None:
        return entries
    name, _, line = entries[-1]
    tail = lines[last].rstrip()
    if line != line_of(last) or tail.endswith(("。", ";", ".", *CLOSE)) or not tail.endswith(name) or (
            UNIT_END.search(name) or is_group_name(name)):
        return entries
    findings.add(line, "truncated_unit", "warning",
                 f"the text ends inside a unit name: {name!r} of task {task_id} left out", tail, task_id)
    return entries[:-1]
