"""What the report says: key findings whose numbers are the tables', captions, one language, no paths."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import yjgraph
from yjgraph.plot import FIGURES
from yjgraph.report import SECTIONS, _page, report_content, write_tables
from yjgraph.summary import key_findings

FILE_NAME = re.compile(r"[\w.-]+\.(?:png|svg|pdf|csv|xlsx|html|docx|txt)\b")


class _Text(HTMLParser):
    """Visible text, element ids and in-page links of a page."""

    def __init__(self):
        super().__init__()
        self.text, self.ids, self.anchors, self._skip = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.anchors.append(a["href"][1:])
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


@pytest.fixture(scope="module")
def analysis():
    return yjgraph.analyze(yjgraph.load_example())


def _fake_figures(out: Path) -> dict[str, list[Path]]:
    return {name: [out / "figures" / f"{name}.png", out / "figures" / f"{name}.pdf"] for name in FIGURES}


def _parse(doc: str) -> _Text:
    p = _Text()
    p.feed(doc)
    return p


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_structure_numbers_and_links(analysis, tmp_path, lang):
    doc = _page(report_content(analysis, _fake_figures(tmp_path), tmp_path, lang=lang))
    p = _parse(doc)
    assert [i for i in p.ids if i in SECTIONS] == list(SECTIONS)
    assert len(p.ids) == len(set(p.ids))
    for ref in p.anchors:  # every link of the summary and the menu lands on an element
        assert ref in p.ids, ref
    kf = key_findings(analysis, lang=lang)
    for ref in kf["ref"]:
        assert ref in p.ids and ref in p.anchors
    word = "图" if lang == "zh" else "Figure "
    numbers = [int(n) for n in re.findall(rf"<b>{word}(\d+)</b>", doc)]
    assert numbers == list(range(1, len(FIGURES) + 1))
    word = "表" if lang == "zh" else "Table "
    numbers = [int(n) for n in re.findall(rf"<caption>{word}(\d+)", doc)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 8
    text = " ".join(p.text)
    assert "True" not in text and "False" not in text and "nan" not in text.split()
    assert not re.search(r"\d\.\d{4,}", text), "numbers are rounded"
    source = str(analysis.plan.meta["source"])
    assert source not in doc and str(Path(source).parent) not in doc, "no machine path"
    assert Path(source).name in text


def test_zh_page_is_chinese_only(analysis, tmp_path):
    doc = _page(report_content(analysis, _fake_figures(tmp_path), tmp_path, lang="zh"))
    p = _parse(doc)
    text = FILE_NAME.sub("", " ".join(p.text))
    assert re.findall(r"[A-Za-z]{2,}", text) == []
    assert "社区" not in text and "社群" not in text
    assert "协作群体1" in text and "协作群体0" not in text
    assert "是" in text and "否" in text


def test_long_tables_are_shortened_and_link_the_full_csv(analysis, tmp_path):
    doc = _page(report_content(analysis, _fake_figures(tmp_path), tmp_path, lang="zh"))
    checks = re.search(r'<table id="tab-check-list">(.*?)</table>(.*?)</p>', doc, re.S)
    n_rows = checks.group(1).count("<tr>") - 1
    assert n_rows < len(analysis.checks)
    assert f"共{len(analysis.checks)}行" in checks.group(2) and 'href="tables/checks.csv"' in checks.group(2)


def _numbers(text: str) -> list[float]:
    return sorted(float(x) for x in re.findall(r"\d+(?:\.\d+)?", text))


def test_numbers_in_the_sentences_are_those_of_the_tables_written(analysis, tmp_path):
    write_tables(analysis, tmp_path)

    def csv(name):
        return pd.read_csv(tmp_path / f"{name}.csv", encoding="utf-8-sig")

    tasks, units, asg = csv("tasks"), csv("units"), csv("assignments")
    wl, conc, checks, pairs, com = (csv("workload"), csv("concentration").set_index("measure")["value"],
                                    csv("checks"), csv("coresponsibility"), csv("communities"))
    role = asg["role"].value_counts()
    n_groups = int(units["is_group"].sum())
    leads = asg[asg["role"] == "lead"].groupby("task_id").size()
    kinds = checks["kind"].value_counts()
    cut = analysis.workload.attrs["threshold_value"]
    expected = {
        "size": [len(tasks), tasks["chapter"].nunique(), tasks[["chapter", "section"]].drop_duplicates().shape[0],
                 len(units), role["lead"], role["support"]] + ([n_groups] if n_groups else []),
        "overload": [round(cut, 1)] + [round(x, 1) for x in wl.loc[wl["overloaded"], "load"]],
        "concentration": [round(conc["gini"], 2), 5, round(100 * conc["top_k_share"], 1)],
        "accountability": [kinds.get(k) for k in ("multiple_leads", "no_lead", "open_ended") if k in kinds]
        + ([leads.idxmax(), leads.max()] if "multiple_leads" in kinds else []),
        "brokers": [],
        "pairs": pairs["shared_tasks"].head(3).tolist(),
        "groups": [com["community"].nunique()] + com["community"].value_counts().sort_index().tolist(),
    }
    kf = key_findings(analysis, lang="zh")
    assert set(kf["key"]) == set(expected)
    for key, text in zip(kf["key"], kf["text"], strict=True):
        assert _numbers(text) == sorted(float(x) for x in expected[key]), (key, text)
    # the brokers named are the top of the centrality table written
    top = pd.read_csv(tmp_path / "centrality.csv", encoding="utf-8-sig").sort_values(
        "betweenness", ascending=False, kind="stable")["unit"].head(3)
    broker = kf.loc[kf["key"] == "brokers", "text"].iloc[0]
    assert all(u in broker for u in top)


def test_en_page_has_no_chinese(analysis, tmp_path):
    doc = _page(report_content(analysis, _fake_figures(tmp_path), tmp_path, lang="en"))
    text = " ".join(_parse(doc).text)
    assert re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", text) == []
    assert "Group 1" in text and "Figure 1" in text
