// A post's statistics page: impressions and new viewers per day, and a bar chart per
// breakdown, from the figures embedded with json_script (no inline script: the CSP
// forbids it). Every chart has a table with the same figures next to it in the page.
(function () {
  "use strict";
  function drawDays(Chart, days) {
    var canvas = document.getElementById("stats-days-chart");
    if (!canvas) return;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: days.map(function (d) { return d.day; }),
        datasets: [
          { type: "bar", label: "Impressions", data: days.map(function (d) { return d.impressions; }), backgroundColor: "#93c5fd" },
          { type: "line", label: "New unique viewers", data: days.map(function (d) { return d.new_viewers; }), borderColor: "#1d4ed8", backgroundColor: "#1d4ed8", pointRadius: days.length > 31 ? 0 : 3 },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        // Wide on a desktop panel, taller on a phone (at 3:1 on a 290 px panel the plot
        // area all but vanished under the legend and the date labels).
        aspectRatio: widthOf(canvas) < 600 ? 1.2 : 3,
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    canvas.setAttribute("data-drawn", "true");
  }
  function widthOf(canvas) {
    return canvas.parentElement ? canvas.parentElement.clientWidth : 1100;
  }
  function drawBreakdown(Chart, canvas, breakdown) {
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: breakdown.groups.map(function (g) { return g.label; }),
        datasets: [{ label: "Viewers", data: breakdown.groups.map(function (g) { return g.count; }), backgroundColor: "#2563eb" }],
      },
      options: {
        animation: false,
        responsive: true,
        // About 32 px a bar on a page-wide panel, so one bar is not a wall of blue; the
        // canvas's height cannot come from CSS here without a rule per chart.
        aspectRatio: Math.min(10, Math.max(1.5, widthOf(canvas) / (breakdown.groups.length * 32 + 60))),
        indexAxis: "y",
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (item) {
                var group = breakdown.groups[item.dataIndex];
                return group.count + " viewers (" + group.share + "%)";
              },
            },
          },
        },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    canvas.setAttribute("data-drawn", "true");
  }
  function draw() {
    var source = document.getElementById("stats-data");
    if (!source || !window.Chart) return;
    var data = JSON.parse(source.textContent);
    drawDays(window.Chart, data.days);
    var byDimension = {};
    data.breakdowns.forEach(function (b) { byDimension[b.dimension] = b; });
    document.querySelectorAll("canvas.stats-breakdown-chart").forEach(function (canvas) {
      var breakdown = byDimension[canvas.getAttribute("data-dimension")];
      if (breakdown && breakdown.groups.length) drawBreakdown(window.Chart, canvas, breakdown);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
