// Draws the overview's charts (Chart.js, served locally), sizes the share bars (no inline
// style: the Content-Security-Policy forbids it) and applies a filter as soon as it changes.
(function () {
  document.querySelectorAll(".bar span[data-width]").forEach(function (el) {
    el.style.width = Math.max(0, Math.min(100, parseFloat(el.dataset.width) || 0)) + "%";
  });
  var filters = document.getElementById("filters");
  if (filters) {
    filters.querySelectorAll("select, input").forEach(function (el) {
      el.addEventListener("change", function () { filters.submit(); });
    });
  }
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var labels = JSON.parse(document.getElementById("chart-labels").textContent);
  var blue = "#0b3a72", orange = "#d9822b";
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  new Chart(document.getElementById("chart-days"), {
    data: {
      labels: data.days.labels,
      datasets: [
        { type: "bar", label: labels.visits, data: data.days.visits, backgroundColor: blue, yAxisID: "y" },
        { type: "line", label: labels.duration, data: data.days.duration_min, borderColor: orange,
          backgroundColor: orange, spanGaps: true, yAxisID: "y1" }
      ]
    },
    options: { scales: { y: { beginAtZero: true, position: "left" },
                         y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } } } }
  });
  new Chart(document.getElementById("chart-hours"), {
    type: "bar",
    data: { labels: data.hours.labels.map(function (h) { return h + " " + labels.hour; }),
            datasets: [{ label: labels.visits, data: data.hours.visits, backgroundColor: blue }] },
    options: { scales: { y: { beginAtZero: true } }, plugins: { legend: { display: false } } }
  });
})();
