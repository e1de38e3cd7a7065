// Charts that are gone stop drawing. A frappe-charts chart watches its area's size (a
// ResizeObserver and the window's resize events) and redraws itself. When a report or a
// workspace draws its chart again (new filters, a refresh, a narrow screen re-laying out the
// widgets), Frappe empties the area or replaces it and makes a new chart, but the old chart
// keeps watching: the next resize makes it redraw into an element that is gone, and the
// console shows "Failed to execute 'removeChild' on 'Node'" (Industry Chain Report, the 产业链
// workspace at phone width). Here a chart whose area has left the page lets go of its watchers
// (destroy(), frappe-charts' own method) instead of drawing, a chart whose old drawing was
// already taken out draws anew instead of removing it again, and a new chart in an area lets
// go of the chart it replaces.
(() => {
	const Chart = frappe.Chart;
	if (!Chart || Chart.__es_let_go) return;
	const charts = new WeakMap();

	function LettingGoChart(parent, options) {
		const area = typeof parent === "string" ? document.querySelector(parent) : parent;
		const previous = area && charts.get(area);
		if (previous && typeof previous.destroy === "function") previous.destroy();
		const chart = new Chart(parent, options);
		const draw = chart.draw;
		if (typeof draw === "function") {
			chart.draw = function (...args) {
				const gone = (element) => element && !element.isConnected;
				if (gone(this.parent) || gone(this.container)) {
					if (typeof this.destroy === "function") this.destroy();
					return;
				}
				// The drawing this one replaces was taken out of the chart already.
				if (this.svg && this.svg.parentNode !== this.container) this.svg = null;
				return draw.apply(this, args);
			};
		}
		if (area) charts.set(area, chart);
		return chart;
	}
	LettingGoChart.prototype = Chart.prototype;
	LettingGoChart.__es_let_go = true;
	frappe.Chart = LettingGoChart;
})();
