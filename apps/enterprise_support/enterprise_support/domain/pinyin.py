"""The pinyin search key of a name: how Chinese users type a firm, street, chain or policy.

Staff look a firm up by typing the pinyin of its name or only the initials of its syllables:
"lfd" or "laifude" for 四川莱福德科技有限公司, "tw" for 通威股份有限公司. ``search_key`` turns
one or more names into a line of lower-case words (letters and digits only) that serves two
kinds of search at once:

- substring search (SQL ``LIKE '%x%'``): the full pinyin of the whole name and its initials
  hold every contiguous run a user may type ("laifude", "lfdkj", "sclfd" ...);
- whole-word and prefix search (full-text ``MATCH ... AGAINST``): each word of the name
  (jieba segmentation, ``rjieba``) and the trade name (字号) are words of their own, in full
  pinyin and in initials ("laifude", "lfd", "tongwei", "tw").

The trade name follows the shape of a registered Chinese company name, 行政区划 + 字号 + 行业 +
组织形式 (企业名称登记管理规定): a leading administrative area (a province-level name, or a
word ending in 省, 市, 区, 县, 州, 盟, 旗, 自治区/州/县, 新区, 地区), a bracketed area and the trailing
organisation forms (有限公司, 股份有限公司, 集团, 分公司 ...) are taken off; what is left is the
trade name with its industry ("莱福德科技"), and without the last word, the trade name alone
("莱福德").

Polyphonic characters read as in pypinyin's phrase dictionary (重庆 chongqing, 银行 yinhang,
长安 chang'an, 厦门 xiamen, 行政 xingzheng); the phrases it reads wrongly that matter in company,
bank and place names are corrected once here with pypinyin's own ``load_phrases_dict``
(``PHRASE_FIXES``). Latin letters and digits in a name are kept, lower-cased.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import rjieba
from pypinyin import Style, load_phrases_dict, pinyin

# Phrases pypinyin 0.55 reads wrongly, as they are read in place, bank and company names
# (syllables without tones; pypinyin's Style.NORMAL drops the tone marks given here).
PHRASE_FIXES: dict[str, list[list[str]]] = {
	# places
	"长治": [["cháng"], ["zhì"]],
	"长垣": [["cháng"], ["yuán"]],
	"长岛": [["cháng"], ["dǎo"]],
	"长葛": [["cháng"], ["gě"]],
	"长宁": [["cháng"], ["níng"]],
	"长丰": [["cháng"], ["fēng"]],
	"单县": [["shàn"], ["xiàn"]],
	"新都": [["xīn"], ["dū"]],
	"郫都": [["pí"], ["dū"]],
	"什邡": [["shí"], ["fāng"]],
	"荥经": [["yíng"], ["jīng"]],
	"洪洞": [["hóng"], ["tóng"]],
	"涡阳": [["guō"], ["yáng"]],
	"浚县": [["xùn"], ["xiàn"]],
	"朝阳": [["cháo"], ["yáng"]],
	"藏区": [["zàng"], ["qū"]],
	# banks: a branch (支行, 总行) is a hang like 银行 and 分行
	"支行": [["zhī"], ["háng"]],
	"总行": [["zǒng"], ["háng"]],
}
load_phrases_dict(PHRASE_FIXES)

# Province-level divisions by their short names (GB/T 2260), the municipalities included.
PROVINCES = (
	"北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
	"广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
).split()

_PROVINCE = re.compile(
	r"^(?:中国)?(?:"
	+ "|".join(sorted(PROVINCES, key=len, reverse=True))
	+ r")(?:[\u4e00-\u9fff]{0,6}?自治区|特别行政区|省|市)?"
)
# A lower-level division: a few characters ending in a division's generic name.
_DIVISION = re.compile(r"^[\u4e00-\u9fff]{1,7}?(?:自治州|自治县|自治旗|新区|地区|省|市|区|县|州|盟|旗)")
# Organisation forms at the end of a name, longest first; repeated ("有限公司成都分公司").
ORGANISATION_FORMS = (
	"股份有限公司 有限责任公司 股份合作公司 有限公司 股份公司 总公司 分公司 子公司 公司 "
	"集团 控股 普通合伙 有限合伙 特殊普通合伙 合伙企业 个人独资企业 独资企业 专业合作社 合作社 "
	"分行 支行 分店 营业部 办事处 分厂 企业 厂"
).split()
_ORGANISATION_FORM = re.compile("(?:" + "|".join(sorted(ORGANISATION_FORMS, key=len, reverse=True)) + r")$")
# A company's own form: the name of a branch goes on after it ("...有限公司眉山分行").
_COMPANY_FORM = re.compile("股份有限公司|有限责任公司|有限公司|股份公司|集团")
_BRACKETED = re.compile(r"\([^()]*\)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_KEPT = re.compile(r"[^a-z0-9\u4e00-\u9fff()]+")
_NOT_KEY = re.compile(r"[^a-z0-9]+")


def _normal(name: str) -> str:
	"""NFKC (full-width letters and brackets to half-width), lower case, only letters, digits,
	Chinese characters and brackets kept."""
	return _KEPT.sub("", unicodedata.normalize("NFKC", name).lower())


_NOT_HAN = "\x01"  # marks a run of letters, digits or other characters pypinyin leaves as is


@lru_cache(maxsize=131_072)
def readings(text: str) -> tuple[str, str]:
	"""The full pinyin and the initials of ``text`` from one pypinyin conversion (names share
	many words, so conversions are remembered): see ``full_pinyin`` and ``initials``."""
	full, first = [], []
	for (syllable,) in pinyin(text, style=Style.NORMAL, errors=lambda chunk: _NOT_HAN + chunk):
		if syllable.startswith(_NOT_HAN):
			full.append(syllable[1:])
			first.append(syllable[1:])
		else:
			full.append(syllable)
			first.append(syllable[:1])
	return _NOT_KEY.sub("", "".join(full).lower()), _NOT_KEY.sub("", "".join(first).lower())


def full_pinyin(text: str) -> str:
	"""The pinyin of ``text`` without tones or separators ("重庆银行" -> "chongqingyinhang");
	letters and digits are kept, lower-cased."""
	return readings(text)[0]


def initials(text: str) -> str:
	"""The first letter of each syllable of ``text`` ("重庆银行" -> "cqyh"); a run of letters or
	digits is kept whole ("3d打印" -> "3ddy")."""
	return readings(text)[1]


def _boundaries(text: str) -> set[int]:
	"""Positions between two jieba words of ``text``."""
	ends, at = set(), 0
	for word in rjieba.cut(text):
		at += len(word)
		ends.add(at)
	return ends


def without_organisation_form(name: str) -> str:
	"""A name without its organisation form and what follows it: "通威股份有限公司" -> "通威",
	"中国建设银行股份有限公司眉山分行" -> "中国建设银行" (a branch is named after its company)."""
	text = _BRACKETED.sub("", _normal(name))
	if (match := _COMPANY_FORM.search(text)) and match.start() >= 2:
		text = text[: match.start()]
	while (stripped := _ORGANISATION_FORM.sub("", text)) != text and stripped:
		text = stripped
	return text


def trade_names(name: str) -> list[str]:
	"""The trade name (字号) of a company name, with and without its industry word:
	"四川莱福德科技有限公司" -> ["莱福德科技", "莱福德"]. Empty when nothing is left."""
	text = without_organisation_form(name)
	# leading administrative areas (a province-level name, then divisions such as 眉山市 彭山区),
	# each ending where jieba ends a word, so 成都市场 or 华夏区块链 keep their words
	if match := _PROVINCE.match(text):
		text = text[match.end() :] or text
	while (match := _DIVISION.match(text)) and match.end() < len(text):
		if match.end() not in _boundaries(text):
			break
		text = text[match.end() :]
	if not _HAN.search(text):
		return [text] if text else []
	names = [text]
	words = rjieba.cut(text)
	if len(words) > 1 and len("".join(words[:-1])) >= 2:
		names.append("".join(words[:-1]))
	return names


def search_key(*names: str | None) -> str:
	"""The search key of a record named ``names`` (e.g. a firm's name and short name): its
	words, each once, separated by spaces. See the module docstring for what it holds."""
	words: list[str] = []

	def add(text: str) -> None:
		for key in readings(text):
			# one letter is no word anyone searches by (the whole name's initials hold it)
			if len(key) > 1 and key not in words:
				words.append(key)

	for name in names:
		text = _normal(name or "")
		if not text:
			continue
		add(text)
		for word in rjieba.cut(without_organisation_form(text)):
			add(word)
		for trade_name in trade_names(text):
			add(trade_name)
	return " ".join(words)


def search_term(txt: str | None) -> str:
	"""What a user typed, as it is looked for in a search key: lower case, letters and digits
	only ("Lai Fu De" -> "laifude", "chang'an" -> "changan"); empty when it holds anything else
	(Chinese characters are searched in the names themselves)."""
	text = unicodedata.normalize("NFKC", txt or "").strip().lower()
	if not text or not re.fullmatch(r"[a-z0-9\s'’\-·.]+", text):
		return ""
	return _NOT_KEY.sub("", text)
