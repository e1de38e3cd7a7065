from enterprise_support.permissions import ChildRow


class SupportPlanMeasure(ChildRow):
	pass
