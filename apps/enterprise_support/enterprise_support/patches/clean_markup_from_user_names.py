"""Names saved before user_names.clean_user_names existed: remove their markup too."""

import frappe

from enterprise_support.domain.plain_text import clean_name
from enterprise_support.user_names import NAME_FIELDS


def execute():
	users = frappe.get_all(
		"User",
		or_filters=[
			[field, "like", pattern] for field in (*NAME_FIELDS, "full_name") for pattern in ("%<%", "%>%")
		],
		fields=["name", "full_name", *NAME_FIELDS],
	)
	for user in users:
		values = {field: clean_name(user.get(field)) or None for field in NAME_FIELDS}
		values["first_name"] = values["first_name"] or user.name.split("@")[0]
		values["full_name"] = " ".join(filter(None, [values["first_name"], values["last_name"]]))
		frappe.db.set_value("User", user.name, values, update_modified=False)
