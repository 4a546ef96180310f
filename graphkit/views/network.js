// graphkit network page: draws the precomputed layout, wires search, filters, folds,
// neighbourhoods, the date slider, tooltips and the details panel. Every text from
// the data goes in through text nodes (textContent) or the canvas's fillText, never
// innerHTML: labels and quotes are untrusted.
(function () {
  "use strict";
  var status = window.gkStatus;
  var data = JSON.parse(document.getElementById("gk-data").textContent);
  var el0 = document.getElementById("gk-status");

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

  // ---- the data: entities, groups (folds), bundles, base edges -------------------------------
  var byId = {}, groupById = {}, edgeById = {};
  data.nodes.forEach(function (n) {
    n.gk.name = n.label;
    n.label = undefined;  // this script draws the labels itself, so that none overlaps another
    byId[n.id] = n;
  });
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var away = data.edges.filter(function (e) { return e.gk.away; });
  var GROUP_LOOK = { area: ["#5d6d7e", "square"], svc: ["#1e8449", "hexagon"], fam: ["#c0392b", "dot"] };
  data.groups.forEach(function (g) {
    var look = GROUP_LOOK[g.id.split(":")[0]];
    groupById[g.id] = g;
    g.node = { id: g.id, x: g.x, y: g.y, physics: false, hidden: true, shape: look[1], color: look[0],
      size: Math.round(14 + 10 * Math.sqrt(g.count)), borderWidth: 3,
      gk: { kind: "group", name: g.label, count: g.count, parts: g.parts, path: g.path } };
  });
  data.bundles.forEach(function (b) {
    var look = data.bundle_style;
    var parts = b.parts.map(function (id) { return edgeById[id]; }).filter(Boolean);
    b.edge = { id: b.id, from: b.from, to: b.to, color: look.colour, dashes: look.dashes,
      width: Math.min(1.5 + parts.length, 7), arrows: "", hidden: true,
      gk: { kind: "bundle", label: b.label, parts: b.parts, span: b.span,
        evidence: [].concat.apply([], parts.map(function (e) { return e.gk.evidence; })) } };
  });
  function nameOf(id) { return byId[id] ? byId[id].gk.name : (groupById[id] ? groupById[id].label : id); }

  function edgeTip(e, limit) {
    var tip = el("div", "gk-tip");
    tip.appendChild(el("strong", null, e.gk.label));
    tip.appendChild(el("div", "gk-ends", nameOf(e.from) + " \u2192 " + nameOf(e.to)));
    if (e.gk.kind !== "aggregate") { tip.appendChild(evidenceList(e.gk.evidence, limit)); }
    return tip;
  }
  function nodeTip(n) {
    var tip = el("div", "gk-tip");
    tip.appendChild(el("strong", null, n.gk.name));
    if (n.gk.kind === "group") {
      tip.appendChild(el("div", "gk-ends", n.gk.count + " people and services"));
      Object.keys(n.gk.parts).forEach(function (k) { tip.appendChild(el("div", null, k + ": " + n.gk.parts[k])); });
      tip.appendChild(el("div", "gk-more", "click to open"));
      return tip;
    }
    tip.appendChild(el("div", "gk-ends", n.id + " \u00b7 " + n.gk.kind));
    Object.keys(n.gk.attrs).sort().forEach(function (k) {
      tip.appendChild(el("div", null, k.replace(/_/g, " ") + ": " + n.gk.attrs[k]));
    });
    if (n.gk.page) { tip.appendChild(el("div", "gk-more", "double-click for the ecomap")); }
    return tip;
  }
  // Tooltips are built when hovered (see "tooltips" below), not up front: ten times the sample has
  // thousands of lines, each with its passages.
  data.edges.forEach(function (e) { e.gk.colour = e.color; });
  data.bundles.forEach(function (b) { b.edge.gk.colour = b.edge.color; });

  var nodes = new vis.DataSet(data.nodes.concat(data.groups.map(function (g) { return g.node; })));
  var edges = new vis.DataSet(data.edges.concat(data.bundles.map(function (b) { return b.edge; })));
  var container = document.getElementById("network");
  var network = null;  // made once the starting state is set: vis then takes the nodes as they are

  // ---- state --------------------------------------------------------------------------------
  var state = { open: {}, ego: null, depth: 1, date: data.dates.length ? data.dates[data.dates.length - 1] : "" };
  data.open.forEach(function (gid) { state.open[gid] = true; });

  function ticked(name) {
    var on = {};
    document.querySelectorAll("input[name=" + name + "]").forEach(function (box) { on[box.value] = box.checked; });
    return on;
  }
  // A line's standing on the slider's date: "active", "history" (faded) or "future" (not yet said).
  function standing(span) {
    if (!span) { return "active"; }
    if (state.date < span.first) { return "future"; }
    for (var i = 0; i < span.active.length; i += 1) {
      var a = span.active[i];
      if (a[0] <= state.date && (a[1] === null || state.date < a[1])) { return "active"; }
    }
    return "history";
  }

  var adjacency = null;
  function neighbours() {
    if (adjacency) { return adjacency; }
    adjacency = {};
    data.edges.forEach(function (e) {
      (adjacency[e.from] = adjacency[e.from] || []).push(e);
      (adjacency[e.to] = adjacency[e.to] || []).push(e);
    });
    return adjacency;
  }
  // A node's neighbourhood: everyone within `depth` lines standing on the date (history included),
  // and the whole household of every participant reached, so a service shows its families and
  // their children's arrangements.
  function egoSet(id, depth) {
    var seen = {}, frontier = [id];
    seen[id] = true;
    for (var d = 0; d < depth; d += 1) {
      var next = [];
      frontier.forEach(function (at) {
        (neighbours()[at] || []).forEach(function (e) {
          if (standing(e.gk.span) === "future") { return; }
          var other = e.from === at ? e.to : e.from;
          if (!seen[other] && byId[other]) { seen[other] = true; next.push(other); }
        });
      });
      frontier = next;
    }
    var homes = {};
    Object.keys(seen).forEach(function (k) {
      var n = byId[k];
      if (n && (n.gk.kind === "parent" || n.gk.kind === "family-member") && n.gk.family) { homes[n.gk.family] = true; }
    });
    data.nodes.forEach(function (n) { if (homes[n.gk.family]) { seen[n.id] = true; } });
    return seen;
  }

  // ---- drawing the state --------------------------------------------------------------------
  var shownIds = [];
  function display(n) {
    if (state.ego) { return n.id; }
    for (var i = 0; i < n.gk.path.length; i += 1) {
      if (!state.open[n.gk.path[i]]) { return n.gk.path[i]; }
    }
    return n.id;
  }
  function faded(e, how) {
    var colour = e.gk.colour;
    return { id: e.id, hidden: false, color: { color: colour, highlight: colour, hover: colour, opacity: how === "history" ? 0.22 : 1 },
      width: how === "history" ? Math.max(1, e.width * 0.6) : e.width };
  }
  var aggregateIds = [];
  function render() {
    refit = true;
    var countries = ticked("country"), types = ticked("service");
    var ego = state.ego ? egoSet(state.ego, state.depth) : null;
    var where = {}, nodeChanges = [], shown = {};
    data.nodes.forEach(function (n) {
      var ok;
      if (ego) { ok = ego[n.id] === true; }
      else {
        var typeOk = n.gk.types.length ? n.gk.types.some(function (t) { return types[t]; }) : types.none;
        ok = countries[n.gk.country] !== false && typeOk !== false;
      }
      where[n.id] = ok ? display(n) : null;
      if (ok) { shown[where[n.id]] = true; }
    });
    data.nodes.forEach(function (n) { nodeChanges.push({ id: n.id, hidden: !shown[n.id] }); });
    data.groups.forEach(function (g) { nodeChanges.push({ id: g.id, hidden: !shown[g.id] }); });
    nodes.update(nodeChanges);
    shownIds = Object.keys(shown).sort();

    var edgeChanges = [], folded = {};
    function place(e, overview) {
      var how = standing(e.gk.span);
      var a = where[e.from], b = where[e.to];
      if (how === "future" || !overview || !a || !b) { edgeChanges.push({ id: e.id, hidden: true }); return; }
      if (a === e.from && b === e.to) { edgeChanges.push(faded(e, how)); return; }
      edgeChanges.push({ id: e.id, hidden: true });
      if (a === b || how !== "active") { return; }
      var key = a < b ? a + "\u0000" + b : b + "\u0000" + a;
      folded[key] = (folded[key] || 0) + 1;
    }
    data.edges.forEach(function (e) { place(e, ego !== null || !e.gk.bundle); });
    data.bundles.forEach(function (b) { place(b.edge, ego === null); });
    edges.update(edgeChanges);
    edges.remove(aggregateIds);
    var made = Object.keys(folded).sort().map(function (key) {
      var ends = key.split("\u0000");
      return { id: "agg:" + key, from: ends[0], to: ends[1], color: { color: "#85929e", opacity: 0.7 },
        width: Math.min(1 + Math.log2(1 + folded[key]) * 1.5, 9), arrows: "",
        gk: { kind: "aggregate", label: folded[key] + " relation" + (folded[key] === 1 ? "" : "s") + " between these groups", evidence: [] } };
    });
    edges.add(made);
    aggregateIds = made.map(function (e) { return e.id; });
    container.setAttribute("data-visible", String(data.nodes.filter(function (n) { return where[n.id] !== null; }).length));
    el0.setAttribute("data-visible", container.getAttribute("data-visible"));
    el0.setAttribute("data-shown", String(shownIds.length));
    el0.setAttribute("data-date", state.date);
    el0.setAttribute("data-ego", state.ego ? state.ego + ":" + state.depth : "");
    if (network) { network.redraw(); }
  }

  // ---- the page's address sets its starting state -------------------------------------------
  // "&"-separated key=value pairs after the "#" (this is also how the browser tests drive the page):
  //   filter=country:Scotland,service:drug-treatment   leave ticked, in each group it names, only these
  //   find=DP01          search          open=svc:S01,fam:P01   open these groups
  //   ego=DS01&depth=2   a neighbourhood date=2021-09-01          the slider at the last stop on or before
  //   watch=C1&steps=2021-06-01,2022-12-31   move the slider to each date in turn and record how C1's
  //                      care lines stood at each (data-watch)
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
  function stopAt(date) {
    var index = 0;
    data.dates.forEach(function (d, i) { if (d <= date) { index = i; } });
    return index;
  }
  if (hash.date !== undefined && data.dates.length) { state.date = data.dates[stopAt(hash.date)]; }
  (hash.open ? hash.open.split(",") : []).forEach(openGroup);  // what a click on each group does
  if (hash.ego !== undefined && byId[hash.ego]) {
    state.ego = hash.ego;
    state.depth = hash.depth === "2" ? 2 : 1;
  }
  render();
  network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.gkNetwork = network;

  // ---- tooltips -----------------------------------------------------------------------------
  var float = el("div", "gk-float");
  float.hidden = true;
  container.appendChild(float);
  function tip(content, pointer) {
    float.replaceChildren(content);
    float.style.left = Math.min(pointer.x + 14, Math.max(0, container.clientWidth - 300)) + "px";
    float.style.top = (pointer.y + 14) + "px";
    float.hidden = false;
  }
  network.on("hoverNode", function (p) { var n = nodes.get(p.node); if (n) { tip(nodeTip(n), p.pointer.DOM); } });
  network.on("hoverEdge", function (p) { var e = edges.get(p.edge); if (e) { tip(edgeTip(e, 4), p.pointer.DOM); } });
  network.on("blurNode", function () { float.hidden = true; });
  network.on("blurEdge", function () { float.hidden = true; });
  network.on("dragStart", function () { float.hidden = true; });

  // ---- fitting ------------------------------------------------------------------------------
  // Positions are given and physics is off, so vis-network does not fit by itself: the page fits
  // the shown nodes after every change of what is shown, and after a resize until the reader moves.
  var moved = false, refit = true;
  network.on("zoom", function () { moved = true; });
  network.on("dragStart", function () { moved = true; });
  function extent() {
    var w = container.clientWidth, h = container.clientHeight, out = 0;
    var box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    shownIds.forEach(function (id) {
      var b = network.getBoundingBox(id);
      if (!b) { return; }
      var a = network.canvasToDOM({ x: b.left, y: b.top }), c = network.canvasToDOM({ x: b.right, y: b.bottom });
      if (a.x < -0.5 || a.y < -0.5 || c.x > w + 0.5 || c.y > h + 0.5) { out += 1; }
      box.x0 = Math.min(box.x0, a.x); box.y0 = Math.min(box.y0, a.y);
      box.x1 = Math.max(box.x1, c.x); box.y1 = Math.max(box.y1, c.y);
    });
    var fill = shownIds.length ? Math.max((box.x1 - box.x0) / w, (box.y1 - box.y0) / h) : 0;
    return { out: out, fill: fill };
  }
  function fit() {
    refit = false;
    if (!shownIds.length) { return; }
    network.fit({ nodes: shownIds, animation: false });
    // Room for the labels drawn under the nodes at the edges; a lone node is not blown up.
    network.moveTo({ scale: Math.min(network.getScale() * 0.92, 2.5), animation: false });
    moved = false;
    var e = extent();
    el0.setAttribute("data-fitted", "true");
    el0.setAttribute("data-fit-size", container.clientWidth + "x" + container.clientHeight);
    el0.setAttribute("data-off-view", String(e.out));
    el0.setAttribute("data-fill", e.fill.toFixed(3));
  }
  network.on("resize", function () { refit = !moved; });
  window.addEventListener("load", function () { refit = true; network.redraw(); });

  // ---- labels -------------------------------------------------------------------------------
  // vis-network draws every label, so a fitted graph is a mat of overlapping text. The page draws
  // them instead, most important first (services and groups, then participants, professionals,
  // children), each only where it overlaps no label already placed: zooming in makes room for more.
  var RANK = { group: 0, service: 0, parent: 1, "family-member": 1, professional: 2, child: 3, person: 3 };
  function lines(text, wrap) {
    if (!wrap || text.length <= wrap) { return [text]; }
    var words = text.split(/\s+/), out = [""];
    words.forEach(function (w) {
      var last = out[out.length - 1];
      if (last && (last + " " + w).length > wrap && out.length < 3) { out.push(w); }
      else { out[out.length - 1] = last ? last + " " + w : w; }
    });
    return out;
  }
  function initials(text) {
    return text.split(/\s+/).filter(function (w) { return /^[A-Z0-9]/.test(w); }).map(function (w) { return w[0]; }).join("") || text.slice(0, 4);
  }
  // How a label may be set, tried in turn: services and groups must be named, so they may shrink to
  // a smaller, narrower wrap and at last to their initials (the full name is in the tooltip).
  var FORMS = {
    top: [[12, "bold ", 20, false], [10, "bold ", 14, false], [10, "", 10, false], [10, "bold ", 0, true]],
    other: [[11, "", 0, false]]
  };
  function overlaps(a, list) {
    for (var i = 0; i < list.length; i += 1) {
      var b = list[i];
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) { return true; }
    }
    return false;
  }
  var placed = [];
  network.on("afterDrawing", function (ctx) {
    if (refit) { fit(); network.redraw(); return; }
    var w = container.clientWidth, h = container.clientHeight, scale = network.getScale();
    var ratio = ctx.canvas.width / Math.max(1, ctx.canvas.clientWidth);
    var order = shownIds.map(function (id) { return nodes.get(id); }).filter(Boolean);
    order.sort(function (a, b) {
      return (RANK[a.gk.kind] - RANK[b.gk.kind]) || (b.size - a.size) || (a.id < b.id ? -1 : 1);
    });
    placed = [];
    // No label may cover a service's or a group's symbol: each of them must keep room for its own name.
    var hubs = [];
    order.forEach(function (n) {
      if (RANK[n.gk.kind] !== 0) { return; }
      var c = network.canvasToDOM(network.getPosition(n.id)), r = Math.max(3, n.size * scale);
      hubs.push({ x: c.x - r, y: c.y - r, w: 2 * r, h: 2 * r, id: n.id });
    });
    function blocks(b, id) {
      for (var i = 0; i < hubs.length; i += 1) {
        var o = hubs[i];
        if (o.id !== id && b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) { return true; }
      }
      return false;
    }
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    order.forEach(function (n) {
      var top = RANK[n.gk.kind] === 0;
      var at = network.canvasToDOM(network.getPosition(n.id));
      if (at.x < -50 || at.y < -50 || at.x > w + 50 || at.y > h + 50) { return; }
      var text = n.gk.kind === "group" ? n.gk.name + " (" + n.gk.count + ")" : n.gk.name;
      if (!text) { return; }
      var box = null, rows = null, size = 0, width = 0;
      var forms = top ? FORMS.top : FORMS.other;
      for (var f = 0; f < forms.length && !box; f += 1) {
        size = forms[f][0];
        ctx.font = forms[f][1] + size + "px sans-serif";
        rows = lines(forms[f][3] ? initials(text) : text, forms[f][2]);
        width = 0;
        rows.forEach(function (row) { width = Math.max(width, ctx.measureText(row).width); });
        var r = n.size * scale, height = rows.length * (size + 2);
        var tries = [[at.x - width / 2, at.y + r + 2], [at.x - width / 2, at.y - r - 2 - height],
          [at.x + r + 4, at.y - height / 2], [at.x - r - 4 - width, at.y - height / 2]];
        for (var i = 0; i < (top ? tries.length : 1); i += 1) {
          var b = { x: tries[i][0] - 1, y: tries[i][1], w: width + 2, h: height };
          var inside = b.x >= 0 && b.y >= 0 && b.x + b.w <= w && b.y + b.h <= h;
          if (inside && !overlaps(b, placed) && !blocks(b, n.id)) { box = b; break; }
        }
      }
      if (!box) { return; }
      box.id = n.id;
      placed.push(box);
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.fillStyle = top ? "#145a32" : "#222";
      rows.forEach(function (row, k) {
        var y = box.y + k * (size + 2), x = box.x + 1 + width / 2;
        ctx.strokeText(row, x, y);
        ctx.fillText(row, x, y);
      });
    });
    // Where a child lives away, written on its care line once zoomed in enough to read it, if room is left.
    if (scale >= 0.45) {
      ctx.font = "italic 10px sans-serif";
      away.forEach(function (e) {
        var shown = edges.get(e.id);
        if (!shown || shown.hidden) { return; }
        var a = network.canvasToDOM(network.getPosition(e.from)), c = network.canvasToDOM(network.getPosition(e.to));
        var x = (a.x + c.x) / 2, y = (a.y + c.y) / 2, width = ctx.measureText(e.gk.away).width;
        var b = { x: x - width / 2 - 1, y: y - 6, w: width + 2, h: 12, id: e.id };
        if (b.x < 0 || b.y < 0 || b.x + b.w > w || b.y + b.h > h || overlaps(b, placed) || blocks(b, null)) { return; }
        placed.push(b);
        ctx.fillStyle = shown.color && shown.color.opacity < 1 ? "#999" : "#0e6655";
        ctx.strokeText(e.gk.away, x, b.y);
        ctx.fillText(e.gk.away, x, b.y);
      });
    }
    ctx.restore();
    el0.setAttribute("data-labels", JSON.stringify(placed.map(function (b) {
      return [b.id, Math.round(b.x * 10) / 10, Math.round(b.y * 10) / 10, Math.round(b.w * 10) / 10, Math.round(b.h * 10) / 10];
    })));
  });

  // ---- folds, neighbourhoods, date ----------------------------------------------------------
  function openGroup(gid) {
    var g = groupById[gid];
    if (!g) { return; }
    g.path.concat([gid]).forEach(function (id) { state.open[id] = true; });
    if (network) { render(); }  // before the network exists, the first render is still to come
  }
  function foldInto(gid) {
    Object.keys(state.open).forEach(function (id) {
      if (id === gid || (groupById[id] && groupById[id].path.indexOf(gid) >= 0)) { delete state.open[id]; }
    });
    render();
  }
  function showEgo(id, depth) {
    state.ego = id;
    state.depth = depth;
    render();
    el0.setAttribute("data-ego-nodes", String(shownIds.length));
  }
  window.gkOpen = openGroup;
  window.gkEgo = showEgo;
  var back = document.getElementById("ego-clear");
  back.addEventListener("click", function () { state.ego = null; back.hidden = true; render(); });

  var slider = document.getElementById("date");
  var dateShown = document.getElementById("date-shown");
  function setDate(index) {
    state.date = data.dates[index] || "";
    dateShown.textContent = state.date + (index === data.dates.length - 1 ? " (latest)" : "");
    render();
  }
  function moveSlider(date) {
    slider.value = String(stopAt(date));
    slider.dispatchEvent(new Event("input"));
  }
  if (data.dates.length) {
    slider.max = String(data.dates.length - 1);
    slider.value = String(stopAt(state.date));
    dateShown.textContent = state.date + (slider.value === slider.max ? " (latest)" : "");
    slider.addEventListener("input", function () { setDate(Number(slider.value)); });
  } else {
    slider.disabled = true;
  }

  // ---- filters and search -------------------------------------------------------------------
  document.querySelectorAll("#controls input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", render);
  });
  var result = document.getElementById("search-result");
  function search(text) {
    var q = text.trim().toLowerCase();
    if (!q) { result.textContent = ""; network.unselectAll(); return []; }
    var exact = [], partial = [];
    data.nodes.forEach(function (n) {
      var id = String(n.id).toLowerCase(), label = String(n.gk.name).toLowerCase();
      if (id === q || label === q) { exact.push(n.id); }
      else if (id.indexOf(q) >= 0 || label.indexOf(q) >= 0) { partial.push(n.id); }
    });
    var found = exact.concat(partial);
    if (!found.length) { result.textContent = "nothing found"; network.unselectAll(); return found; }
    var first = byId[found[0]];
    if (!state.ego && display(first) !== first.id) { openGroup(first.gk.path[first.gk.path.length - 1]); }
    var hidden = found.filter(function (id) { var n = nodes.get(id); return !n || n.hidden; }).length;
    network.selectNodes(found.filter(function (id) { return !nodes.get(id).hidden; }));
    if (!nodes.get(found[0]).hidden) { network.focus(found[0], { scale: 1.3, animation: false }); }
    moved = true;  // the reader asked for this place: do not fit the view back over it
    refit = false;
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

  // ---- details panel ------------------------------------------------------------------------
  var details = document.getElementById("details");
  function button(text, action) {
    var b = el("button", null, text);
    b.type = "button";
    b.addEventListener("click", action);
    return b;
  }
  function showNode(id) {
    var n = nodes.get(id);
    if (!n) { return; }
    details.replaceChildren(nodeTip(n));
    if (n.gk.kind === "group") {
      details.appendChild(button("Open " + n.gk.name, function () { openGroup(id); }));
      return;
    }
    var actions = el("div", "gk-actions");
    actions.appendChild(button("Neighbourhood", function () { back.hidden = false; showEgo(id, 1); }));
    actions.appendChild(button("Two steps out", function () { back.hidden = false; showEgo(id, 2); }));
    var path = n.gk.path || [];
    if (path.length && !state.ego) {
      var gid = path[path.length - 1];
      actions.appendChild(button("Fold into " + groupById[gid].label, function () { foldInto(gid); }));
    }
    details.appendChild(actions);
    if (n.gk.page) {
      var link = el("a", null, "Open the ecomap");
      link.setAttribute("href", n.gk.page);
      details.appendChild(link);
    }
  }
  function showEdge(id) {
    var e = edges.get(id);
    if (!e) { return; }
    details.replaceChildren(edgeTip(e, 0));
    if (e.gk.kind === "bundle") {
      var list = el("ul", "gk-parts");
      e.gk.parts.forEach(function (pid) {
        var part = edgeById[pid];
        if (part) { list.appendChild(el("li", null, nameOf(part.from) + " \u2192 " + nameOf(part.to) + ": " + part.gk.label)); }
      });
      details.appendChild(list);
    }
  }
  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (groupById[id]) { openGroup(id); }
      showNode(id);
      return;
    }
    if (params.edges.length) { showEdge(params.edges[0]); }
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes.length) { return; }
    var n = nodes.get(params.nodes[0]);
    if (n && n.gk.page) { window.location.href = n.gk.page; }
  });

  if (state.ego) {
    back.hidden = false;
    showNode(state.ego);
    el0.setAttribute("data-ego-nodes", String(shownIds.length));
  }
  if (hash.watch !== undefined && hash.steps !== undefined && data.dates.length) {
    var log = hash.steps.split(",").map(function (date) {
      moveSlider(date);
      return { date: state.date, care: data.edges.filter(function (e) { return e.gk.child === hash.watch; }).map(function (e) {
        var shown = edges.get(e.id);
        return { id: e.id, label: e.gk.label, hidden: shown.hidden === true, opacity: shown.color && shown.color.opacity };
      }) };
    });
    el0.setAttribute("data-watch", JSON.stringify(log));
  }
  var found = null;
  if (hash.find !== undefined) {
    input.value = hash.find;
    found = search(hash.find);
  }
  network.once("afterDrawing", function () {
    el0.setAttribute("data-drawn", "true");
    el0.setAttribute("data-canvas", String(container.querySelectorAll("canvas").length));
  });
  el0.setAttribute("data-nodes", String(data.nodes.length));
  el0.setAttribute("data-edges", String(data.edges.length));
  if (found !== null) { el0.setAttribute("data-found", JSON.stringify(found)); }
  el0.setAttribute("data-state", "ready");
  status.report();
})();
