// The influence history chart, from the figures embedded with json_script (the CSP
// forbids inline script). The same figures are in the table under it.
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("influence-chart");
    var data = document.getElementById("influence-data");
    if (!canvas || !data || !window.Chart) return;
    var history = JSON.parse(data.textContent);
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: history.days,
        datasets: [{ label: "Score", data: history.scores, borderColor: "#1d4ed8", backgroundColor: "#1d4ed8", pointRadius: history.days.length > 31 ? 0 : 3 }],
      },
      options: {
        animation: false,
        responsive: true,
        aspectRatio: canvas.clientWidth < 600 ? 1.4 : 3,
        scales: { y: { min: 1, max: 100 } },
        plugins: { legend: { display: false } },
      },
    });
    canvas.setAttribute("data-drawn", "true");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
