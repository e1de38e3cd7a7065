import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet

# What each kind of node may hang under.
PARENT_TYPE = {"Chain": None, "Chain Link": "Chain", "Chain Node": "Chain Link"}


class IndustryChain(NestedSet):
	nsm_parent_field = "parent_industry_chain"

	def validate(self):
		wanted = PARENT_TYPE[self.node_type]
		parent_type = (
			frappe.db.get_value("Industry Chain", self.parent_industry_chain, "node_type")
			if self.parent_industry_chain
			else None
		)
		if wanted is None and self.parent_industry_chain:
			frappe.throw(
				_("An industry chain is a top-level node: clear its parent"), title=_("Invalid chain")
			)
		if wanted and parent_type != wanted:
			frappe.throw(
				_("A {0} must sit under a {1}").format(_(self.node_type), _(wanted)),
				title=_("Invalid chain"),
			)
		if self.node_type == "Chain Node":
			self.segment = frappe.db.get_value("Industry Chain", self.parent_industry_chain, "segment")
		if self.node_type == "Chain Link" and not self.segment:
			frappe.throw(
				_("Choose whether this link is upstream, midstream or downstream"), title=_("Invalid chain")
			)
		if self.node_type == "Chain":
			self.segment = None
		self.is_group = int(self.node_type != "Chain Node")
		self.chain = self.name if self.node_type == "Chain" else self._root()

	def _root(self) -> str | None:
		parent = self.parent_industry_chain
		while parent:
			node_type, grandparent = frappe.db.get_value(
				"Industry Chain", parent, ["node_type", "parent_industry_chain"]
			)
			if node_type == "Chain":
				return parent
			parent = grandparent
		return None
