from enterprise_support.permissions import ChildRow


class SupportPlanPolicyItem(ChildRow):
	pass
