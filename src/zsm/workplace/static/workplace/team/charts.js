/* Charts of the coordination page: each <canvas data-chart-source="ID"> is drawn from the JSON in the
   json_script element ID ({label, labels, values, max?}). No inline script: the CSP forbids it.
   The same numbers are always in a table next to the chart. */
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chartSource);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var y = { beginAtZero: true, ticks: { precision: 0 } };
    if (data.max) {
      y.max = data.max;
    }
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [{ label: data.label, data: data.values }] },
      options: { animation: false, aspectRatio: 3, plugins: { legend: { display: false } }, scales: { y: y } },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart-source]").forEach(draw);
  });
})();
