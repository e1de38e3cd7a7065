"""The Industry Chain Report reads each case's copy of its enterprise's chain, link and street,
and each enterprise's patent counts: fill both on a site that had cases and patents before."""

from enterprise_support.enterprise_registry.rollups import recount_all_patent_counts
from enterprise_support.support_cases.enterprise_position import sync_cases


def execute():
	sync_cases(commit=True)
	recount_all_patent_counts(commit=True)
