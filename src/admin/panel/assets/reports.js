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
  var DAY = 86400;
  var dayLabel = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { timeZone: 'UTC', day: 'numeric', month: 'short' });
  // Days on the x axis (never hours: there is one value a day), half a day of room at each end for the bars.
  var dayAxis = { space: 56, incrs: [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 61 * DAY, 91 * DAY], values: function (_, splits) { return splits.map(function (ts) { return dayLabel.format(new Date(ts * 1000)); }); } };
  var dayScale = { time: true, range: function (_, min, max) { return [min - DAY / 2, max + DAY / 2]; } };
  // Counts and money start at zero, so a bar's height is its value.
  var fromZero = { range: function (_, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } };

  function chart(id, options, values) {
    var node = document.getElementById(id);
    if (!node) return;
    options.width = widthOf(node);
    options.height = 240;
    charts.push({ node: node, plot: new uPlot(options, values, node) });
  }

  chart('chart-bookings', {
    tzDate: utc,
    scales: { x: dayScale, y: fromZero },
    series: [{ label: data.labels.day, value: function (_, ts) { return ts === null || ts === undefined ? '' : dayLabel.format(new Date(ts * 1000)); } }, { label: data.labels.booked, stroke: '#2563eb', width: 2, fill: 'rgba(37,99,235,0.08)' }, { label: data.labels.cancelled, stroke: '#dc2626', width: 1.5 }],
    axes: [dayAxis, { size: 48 }],
  }, [data.days, data.booked, data.cancelled]);

  var bars = uPlot.paths.bars({ size: [0.7, 40] });
  chart('chart-revenue', {
    tzDate: utc,
    scales: { x: dayScale, y: fromZero },
    series: [{ label: data.labels.day, value: function (_, ts) { return ts === null || ts === undefined ? '' : dayLabel.format(new Date(ts * 1000)); } }, { label: data.labels.revenue, stroke: '#047857', fill: 'rgba(4,120,87,0.55)', paths: bars, points: { show: false } }],
    axes: [dayAxis, { size: 64 }],
  }, [data.days, data.revenue]);

  if (data.services.length > 0) {
    var index = data.services.map(function (_, i) { return i; });
    chart('chart-services', {
      scales: { x: { time: false, range: [-0.5, data.services.length - 0.5] }, y: fromZero },
      series: [{ label: data.labels.service, value: function (_, i) { return i === null || i === undefined ? '' : data.services[i] || ''; } }, { label: data.labels.revenue, stroke: '#7c3aed', fill: 'rgba(124,58,237,0.55)', paths: bars, points: { show: false } }],
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
