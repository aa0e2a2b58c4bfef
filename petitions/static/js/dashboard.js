// The leaders' dashboard (/reports/dashboard): Chart.js charts drawn from the page's JSON (data-dashboard, the same
// as /reports/dashboard.json). A click on a bar opens the records that figure counts, as the link of the same figure
// in the table beside the chart does (the tables stay the accessible way in: every figure there is a link).
(function () {
  "use strict";

  var holder = document.getElementById("dashboard");
  if (!holder || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(holder.getAttribute("data-dashboard"));
  var currentLabel = holder.getAttribute("data-current-label");
  var previousLabel = holder.getAttribute("data-previous-label");
  var Chart = window.Chart;

  // Bootstrap's primary, a grey for the period before, orange for letters, red for cases (contrast ≥ 3:1 on white).
  var BLUE = "#0d6efd", GREY = "#6c757d", ORANGE = "#c75000", RED = "#b02a37";
  var numbers = new Intl.NumberFormat("vi-VN");

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#212529";
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  // A chart whose bars link: urls[dataset][index] is where a click on that bar goes.
  function draw(id, config, urls) {
    var canvas = document.getElementById(id);
    if (!canvas) { return null; }
    config.options = config.options || {};
    config.options.onClick = function (event, elements) {
      if (!elements.length) { return; }
      var url = urls[elements[0].datasetIndex] && urls[elements[0].datasetIndex][elements[0].index];
      if (url) { window.location.assign(url); }
    };
    config.options.onHover = function (event, elements) {
      event.native.target.style.cursor = elements.length ? "pointer" : "default";
    };
    config.options.plugins = config.options.plugins || {};
    config.options.plugins.tooltip = {
      callbacks: {
        label: function (item) { return item.dataset.label + ": " + numbers.format(item.raw); }
      }
    };
    config.options.scales = config.options.scales || {};
    var valueAxis = config.options.indexAxis === "y" ? "x" : "y";
    config.options.scales[valueAxis] = Object.assign(
      { beginAtZero: true, ticks: { precision: 0 } }, config.options.scales[valueAxis] || {}
    );
    var chart = new Chart(canvas, config);
    canvas.setAttribute("data-drawn", "1");
    return chart;
  }

  function comparison(id, rows, horizontal) {
    draw(id, {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r.label; }),
        datasets: [
          { label: currentLabel, data: rows.map(function (r) { return r.current; }), backgroundColor: BLUE },
          { label: previousLabel, data: rows.map(function (r) { return r.previous; }), backgroundColor: GREY }
        ]
      },
      options: horizontal ? { indexAxis: "y" } : {}
    }, [rows.map(function (r) { return r.url; }), rows.map(function (r) { return r.previous_url; })]);
  }

  // The reception figures on one scale (the head's sessions, counted in tens where visits are in thousands, are
  // left to the table).
  var headline = ["visits", "persons", "cases", "cases_first", "cases_repeated", "delegations"];
  comparison("chart-reception", data.reception.filter(function (r) { return headline.indexOf(r.key) >= 0; }), false);
  if (data.letters) {
    comparison("chart-by-type", data.letters.by_type, true);
    comparison("chart-by-outcome", data.letters.by_outcome, true);
  }

  var months = data.trend.months;
  var series = [["visits", BLUE], ["delegations", RED], ["letters", ORANGE]];
  var names = { visits: "Lượt tiếp", delegations: "Đoàn đông người", letters: "Đơn tiếp nhận" };
  document.querySelectorAll("#trend-table thead th").forEach(function (th, index) {
    // The table's own headings name the series (translated with the page).
    var key = ["", "visits", "persons", "delegations", "letters"][index];
    if (key && names[key]) { names[key] = th.textContent.trim(); }
  });
  draw("chart-trend", {
    type: "bar",
    data: {
      labels: months.map(function (m) { return m.label; }),
      datasets: series.map(function (s) {
        return { label: names[s[0]], data: months.map(function (m) { return m[s[0]]; }), backgroundColor: s[1] };
      })
    }
  }, series.map(function (s) { return months.map(function (m) { return m.urls[s[0]]; }); }));

  var bodies = data.overdue.bodies;
  var overdueBox = document.getElementById("chart-overdue");
  if (overdueBox) {
    // A bar's height whatever the number of bodies listed (up to 15).
    overdueBox.parentNode.style.height = (4 + 2 * bodies.length) + "rem";
  }
  var heads = document.querySelectorAll("#overdue-table thead th");
  draw("chart-overdue", {
    type: "bar",
    data: {
      labels: bodies.map(function (b) { return b.name; }),
      datasets: [
        { label: heads[1] ? heads[1].textContent.trim() : "", data: bodies.map(function (b) { return b.letters; }),
          backgroundColor: ORANGE },
        { label: heads[2] ? heads[2].textContent.trim() : "", data: bodies.map(function (b) { return b.cases; }),
          backgroundColor: RED }
      ]
    },
    options: { indexAxis: "y", scales: { x: { stacked: true }, y: { stacked: true } } }
  }, [bodies.map(function (b) { return b.letters_url; }), bodies.map(function (b) { return b.cases_url; })]);
}());
