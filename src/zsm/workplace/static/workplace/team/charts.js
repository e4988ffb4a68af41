/* Charts of the coordination page: each <canvas data-chart-source="ID"> is drawn from the JSON in the
   json_script element ID ({label, labels, values, max?, horizontal?, axis?}). No inline script: the CSP forbids it.
   The same numbers are always in a table next to the chart. */
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chartSource);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var value = { beginAtZero: true, ticks: { precision: 0 } };
    if (data.max) {
      value.max = data.max;
    }
    if (data.axis) {
      value.title = { display: true, text: data.axis };
    }
    // Horizontal bars keep long names readable; a zero still shows as a sliver, not as a gap.
    var horizontal = Boolean(data.horizontal);
    var scales = horizontal ? { x: value } : { y: value };
    if (horizontal) {
      // One line per name: the chart grows with the list instead of squeezing it.
      canvas.parentElement.style.height = data.labels.length * 28 + 70 + "px";
    }
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [{ label: data.label, data: data.values, minBarLength: 3 }] },
      options: {
        animation: false,
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: !horizontal,
        aspectRatio: 3,
        plugins: { legend: { display: false } },
        scales: scales,
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart-source]").forEach(draw);
  });
})();
