// Lists on a phone (issue 11): every cell of a table.table-cards gets its column's header as data-label, which
// static/css/app.css shows beside the value when the table becomes stacked cards. Cells spanning columns
// (the empty state) and cells that already carry a label are left alone.
(function () {
  "use strict";
  function label(table) {
    var heads = table.tHead ? table.tHead.rows[0] : null;
    if (!heads) { return; }
    var names = Array.prototype.map.call(heads.cells, function (th) { return th.innerText.trim(); });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (cell.colSpan > 1 || cell.hasAttribute("data-label") || !names[i]) { return; }
          cell.setAttribute("data-label", names[i]);
        });
      });
    });
  }
  function run() { document.querySelectorAll("table.table-cards").forEach(label); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
})();
