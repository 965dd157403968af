// The report charts (uPlot, served from our own origin). Their data is the JSON block
// #report-chart-data that the page renders: nothing here is inline, so the CSP holds.
(function () {
  'use strict';
  var block = document.getElementById('report-chart-data');
  if (!block || typeof window.uPlot !== 'function') return;
  var data = JSON.parse(block.textContent || '{}');
  var uPlot = window.uPlot;
  var utc = function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); };
  var widthOf = function (node) { return Math.max(280, Math.floor(node.clientWidth || 640)); };
  var charts = [];

  function chart(id, options, values) {
    var node = document.getElementById(id);
    if (!node) return;
    options.width = widthOf(node);
    options.height = 240;
    charts.push({ node: node, plot: new uPlot(options, values, node) });
  }

  chart('chart-bookings', {
    tzDate: utc,
    series: [{}, { label: data.labels.booked, stroke: '#2563eb', width: 2, fill: 'rgba(37,99,235,0.08)' }, { label: data.labels.cancelled, stroke: '#dc2626', width: 1.5 }],
    axes: [{}, { size: 48 }],
  }, [data.days, data.booked, data.cancelled]);

  var bars = uPlot.paths.bars({ size: [0.7, 40] });
  chart('chart-revenue', {
    tzDate: utc,
    series: [{}, { label: data.labels.revenue, stroke: '#047857', fill: 'rgba(4,120,87,0.55)', paths: bars, points: { show: false } }],
    axes: [{}, { size: 64 }],
  }, [data.days, data.revenue]);

  if (data.services.length > 0) {
    var index = data.services.map(function (_, i) { return i; });
    chart('chart-services', {
      scales: { x: { time: false, range: [-0.5, data.services.length - 0.5] } },
      series: [{ label: '' }, { label: data.labels.revenue, stroke: '#7c3aed', fill: 'rgba(124,58,237,0.55)', paths: bars, points: { show: false } }],
      axes: [{ splits: function () { return index; }, values: function (_, splits) { return splits.map(function (i) { return data.services[i] || ''; }); } }, { size: 64 }],
    }, [index, data.serviceRevenue]);
  }

  // Charts follow the page's width (a rotated phone, a resized window).
  var pending = 0;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (c) { c.plot.setSize({ width: widthOf(c.node), height: 240 }); });
    }, 150);
  });
})();
