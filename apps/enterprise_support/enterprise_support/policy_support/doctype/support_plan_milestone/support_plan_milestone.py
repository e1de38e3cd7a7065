from enterprise_support.permissions import ChildRow


class SupportPlanMilestone(ChildRow):
	pass
