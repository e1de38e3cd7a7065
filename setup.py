"""Root package for the unit tier: ``pip install -e .[test]``.

Installs the app's Python package from ``apps/enterprise_support`` (its ``domain`` package is
pure Python and needs no Frappe) with the app's own dependencies, and, with ``[test]``, the
test tools. Frappe itself is installed by ``bin/setup`` into ``env/``, the bench's Python.
"""

import re
from pathlib import Path

from setuptools import setup

APP = Path(__file__).parent / "apps" / "enterprise_support"
VERSION = re.search(r'__version__ = "([^"]+)"', (APP / "enterprise_support" / "__init__.py").read_text())[1]

setup(
	name="enterprise-support-bench",
	version=VERSION,
	description="Unit-test installation of the enterprise_support Frappe app's pure-Python domain rules",
	python_requires=">=3.10",
	package_dir={"": "apps/enterprise_support"},
	packages=["enterprise_support", "enterprise_support.domain", "enterprise_support.setup"],
	install_requires=[
		"python-stdnum>=1.20",
		"chinesecalendar>=1.10",
		"pypinyin>=0.55",
		"rjieba>=0.2.2",
		"rapidfuzz>=3.14",
	],
	extras_require={
		"test": [
			"pytest>=8",
			"requests>=2.31",
			"freezegun>=1.2",
			"aiosmtpd>=1.4",
			"playwright>=1.40",
			"ruff>=0.6",
		],
	},
)
