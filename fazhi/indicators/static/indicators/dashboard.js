/* The leaders' dashboard charts: monthly trends, the ranking and the county map (Apache ECharts, served locally).
   Data comes from the page (json_script), never from the internet; every point opens the records behind it. */
(function () {
  "use strict";
  var node = document.getElementById("dashboard-data");
  if (!node || typeof echarts === "undefined") return;
  var data = JSON.parse(node.textContent);
  var charts = [];
  var palette = ["#b3261e", "#0b6bcb", "#1a7f37", "#9a6700", "#6e40c9"];

  function open(link) { if (link) window.location.href = link; }

  function make(el, option, links) {
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    chart.on("click", function (p) {
      var l = links(p);
      open(l);
    });
    charts.push(chart);
    return chart;
  }

  document.querySelectorAll(".chart.trend").forEach(function (el) {
    var t = data.trends[Number(el.dataset.trend)];
    if (!t) return;
    make(el, {
      color: palette,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", minInterval: 1 },
      series: t.series.map(function (s, i) {
        return { name: s.name, type: i === 0 ? "bar" : "line", data: s.data, smooth: false };
      })
    }, function (p) { return t.series[p.seriesIndex].links[p.dataIndex]; });
  });

  var rows = data.ranking.rows;
  var rankingEl = document.getElementById("ranking-chart");
  if (rankingEl && rows.length) {
    var ordered = rows.slice().reverse();  // highest on top
    make(rankingEl, {
      color: palette,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 40, top: 10, bottom: 24, containLabel: true },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: ordered.map(function (r) { return r.name; }) },
      series: [{ name: data.ranking.label, type: "bar", data: ordered.map(function (r) { return r.value; }),
                 label: { show: true, position: "right" } }]
    }, function (p) { return ordered[p.dataIndex].link; });
  }

  var mapEl = document.getElementById("map-chart");
  if (mapEl && data.map.show) {
    fetch(mapEl.dataset.geojson, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (geojson) {
        echarts.registerMap(data.map.name, geojson);
        var values = rows.filter(function (r) { return !r.own; }).map(function (r) { return r.value || 0; });
        var byName = {};
        rows.forEach(function (r) { byName[r.name] = r; });
        make(mapEl, {
          tooltip: { trigger: "item", formatter: function (p) {
            return p.name + "<br>" + data.ranking.label + "：" + (p.value === undefined || isNaN(p.value) ? "—" : p.value);
          } },
          visualMap: { min: Math.min.apply(null, values), max: Math.max.apply(null, values.concat([1])),
                       left: 8, bottom: 8, calculable: true, inRange: { color: ["#fde7e4", "#b3261e"] } },
          series: [{ name: data.ranking.label, type: "map", map: data.map.name, roam: false,
                     // the urban districts are small and close together: a label that would overlap another is
                     // hidden (its name shows on hover and in the table), the others are small
                     label: { show: true, fontSize: 9 },
                     labelLayout: { hideOverlap: true },
                     emphasis: { label: { show: true, fontSize: 12 } },
                     data: rows.filter(function (r) { return !r.own; })
                               .map(function (r) { return { name: r.name, value: r.value }; }) }]
        }, function (p) { return byName[p.name] && byName[p.name].link; });
      });
  }

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  window.fazhiCharts = charts;  // for tests and the console
})();
