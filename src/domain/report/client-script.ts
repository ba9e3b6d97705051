// report.js, written next to index.html: reads the chart data from the page's JSON block (data,
// never code) and draws it with Chart.js. Instances are kept on `window.intentopsCharts` so a
// browser test can see what was drawn.

export const CLIENT_SCRIPT = `'use strict';
(function () {
  var COLORS = ['#0969da', '#1a7f37', '#cf222e', '#9a6700', '#8250df', '#bf3989', '#1b7c83', '#57606a'];
  var block = document.getElementById('report-data');
  if (!block || typeof Chart === 'undefined') return;
  var specs = JSON.parse(block.textContent || '[]');
  window.intentopsCharts = {};
  specs.forEach(function (spec) {
    var canvas = document.getElementById('chart-' + spec.id);
    if (!canvas) return;
    var doughnut = spec.type === 'doughnut';
    var datasets = spec.datasets.map(function (d, i) {
      var color = COLORS[(typeof d.color === 'number' ? d.color : i) % COLORS.length];
      var line = d.kind === 'line';
      return {
        type: line ? 'line' : undefined,
        label: d.label,
        data: d.data,
        backgroundColor: doughnut ? COLORS.slice(0, d.data.length) : line ? COLORS[2] : color,
        borderColor: line ? COLORS[2] : color,
        borderDash: line ? [6, 4] : undefined,
        pointRadius: line ? 2 : undefined,
        order: line ? 0 : 1,
      };
    });
    var scales = doughnut ? {} : {
      x: { stacked: !!spec.stacked, ticks: { autoSkip: true, maxRotation: 60, maxTicksLimit: 14 } },
      y: { stacked: !!spec.stacked, beginAtZero: true, max: spec.percent ? 100 : undefined, ticks: { precision: spec.counts ? 0 : undefined } },
    };
    window.intentopsCharts[spec.id] = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { title: { display: true, text: spec.title }, legend: { display: spec.datasets.length > 1 || doughnut } },
        scales: scales,
      },
    });
  });
})();
`;
