// Runs first on every scripted graphkit page: remembers script errors and blocked
// loads so the page can report them in #gk-status (the browser tests read it).
(function () {
  "use strict";
  var state = { errors: [], blocked: [] };
  window.gkStatus = state;
  function report() {
    var el = document.getElementById("gk-status");
    if (!el) { return; }
    el.setAttribute("data-errors", JSON.stringify(state.errors));
    el.setAttribute("data-blocked", JSON.stringify(state.blocked));
  }
  state.report = report;
  window.addEventListener("error", function (e) {
    var where = e.filename ? " (" + e.filename + ":" + e.lineno + ")" : "";
    // A failed image, script or stylesheet load fires a non-bubbling error caught here in the capture phase.
    var target = e.target && e.target !== window ? " " + (e.target.src || e.target.href || e.target.tagName) : "";
    state.errors.push(String(e.message || "load error") + where + target);
    report();
  }, true);
  window.addEventListener("unhandledrejection", function (e) {
    state.errors.push("unhandled rejection: " + String(e.reason));
    report();
  });
  document.addEventListener("securitypolicyviolation", function (e) {
    state.blocked.push(e.violatedDirective + " " + e.blockedURI);
    report();
  });
})();
