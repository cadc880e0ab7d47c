"""Key findings in words: the sentences a report opens with, written from one :class:`Analysis`.

Every number in a sentence is read from the analysis's tables (the same ones
the report writes), so the words and the tables cannot disagree. Sentences
come in Chinese (``lang="zh"``) or English (``lang="en"``, unit names in
English through :mod:`yjgraph.english`); each names the figure or table
behind it (``ref``), which a report turns into a link.
"""

from __future__ import annotations

import pandas as pd

from ._lang import GINI_DIGITS, check_lang, label, number, unit_labels

__all__ = ["key_findings"]

#: What each finding is about, in report order, with the figure or table behind it.
TOPICS = {
    "size": "tab-summary",
    "overload": "fig-workload",
    "concentration": "fig-lorenz",
    "accountability": "tab-checks",
    "brokers": "fig-centrality",
    "pairs": "fig-coresponsibility",
    "groups": "fig-communities",
}


def _names(units, lang: str, english: dict[str, str]) -> list[str]:
    return [english.get(u, u) if lang == "en" else u for u in units]


def _join(items: list[str], lang: str) -> str:
    if lang == "zh":
        return "、".join(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def key_findings(analysis, *, lang: str = "zh", top: int = 3) -> pd.DataFrame:
    """The key findings of an analysis, one sentence each.

    Parameters
    ----------
    analysis : Analysis
        From :func:`yjgraph.analyze`.
    lang : {"zh", "en"}
    top : int
        How many units or pairs a sentence names at most.

    Returns
    -------
    DataFrame
        ``key`` (one of :data:`TOPICS`), ``text`` and ``ref`` (the figure or
        table behind it), in report order; a topic with nothing to say is
        left out.

    Examples
    --------
    >>> kf = key_findings(yjgraph.analyze(yjgraph.load_example()))
    >>> kf["key"].tolist()
    ['size', 'overload', 'concentration', 'accountability', 'brokers', 'pairs', 'groups']
    >>> print(kf.loc[kf["key"] == "overload", "text"].iloc[0])
    区经济科技信息化局、区发展改革局的工作负荷超过判定阈值21.1，分别为30.5、28。
    """
    english = unit_labels(analysis.plan.units["unit"], "en") if check_lang(lang) == "en" else {}
    rows = []
    for key, make in (("size", _size), ("overload", _overload), ("concentration", _concentration),
                      ("accountability", _accountability), ("brokers", _brokers), ("pairs", _pairs),
                      ("groups", _groups)):
        text = make(analysis, lang, english, top)
        if text:
            rows.append({"key": key, "text": text, "ref": TOPICS[key]})
    return pd.DataFrame(rows, columns=["key", "text", "ref"])


def _size(a, lang, english, top) -> str:
    s = a.plan.summary()
    groups = int(a.plan.units["is_group"].sum())
    if lang == "zh":
        return (f"方案共{s['tasks']}项任务，分属{s['chapters']}章{s['sections']}节，涉及{s['units']}个单位"
                + (f"（其中{groups}个为泛指的单位群体）" if groups else "")
                + f"；牵头分工{s['lead']}项，配合分工{s['support']}项。")
    return (f"The plan has {s['tasks']} tasks in {s['chapters']} chapters and {s['sections']} sections, "
            f"assigned to {s['units']} units" + (f" ({groups} of them catch-all groups)" if groups else "")
            + f": {s['lead']} lead and {s['support']} support assignments.")


def _overload(a, lang, english, top) -> str:
    wl = a.workload
    cut = wl.attrs.get("threshold_value")
    flagged = wl[wl["overloaded"]]
    if cut is None or not pd.notna(cut) or cut == float("inf"):
        return ""
    if flagged.empty:
        return (f"没有单位的工作负荷超过判定阈值{number(cut, 1)}。" if lang == "zh"
                else f"No unit's load is above the threshold of {number(cut, 1)}.")
    units = _names(flagged.index, lang, english)
    loads = [number(x, 1) for x in flagged["load"]]
    if lang == "zh":
        return f"{_join(units, lang)}的工作负荷超过判定阈值{number(cut, 1)}，分别为{'、'.join(loads)}。"
    if len(units) == 1:
        return f"The load of {units[0]} is above the threshold of {number(cut, 1)} ({loads[0]})."
    return (f"The loads of {_join(units, lang)} are above the threshold of {number(cut, 1)} "
            f"({', '.join(loads)} respectively).")


def _concentration(a, lang, english, top) -> str:
    c = a.concentration
    k = int(c.attrs.get("top_k", 5))
    gini, head = float(c["gini"]), 100 * float(c["top_k_share"])
    if lang == "zh":
        return f"负荷分布的基尼系数为{number(gini, GINI_DIGITS)}，负荷最重的{k}个单位承担了全部负荷的{number(head, 1)}%。"
    return f"The Gini coefficient of the load is {number(gini, GINI_DIGITS)}; the {k} heaviest units carry {number(head, 1)}% of it."


#: The accountability checks a sentence counts (its words: the ``finding.<kind>`` labels).
_ACCOUNTABILITY = ("multiple_leads", "no_lead", "open_ended")


def _accountability(a, lang, english, top) -> str:
    checks = a.checks
    n = {kind: int((checks["kind"] == kind).sum()) for kind in _ACCOUNTABILITY}
    if not any(n.values()):
        return ""
    leads = a.plan.assignments[a.plan.assignments["role"] == "lead"].groupby("task_id").size()
    worst, most = (leads.idxmax(), int(leads.max())) if n["multiple_leads"] else (None, 0)
    parts = [label(f"finding.{kind}", lang, n=count, worst=worst, most=most) for kind, count in n.items() if count]
    if lang == "zh":
        return "责任落实方面，" + "；".join(parts) + "。"
    return "On accountability, " + "; ".join(parts) + "."


def _brokers(a, lang, english, top) -> str:
    c = a.centrality
    if "betweenness" not in c or c["betweenness"].max() <= 0:
        return ""
    heads = c["betweenness"].sort_values(ascending=False, kind="stable").head(top)
    units = _names(heads.index, lang, english)
    if lang == "zh":
        return f"在任务—单位网络中，中介中心性最高的是{_join(units, lang)}，它们连接着最多的其他单位。"
    return (f"In the task–unit network, {_join(units, lang)} have the highest betweenness: "
            "they connect the most other units.")


def _pairs(a, lang, english, top) -> str:
    pairs = a.coresponsibility.head(top)
    if pairs.empty:
        return ""
    if lang == "zh":
        items = [f"{a_}与{b_}（{n}项）" for a_, b_, n in
                 zip(pairs["unit_a"], pairs["unit_b"], pairs["shared_tasks"])]
        return f"共同承担任务最多的单位组合是{'、'.join(items)}。"
    items = [f"{english.get(a_, a_)} with {english.get(b_, b_)} ({n} tasks)" for a_, b_, n in
             zip(pairs["unit_a"], pairs["unit_b"], pairs["shared_tasks"])]
    return f"The units that share the most tasks are {'; '.join(items)}."


def _groups(a, lang, english, top) -> str:
    com = a.communities
    if com.empty:
        return ""
    sizes = com["community"].value_counts().sort_index()
    if lang == "zh":
        return (f"按共同承担的任务，单位可分为{len(sizes)}个协作群体，"
                f"各有{'、'.join(str(int(x)) for x in sizes)}个单位。")
    return (f"By the tasks they share, the units form {len(sizes)} groups of "
            f"{_join([str(int(x)) for x in sizes], lang)} units.")
