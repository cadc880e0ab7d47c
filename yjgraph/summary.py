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
    s, groups = a.plan.summary(), int(a.plan.units["is_group"].sum())
    return label("finding.size", lang, groups=label("finding.size_groups", lang, n=groups) if groups else "",
                 **{k: s[k] for k in ("tasks", "chapters", "sections", "units", "lead", "support")})


def _overload(a, lang, english, top) -> str:
    wl = a.workload
    cut = wl.attrs.get("threshold_value")
    flagged = wl[wl["overloaded"]]
    if cut is None or not pd.notna(cut) or cut == float("inf"):
        return ""
    key = "finding.no_overload" if flagged.empty else "finding.overload_one" if len(flagged) == 1 else "finding.overload"
    return label(key, lang, cut=number(cut, 1), units=_join([english.get(u, u) for u in flagged.index], lang),
                 loads=("、" if lang == "zh" else ", ").join(number(x, 1) for x in flagged["load"]))


def _concentration(a, lang, english, top) -> str:
    c = a.concentration
    return label("finding.concentration", lang, gini=number(float(c["gini"]), GINI_DIGITS),
                 k=int(c.attrs.get("top_k", 5)), head=number(100 * float(c["top_k_share"]), 1))


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
    return label("finding.accountability", lang, parts=("；" if lang == "zh" else "; ").join(parts))


def _brokers(a, lang, english, top) -> str:
    c = a.centrality
    if "betweenness" not in c or c["betweenness"].max() <= 0:
        return ""
    heads = c["betweenness"].sort_values(ascending=False, kind="stable").head(top)
    return label("finding.brokers", lang, units=_join([english.get(u, u) for u in heads.index], lang))


def _pairs(a, lang, english, top) -> str:
    pairs = a.coresponsibility.head(top)
    if pairs.empty:
        return ""
    items = [label("finding.pair", lang, a=english.get(x, x), b=english.get(y, y), n=n)
             for x, y, n in zip(pairs["unit_a"], pairs["unit_b"], pairs["shared_tasks"])]
    return label("finding.pairs", lang, pairs=("、" if lang == "zh" else "; ").join(items))


def _groups(a, lang, english, top) -> str:
    com = a.communities
    if com.empty:
        return ""
    sizes = [str(int(x)) for x in com["community"].value_counts().sort_index()]
    return label("finding.groups", lang, n=len(sizes), sizes=_join(sizes, lang))
