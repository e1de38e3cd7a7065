"""Tells an enterprise's contact about each public step of its request (e-mail)."""


def get_context(context):
	return context
