"""The pinyin search key of a name (domain/pinyin.py): what users type finds the record."""

from __future__ import annotations

import re

import pytest

from enterprise_support.domain.pinyin import (
	full_pinyin,
	initials,
	search_key,
	search_term,
	trade_names,
	without_organisation_form,
)


def finds(typed: str, *names: str) -> bool:
	"""Whether ``typed`` finds a record named ``names`` by substring (SQL LIKE '%x%')."""
	term = search_term(typed)
	return bool(term) and term in search_key(*names)


def finds_by_word(typed: str, *names: str) -> bool:
	"""Whether ``typed`` is a whole word or a word's prefix of the key (full-text search)."""
	term = search_term(typed)
	return any(word.startswith(term) for word in search_key(*names).split())


@pytest.mark.parametrize(
	"typed",
	["lfd", "laifude", "LaiFuDe", "lai fu de", "sclfd", "lfdkj", "laifudekeji", "sichuanlaifude"],
)
def test_laifude_is_found_by_its_pinyin_and_initials(typed):
	assert finds(typed, "四川莱福德科技有限公司")


@pytest.mark.parametrize("typed", ["lfd", "laifude", "lfdkj", "laifudekeji", "sclfdkjyxgs"])
def test_laifude_is_found_by_whole_words_and_prefixes(typed):
	assert finds_by_word(typed, "四川莱福德科技有限公司")


def test_the_whole_names_pinyin_and_initials_lead_the_key():
	key = search_key("四川莱福德科技有限公司").split()
	assert key[:2] == ["sichuanlaifudekejiyouxiangongsi", "sclfdkjyxgs"]
	assert {"laifude", "lfd", "sichuan", "sc", "laifudekeji", "lfdkj"} <= set(key)


def test_tongwei_by_its_initials():
	assert finds("tw", "通威股份有限公司")
	assert finds_by_word("tw", "通威股份有限公司")
	assert finds_by_word("tongwei", "通威股份有限公司")


@pytest.mark.parametrize(
	("name", "pinyin", "letters"),
	[
		("重庆银行", "chongqingyinhang", "cqyh"),
		("长安汽车", "changanqiche", "caqc"),
		("厦门航空", "xiamenhangkong", "xmhk"),
		("行政审批局", "xingzhengshenpiju", "xzspj"),
		("长沙银行", "changshayinhang", "csyh"),
		("乐山", "leshan", "ls"),
		("六安", "luan", "la"),
		("蚌埠", "bengbu", "bb"),
		("大厦", "dasha", "ds"),
		("都江堰", "dujiangyan", "djy"),
		("行业协会", "hangyexiehui", "hyxh"),
		# corrected with load_phrases_dict (pypinyin reads these wrongly by itself)
		("长治市", "changzhishi", "czs"),
		("单县", "shanxian", "sx"),
		("新都区", "xinduqu", "xdq"),
		("郫都区", "piduqu", "pdq"),
		("什邡", "shifang", "sf"),
		("朝阳路", "chaoyanglu", "cyl"),
		("眉山支行", "meishanzhihang", "mszh"),
		("总行", "zonghang", "zh"),
	],
)
def test_polyphones_read_as_users_expect(name, pinyin, letters):
	assert full_pinyin(name) == pinyin
	assert initials(name) == letters


def test_chongqing_bank_by_pinyin_and_initials():
	assert finds("chongqingyinhang", "重庆银行股份有限公司")
	assert finds("cqyh", "重庆银行股份有限公司")
	assert finds_by_word("yinhang", "重庆银行股份有限公司")


@pytest.mark.parametrize(
	("name", "expected"),
	[
		("四川莱福德科技有限公司", ["莱福德科技", "莱福德"]),
		("通威股份有限公司", ["通威"]),
		("眉山市彭山区通威太阳能有限公司", ["通威太阳能", "通威"]),
		("莱福德（四川）科技有限公司", ["莱福德科技", "莱福德"]),
		("广西壮族自治区南宁市红豆服饰有限责任公司", ["红豆服饰", "红豆"]),
		("中国建设银行股份有限公司眉山分行", ["中国建设银行"]),
		("北京字节跳动科技有限公司", ["字节跳动科技", "字节跳动"]),
		("某某合伙企业（有限合伙）", ["某某"]),
		("中建科工集团有限公司", ["中建科工", "中建"]),
	],
)
def test_trade_name_without_area_and_organisation_form(name, expected):
	assert trade_names(name) == expected


@pytest.mark.parametrize(
	("name", "expected"),
	[
		# a word that only starts like a division keeps its characters
		("成都市场营销有限公司", "成都市场营销"),
		("华夏区块链科技有限公司", "华夏区块链科技"),
	],
)
def test_a_division_is_taken_off_only_at_a_word_boundary(name, expected):
	assert trade_names(name)[0] == expected


def test_organisation_forms_come_off_the_end():
	assert without_organisation_form("通威股份有限公司") == "通威"
	assert without_organisation_form("某某科技有限责任公司成都分公司") == "某某科技"
	assert without_organisation_form("某某合伙企业（有限合伙）") == "某某"


def test_trade_names_pinyin_is_in_the_key():
	key = search_key("眉山市彭山区通威太阳能有限公司").split()
	assert {"tongweitaiyangneng", "twtyn", "tongwei", "tw"} <= set(key)


def test_latin_letters_and_digits_are_kept_lower_cased():
	key = search_key("ＡＢＣ 3D打印科技有限公司")
	assert "abc3ddayinkeji" in key.split()
	assert finds("abc3d", "ＡＢＣ 3D打印科技有限公司")
	assert finds("3ddy", "ABC 3D打印科技有限公司")
	assert key == key.lower()
	assert re.fullmatch(r"[a-z0-9 ]+", key)


def test_short_name_is_searched_too():
	assert finds("fst", "四川菲斯特新能源科技有限公司", "菲斯特")
	assert finds_by_word("feisite", "四川菲斯特新能源科技有限公司", "菲斯特")


def test_each_word_once_and_no_single_letters():
	words = search_key("四川莱福德科技有限公司", "莱福德").split()
	assert len(words) == len(set(words))
	assert all(len(word) > 1 for word in words)


def test_nothing_in_nothing_out():
	assert search_key(None, "") == ""
	assert search_key("（）") == ""


@pytest.mark.parametrize(
	("typed", "term"),
	[
		("Lai Fu De", "laifude"),
		("chang'an", "changan"),
		("ＬＦＤ", "lfd"),
		("莱福德", ""),
		("lfd莱", ""),
		("", ""),
		(None, ""),
		("   ", ""),
	],
)
def test_what_a_user_typed_as_a_search_term(typed, term):
	assert search_term(typed) == term
