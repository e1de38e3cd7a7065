"""How many requests a contact may file on the portal in an hour: the intake limit, kept atomically.
(Requests staff register for the contact, by phone or from a visit, do not count.)

Concurrent submissions of one contact are serialised on their Enterprise Contact row (a locking
read held to the end of the transaction), and the count is a locking read too, so it sees every
request committed before it: twenty requests at once with a limit of ten make ten cases.
"""

import frappe
from frappe import _
from frappe.utils import add_to_date, now_datetime

from enterprise_support.support_cases import settings


def check_intake_rate(contact: str) -> None:
	limit = settings.get().intake_limit_per_hour
	frappe.db.sql("select `name` from `tabEnterprise Contact` where `name` = %s for update", contact)
	since = add_to_date(now_datetime(), hours=-1)
	recent = frappe.db.sql(
		"""select count(*) from `tabSupport Case`
		where `contact` = %s and `channel` = 'Portal' and `creation` >= %s lock in share mode""",
		(contact, since),
	)[0][0]
	if recent >= limit:
		frappe.throw(
			_("You have submitted {0} requests in the last hour; please wait before submitting more").format(
				recent
			),
			frappe.RateLimitExceededError,
			title=_("Too many requests"),
		)
