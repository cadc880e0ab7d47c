"""Shared fixtures: a tiny hand-built plan with answers computable by hand, and the seed plan."""

from __future__ import annotations

import pytest

import yjgraph
from yjgraph import Plan

# Tiny plan used across analysis tests. By hand:
#   task 1: A lead, B lead, C support
#   task 2: A lead, C support
#   task 3: B lead
#   task 4: D lead, A support, E support   (chapter 二)
TINY = [
    ("1", "A", "lead"), ("1", "B", "lead"), ("1", "C", "support"),
    ("2", "A", "lead"), ("2", "C", "support"),
    ("3", "B", "lead"),
    ("4", "D", "lead"), ("4", "A", "support"), ("4", "E", "support"),
]
TINY_TASKS = [
    {"task_id": "1", "chapter_no": "一", "chapter": "甲", "section_no": "一", "section": "子", "title": "任务一", "text": "任务一。"},
    {"task_id": "2", "chapter_no": "一", "chapter": "甲", "section_no": "一", "section": "子", "title": "任务二", "text": "任务二。"},
    {"task_id": "3", "chapter_no": "一", "chapter": "甲", "section_no": "二", "section": "丑", "title": "任务三", "text": "任务三。"},
    {"task_id": "4", "chapter_no": "二", "chapter": "乙", "section_no": "三", "section": "寅", "title": "任务四", "text": "任务四。"},
]


@pytest.fixture
def tiny_plan() -> Plan:
    return Plan.from_assignments(
        [{"task_id": t, "unit": u, "role": r} for t, u, r in TINY], TINY_TASKS
    )


@pytest.fixture(scope="session")
def seed_plan() -> Plan:
    return yjgraph.load_example()
