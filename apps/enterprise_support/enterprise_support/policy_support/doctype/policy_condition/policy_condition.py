from enterprise_support.permissions import ChildRow


class PolicyCondition(ChildRow):
	pass
