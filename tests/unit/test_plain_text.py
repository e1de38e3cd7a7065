"""What users type is plain text: the markup rule for requests and the cleaning of names."""

import pytest

from enterprise_support.domain.plain_text import FORBIDDEN_MARKUP, clean_name, contains_markup


@pytest.mark.parametrize(
	"text",
	[
		"<base href=//evil.example/ ",  # unclosed: swallows the page's markup up to the next ">"
		"说明<base href=//evil.example/>",
		"<img src=x onerror=alert(1) ",
		"<script>alert(1)</script>",
		'"><svg onload=alert(1)>',
		"<!-- comment",
		"</textarea><b>",
		"<?xml",
		"< script>",
		"javascript:alert(1)",
		"JavaScript :alert(1)",
		"x onmouseover=alert(1)",
	],
)
def test_markup_is_refused(text):
	assert contains_markup(text)
	assert FORBIDDEN_MARKUP.search(text)


@pytest.mark.parametrize(
	"text",
	["", "厂区外道路破损，货车无法通行。", "补贴<10万元", "产值 a < b 且 c > d", "《政策》第3条", "a<1"],
)
def test_plain_text_is_allowed(text):
	assert not contains_markup(text)


@pytest.mark.parametrize(
	"name, cleaned",
	[
		("张伟", "张伟"),
		("欧阳 娜娜", "欧阳 娜娜"),
		("Anne-Marie O'Neil", "Anne-Marie O'Neil"),
		("<img src=x onerror=alert(1) ", "img src=x onerror=alert(1)"),
		("<b>李</b>娜", "李娜"),
		('王"><svg onload=alert(1)>芳', '王"芳'),
		("  刘  建国 ", "刘 建国"),
		(None, ""),
	],
)
def test_names_are_cleaned_of_markup(name, cleaned):
	assert clean_name(name) == cleaned
	assert "<" not in clean_name(name) and ">" not in clean_name(name)
