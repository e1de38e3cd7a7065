"""The demo site's outgoing mail: a default Email Account pointed at the local SMTP sink that
``bench start`` runs (Procfile ``mail:``), which keeps every message in ``logs/mail/``.

Without an outgoing account Frappe interrupts every public step of a case with "Please set
up a default Email Account" and invitations send no password mail; a district's real site
names its own mail server in Email Account instead.
"""

from __future__ import annotations

import frappe

ACCOUNT = "Demo Mail Sink"
SENDER = "service@demo.gov.cn"


def configure(port: int) -> str:
	"""Create (or point again) the sink account; it becomes the default unless the site already
	has another default outgoing account."""
	port = int(port)
	other_default = frappe.db.get_value(
		"Email Account", {"default_outgoing": 1, "name": ("!=", ACCOUNT)}, "name"
	)
	values = {
		"email_id": SENDER,
		"enable_outgoing": 1,
		"default_outgoing": 0 if other_default else 1,
		"smtp_server": "127.0.0.1",
		"smtp_port": port,
		"use_tls": 0,
		"use_ssl_for_outgoing": 0,
		"no_smtp_authentication": 1,
		"awaiting_password": 0,
		"always_use_account_email_id_as_sender": 1,
		"always_use_account_name_as_sender_name": 1,
	}
	if frappe.db.exists("Email Account", ACCOUNT):
		doc = frappe.get_doc("Email Account", ACCOUNT)
		doc.update(values)
	else:
		doc = frappe.get_doc({"doctype": "Email Account", "email_account_name": ACCOUNT, **values})
	doc.flags.ignore_validate = True  # the sink may not be running while the site is set up
	doc.save(ignore_permissions=True) if not doc.is_new() else doc.insert(ignore_permissions=True)
	frappe.db.commit()
	return doc.name
