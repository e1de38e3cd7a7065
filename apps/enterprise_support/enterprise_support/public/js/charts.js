// One chart per chart area. When a report or a workspace draws its chart again (new filters,
// a refresh), Frappe empties the area and makes a new frappe-charts chart in it, but the old
// chart keeps watching the area's size (a ResizeObserver) and, on the next resize, redraws into
// an element that is gone: "Failed to execute 'removeChild' on 'Node'" in the console, on
// the Industry Chain Report and the 产业链 workspace. The old chart is let go (destroy(), its
// own method) before the new one is made.
(() => {
	const Chart = frappe.Chart;
	if (!Chart || Chart.__es_one_per_area) return;
	const charts = new WeakMap();

	function OneChartPerArea(parent, options) {
		const area = typeof parent === "string" ? document.querySelector(parent) : parent;
		const previous = area && charts.get(area);
		if (previous && typeof previous.destroy === "function") previous.destroy();
		const chart = new Chart(parent, options);
		if (area) charts.set(area, chart);
		return chart;
	}
	OneChartPerArea.prototype = Chart.prototype;
	OneChartPerArea.__es_one_per_area = true;
	frappe.Chart = OneChartPerArea;
})();
