from frappe.utils.nestedset import NestedSet


class IndustryClassification(NestedSet):
	nsm_parent_field = "parent_industry_classification"
