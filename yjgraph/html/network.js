/* yjgraph interactive network.
 * Data comes from the JSON spec in #yjgraph-spec. Plan text is untrusted: it is
 * only ever placed in the page with textContent / option.text, never innerHTML;
 * tooltips are DOM elements, so vis-network never parses them as HTML. */
(function () {
  "use strict";
  var spec = JSON.parse(document.getElementById("yjgraph-spec").textContent);
  var state = { ready: false, highlighted: null };
  var T = spec.ui || {};
  function fmt(key, values) {  // the page's words in its language, {name} fields filled
    return String(T[key] === undefined ? key : T[key]).replace(/\{(\w+)\}/g, function (m, k) {
      return values && values[k] !== undefined ? String(values[k]) : m;
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function byId(id) { return document.getElementById(id); }
  function list(xs) { return xs && xs.length ? xs.join(fmt("sep")) : fmt("none"); }
  function setStatus(text) { byId("yj-status").textContent = text; }

  // ------------------------------------------------------------- tooltips
  function unitTip(n) {
    var t = n.tip, box = el("div", "yj-tip");
    box.appendChild(el("div", "yj-tip-title", n.label));
    box.appendChild(el("div", "yj-tip-line", fmt("tip_load", t)));
    if (t.community !== null && t.community !== undefined) {
      box.appendChild(el("div", "yj-tip-line", fmt("tip_community", { community: t.community + 1 })));
    }
    var partners = (t.partners || []).map(function (p) { return fmt("partner", { name: p[0], n: p[1] }); });
    box.appendChild(el("div", "yj-tip-line", fmt("tip_partners", { partners: list(partners) })));
    return box;
  }
  function taskTip(n) {
    var t = n.tip, box = el("div", "yj-tip");
    box.appendChild(el("div", "yj-tip-title", fmt("task", { number: t.number })));
    box.appendChild(el("div", "yj-tip-line", fmt("tip_chapter", { chapter: t.chapter })));
    if (t.text) { box.appendChild(el("div", "yj-tip-text", t.text)); }
    box.appendChild(el("div", "yj-tip-line", fmt("tip_lead", { units: list(t.lead) })));
    box.appendChild(el("div", "yj-tip-line", fmt("tip_support", { units: list(t.support) })));
    return box;
  }
  function edgeTip(e) {
    if (e.shared !== undefined) {
      return el("div", "yj-tip-line", fmt("edge_shared",
        { a: nodeById[e.from].label, b: nodeById[e.to].label, n: e.shared }));
    }
    return el("div", "yj-tip-line", fmt(e.role === "lead" ? "lead" : "support"));
  }

  // ------------------------------------------------------------- data
  var nodeById = {}, baseNode = {}, baseEdge = {};
  var nodeItems = spec.nodes.map(function (n) {
    nodeById[n.id] = n;
    var item = {};
    for (var k in n) { if (k !== "tip" && k !== "search" && k !== "aliases") { item[k] = n[k]; } }
    item.title = n.kind === "task" ? taskTip(n) : unitTip(n);
    item.hidden = false;
    baseNode[n.id] = { color: n.color, font: n.font || {} };
    return item;
  });
  var edgeItems = spec.edges.map(function (e) {
    var item = {};
    for (var k in e) { item[k] = e[k]; }
    item.title = edgeTip(e);
    item.hidden = false;
    baseEdge[e.id] = e.color;
    return item;
  });
  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var container = byId("yj-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, spec.options);
  window.yjgraph = { spec: spec, nodes: nodes, edges: edges, network: network, state: state };

  var physicsBox = byId("yj-physics");
  function finishLayout() {
    if (state.ready) { return; }
    network.setOptions({ physics: { enabled: false } });
    physicsBox.checked = false;
    state.ready = true;
    showCounts();
  }
  var physicsOn = !spec.options.physics || spec.options.physics.enabled !== false;
  if (physicsOn) {
    network.on("stabilizationProgress", function (p) {
      setStatus(fmt("progress", { p: Math.round(100 * p.iterations / Math.max(1, p.total)) }));
    });
    network.once("stabilizationIterationsDone", finishLayout);
    network.once("stabilized", finishLayout);
  } else {
    physicsBox.checked = false;
    state.ready = true;
  }
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
  });

  // ------------------------------------------------------------- highlight
  var DIM_NODE = { background: "rgba(215,215,215,0.45)", border: "rgba(190,190,190,0.45)" };
  var DIM_EDGE = { color: "rgba(200,200,200,0.25)", highlight: "#222222", hover: "#222222" };
  function highlight(id) {
    var nodeUpdates = [], edgeUpdates = [];
    if (id === null || id === undefined) {
      if (state.highlighted === null) { return; }
      state.highlighted = null;
      spec.nodes.forEach(function (n) {
        nodeUpdates.push({ id: n.id, color: baseNode[n.id].color, font: { color: "#222222" } });
      });
      spec.edges.forEach(function (e) { edgeUpdates.push({ id: e.id, color: baseEdge[e.id] }); });
    } else {
      state.highlighted = id;
      var keep = {};
      keep[id] = true;
      network.getConnectedNodes(id).forEach(function (x) { keep[x] = true; });
      var keepEdge = {};
      network.getConnectedEdges(id).forEach(function (x) { keepEdge[x] = true; });
      spec.nodes.forEach(function (n) {
        nodeUpdates.push(keep[n.id]
          ? { id: n.id, color: baseNode[n.id].color, font: { color: "#222222" } }
          : { id: n.id, color: DIM_NODE, font: { color: "rgba(0,0,0,0.2)" } });
      });
      spec.edges.forEach(function (e) {
        edgeUpdates.push({ id: e.id, color: keepEdge[e.id] ? baseEdge[e.id] : DIM_EDGE });
      });
    }
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
  }
  network.on("click", function (p) {
    highlight(p.nodes.length ? p.nodes[0] : null);
  });

  // ------------------------------------------------------------- filters
  var chapterSel = byId("yj-chapter"), roleSel = byId("yj-role"), unitSel = byId("yj-unit");
  spec.chapters.forEach(function (c, i) {
    var o = el("option", null, c.label);
    o.value = String(i);
    chapterSel.appendChild(o);
  });
  var unitNodes = spec.nodes.filter(function (n) { return n.kind === "unit"; });
  unitNodes.slice().sort(function (a, b) { return a.label < b.label ? -1 : a.label > b.label ? 1 : 0; })
    .forEach(function (n) {
      var o = el("option", null, n.label);
      o.value = n.id;
      unitSel.appendChild(o);
    });
  var edgesOf = {};
  spec.edges.forEach(function (e) {
    (edgesOf[e.from] = edgesOf[e.from] || []).push(e);
    (edgesOf[e.to] = edgesOf[e.to] || []).push(e);
  });

  function visibleSets() {
    var ch = chapterSel.value, role = roleSel.value, unit = unitSel.value;
    var active = ch !== "" || role !== "" || unit !== "";
    var showNode = {}, showEdge = {};
    if (!active) {
      spec.nodes.forEach(function (n) { showNode[n.id] = true; });
      spec.edges.forEach(function (e) { showEdge[e.id] = true; });
      return { nodes: showNode, edges: showEdge };
    }
    if (spec.view === "tasks") {
      var taskOk = {};
      spec.nodes.forEach(function (n) {
        if (n.kind === "task") { taskOk[n.id] = ch === "" || String(n.chapter) === ch; }
      });
      if (unit !== "") {
        var mine = {};
        (edgesOf[unit] || []).forEach(function (e) {
          if (role === "" || e.role === role) { mine[e.from] = true; }
        });
        Object.keys(taskOk).forEach(function (t) { taskOk[t] = taskOk[t] && !!mine[t]; });
      }
      spec.edges.forEach(function (e) {
        if ((role === "" || e.role === role) && taskOk[e.from]) {
          showEdge[e.id] = true;
          showNode[e.from] = true;
          showNode[e.to] = true;
        }
      });
      if (role === "") {  // tasks of the chapter that name no unit still show
        Object.keys(taskOk).forEach(function (t) { if (taskOk[t] && unit === "") { showNode[t] = true; } });
      }
    } else {
      var c = ch === "" ? null : Number(ch);
      spec.nodes.forEach(function (n) {
        var chs = role === "lead" ? n.lead_ch : role === "support" ? n.sup_ch : n.lead_ch.concat(n.sup_ch);
        showNode[n.id] = c === null ? chs.length > 0 : chs.indexOf(c) >= 0;
      });
      if (unit !== "") {
        var near = {};
        near[unit] = true;
        (edgesOf[unit] || []).forEach(function (e) { near[e.from] = true; near[e.to] = true; });
        Object.keys(showNode).forEach(function (id) { showNode[id] = showNode[id] && !!near[id]; });
        showNode[unit] = true;
      }
      spec.edges.forEach(function (e) { showEdge[e.id] = !!(showNode[e.from] && showNode[e.to]); });
    }
    return { nodes: showNode, edges: showEdge };
  }

  function applyFilters() {
    highlight(null);
    var v = visibleSets(), nu = [], eu = [];
    spec.nodes.forEach(function (n) {
      var hidden = !v.nodes[n.id];
      if (nodes.get(n.id).hidden !== hidden) { nu.push({ id: n.id, hidden: hidden }); }
    });
    spec.edges.forEach(function (e) {
      var hidden = !v.edges[e.id];
      if (edges.get(e.id).hidden !== hidden) { eu.push({ id: e.id, hidden: hidden }); }
    });
    nodes.update(nu);
    edges.update(eu);
    showCounts();
  }
  function showCounts() {
    var nn = nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    var ne = edges.get({ filter: function (e) { return !e.hidden; } }).length;
    setStatus(fmt("counts", { nodes: nn, edges: ne }));
  }
  [chapterSel, roleSel, unitSel].forEach(function (s) { s.addEventListener("change", applyFilters); });
  if (spec.view === "units") { roleSel.title = fmt("role_hint"); }

  // ------------------------------------------------------------- search
  var input = byId("yj-search"), datalist = byId("yj-search-list");
  spec.nodes.forEach(function (n) {
    var o = document.createElement("option");
    o.value = n.search;
    datalist.appendChild(o);
  });
  function findNode(q) {
    q = q.trim().toLowerCase();
    if (!q) { return null; }
    function names(n) {  // the name offered, the label and every alias (spellings, short forms)
      return [n.search, String(n.label)].concat(n.aliases || []).map(function (x) {
        return String(x).toLowerCase();
      });
    }
    function anyName(n, test) { return names(n).some(test); }
    var tests = [
      function (n) { return anyName(n, function (x) { return x === q; }); },
      function (n) { return anyName(n, function (x) { return x.indexOf(q) === 0; }); },
      function (n) { return anyName(n, function (x) { return x.indexOf(q) >= 0; }); },
      function (n) { return n.kind === "task" && String(n.tip.text).toLowerCase().indexOf(q) >= 0; }
    ];
    for (var i = 0; i < tests.length; i++) {
      var units = null, any = null;
      for (var j = 0; j < spec.nodes.length; j++) {
        var n = spec.nodes[j];
        if (tests[i](n)) {
          if (n.kind === "unit") { units = n; break; }
          if (any === null) { any = n; }
        }
      }
      if (units || any) { return units || any; }
    }
    return null;
  }
  var lastSearch = null;
  function search() {
    lastSearch = input.value;
    var n = findNode(input.value);
    if (!n) { setStatus(fmt("not_found", { q: input.value })); return null; }
    if (nodes.get(n.id).hidden) {
      chapterSel.value = ""; roleSel.value = ""; unitSel.value = "";
      applyFilters();
    }
    network.selectNodes([n.id]);
    highlight(n.id);
    network.focus(n.id, { scale: Math.max(network.getScale(), 1.0), locked: false,
                          animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    setStatus(fmt("selected", { name: n.kind === "task" ? fmt("task", { number: n.tip.number }) : n.label }));
    return n.id;
  }
  input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { search(); } });
  input.addEventListener("change", function () {  // a pick from the list; not the blur after Enter
    if (input.value !== lastSearch) { search(); }
  });
  byId("yj-search-go").addEventListener("click", search);
  window.yjgraph.search = function (q) { input.value = q; return search(); };

  byId("yj-fit").addEventListener("click", function () { network.fit({ animation: false }); });
  byId("yj-reset").addEventListener("click", function () {
    chapterSel.value = ""; roleSel.value = ""; unitSel.value = ""; input.value = "";
    applyFilters();
    network.unselectAll();
    network.fit({ animation: false });
  });

  // ------------------------------------------------------------- legend, title
  byId("yj-title").textContent = spec.title;
  var legend = byId("yj-legend-items");
  spec.legend.forEach(function (item) {
    if (item.type === "note") { legend.appendChild(el("div", "yj-legend-note", item.label)); return; }
    var row = el("div", "yj-legend-item");
    var sw = el("span", "yj-swatch");
    if (item.type === "edge") {
      sw.className += " yj-edge" + (item.dashes ? " yj-dashed" : "");
      sw.style.borderTopWidth = Math.max(1, Math.round(item.width)) + "px";
      sw.style.borderTopColor = item.color;
    } else {
      sw.className += item.shape === "square" ? " yj-square" : " yj-dot";
      sw.style.backgroundColor = item.color;
    }
    row.appendChild(sw);
    row.appendChild(el("span", null, item.label));
    legend.appendChild(row);
  });
  showCounts();
}());
