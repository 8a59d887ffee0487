// Draws the charts of the Numbers and Reflection pages with the vendored ECharts.
// Each chart is a container with data-chart="bars|line|sankey" and data-source naming a
// <script type="application/json"> that holds its data (or, in sections HTMX swaps in,
// which drops script tags, the JSON in a data-json attribute); the page carries the same
// figures as text, so nothing is lost when scripts are off.
(function () {
  "use strict";

  const PALETTE = ["#2f7d5b", "#3b6ea5", "#b26b00", "#7a4fa0", "#4a8f8c", "#5b6470"];
  const LABEL = { fontSize: 12, color: "#333" };
  const calm = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const base = { color: PALETTE, animation: !calm, textStyle: { fontFamily: "inherit" } };

  function bars(data) {
    return Object.assign({}, base, {
      tooltip: { trigger: "axis" },
      legend: data.series.length > 1 ? { top: 0, textStyle: LABEL } : undefined,
      grid: { left: 8, right: 16, top: data.series.length > 1 ? 40 : 16, bottom: 8, containLabel: true },
      xAxis: {
        type: "category",
        data: data.categories,
        axisLabel: Object.assign({ interval: 0, hideOverlap: true, width: 90, overflow: "truncate" }, LABEL),
      },
      yAxis: { type: "value", minInterval: 1, name: data.yName || "", axisLabel: LABEL },
      series: data.series.map(function (serie) {
        return { name: serie.name, type: "bar", data: serie.values, barMaxWidth: 48 };
      }),
    });
  }

  function line(data) {
    return Object.assign({}, base, {
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 40, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.categories, boundaryGap: false, axisLabel: Object.assign({ hideOverlap: true }, LABEL) },
      yAxis: { type: "value", min: 1, max: 5, interval: 1, axisLabel: LABEL },
      series: [{ name: data.name, type: "line", data: data.values, smooth: false, symbolSize: 8 }],
    });
  }

  function sankey(data) {
    return Object.assign({}, base, {
      tooltip: { trigger: "item" },
      series: [{
        type: "sankey",
        data: data.nodes,
        links: data.links,
        left: 8,
        right: 140,
        top: 8,
        bottom: 8,
        nodeGap: 14,
        draggable: false,
        emphasis: { focus: "adjacency" },
        lineStyle: { color: "gradient", opacity: 0.35 },
        label: { color: "#222", fontSize: 12, formatter: "{b}: {c}" },
      }],
    });
  }

  const BUILDERS = { bars: bars, line: line, sankey: sankey };

  function draw(element) {
    if (element.dataset.drawn || typeof echarts === "undefined") return;
    const source = element.dataset.source && document.getElementById(element.dataset.source);
    const json = source ? source.textContent : element.dataset.json;
    const build = BUILDERS[element.dataset.chart];
    if (!json || !build) return;
    element.dataset.drawn = "true";
    const chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(build(JSON.parse(json)));
    if (window.ResizeObserver) {
      new ResizeObserver(function () { chart.resize(); }).observe(element);
    }
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(draw);
  }

  drawAll(document);
  // Sections HTMX swaps in (a new mood check-in) bring a fresh chart container.
  document.addEventListener("htmx:load", function (event) { drawAll(event.target); });
})();
