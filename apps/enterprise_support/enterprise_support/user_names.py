"""A user's name is plain text: markup typed into it (the Edit Profile form, the desk, the REST
API, an import) is removed on save, so the name can never act as web-page code wherever Frappe
or this app shows it (portal replies, the desk timeline, the navigation bar)."""

from __future__ import annotations

from enterprise_support.domain.plain_text import clean_name

NAME_FIELDS = ("first_name", "middle_name", "last_name")


def clean_user_names(doc, method=None) -> None:
	"""``doc_events`` User ``validate``: strip markup from the name parts and rebuild full_name."""
	changed = False
	for field in NAME_FIELDS:
		value = doc.get(field)
		if value and clean_name(value) != value:
			doc.set(field, clean_name(value))
			changed = True
	if changed and not doc.first_name:
		# A first name that was nothing but markup: use the login's local part instead.
		doc.first_name = (doc.email or doc.name or "").split("@")[0]
	if changed or (doc.full_name and clean_name(doc.full_name) != doc.full_name):
		doc.set_full_name()
