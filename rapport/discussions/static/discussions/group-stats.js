// A group's statistics page: the 100-10-1 breakdown beside the rule, and members (and,
// for managers, activity) per week, drawn from the figures embedded with json_script (no
// inline script: the CSP forbids it). Tables with the same figures are in the page.
(function () {
  "use strict";
  function widthOf(canvas) {
    return canvas.parentElement ? canvas.parentElement.clientWidth : 1100;
  }
  function drawBreakdown(Chart, data) {
    var canvas = document.getElementById("group-breakdown-chart");
    if (!canvas) return;
    var kinds = ["creators", "contributors", "readers", "lurkers"];
    var labels = ["Creators", "Contributors", "Readers", "Lurkers"];
    var colours = ["#1d4ed8", "#60a5fa", "#a7c4f2", "#d6dde6"];
    var windows = Object.keys(data.breakdown).sort(function (a, b) { return a - b; });
    var rows = windows.map(function (w) { return "Last " + w + " days"; }).concat(["The rule"]);
    var datasets = kinds.map(function (kind, i) {
      var values = windows.map(function (w) { return data.breakdown[w].percent[kind]; });
      // The rule puts readers and lurkers together: 90 % who only read, or do nothing.
      var rule = { creators: 1, contributors: 9, readers: 90, lurkers: 0 }[kind];
      return { label: labels[i], data: values.concat([rule]), backgroundColor: colours[i] };
    });
    new Chart(canvas, {
      type: "bar",
      data: { labels: rows, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        indexAxis: "y",
        aspectRatio: widthOf(canvas) < 600 ? 1.4 : 4,
        plugins: { tooltip: { callbacks: { label: function (item) { return item.dataset.label + ": " + item.raw + " %"; } } } },
        scales: { x: { stacked: true, max: 100, ticks: { callback: function (v) { return v + " %"; } } }, y: { stacked: true } },
      },
    });
    canvas.setAttribute("data-drawn", "true");
  }
  function drawWeeks(Chart, data) {
    var canvas = document.getElementById("group-weeks-chart");
    if (!canvas) return;
    var weeks = data.weeks;
    var datasets = [{ type: "line", label: "Members", data: weeks.map(function (w) { return w.members; }), borderColor: "#1d4ed8", backgroundColor: "#1d4ed8", yAxisID: "y" }];
    if (data.full) {
      datasets.push({ type: "line", label: "Active members", data: weeks.map(function (w) { return w.active; }), borderColor: "#0f766e", backgroundColor: "#0f766e", yAxisID: "y" });
      datasets.push({ type: "bar", label: "Posts", data: weeks.map(function (w) { return w.posts; }), backgroundColor: "#93c5fd", yAxisID: "y2" });
      datasets.push({ type: "bar", label: "Comments", data: weeks.map(function (w) { return w.comments; }), backgroundColor: "#fcd34d", yAxisID: "y2" });
      datasets.push({ type: "bar", label: "Reactions", data: weeks.map(function (w) { return w.reactions; }), backgroundColor: "#fca5a5", yAxisID: "y2" });
    }
    var scales = { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Members" } } };
    if (data.full) scales.y2 = { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, ticks: { precision: 0 }, title: { display: true, text: "Posts, comments, reactions" } };
    new Chart(canvas, {
      type: "bar",
      data: { labels: weeks.map(function (w) { return w.week; }), datasets: datasets },
      options: { animation: false, responsive: true, aspectRatio: widthOf(canvas) < 600 ? 1.1 : 3, interaction: { mode: "index", intersect: false }, scales: scales },
    });
    canvas.setAttribute("data-drawn", "true");
  }
  function start() {
    var node = document.getElementById("group-stats-data");
    if (!node || !window.Chart) return;
    var data = JSON.parse(node.textContent);
    drawBreakdown(window.Chart, data);
    drawWeeks(window.Chart, data);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
