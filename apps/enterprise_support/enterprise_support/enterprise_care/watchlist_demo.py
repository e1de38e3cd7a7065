"""Demo data for the watch list (企业预警): earlier years' figures of a few seed firms, then the
daily job, so a handful of believable flags show on a demo site. Re-run safe."""

from __future__ import annotations

import frappe

from enterprise_support.enterprise_care import watchlist_job

# credit code -> (name, for the reader) and earlier years: (year, revenue in 10k CNY, employees).
# The firms' own figures (2025) come from fixtures/demo; these rows add the years before.
FIGURES_HISTORY = {
	# 菲斯特: revenue 3.4 亿 (2024) -> 2.48 亿 (2025): down 27 %, flagged
	"91511403MA6DJMHD89": ("四川菲斯特新材料科技有限公司", ((2023, 31200, 270), (2024, 34000, 290))),
	# 奈天: staff 430 (2024) -> 340 (2025): down 21 %, flagged
	"91511421MA64WQR843": ("四川奈天科技有限公司", ((2024, 19200, 430),)),
	# 通威, 莱福德, 中建科工: growing, a history and no flag
	"91511400MA6DE1KM6U": ("通威太阳能（眉山）有限公司", ((2023, 1980000, 4600), (2024, 2210000, 4950))),
	"91511421MA64QCN45B": ("四川莱福德科技有限公司", ((2024, 61200, 800),)),
	"91510000MA6AJWHM6R": ("中建科工集团（四川）有限公司", ((2024, 178000, 1120),)),
}


def load_watch_list_demo() -> tuple[int, dict]:
	"""Add the missing history rows of the seed firms present, then run the watch-list job.
	Returns (rows added, the job's counts)."""
	added = 0
	for name, (_label, years) in FIGURES_HISTORY.items():
		if not frappe.db.exists("Enterprise", name):
			continue
		doc = frappe.get_doc("Enterprise", name)
		have = {row.year for row in doc.annual_figures}
		rows = [row for row in years if row[0] not in have]
		if not rows:
			continue
		for year, revenue, employees in rows:
			doc.append("annual_figures", {"year": year, "operating_revenue": revenue, "employees": employees})
		doc.save(ignore_permissions=True)
		added += len(rows)
	counts = watchlist_job.run()
	return added, counts
