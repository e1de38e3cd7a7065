from enterprise_support.permissions import ChildRow


class ServiceDepartmentMember(ChildRow):
	pass
