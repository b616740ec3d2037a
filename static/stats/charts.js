/* SYS-STATS: draws each chart of the statistics page with Chart.js (our own static copy) from the data the page
   passes with json_script (no inline script: the Content-Security-Policy forbids it). */
(function () {
  "use strict";
  var palette = ["#1f6fb5", "#e07b24", "#2e9e5b", "#c23b3b", "#7a55b3", "#8c6d3f"];
  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var line = spec.type === "line";
    var chart = new Chart(canvas, {
      type: line ? "line" : "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set, i) {
          var colour = palette[i % palette.length];
          return {
            label: set.label,
            data: set.data.map(Number),
            backgroundColor: colour,
            borderColor: colour,
            tension: 0.2
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true } },
        plugins: { legend: { position: "bottom" } }
      }
    });
    canvas.setAttribute("data-drawn", String(chart.data.datasets.length));
  }
  function start() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
