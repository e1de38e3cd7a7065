"""Words of a request, as the intake analyses compare them (domain/chinese_text.py)."""

from __future__ import annotations

from enterprise_support.domain.chinese_text import words


def test_a_request_keeps_what_it_is_about():
	got = words("企业联系人来电反映：现有变压器容量不足，请求协调供电公司尽快扩容。")
	assert {"变压器", "容量", "不足", "供电", "扩容"} <= set(got)


def test_courtesy_punctuation_and_numbers_are_dropped():
	got = words("您好，我司反映的问题：请求帮助解决，谢谢！2000 千伏安")
	assert got == ["千伏安"]


def test_latin_is_lower_cased_and_full_width_folded():
	assert words("ＥＲＰ系统") == words("erp系统")
	assert "erp" in words("ERP系统")


def test_nothing_in_nothing_out():
	assert words(None) == []
	assert words("") == []
	assert words("，。！") == []
