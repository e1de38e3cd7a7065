from enterprise_support.permissions import ChildRow


class SupportCaseReply(ChildRow):
	pass
