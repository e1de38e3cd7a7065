"""EnterpriseVisitContact: a row of an Enterprise Visit, readable and writable as its visit is."""

from __future__ import annotations

from enterprise_support.permissions import ChildRow


class EnterpriseVisitContact(ChildRow):
	pass
