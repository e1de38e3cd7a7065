"""The routing suggestion learns from the cases a site already has: count every dispatched case
for its department (later dispatches keep the counts current)."""

from enterprise_support.support_cases.routing import rebuild_counts


def execute():
	rebuild_counts()
