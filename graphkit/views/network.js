// graphkit network page: draws the precomputed layout, wires search, filters,
// tooltips and the details panel. Every text from the data goes in through
// text nodes (textContent), never innerHTML: labels and quotes are untrusted.
(function () {
  "use strict";
  var status = window.gkStatus;
  var data = JSON.parse(document.getElementById("gk-data").textContent);

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.appendChild(document.createTextNode(String(text))); }
    return node;
  }

  function evidenceList(evidence, limit) {
    var box = el("div", "gk-evidence");
    var shown = limit ? evidence.slice(0, limit) : evidence;
    shown.forEach(function (ev) {
      box.appendChild(el("blockquote", null, ev.quote));
      var src = ev.file + ", " + ev.where;
      if (ev.speaker) { src += ", " + ev.speaker; }
      if (ev.date) { src += ", " + ev.date; }
      box.appendChild(el("div", "gk-source", src));
    });
    if (evidence.length > shown.length) {
      box.appendChild(el("div", "gk-more", "+ " + (evidence.length - shown.length) + " more: click the line"));
    }
    if (!evidence.length) { box.appendChild(el("div", "gk-more", "no passage recorded")); }
    return box;
  }

  var labels = {};
  data.nodes.forEach(function (n) { labels[n.id] = n.label; });

  function edgeTip(e, limit) {
    var tip = el("div", "gk-tip");
    tip.appendChild(el("strong", null, e.gk.label));
    tip.appendChild(el("div", "gk-ends", labels[e.from] + " \u2192 " + labels[e.to]));
    tip.appendChild(evidenceList(e.gk.evidence, limit));
    return tip;
  }

  function nodeTip(n) {
    var tip = el("div", "gk-tip");
    tip.appendChild(el("strong", null, n.label));
    tip.appendChild(el("div", "gk-ends", n.id + " \u00b7 " + n.gk.kind));
    Object.keys(n.gk.attrs).sort().forEach(function (k) {
      tip.appendChild(el("div", null, k.replace(/_/g, " ") + ": " + n.gk.attrs[k]));
    });
    if (n.gk.page) { tip.appendChild(el("div", "gk-more", "double-click for the ecomap")); }
    return tip;
  }

  // vis-network shows a title Element as is (a string would be shown as plain text).
  data.nodes.forEach(function (n) { n.title = nodeTip(n); });
  data.edges.forEach(function (e) { e.title = edgeTip(e, 4); });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.gkNetwork = network;
  // Positions are given and physics is off, so vis does not fit the view by itself; refit when the
  // container settles or the window changes, until the reader zooms or drags for themselves.
  var moved = false;
  network.on("zoom", function () { moved = true; });
  network.on("dragStart", function () { moved = true; });
  function fit() {
    if (moved) { return; }
    network.fit({ animation: false });
    moved = false;  // fitting zooms too: that is not the reader moving
  }
  network.once("afterDrawing", fit);
  network.on("resize", fit);
  window.addEventListener("load", function () { network.redraw(); fit(); });

  // Filters: a node shows when its country and one of its service types are ticked.
  function ticked(name) {
    var on = {};
    document.querySelectorAll("input[name=" + name + "]").forEach(function (box) { on[box.value] = box.checked; });
    return on;
  }
  function applyFilters() {
    var countries = ticked("country");
    var types = ticked("service");
    var changes = [];
    var visible = 0;
    data.nodes.forEach(function (n) {
      var typeOk = n.gk.types.length ? n.gk.types.some(function (t) { return types[t]; }) : types.none;
      var show = countries[n.gk.country] !== false && typeOk !== false;
      if (show) { visible += 1; }
      changes.push({ id: n.id, hidden: !show });
    });
    nodes.update(changes);
    container.setAttribute("data-visible", String(visible));
  }
  document.querySelectorAll("#controls input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });

  // Search: exact ID first, then IDs and pseudonyms containing the text.
  var result = document.getElementById("search-result");
  function search(text) {
    var q = text.trim().toLowerCase();
    if (!q) { result.textContent = ""; network.unselectAll(); return []; }
    var exact = [], partial = [];
    data.nodes.forEach(function (n) {
      var id = String(n.id).toLowerCase(), label = String(n.label).toLowerCase();
      if (id === q || label === q) { exact.push(n.id); }
      else if (id.indexOf(q) >= 0 || label.indexOf(q) >= 0) { partial.push(n.id); }
    });
    var found = exact.concat(partial);
    if (!found.length) { result.textContent = "nothing found"; network.unselectAll(); return found; }
    network.selectNodes(found);
    network.focus(found[0], { scale: 1.3, animation: false });
    var hidden = found.filter(function (id) { return nodes.get(id).hidden; }).length;
    result.textContent = found.length + " found" + (hidden ? " (" + hidden + " hidden by the filters)" : "");
    showNode(found[0]);
    return found;
  }
  window.gkSearch = search;
  var input = document.getElementById("search");
  input.addEventListener("input", function () { search(input.value); });
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(input.value);
  });

  // Details panel: the full evidence of a line, or a node's facts and ecomap link.
  var details = document.getElementById("details");
  function showNode(id) {
    var n = data.nodes.filter(function (x) { return x.id === id; })[0];
    if (!n) { return; }
    details.replaceChildren(nodeTip(n));
    if (n.gk.page) {
      var link = el("a", null, "Open the ecomap");
      link.setAttribute("href", n.gk.page);
      details.appendChild(link);
    }
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); return; }
    if (params.edges.length) { details.replaceChildren(edgeTip(edges.get(params.edges[0]), 0)); }
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes.length) { return; }
    var n = nodes.get(params.nodes[0]);
    if (n && n.gk.page) { window.location.href = n.gk.page; }
  });

  applyFilters();
  // A link can name who to show: network.html#find=DP01 (also how the browser tests drive the search).
  var found = null;
  if (window.location.hash.indexOf("#find=") === 0) {
    var wanted = decodeURIComponent(window.location.hash.slice(6));
    input.value = wanted;
    found = search(wanted);
  }
  var el0 = document.getElementById("gk-status");
  network.once("afterDrawing", function () {
    el0.setAttribute("data-drawn", "true");
    el0.setAttribute("data-canvas", String(container.querySelectorAll("canvas").length));
  });
  el0.setAttribute("data-nodes", String(nodes.length));
  el0.setAttribute("data-edges", String(edges.length));
  if (found !== null) { el0.setAttribute("data-found", JSON.stringify(found)); }
  el0.setAttribute("data-state", "ready");
  status.report();
})();
