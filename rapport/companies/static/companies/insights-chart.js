// The company page's workforce chart: headcount, joiners and leavers per month, from
// the figures embedded with json_script (no inline script: the CSP forbids it).
// A month whose count is below the threshold is null and drawn as a gap.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("insights-data");
    var canvas = document.getElementById("insights-chart");
    if (!source || !canvas || !window.Chart) return;
    var data = JSON.parse(source.textContent);
    var counts = function (rows) { return rows.map(function (r) { return r.count; }); };
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.headcount.map(function (r) { return r.month; }),
        datasets: [
          { label: "Headcount", data: counts(data.headcount), borderColor: "#2563eb", spanGaps: false },
          { label: "Joiners", data: counts(data.joiners), borderColor: "#16a34a", spanGaps: false },
          { label: "Leavers", data: counts(data.leavers), borderColor: "#dc2626", spanGaps: false },
        ],
      },
      options: { animation: false, responsive: true, scales: { y: { beginAtZero: true } } },
    });
    canvas.setAttribute("data-drawn", "true");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
