from enterprise_support.permissions import ChildRow


class PolicyManualCondition(ChildRow):
	pass
