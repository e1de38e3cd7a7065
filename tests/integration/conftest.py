"""Integration tier: tests against a live Frappe site of this bench.

Two ways in, both on the same site:
- ``site`` gives an in-process connection (``frappe.init`` + ``frappe.connect``) for model rules;
- ``server`` / ``api_as`` talk HTTP with ``requests`` to the site's web server, as a browser or
  a client program would, for the REST API, portal pages and permissions.

Without a site (no ``bin/setup`` yet, or no Frappe in this Python) the whole tier is skipped
with one line saying why. The site is ``ES_TEST_SITE`` or the bench's default site; the web
server is ``ES_TEST_URL`` or the bench's ``webserver_port``: when nothing answers there, the
tests start the bench's Redis and a web server for the site, and stop them afterwards.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

BENCH = Path(os.environ.get("ES_BENCH_PATH") or Path(__file__).resolve().parents[2])
SITES = BENCH / "sites"


def _find_site() -> tuple[str | None, str | None]:
	try:
		import frappe
	except ImportError:
		return None, "Frappe is not installed in this Python: run bin/setup to make the bench and its site"
	config_path = SITES / "common_site_config.json"
	config = json.loads(config_path.read_text()) if config_path.exists() else {}
	site = os.environ.get("ES_TEST_SITE") or config.get("default_site")
	if not site:
		return None, f"no Frappe site in {SITES}: run bin/setup (or set ES_TEST_SITE)"
	if not (SITES / site / "site_config.json").exists():
		return None, f"site {site!r} does not exist in {SITES}: run bin/setup (or set ES_TEST_SITE)"
	return site, None


SITE, WHY_NOT = _find_site()
if WHY_NOT:
	pytest.skip(f"integration tier skipped: {WHY_NOT}", allow_module_level=True)

import frappe

COMMON_CONFIG = json.loads((SITES / "common_site_config.json").read_text())
PORT = int(COMMON_CONFIG.get("webserver_port") or 8000)
BASE_URL = (os.environ.get("ES_TEST_URL") or f"http://127.0.0.1:{PORT}").rstrip("/")


def _answers(url: str) -> bool:
	try:
		return requests.get(f"{url}/api/method/ping", timeout=3).json().get("message") == "pong"
	except (requests.RequestException, ValueError):
		return False


def _redis_ports() -> list[tuple[Path, int]]:
	found = []
	for name in ("redis_cache.conf", "redis_queue.conf"):
		conf = BENCH / "config" / name
		if conf.exists():
			for line in conf.read_text().splitlines():
				if line.startswith("port "):
					found.append((conf, int(line.split()[1])))
	return found


def _redis_answers(port: int) -> bool:
	return (
		subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True).stdout.strip()
		== "PONG"
	)


@pytest.fixture(scope="session")
def bench_services():
	"""Redis and a web server for the site: reuse running ones, else start and later stop ours."""
	started_redis, web, worker = [], None, None
	for conf, port in _redis_ports():
		if not _redis_answers(port):
			subprocess.run(
				["redis-server", conf.name, "--daemonize", "yes"],
				cwd=conf.parent,
				check=True,
				capture_output=True,
			)
			started_redis.append(port)
	for port in started_redis:
		for _ in range(50):
			if _redis_answers(port):
				break
			time.sleep(0.1)
	if not _answers(BASE_URL):
		if os.environ.get("ES_TEST_URL"):
			pytest.fail(f"ES_TEST_URL={BASE_URL} does not answer /api/method/ping")
		(BENCH / "logs").mkdir(exist_ok=True)
		log = open(BENCH / "logs" / "test-web.log", "ab")
		web = subprocess.Popen(
			[
				sys.executable,
				"-m",
				"frappe.utils.bench_helper",
				"frappe",
				"--site",
				SITE,
				"serve",
				"--port",
				str(PORT),
				"--noreload",
			],
			cwd=SITES,
			stdout=log,
			stderr=subprocess.STDOUT,
		)
		for _ in range(120):
			if _answers(BASE_URL) or web.poll() is not None:
				break
			time.sleep(0.5)
		if not _answers(BASE_URL):
			web.terminate()
			pytest.fail(f"could not start a web server for {SITE} on port {PORT}: see logs/test-web.log")
		# Nothing was serving the site, so no background worker either: start one for the jobs
		# the tests wait for (policy matching, notifications).
		worker = subprocess.Popen(
			[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", SITE, "worker"],
			cwd=SITES,
			stdout=log,
			stderr=subprocess.STDOUT,
		)
	yield
	for process in (web, worker):
		if process is not None:
			process.terminate()
			process.wait(timeout=20)
	for port in started_redis:
		subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True)


@pytest.fixture(scope="session")
def site(bench_services):
	"""An in-process connection to the site, as Administrator. Tests commit what HTTP must see."""
	cwd = os.getcwd()
	os.chdir(SITES)
	frappe.init(site=SITE, sites_path=str(SITES))
	frappe.connect()
	frappe.set_user("Administrator")
	# The suite makes well over Frappe's 60 users an hour (its guard against sign-up floods,
	# "Throttled"); lift the limit for the session, here and in the web server, and put it back.
	from frappe.installer import update_site_config

	throttle = frappe.get_site_config().get("throttle_user_limit")
	update_site_config("throttle_user_limit", 100000)
	frappe.local.conf.throttle_user_limit = 100000
	yield frappe
	frappe.db.rollback()
	update_site_config("throttle_user_limit", "None" if throttle is None else throttle)
	frappe.destroy()
	os.chdir(cwd)


class Client:
	"""A ``requests`` session for one user on the site, with helpers that return the response."""

	def __init__(self, user: str | None = None, api_key: str | None = None, api_secret: str | None = None):
		self.user = user
		self.http = requests.Session()
		self.http.headers["Accept"] = "application/json"
		self.http.headers["Host"] = SITE
		if api_key:
			self.http.headers["Authorization"] = f"token {api_key}:{api_secret}"

	def url(self, path: str) -> str:
		return f"{BASE_URL}/{path.lstrip('/')}"

	def get(self, path, **kw):
		return self.http.get(self.url(path), timeout=60, **kw)

	def post(self, path, **kw):
		return self.http.post(self.url(path), timeout=60, **kw)

	def put(self, path, **kw):
		return self.http.put(self.url(path), timeout=60, **kw)

	def delete(self, path, **kw):
		return self.http.delete(self.url(path), timeout=60, **kw)

	def login(self, user: str, password: str):
		return self.post("/api/method/login", data={"usr": user, "pwd": password})


def server_messages(response) -> str:
	"""The user-visible error text Frappe sends back (``_server_messages`` / ``exception``)."""
	try:
		body = response.json()
	except ValueError:
		return response.text
	texts = []
	for raw in json.loads(body.get("_server_messages") or "[]"):
		try:
			texts.append(json.loads(raw).get("message", ""))
		except ValueError:
			texts.append(raw)
	if body.get("exception"):
		texts.append(body["exception"])
	return "\n".join(texts)


@pytest.fixture(scope="session")
def users(site):
	"""Create test users with given roles and API keys; ``users.make(roles)`` returns a Client."""

	class Factory:
		created: list[str] = []

		def make(self, *roles: str, desk: bool = True, email: str | None = None, **fields) -> Client:
			email = email or f"es-test-{secrets.token_hex(4)}@example.com"
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": fields.pop("first_name", "测试"),
					"user_type": "System User" if desk else "Website User",
					"send_welcome_email": 0,
					"language": "zh",
					**fields,
				}
			)
			user.flags.no_welcome_mail = True
			# Frappe makes the user's Contact in a background job unless in a test; do it now,
			# so that no job is left to fail once the user is deleted again.
			frappe.flags.in_test = True
			try:
				user.insert(ignore_permissions=True)
				if roles:
					user.add_roles(*roles)
				api_secret = frappe.generate_hash(length=15)
				user.api_key = frappe.generate_hash(length=15)
				user.api_secret = api_secret
				user.save(ignore_permissions=True)
			finally:
				frappe.flags.in_test = False
			frappe.db.commit()
			self.created.append(email)
			return Client(email, user.api_key, api_secret)

	factory = Factory()
	yield factory
	frappe.set_user("Administrator")
	for email in factory.created:
		# Roles first, so that deleting the last test System Manager is allowed.
		frappe.db.delete("Has Role", {"parent": email, "parenttype": "User"})
		frappe.delete_doc("User", email, ignore_permissions=True, force=True)
	frappe.db.commit()


@pytest.fixture(scope="session")
def admin(users):
	"""A System Manager client (a throwaway user, so the Administrator password is not needed)."""
	return users.make("System Manager")


def valid_uscc(tag: str, serial: int, division: str = "511403") -> str:
	"""A valid credit code whose organisation code is built from ``tag`` and ``serial``."""
	from enterprise_support.domain import uscc as rules

	allowed = rules.ALPHABET
	raw = f"MA{tag[:3]}{serial:03d}"[:8].upper()
	body = "".join(c if c in allowed else allowed[ord(c) % 31] for c in raw)
	org = body + rules.organisation_check_character(body)
	first17 = f"91{division}{org}"
	return first17 + rules.check_character(first17)


class MailSink:
	"""Collects what the site sends over SMTP (a local aiosmtpd server for the test session)."""

	def __init__(self):
		self.messages: list[tuple[str, list[str], str]] = []

	async def handle_DATA(self, server, session, envelope):
		self.messages.append(
			(envelope.mail_from, list(envelope.rcpt_tos), envelope.content.decode("utf-8", errors="replace"))
		)
		return "250 OK"

	def to(self, address: str) -> list[str]:
		return [mail_text(raw) for _sender, rcpts, raw in self.messages if address in rcpts]


@pytest.fixture(scope="session")
def outbox(site):
	"""A default outgoing e-mail account pointed at a local SMTP sink: what the site mails is
	queued in the Email Queue and, once sent, captured here."""
	import socket

	from aiosmtpd.controller import Controller

	with socket.socket() as probe:  # a free port on loopback
		probe.bind(("127.0.0.1", 0))
		port = probe.getsockname()[1]
	sink = MailSink()
	controller = Controller(sink, hostname="127.0.0.1", port=port)
	controller.start()
	name = "es-test-outbox"
	frappe.db.delete("Email Account", name)
	# The site's own default (the demo site's mail sink, which may not be running now) steps
	# aside for the session without being saved (saving would test its SMTP connection), and
	# comes back afterwards.
	site_defaults = frappe.get_all("Email Account", filters={"default_outgoing": 1}, pluck="name")
	for other in site_defaults:
		frappe.db.set_value("Email Account", other, "default_outgoing", 0)
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": name,
			"email_id": "service-centre@example.com",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"smtp_port": port,
			"use_tls": 0,
			"use_ssl_for_outgoing": 0,
			"no_smtp_authentication": 1,
			"awaiting_password": 0,
		}
	)
	account.insert(ignore_permissions=True)
	frappe.db.commit()
	yield sink
	frappe.db.rollback()
	frappe.db.delete("Email Queue", {"sender": ("like", "%service-centre@example.com%")})
	frappe.db.delete("Email Account", name)
	for other in site_defaults:
		frappe.db.set_value("Email Account", other, "default_outgoing", 1)
	frappe.db.commit()
	frappe.clear_document_cache("Email Account", name)
	controller.stop()


def wait_for(check, timeout: float = 30.0, interval: float = 0.5):
	"""Poll ``check`` (after rolling back, to see other connections' commits) until it returns
	something truthy: for work Frappe does in background jobs, such as notifications."""
	deadline = time.monotonic() + timeout
	while True:
		frappe.db.rollback()
		result = check()
		if result or time.monotonic() > deadline:
			return result
		time.sleep(interval)


def mail_text(raw: str) -> str:
	"""Subject and text of a queued MIME message, decoded (Chinese text is encoded in the queue)."""
	import email
	from email.header import decode_header, make_header

	message = email.message_from_string(raw)
	parts = [str(make_header(decode_header(message.get("Subject", ""))))]
	for part in message.walk():
		if part.get_content_maintype() == "text":
			payload = part.get_payload(decode=True) or b""
			parts.append(payload.decode(part.get_content_charset() or "utf-8", errors="replace"))
	return "\n".join(parts)


@pytest.fixture(scope="session")
def portal_contacts(site, outbox):
	"""Enterprise contacts with portal log-ins, made the way staff do it (invite), each with a
	password and a logged-in session: ``portal_contacts.make(enterprise, full_name, is_manager)``
	returns a Client with ``.user`` and ``.contact``. All are removed at the end."""
	from frappe.utils.password import update_password

	from enterprise_support.enterprise_registry.doctype.enterprise_contact.enterprise_contact import invite

	class Factory:
		made: list[tuple[str, str]] = []

		def make(self, enterprise: str, full_name: str = "联系人", is_manager: int = 1, **fields) -> Client:
			email = fields.pop("email", None) or f"contact-{secrets.token_hex(4)}@example.com"
			contact = frappe.get_doc(
				{
					"doctype": "Enterprise Contact",
					"full_name": full_name,
					"enterprise": enterprise,
					"email": email,
					"is_manager": is_manager,
					**fields,
				}
			).insert(ignore_permissions=True)
			frappe.db.commit()
			invite(contact.name)  # as Administrator, who may edit every contact
			password = "Es!" + secrets.token_hex(8)
			update_password(email, password)
			frappe.db.commit()
			client = Client(email)
			client.contact = contact.name
			client.password = password
			response = client.login(email, password)
			assert response.status_code == 200, response.text
			self.made.append((contact.name, email))
			return client

	factory = Factory()
	yield factory
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for contact, email in factory.made:
		frappe.delete_doc("Enterprise Contact", contact, force=True, ignore_permissions=True)
		frappe.db.delete("Has Role", {"parent": email})
		frappe.delete_doc("User", email, force=True, ignore_permissions=True)
	frappe.db.commit()
