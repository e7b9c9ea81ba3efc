// The home page chart: open schools by type, from the data the page carries (no request).
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("chart-by-type");
  const source = document.getElementById("chart-data");
  if (!element || !source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const chart = window.echarts.init(element);
  chart.setOption({
    grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
    tooltip: {},
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: data.labels, inverse: true },
    series: [{ type: "bar", data: data.values, itemStyle: { color: "#1f6fb2" }, label: { show: true, position: "right", color: "#1f2733" } }],
  });
  window.addEventListener("resize", () => chart.resize());
});
