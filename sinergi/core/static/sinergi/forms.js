// Sinergi P4GN — form helpers (our own code; no library, no CDN, no inline script, so the strict CSP holds).
// 1. A multi-select becomes a searchable list of checkboxes (no ctrl-click; works with a thumb on a phone).
//    The <select> stays in the form, hidden, and is kept in step, so the server receives exactly what it did.
// 2. After a refused submission the first field in error is scrolled into view and focused, so on a phone a
//    mistake below the fold does not look like nothing happened.
(function () {
  "use strict";
  var script = document.currentScript;
  var words = {
    search: (script && script.dataset.search) || "Search",
    chosen: (script && script.dataset.chosen) || "chosen",
  };

  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim();
  }

  function searchable(select) {
    var box = document.createElement("div");
    box.className = "multi-pick";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "multi-pick-search";
    search.placeholder = words.search + "…";
    search.setAttribute("aria-label", words.search + ": " + (select.labels && select.labels[0] ? select.labels[0].textContent.trim() : ""));
    if (select.id) { search.id = select.id + "-search"; }
    var list = document.createElement("div");
    list.className = "multi-pick-list";
    list.setAttribute("role", "group");
    var count = document.createElement("p");
    count.className = "multi-pick-count muted small";
    count.setAttribute("aria-live", "polite");
    var rows = [];
    function update() {
      var n = 0;
      for (var i = 0; i < select.options.length; i++) { if (select.options[i].selected) { n++; } }
      count.textContent = n + " " + words.chosen;
    }
    Array.prototype.forEach.call(select.options, function (option) {
      var label = document.createElement("label");
      var tick = document.createElement("input");
      tick.type = "checkbox";
      tick.checked = option.selected;
      tick.addEventListener("change", function () { option.selected = tick.checked; update(); });
      label.appendChild(tick);
      label.appendChild(document.createTextNode(" " + option.textContent));
      list.appendChild(label);
      rows.push({ label: label, text: normalise(option.textContent) });
    });
    search.addEventListener("input", function () {
      var words_ = normalise(search.value).split(" ");
      rows.forEach(function (row) {
        row.label.hidden = !words_.every(function (w) { return row.text.indexOf(w) !== -1; });
      });
    });
    search.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); } });
    box.appendChild(search);
    box.appendChild(list);
    box.appendChild(count);
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    select.parentNode.insertBefore(box, select.nextSibling);
    if (select.labels && select.labels[0] && search.id) { select.labels[0].htmlFor = search.id; }
    update();
  }

  function focusFirstError() {
    var field = document.querySelector("main .field.has-error");
    var target = field && field.querySelector("input:not([type=hidden]):not([hidden]), select:not([hidden]), textarea");
    var message = document.querySelector("main .errorlist");
    if (field) {
      Array.prototype.forEach.call(document.querySelectorAll("main .field.has-error input, main .field.has-error select, main .field.has-error textarea"), function (el) {
        el.setAttribute("aria-invalid", "true");
      });
    }
    if (target) {
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
    } else if (message) {
      message.setAttribute("tabindex", "-1");
      message.scrollIntoView({ block: "center" });
      message.focus({ preventScroll: true });
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("main form select[multiple]:not([data-plain])"), searchable);
    focusFirstError();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
