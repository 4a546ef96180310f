// graphkit ecomap: the drawing needs no script; this one only measures it. Every caption's box as
// the browser lays it out, and every pair that overlaps, go into #gk-status (the browser tests read
// them), so "no caption overlaps another" is a measurement, not an estimate.
(function () {
  "use strict";
  var out = document.getElementById("gk-status");
  var texts = Array.prototype.slice.call(document.querySelectorAll("figure.ecomap svg text.caption"));
  var boxes = texts.map(function (t) {
    var b = t.getBBox();
    return { x: b.x, y: b.y, w: b.width, h: b.height, text: t.textContent };
  }).filter(function (b) { return b.w > 0 && b.h > 0; });
  var overlaps = [];
  for (var i = 0; i < boxes.length; i += 1) {
    for (var j = i + 1; j < boxes.length; j += 1) {
      var a = boxes[i], b = boxes[j];
      if (a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5) {
        overlaps.push([a.text, b.text]);
      }
    }
  }
  out.setAttribute("data-captions", String(boxes.length));
  out.setAttribute("data-overlaps", JSON.stringify(overlaps));
  out.setAttribute("data-state", "ready");
  window.gkStatus.report();
})();
