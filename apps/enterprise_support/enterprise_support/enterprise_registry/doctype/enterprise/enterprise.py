import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt, getdate, nowdate

from enterprise_support.domain import uscc
from enterprise_support.enterprise_registry import sizing
from enterprise_support.enterprise_registry.messages import uscc_message
from enterprise_support.support_cases import enterprise_position


class Enterprise(Document):
	def autoname(self):
		self.uscc = uscc.normalize(self.uscc)
		self.name = self.uscc

	def validate(self):
		self.enterprise_name = (self.enterprise_name or "").strip()
		if not self.enterprise_name:
			frappe.throw(_("Enter the enterprise's name"), title=_("Missing name"))
		self.validate_uscc()
		if self.is_new():
			holder = frappe.db.get_value("Enterprise", self.uscc, "enterprise_name")
			if holder:
				frappe.throw(
					_("The Unified Social Credit Code {0} is already registered to {1}").format(
						self.uscc, holder
					),
					frappe.DuplicateEntryError,
					title=_("Enterprise already registered"),
				)
		self.validate_figures()
		self.validate_annual_figures()
		self.validate_chain()
		self.update_size_class()

	def on_update(self):
		# Its cases carry its chain, link and street for the industry-chain figures.
		enterprise_position.on_enterprise_update(self)

	def validate_uscc(self):
		result = uscc.check(self.uscc)
		self.uscc = result.code
		if result.errors:
			frappe.throw(
				"<br>".join(uscc_message(issue) for issue in result.errors),
				title=_("Invalid Unified Social Credit Code"),
			)
		if not result.warnings:
			self.uscc_check_warning = None
			return
		findings = "<br>".join(uscc_message(issue) for issue in result.warnings)
		if not self.uscc_check_override:
			frappe.throw(
				findings
				+ "<br>"
				+ _(
					"If the code is genuine (codes issued before 2016 may fail the check), tick "
					"'Accept Code Despite Failed Check' and give the reason."
				),
				title=_("Unified Social Credit Code failed its check"),
			)
		if not (self.uscc_override_reason or "").strip():
			frappe.throw(
				_("Give the reason for accepting a code that fails its check"),
				title=_("Override reason required"),
			)
		self.uscc_check_warning = findings.replace("<br>", "\n")

	def validate_figures(self):
		for fieldname in ("employees", "annual_revenue", "rd_expense", "total_assets", "registered_capital"):
			if flt(self.get(fieldname)) < 0:
				frappe.throw(
					_("{0} cannot be negative").format(_(self.meta.get_label(fieldname))),
					title=_("Invalid figure"),
				)
		if self.established_on and getdate(self.established_on) > getdate(nowdate()):
			frappe.throw(_("The establishment date cannot be in the future"), title=_("Invalid date"))
		self.rd_ratio = (
			round(flt(self.rd_expense) / flt(self.annual_revenue) * 100, 2)
			if flt(self.annual_revenue) > 0
			else 0
		)

	def validate_annual_figures(self):
		"""The figures history: one row per year, a plausible year, no negative figure
		(0 is "not reported", domain/figures.py)."""
		last_year = getdate(nowdate()).year + 1
		seen = set()
		for row in self.get("annual_figures") or []:
			year = cint(row.year)
			if not 1900 <= year <= last_year:
				frappe.throw(
					_("Row {0} of Figures by Year: the year must be between 1900 and {1}").format(
						row.idx, last_year
					),
					title=_("Invalid figure"),
				)
			if year in seen:
				frappe.throw(
					_("Figures by Year lists the year {0} twice").format(year), title=_("Invalid figure")
				)
			seen.add(year)
			for fieldname in ("operating_revenue", "employees"):
				if flt(row.get(fieldname)) < 0:
					frappe.throw(
						_("Row {0} of Figures by Year: {1} cannot be negative").format(
							row.idx, _(row.meta.get_label(fieldname))
						),
						title=_("Invalid figure"),
					)

	def validate_chain(self):
		if self.industry_chain:
			if frappe.db.get_value("Industry Chain", self.industry_chain, "node_type") != "Chain":
				frappe.throw(
					_("{0} is not an industry chain: choose a chain, and its link under Chain Link").format(
						self.industry_chain
					),
					title=_("Invalid industry chain"),
				)
		if self.chain_link:
			link_chain, node_type = frappe.db.get_value(
				"Industry Chain", self.chain_link, ["chain", "node_type"]
			)
			if node_type == "Chain":
				frappe.throw(
					_("Chain Link must be a link or node of a chain, not a chain"),
					title=_("Invalid chain link"),
				)
			if not self.industry_chain:
				self.industry_chain = link_chain
			elif link_chain != self.industry_chain:
				frappe.throw(
					_("{0} belongs to the chain {1}, not {2}").format(
						self.chain_link, link_chain, self.industry_chain
					),
					title=_("Invalid chain link"),
				)

	def update_size_class(self):
		result = sizing.classify(self)
		self.size_class = result.size_class or ""
		self.size_basis = sizing.describe(result)


# The industry-chain figures read every operating enterprise of a chain once: this index holds
# every column they read (position, status, street, size class and patent counts), so they scan
# it alone and group by its leading columns as they come (industry_reports/chain_figures.py).
CHAIN_FIGURES_INDEX = "chain_figures_v1"
CHAIN_FIGURES_COLUMNS = [
	"industry_chain",
	"chain_link",
	"status",
	"street",
	"size_class",
	"invention_patent_count",
	"utility_model_count",
	"design_patent_count",
	"class_i_ip_count",
]


def on_doctype_update():
	frappe.db.add_index("Enterprise", CHAIN_FIGURES_COLUMNS, CHAIN_FIGURES_INDEX)
