"""The Industry Chain Report groups cases by their position as a number: add the cases' virtual
position key column and the covering index that leads with it (replacing ``chain_figures_v2``).
New sites get both when Support Case is installed; this brings an existing site in step."""

from enterprise_support.support_cases.doctype.support_case.support_case import on_doctype_update


def execute():
	on_doctype_update()
