// The review page: lists the facts from the embedded data, filters them, and (when served by
// `graphkit review`) saves each decision to the decisions file. Keyboard first; text goes in by
// textContent only, never as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gk-review-data").textContent);
  var editable = document.body.getAttribute("data-editable") === "true";
  var facts = data.facts, shown = [], nodes = [], sel = 0;
  var $ = function (id) { return document.getElementById(id); };
  var status = $("gk-status");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function options(select, values, labels, blank) {
    select.textContent = "";
    if (blank !== undefined) { select.appendChild(new Option(blank, "")); }
    values.forEach(function (v) { select.appendChild(new Option(labels ? labels(v) : v, v)); });
  }
  function label(id) {
    var e = data.registry[id];
    return e && e.label && e.label !== id ? e.label + " (" + id + ")" : id;
  }
  function say(text) { $("message").textContent = text; status.setAttribute("data-message", text); }

  var distinct = function (key) { return facts.map(function (f) { return f[key]; }).filter(function (v, i, a) { return a.indexOf(v) === i; }).sort(); };
  options($("f-family"), distinct("family"), function (v) { return data.registry[v] ? label(v) : v; }, "all");
  options($("f-group"), distinct("group"), null, "all");
  options($("f-state"), data.states, null, "all");
  var reviewer = $("reviewer");
  reviewer.value = window.localStorage ? (localStorage.getItem("gk-reviewer") || "") : "";
  reviewer.addEventListener("change", function () { if (window.localStorage) { localStorage.setItem("gk-reviewer", reviewer.value); } });

  function matches(f) {
    var doubt = $("f-doubt").value;
    return (!$("f-family").value || f.family === $("f-family").value) && (!$("f-group").value || f.group === $("f-group").value) &&
      (!$("f-state").value || f.state === $("f-state").value) &&
      (!doubt || (doubt === "doubtful") === (f.doubts.length > 0));
  }

  function what(f) {
    var words = f.kind + (f.arrangement ? ": " + f.arrangement : "") + (f.carer && f.carer !== f.whom ? " (" + f.carer + ")" : "");
    return f.who_label + " \u2192 " + f.whom_label + " \u2014 " + words + (f.current ? "" : " [ended" + (f.date ? " " + f.date : "") + "]");
  }

  function render() {
    var list = $("facts"), family = null;
    list.textContent = "";
    nodes = [];
    shown = facts.filter(matches);
    if (sel >= shown.length) { sel = Math.max(0, shown.length - 1); }
    shown.forEach(function (f, i) {
      if (f.family !== family) {
        family = f.family;
        list.appendChild(el("li", "family", data.registry[family] ? label(family) : family));
      }
      var li = el("li", "fact " + f.state + (i === sel ? " selected" : ""));
      li.setAttribute("data-id", f.id);
      li.setAttribute("data-state", f.state);
      var head = el("div");
      head.appendChild(el("span", "what", what(f)));
      head.appendChild(el("span", "state", f.state + (f.pending ? " (rebuild to apply)" : "")));
      li.appendChild(head);
      var was = Object.keys(f.original || {});
      if (was.length) { li.appendChild(el("div", "was", "was: " + was.map(function (k) { return k + " " + f.original[k]; }).join(", "))); }
      if (f.decision) { li.appendChild(el("div", "was", "by " + f.decision.reviewer + " at " + f.decision.at + (f.decision.note ? ": " + f.decision.note : ""))); }
      f.doubts.forEach(function (d) { li.appendChild(el("div", "doubt", "doubt: " + d)); });
      f.evidence.forEach(function (ev) {
        li.appendChild(el("blockquote", null, ev.quote));
        var where = ev.file + ", " + (ev.row ? "row " + ev.row + ", column " + ev.column : "line " + ev.line) +
          (ev.speaker ? " \u00b7 " + ev.speaker : "") + (ev.date ? " \u00b7 " + ev.date : "");
        li.appendChild(el("div", "source", where));
      });
      li.addEventListener("click", function () { select(i); });
      nodes.push(li);
      list.appendChild(li);
    });
    var counts = {};
    facts.forEach(function (f) { counts[f.state] = (counts[f.state] || 0) + 1; });
    $("counts").textContent = shown.length + " of " + facts.length + " facts shown \u00b7 " +
      data.states.map(function (s) { return (counts[s] || 0) + " " + s; }).join(" \u00b7 ") +
      (editable ? "" : " \u00b7 read-only: run `graphkit review` to decide");
    var orphans = $("orphans");
    orphans.textContent = "";
    data.orphans.forEach(function (o) {
      orphans.appendChild(el("li", null, "line " + o.line + ": " + o.action + " " + o.kind + " " + o.who + " \u2192 " + o.whom + " \u2014 \u201c" + o.quote + "\u201d (" + o.file + ")"));
    });
    status.setAttribute("data-shown", String(shown.length));
    status.setAttribute("data-selected", shown[sel] ? shown[sel].id : "");
  }

  // Moving the selection touches two list items, not the whole list: a reviewer goes through hundreds.
  function select(i) {
    if (nodes[sel]) { nodes[sel].classList.remove("selected"); }
    sel = i;
    if (nodes[sel]) { nodes[sel].classList.add("selected"); nodes[sel].scrollIntoView({ block: "nearest" }); }
    status.setAttribute("data-selected", shown[sel] ? shown[sel].id : "");
  }

  function move(step) { select(Math.min(Math.max(sel + step, 0), shown.length - 1)); }

  function post(path, body) {
    status.setAttribute("data-state", "saving");
    return fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) {
        return r.json().then(function (j) { if (!r.ok) { throw new Error(j.error || r.statusText); } return j; });
      })
      .then(function (j) { status.setAttribute("data-state", "ready"); return j; },
        function (e) { status.setAttribute("data-state", "ready"); say("not saved: " + e.message); throw e; });
  }

  function ready() {
    if (!editable) { say("read-only page: run `graphkit review <graph-dir>` to save decisions"); return false; }
    if (!reviewer.value.trim()) { say("type your name as reviewer first"); reviewer.focus(); return false; }
    return true;
  }

  function decide(action, changes, note) {
    var f = shown[sel];
    if (!f || !f.ref || !ready()) { return; }
    post("/review/decision", { action: action, fact: f.ref, set: changes || {}, note: note || null, reviewer: reviewer.value.trim() })
      .then(function (j) { f.state = j.state; f.pending = true; say(action + " saved (" + j.count + " decisions in the file)"); render(); }, function () {});
  }

  function undo() {
    var f = shown[sel];
    if (!f || !f.ref || !ready()) { return; }
    post("/review/withdraw", { fact: f.ref }).then(function (j) {
      f.state = "unreviewed"; f.pending = true; say("decision withdrawn (" + j.count + " in the file)"); render();
    }, function () {});
  }

  var correct = $("correct-form"), add = $("add-form");
  var people = Object.keys(data.registry).sort();
  function openCorrect() {
    var f = shown[sel];
    if (!f || !ready()) { return; }
    var arrangements = data.arrangements[f.kind] || [];
    options(correct.arrangement, arrangements, null, arrangements.length ? undefined : "(none)");
    correct.arrangement.value = f.arrangement || "";
    correct.arrangement.disabled = !arrangements.length;
    correct.carer.value = f.carer || "";
    correct.carer.disabled = f.kind !== "care";
    options(correct.carer_id, people, label, "(nobody in the registry)");
    correct.carer_id.disabled = f.kind !== "care";
    options(correct.whom, people, label);
    correct.whom.value = f.whom;
    correct.note.value = "";
    correct.hidden = false;
    (arrangements.length ? correct.arrangement : correct.whom).focus();
  }
  correct.addEventListener("submit", function (e) {
    e.preventDefault();
    var f = shown[sel], changes = {};
    if (!correct.arrangement.disabled && correct.arrangement.value && correct.arrangement.value !== f.arrangement) { changes.arrangement = correct.arrangement.value; }
    if (!correct.carer.disabled && correct.carer.value.trim() && correct.carer.value.trim() !== (f.carer || "")) { changes.carer = correct.carer.value.trim(); }
    if (!correct.carer_id.disabled && correct.carer_id.value) { changes.carer_id = correct.carer_id.value; }
    if (correct.whom.value && correct.whom.value !== f.whom) { changes.whom = correct.whom.value; }
    if (!Object.keys(changes).length) { say("nothing changed"); return; }
    correct.hidden = true;
    decide("correct", changes, correct.note.value.trim());
  });

  function openAdd() {
    if (!ready()) { return; }
    options(add.kind, data.kinds);
    options(add.who, people, label);
    options(add.whom, people, label);
    options(add.file, data.files);
    var f = shown[sel];
    if (f && data.registry[f.family]) { add.who.value = f.family; }
    syncAdd();
    add.hidden = false;
    add.kind.focus();
  }
  function syncAdd() {
    var arrangements = data.arrangements[add.kind.value] || [];
    options(add.arrangement, arrangements, null, arrangements.length ? undefined : "(none)");
    add.arrangement.disabled = !arrangements.length;
    add.carer.disabled = add.kind.value !== "care";
  }
  add.kind.addEventListener("change", syncAdd);
  add.addEventListener("submit", function (e) {
    e.preventDefault();
    if (!ready()) { return; }
    var fact = { kind: add.kind.value, who: add.who.value, whom: add.whom.value, file: add.file.value, quote: add.quote.value,
      arrangement: add.arrangement.disabled ? null : add.arrangement.value };
    post("/review/decision", { action: "add", fact: fact, carer: add.carer.disabled ? null : (add.carer.value.trim() || null),
      note: add.note.value.trim() || null, reviewer: reviewer.value.trim() })
      .then(function (j) {
        add.hidden = true;
        facts.push({ id: "new-" + j.count, kind: fact.kind, group: data.groups[fact.kind], family: fact.who, who: fact.who, whom: fact.whom,
          who_label: label(fact.who), whom_label: label(fact.whom), arrangement: fact.arrangement, carer: null, current: true,
          date: null, state: "manual", pending: true, doubts: [], original: {}, ref: fact,
          evidence: [{ file: fact.file, line: null, quote: fact.quote }] });
        say("fact added (" + j.count + " decisions in the file)");
        render();
      }, function () {});
  });

  function rebuild() {
    if (!editable) { say("read-only page"); return; }
    say("rebuilding...");
    post("/review/rebuild", {}).then(function (j) { say("rebuilt: " + j.problems + " problem(s)"); window.location.reload(); }, function () {});
  }

  ["f-family", "f-group", "f-state", "f-doubt"].forEach(function (id) { $(id).addEventListener("change", function () { sel = 0; render(); }); });
  document.addEventListener("keydown", function (e) {
    var tag = e.target && e.target.tagName;
    if (e.key === "Escape") { correct.hidden = true; add.hidden = true; if (e.target.blur) { e.target.blur(); } return; }
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var keys = { j: function () { move(1); }, ArrowDown: function () { move(1); }, k: function () { move(-1); },
      ArrowUp: function () { move(-1); }, a: function () { decide("accept"); }, r: function () { decide("reject"); },
      c: openCorrect, u: undo, n: openAdd, b: rebuild };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });
  render();
  status.setAttribute("data-state", "ready");
})();
