from enterprise_support.permissions import ChildRow


class SupportCaseEscalation(ChildRow):
	pass
