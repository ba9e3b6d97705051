// report.js, written next to index.html: reads the chart data from the page's JSON block (data,
// never code) and draws it with Chart.js, and filters the executions table. A file next to the page,
// not an inline script: the pages' CSP runs scripts from their own folder only, and that works from
// file:// as well as from GitHub Pages. Chart instances are kept on `window.intentopsCharts` so a
// browser test can see what was drawn.

export const CLIENT_SCRIPT = `'use strict';
(function () {
  // The executions table: rows carry data-intent, data-status and data-date (YYYY-MM-DD, UTC);
  // the form above it hides the rows that do not match. Values are compared, never parsed as markup.
  // The filter is kept in the address (#status=failed&intent=…), so a filtered view can be linked.
  var form = document.getElementById('filters');
  var table = document.getElementById('executions');
  if (form && table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'));
    var KEYS = ['intent', 'status', 'from', 'to'];
    var field = function (id) { var el = document.getElementById(id); return el ? el.value : ''; };
    var count = document.getElementById('filter-count');
    var fromHash = function () {
      var params = new URLSearchParams(location.hash.slice(1));
      KEYS.forEach(function (k) {
        var el = document.getElementById('filter-' + k);
        if (el && params.has(k)) el.value = params.get(k);
      });
    };
    var toHash = function () {
      var params = new URLSearchParams();
      KEYS.forEach(function (k) { var v = field('filter-' + k); if (v) params.set(k, v); });
      var hash = params.toString();
      if (hash !== location.hash.slice(1)) history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
    };
    var apply = function () {
      var intent = field('filter-intent'), status = field('filter-status');
      var from = field('filter-from'), to = field('filter-to');
      var shown = 0;
      rows.forEach(function (row) {
        var date = row.getAttribute('data-date') || '';
        var ok = (!intent || row.getAttribute('data-intent') === intent) &&
          (!status || row.getAttribute('data-status') === status) &&
          (!from || date >= from) && (!to || date <= to);
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = shown + ' of ' + rows.length + ' executions';
    };
    var changed = function () { apply(); toHash(); };
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    form.addEventListener('reset', function () { setTimeout(changed, 0); });
    window.addEventListener('hashchange', function () { fromHash(); apply(); });
    form.hidden = false;
    fromHash();
    apply();
  }

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
      var perBar = Array.isArray(d.colors) ? d.colors.map(function (c) { return COLORS[c % COLORS.length]; }) : null;
      return {
        type: line ? 'line' : undefined,
        label: d.label,
        data: d.data,
        backgroundColor: doughnut ? COLORS.slice(0, d.data.length) : line ? COLORS[2] : perBar || color,
        borderColor: line ? COLORS[2] : perBar || color,
        borderDash: line ? [6, 4] : undefined,
        pointRadius: line ? 2 : undefined,
        minBarLength: d.minBarLength,
        order: line ? 0 : 1,
      };
    });
    // A time axis: labels horizontal, thinned with room between them, so none overlaps another.
    var xTicks = spec.timeAxis
      ? { autoSkip: true, autoSkipPadding: 24, maxRotation: 0, minRotation: 0 }
      : { autoSkip: true, maxRotation: 60, maxTicksLimit: 14 };
    var scales = doughnut ? {} : {
      x: { stacked: !!spec.stacked, ticks: xTicks, title: { display: !!spec.xTitle, text: spec.xTitle || '' } },
      y: { stacked: !!spec.stacked, beginAtZero: true, max: spec.percent ? 100 : undefined, ticks: { precision: spec.counts ? 0 : undefined } },
    };
    var tooltips = Array.isArray(spec.tooltips) ? spec.tooltips : null;
    window.intentopsCharts[spec.id] = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          title: { display: true, text: spec.title },
          legend: { display: spec.datasets.length > 1 || doughnut },
          tooltip: tooltips ? { callbacks: { title: function (items) { return items.length ? tooltips[items[0].dataIndex] : ''; } } } : {},
        },
        scales: scales,
      },
    });
  });
})();
`;
