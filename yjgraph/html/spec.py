"""The plain spec of an interactive network: nodes, edges, options as dicts.

Everything the page draws is computed here from the plan's tables with
vectorised pandas and sparse matrices (no per-node networkx calls), so a
plan of ten thousand nodes builds in well under a second. The spec is plain
JSON-ready Python (str, int, float, bool, list, dict), easy to test without a
browser; :mod:`yjgraph.html.render` turns it into one HTML document.

Node ids are the keys of :func:`yjgraph.to_networkx`: ``"task:<id>"`` and
``"unit:<name>"``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._lang import LABELS, chapter_label_en, label, short_forms, task_label, unit_labels, words
from ..analysis.workload import sums_of
from ..graph import biadjacency, task_node, unit_node
from ..model import Plan, resolve_weights

__all__ = ["network_spec", "VIEWS", "FONT_FACE", "UI_TEXT", "ui_text"]

#: The views :func:`network_spec` can draw.
VIEWS = ("tasks", "units")

#: Font stack for labels: a CJK face first so Chinese draws on every system.
FONT_FACE = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

#: Unit colours by community (Tableau 10); communities past the palette are grey.
COMMUNITY_COLORS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#17becf",
)
OTHER_COLOR = "#9d9d9d"
#: Unit colours by kind when no communities are known.
KIND_COLORS = {False: "#4e79a7", True: "#f28e2b"}
#: Task colours by chapter (ColorBrewer Set3, cycled).
CHAPTER_COLORS = (
    "#8dd3c7", "#fdb462", "#bebada", "#fb8072", "#80b1d3", "#b3de69",
    "#fccde5", "#bc80bd", "#ccebc5", "#ffed6f", "#d9d9d9", "#a6cee3",
)

#: Every word of the page (controls, tooltips, status) in Chinese and English, the ``ui.<key>``
#: labels of :data:`yjgraph._lang.LABELS`; ``{name}`` fields are filled by the page's script.
UI_TEXT: dict[str, tuple[str, str]] = {k[3:]: v for k, v in LABELS.items() if k.startswith("ui.")}


def ui_text(lang: str = "zh") -> dict[str, str]:
    """The page's words in ``lang``: ``{key: text}`` (see :data:`UI_TEXT`).

    Examples
    --------
    >>> ui_text("en")["find"], ui_text("zh")["find"]
    ('Find', '查找')
    """
    return words("ui", lang)


EDGE_STYLE = {"lead": {"width": 2.6, "dashes": False, "color": "#4d4d4d"},
              "support": {"width": 1.0, "dashes": [5, 4], "color": "#9a9a9a"}}
TOP_PARTNERS = 5


def _str(s: pd.Series) -> pd.Series:
    """Strings with missing values as ``""`` (object dtype, JSON-ready)."""
    return s.astype("string").fillna("").astype(object)


def _num(x: float) -> float | int:
    """A float that prints without noise (``2.0`` -> ``2``)."""
    x = round(float(x), 6)
    return int(x) if x.is_integer() else x


def _lists(keys, values, n: int) -> list[list]:
    """``values`` grouped into ``n`` lists by integer ``keys`` (order kept)."""
    out: list[list] = [[] for _ in range(n)]
    for k, v in zip(np.asarray(keys).tolist(), values, strict=True):
        out[k].append(v)
    return out


def _records(columns: Mapping[str, object], n: int) -> list[dict]:
    """Row dicts from ``n``-long columns (arrays, Series, lists) or scalars, as plain Python values."""
    cols = [col.tolist() if isinstance(col, (pd.Series, pd.Index, np.ndarray))
            else col if isinstance(col, list) else [col] * n for col in columns.values()]
    return [dict(zip(columns, row, strict=True)) for row in zip(*cols, strict=True)]


def _edges(plan: Plan, B) -> pd.DataFrame:
    """One row per task-unit edge (strongest role), in print order within a task."""
    coo = B.roles.tocoo()
    e = pd.DataFrame({"t": coo.row.astype(np.int64), "u": coo.col.astype(np.int64),
                      "role": np.where(coo.data == 1, "lead", "support")})
    e["task_id"] = B.tasks.to_numpy()[e["t"].to_numpy()]
    e["unit"] = B.units.to_numpy()[e["u"].to_numpy()]
    asg = plan.assignments.assign(task_id=plan.assignments["task_id"].astype(str))
    pos = asg.groupby(["task_id", "unit"], sort=False, observed=True)["position"].min().astype("float64")
    e = e.join(pos, on=["task_id", "unit"])
    return e.sort_values(["t", "position", "unit"], kind="stable", na_position="last").reset_index(drop=True)


def _chapters(tasks: pd.DataFrame, lang: str = "zh", titles: Mapping | None = None) -> pd.DataFrame:
    """Chapters in order of first appearance: key, label, color; plus each task's index."""
    no = _str(tasks["chapter_no"])
    title = _str(tasks["chapter"])
    key = no.where(no != "", title)
    codes, uniques = pd.factorize(key)
    if lang == "en":
        names = pd.Series([chapter_label_en(n or None, t or None, int(c) + 1, titles)
                           for n, t, c in zip(no, title, codes, strict=True)], index=tasks.index)
    else:
        names = pd.Series(np.where((no != "") & (title != "") & (title != no), no + "、" + title,
                                   np.where(no != "", no, title)), index=tasks.index)
    names = names.where(key != "", label("ui.no_chapter", lang))
    first = pd.Series(names.to_numpy()).groupby(codes).first()
    ch = pd.DataFrame({"key": list(uniques), "label": first.reindex(range(len(uniques))).tolist()})
    ch["color"] = [CHAPTER_COLORS[i % len(CHAPTER_COLORS)] for i in range(len(ch))]
    ch.attrs["codes"] = codes
    return ch


def _communities(plan: Plan, communities, weights) -> pd.Series | None:
    """Community number per unit, or None to colour by kind."""
    if communities is False:
        return None
    if communities is None:
        from ..analysis.coresponsibility import communities as find_communities

        communities = find_communities(plan, weights=weights)
    if isinstance(communities, pd.DataFrame):
        if "community" not in communities:
            raise ValueError("communities needs a 'community' column indexed by unit")
        s = communities["community"]
    elif isinstance(communities, pd.Series):
        s = communities
    elif isinstance(communities, Mapping):
        s = pd.Series(dict(communities), dtype="float64")
    else:
        raise TypeError("communities must be a DataFrame indexed by unit with a 'community' column, "
                        f"a Series, a mapping, None or False; got {type(communities).__name__}")
    s = pd.to_numeric(s, errors="coerce")
    s.index = s.index.astype(str)
    return s


def _unit_table(plan: Plan, B, C, communities, weights,
                lang: str = "zh", names=None) -> tuple[pd.DataFrame, list]:
    """Per unit: load, counts, partners (from the unit x unit matrix ``C``), colour, community; and
    the unit legend."""
    sums = sums_of(B)  # the load every table and chart shows
    load = sums["load"].to_numpy(float)
    u = pd.DataFrame({"unit": B.units.to_numpy(), "load": load,
                      "n_lead": sums["n_lead"].to_numpy(int), "n_support": sums["n_support"].to_numpy(int)})
    is_group = plan.units.set_index(plan.units["unit"].astype(str))["is_group"]
    u["is_group"] = is_group.reindex(u["unit"]).fillna(False).astype(bool).to_numpy()
    shown = unit_labels(B.units, lang, names)
    u["label"] = [shown[str(x)] for x in u["unit"]]
    p = pd.DataFrame({"a": C.row, "b": C.col, "n": C.data.astype(int)})
    p = p[p["a"] != p["b"]].assign(name=lambda d: u["label"].to_numpy()[d["b"].to_numpy()])
    p = p.sort_values(["a", "n", "name"], ascending=[True, False, True], kind="stable")
    top = p.groupby("a", sort=False).head(TOP_PARTNERS)
    u["partners"] = _lists(top["a"], [list(x) for x in zip(top["name"], top["n"].tolist())], len(u))
    legend = []
    comm = _communities(plan, communities, weights)
    if comm is not None:
        c = comm.reindex(u["unit"]).to_numpy()
        known = ~np.isnan(c)
        ci = np.where(known, c, -1).astype(int)
        inpal = known & (ci >= 0) & (ci < len(COMMUNITY_COLORS))
        u["color"] = np.where(inpal, np.array(COMMUNITY_COLORS)[np.clip(ci, 0, len(COMMUNITY_COLORS) - 1)],
                              OTHER_COLOR)
        u["community"] = pd.Series([int(x) if k else None for x, k in zip(ci, known, strict=True)], dtype=object)
        for k in sorted(set(ci[inpal].tolist())):
            legend.append({"type": "node", "shape": "dot", "color": COMMUNITY_COLORS[k],
                           "label": label("legend.community", lang, k=k + 1)})
        if (~inpal).any():
            legend.append({"type": "node", "shape": "dot", "color": OTHER_COLOR,
                           "label": label("legend.other_groups" if known.any() else "legend.no_group", lang)})
    else:
        u["color"] = np.where(u["is_group"], KIND_COLORS[True], KIND_COLORS[False])
        u["community"] = None
        for g in (False, True):
            if (u["is_group"] == g).any():
                legend.append({"type": "node", "shape": "dot", "color": KIND_COLORS[g],
                               "label": label("legend.group" if g else "legend.unit", lang)})
    top_load = float(load.max()) if len(load) and load.max() > 0 else 1.0
    u["size"] = 12.0 + 26.0 * np.sqrt(np.clip(load, 0, None) / top_load)
    u["id"] = [unit_node(x) for x in u["unit"]]
    return u, legend


def _options(n_nodes: int, extra: Mapping | None) -> dict:
    # a big page must open quickly: fewer layout iterations, drawn less often
    iterations = 400 if n_nodes <= 300 else 200 if n_nodes <= 2000 else 40
    big = n_nodes > 2000
    options = {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 300},
        "nodes": {"borderWidth": 1, "font": {"face": FONT_FACE, "size": 14, "color": "#222222"}},
        "edges": {"smooth": False, "selectionWidth": 1.5},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "multiselect": False, "navigationButtons": False, "keyboard": False},
        "physics": {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.012, "springLength": 90,
                                 "springConstant": 0.06, "damping": 0.5, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 100 if big else 25,
                              "fit": True},
            "minVelocity": 0.75,
        },
    }
    return _merge(options, extra or {})


def _merge(base: dict, extra: Mapping) -> dict:
    out = dict(base)
    for k, v in extra.items():
        out[k] = _merge(out[k], v) if isinstance(v, Mapping) and isinstance(out.get(k), dict) else v
    return out


def network_spec(plan: Plan, *, view: str = "tasks", weights: Mapping[str, float] | None = None,
                 communities=None, options: Mapping | None = None, title: str | None = None, lang: str = "zh",
                 names=None, chapter_titles: Mapping[str, str] | None = None, task_texts: bool | None = None) -> dict:
    """The plain spec of an interactive network of a plan.

    Parameters
    ----------
    plan : Plan
    view : {"tasks", "units"}
        ``"tasks"``: the two-mode task-unit network; ``"units"``: the unit
        co-responsibility network (edge weight = number of shared tasks).
    weights : mapping, optional
        Role weights for unit load, default ``{"lead": 1.0, "support": 0.5}``.
    communities : DataFrame, Series, mapping, None or False
        Community number per unit (a DataFrame indexed by unit with a
        ``community`` column, as from
        ``yjgraph.analysis.coresponsibility.communities``). ``None`` computes
        them with that function when it is available; ``False`` colours units
        by kind instead.
    options : mapping, optional
        vis-network options merged (deeply) over the defaults.
    title : str, optional
        Page title, default the plan's title (in English: the kind of network).
    lang : {"zh", "en"}
        Language of every word the page shows: controls, tooltips, legend,
        chapters and unit names (English names from
        :func:`yjgraph.english.english_names`). In English a task is its
        number and a chapter ``Chapter N``; the plan's Chinese texts are left
        out unless ``task_texts=True`` or ``chapter_titles`` gives English titles.
    names : mapping or DataFrame, optional
        ``{unit: label}`` overriding the unit names shown.
    chapter_titles : mapping, optional
        ``{chapter number or Chinese title: English title}`` (``lang="en"``).
    task_texts : bool, optional
        Show each task's text in its tooltip (default: in Chinese only).

    Returns
    -------
    dict
        ``title, view, lang, weights, nodes, edges, chapters, legend, ui, options``
        (``ui``: the page's words, :func:`ui_text`).
        Nodes carry vis-network fields (``id, label, color, size, shape,
        font``) plus ``kind``, ``search`` (the name offered while typing),
        ``aliases`` (other names the search finds: the plan's spellings, short
        forms such as ``发改局``, the Chinese and English names) and ``tip``
        (tooltip data);
        task nodes ``chapter`` (index into ``chapters``); unit nodes in the
        units view ``lead_ch`` / ``sup_ch`` (chapters where they lead /
        support). Edges carry ``id, from, to, width, dashes, color`` and
        ``role`` (tasks view) or ``shared`` = shared tasks (units view).

    Examples
    --------
    >>> from yjgraph.html import network_spec
    >>> plan = yjgraph.Plan.from_assignments([("1", "区发改局", "lead"), ("1", "区财政局", "support"),
    ...                                       ("2", "区财政局", "lead")])
    >>> spec = network_spec(plan, communities=False)
    >>> [n["id"] for n in spec["nodes"]]
    ['task:1', 'task:2', 'unit:区发改局', 'unit:区财政局']
    >>> [(e["from"], e["to"], e["role"], e["dashes"]) for e in spec["edges"]]
    [('task:1', 'unit:区发改局', 'lead', False), ('task:1', 'unit:区财政局', 'support', [5, 4]), ('task:2', 'unit:区财政局', 'lead', False)]
    >>> spec["nodes"][3]["tip"]["load"], spec["nodes"][3]["tip"]["partners"]
    (1.5, [['区发改局', 1]])
    >>> units = network_spec(plan, view="units", communities=False)
    >>> [(e["from"], e["to"], e["shared"]) for e in units["edges"]]
    [('unit:区发改局', 'unit:区财政局', 1)]
    >>> en = network_spec(plan, communities=False, lang="en")
    >>> en["nodes"][2]["label"], en["nodes"][0]["tip"]["lead"], en["ui"]["find"]
    ('District Development and Reform Bureau', ['District Development and Reform Bureau'], 'Find')
    >>> "发展改革局" in en["nodes"][2]["aliases"]
    True
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, got {view!r}")
    ui = ui_text(lang)  # and a ValueError for another language
    w = resolve_weights(weights)
    B = biadjacency(plan, weights=w)
    C = sp.coo_array(B.binary.T @ B.binary)  # tasks shared by two units
    e = _edges(plan, B)
    u, unit_legend = _unit_table(plan, B, C, communities, w, lang, names)
    tasks = plan.tasks.reset_index(drop=True)
    ch = _chapters(tasks, lang, chapter_titles)
    codes, chapters = ch.attrs["codes"], ch.to_dict("records")
    unit_nodes = _unit_nodes(u, plan)
    load_rule = label("legend.load_rule", lang, lead=_num(w["lead"]), support=_num(w["support"]))
    if view == "tasks":
        texts = lang == "zh" if task_texts is None else task_texts
        nodes, edges, legend = _tasks_view(tasks, e, codes, chapters, unit_nodes, load_rule, lang, texts,
                                           dict(zip(u["unit"], u["label"])))
    else:
        nodes, edges, legend = _units_view(C, e, codes, u, unit_nodes, load_rule, lang)
    if title is None:
        title = plan.title if lang == "zh" else ui[f"title_{view}"]
    return {"title": str(title), "view": view, "lang": lang, "ui": ui, "weights": {k: _num(v) for k, v in w.items()},
            "nodes": nodes, "edges": edges, "chapters": chapters, "legend": unit_legend + legend,
            "options": _options(len(nodes), options)}


def _aliases(plan: Plan, u: pd.DataFrame) -> list[list[str]]:
    """Every name a search may use for each unit: its name, the plan's spellings, short forms."""
    spelled = plan.units.set_index(plan.units["unit"].astype(str))["aliases"]
    out = []
    for unit, shown in zip(u["unit"].astype(str), u["label"], strict=True):
        raw = spelled.get(unit, "")
        names = [unit, shown]
        for a in ([] if raw is None or pd.isna(raw) else str(raw).split(" | ")):
            names += [a, *short_forms(a)]
        names += short_forms(unit)
        names += unit_labels([unit], "en").values()  # the English name finds it in Chinese too
        out.append([x for x in dict.fromkeys(names) if x])
    return out


def _unit_nodes(u: pd.DataFrame, plan: Plan) -> list[dict]:
    """The unit nodes, each with its tooltip data."""
    tips = _records({"load": [_num(x) for x in u["load"]], "n_lead": u["n_lead"], "n_support": u["n_support"],
                     "partners": u["partners"], "community": u["community"]}, len(u))
    nodes = _records({"id": u["id"], "label": u["label"], "kind": "unit", "shape": "dot",
                      "size": u["size"].round(2), "color": u["color"], "search": u["label"]}, len(u))
    for node, tip, names in zip(nodes, tips, _aliases(plan, u), strict=True):
        node["aliases"], node["tip"] = names, tip
    return nodes


def _tasks_view(tasks, e, codes, chapters, unit_nodes, load_rule, lang="zh", task_texts=True,
                shown=None) -> tuple[list, list, list]:
    """Nodes, edges and legend (after the units' entries) of the two-mode view."""
    tid = _str(tasks["task_id"])
    number = _str(tasks["number"]).where(lambda s: s != "", tid)
    if lang == "en":
        number = pd.Series([task_label(n, t) for n, t in zip(number, tid, strict=True)], dtype=object)
    text = _str(tasks["text"])
    text = text.where(text != "", _str(tasks["title"])) if task_texts else pd.Series([""] * len(text), dtype=object)
    shown = shown or {}
    by_role = {role: _lists(e.loc[e["role"] == role, "t"],
                            [shown.get(x, x) for x in e.loc[e["role"] == role, "unit"].tolist()], len(tasks))
               for role in ("lead", "support")}
    task_nodes = _records({"id": [task_node(x) for x in tid], "label": number, "kind": "task", "shape": "square",
                           "size": 7, "color": [chapters[c]["color"] for c in codes], "chapter": codes.astype(int),
                           "search": ("任务" if lang == "zh" else "Task ") + number}, len(tasks))
    font = {"size": 10}
    for node, num, c, t, lead, sup in zip(task_nodes, number, codes, text, by_role["lead"],
                                           by_role["support"], strict=True):
        node["font"] = font
        node["aliases"] = list(dict.fromkeys(["任务" + num, "Task " + num, "Task" + num, num]))
        node["tip"] = {"number": num, "chapter": chapters[c]["label"], "text": t, "lead": lead, "support": sup}
    edges = _records({"id": [f"e{i}" for i in range(len(e))], "from": [task_node(x) for x in e["task_id"]],
                      "to": [unit_node(x) for x in e["unit"]], "role": e["role"]}, len(e))
    colors = {r: {"color": st["color"], "highlight": "#222222", "hover": "#222222"} for r, st in EDGE_STYLE.items()}
    for edge in edges:
        edge.update(width=EDGE_STYLE[edge["role"]]["width"], dashes=EDGE_STYLE[edge["role"]]["dashes"],
                    color=colors[edge["role"]])
    legend: list[dict] = [{"type": "note", "label": label("legend.unit_size", lang, rule=load_rule)}]
    legend += [{"type": "node", "shape": "square", "color": c["color"],
                "label": label("legend.task", lang, chapter=c["label"])} for c in chapters]
    legend += [{"type": "edge", "dashes": role == "support", "width": EDGE_STYLE[role]["width"],
                "color": EDGE_STYLE[role]["color"], "label": label(f"legend.{role}", lang)}
               for role in ("lead", "support")]
    return task_nodes + unit_nodes, edges, legend


def _units_view(C, e, codes, u, unit_nodes, load_rule, lang="zh") -> tuple[list, list, list]:
    """Nodes, edges and legend (after the units' entries) of the unit co-responsibility view."""
    # chapters in which each unit leads / supports, for the filters
    e["c"] = np.asarray(codes, dtype=np.int64)[e["t"].to_numpy()]
    for role, key in (("lead", "lead_ch"), ("support", "sup_ch")):
        uc = e.loc[e["role"] == role, ["u", "c"]].drop_duplicates().sort_values(["u", "c"])
        for node, v in zip(unit_nodes, _lists(uc["u"], uc["c"].tolist(), len(u)), strict=True):
            node[key] = v
    pairs = pd.DataFrame({"a": C.row, "b": C.col, "n": C.data.astype(int)})
    pairs = pairs[(pairs["a"] < pairs["b"]) & (pairs["n"] > 0)].sort_values(["a", "b"]).reset_index(drop=True)
    top = float(pairs["n"].max()) if len(pairs) else 1.0
    edges = _records({"id": [f"e{i}" for i in range(len(pairs))], "from": u["id"].to_numpy()[pairs["a"].to_numpy()],
                      "to": u["id"].to_numpy()[pairs["b"].to_numpy()], "shared": pairs["n"],
                      "width": (1.0 + 6.0 * np.sqrt(pairs["n"] / top)).round(2), "dashes": False}, len(pairs))
    color = {"color": "#8c8c8c", "highlight": "#222222", "hover": "#222222", "opacity": 0.7}
    for edge in edges:
        edge["color"] = color
    legend = [{"type": "note", "label": label("legend.node_size", lang, rule=load_rule)},
              {"type": "edge", "dashes": False, "width": 3, "color": "#8c8c8c", "label": label("legend.shared", lang)}]
    return unit_nodes, edges, legend
