// Bar chart of one figure across subordinate units (data from the page's JSON block; no inline script).
(function () {
  var holder = document.getElementById("chart");
  var source = document.getElementById("chart-data");
  if (!holder || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var chart = window.echarts.init(holder, null, { renderer: "canvas" });
  chart.setOption({
    title: { text: data.title, left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    grid: { left: 60, right: 20, bottom: 90, top: 40 },
    xAxis: { type: "category", data: data.units, axisLabel: { rotate: 40, interval: 0 } },
    yAxis: { type: "value" },
    series: [{ type: "bar", data: data.values, itemStyle: { color: "#a4161a" } }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
