from enterprise_support.permissions import ChildRow


class SupportCaseStateLog(ChildRow):
	pass
