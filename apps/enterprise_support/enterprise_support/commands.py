"""Bench commands of this app: ``bench --site SITE setup-demo`` and ``rebuild-routing``."""

import click
from frappe.commands import get_site, pass_context


@click.command("setup-demo")
@click.option(
	"--settings-only", is_flag=True, default=False, help="Only set language, time zone, currency and formats"
)
@pass_context
def setup_demo(context, settings_only=False):
	"""Configure the site as a Chinese district's (zh, Asia/Shanghai, CNY, yyyy-mm-dd) and load the demo data."""
	import frappe

	from enterprise_support.setup import demo

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		demo.configure_site()
		if not settings_only:
			counts = demo.load_demo_data()
			for doctype, (created, existing) in counts.items():
				click.echo(f"    {doctype}: {created} created, {existing} already there")
			created, existing = demo.load_demo_cases()
			click.echo(f"    Support Case: {created} created, {existing} already there")
			from enterprise_support.support_cases.routing import rebuild_counts

			click.echo(f"    Routing suggestion: learned from {rebuild_counts()} dispatched cases")
			created, existing = demo.load_demo_visits()
			click.echo(f"    Enterprise Visit: {created} created, {existing} already there")
			for doctype, (created, existing) in demo.load_demo_policies().items():
				click.echo(f"    {doctype}: {created} created, {existing} already there")
			from enterprise_support.support_cases.sla_job import sweep

			sweep(notices_now=True)
			from enterprise_support.enterprise_care.watchlist_demo import load_watch_list_demo

			added, counts = load_watch_list_demo()
			click.echo(f"    Watch list: {added} figure rows added, {counts['flagged']} enterprises flagged")
		frappe.db.commit()
	finally:
		frappe.destroy()


@click.command("rebuild-routing")
@pass_context
def rebuild_routing(context):
	"""Relearn the routing suggestion's counts from every dispatched case (safe to repeat)."""
	import frappe

	from enterprise_support.support_cases.routing import rebuild_counts

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		learned = rebuild_counts()
		frappe.db.commit()
		click.echo(f"Routing suggestion: learned from {learned} dispatched cases")
	finally:
		frappe.destroy()


commands = [setup_demo, rebuild_routing]
