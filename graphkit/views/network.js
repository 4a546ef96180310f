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
  // Positions are given and physics is off, so vis does not fit the view by itself. Fit once the first
  // draw has measured the labels, and again after every resize (vis rescales the view on a resize by
  // itself, after its "resize" event, so the refit waits for the next draw), until the reader zooms or
  // drags for themselves. #gk-status then says the view was fitted and how many nodes lie outside it.
  var el0 = document.getElementById("gk-status");
  var moved = false;
  var refit = true;
  network.on("zoom", function () { moved = true; });
  network.on("dragStart", function () { moved = true; });
  function offView() {
    var w = container.clientWidth, h = container.clientHeight, out = 0;
    nodes.get({ filter: function (n) { return !n.hidden; } }).forEach(function (n) {
      var box = network.getBoundingBox(n.id);
      if (!box) { return; }
      var a = network.canvasToDOM({ x: box.left, y: box.top }), b = network.canvasToDOM({ x: box.right, y: box.bottom });
      if (a.x < -0.5 || a.y < -0.5 || b.x > w + 0.5 || b.y > h + 0.5) { out += 1; }
    });
    return out;
  }
  function fit() {
    refit = false;
    if (moved) { return; }
    network.fit({ animation: false });
    moved = false;  // fitting zooms too: that is not the reader moving
    el0.setAttribute("data-fitted", "true");
    el0.setAttribute("data-fit-size", container.clientWidth + "x" + container.clientHeight);
    el0.setAttribute("data-off-view", String(offView()));
  }
  network.on("afterDrawing", function () { if (refit) { fit(); } });
  network.on("resize", function () { refit = true; });
  window.addEventListener("load", function () { refit = true; network.redraw(); });

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
    el0.setAttribute("data-visible", String(visible));
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
    moved = true;  // the reader asked for this place: do not fit the view back over it
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

  // A link can set the filters and name who to show, as "&"-separated key=value pairs after the "#":
  //   network.html#filter=country:Scotland,service:drug-treatment&find=DP01
  // filter= leaves ticked, in each group it names, only the values it lists (other groups stay as
  // they are); find= searches. This is also how the browser tests drive the page.
  var hash = {};
  window.location.hash.replace(/^#/, "").split("&").forEach(function (part) {
    var eq = part.indexOf("=");
    if (eq > 0) { hash[part.slice(0, eq)] = decodeURIComponent(part.slice(eq + 1)); }
  });
  if (hash.filter !== undefined) {
    var keep = {};
    hash.filter.split(",").forEach(function (pair) {
      var colon = pair.indexOf(":");
      if (colon <= 0) { return; }
      var group = pair.slice(0, colon).trim();
      (keep[group] = keep[group] || {})[pair.slice(colon + 1).trim()] = true;
    });
    Object.keys(keep).forEach(function (group) {
      document.querySelectorAll("#controls input[type=checkbox]").forEach(function (box) {
        // defaultChecked too: the link's choice is the page's starting state (and shows in the DOM).
        if (box.name === group) { box.checked = box.defaultChecked = keep[group][box.value] === true; }
      });
    });
  }
  applyFilters();
  var found = null;
  if (hash.find !== undefined) {
    input.value = hash.find;
    found = search(hash.find);
  }
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
