"""Words of a Chinese request, as the intake analyses compare and learn them.

Segmentation is jieba's dictionary and algorithm (``rjieba``, its Rust implementation): a request
such as "现有变压器容量不足，请求协调扩容" becomes 现有 / 变压器 / 容量 / 不足 / 请求 / 协调 / 扩容.
``words`` keeps what says what the request is about: it drops punctuation, spaces and bare
numbers, and the words every request uses whatever it asks (请求, 反映, 我司, 的 …), so that two
requests about different things are not made alike by their common courtesy.
"""

from __future__ import annotations

import re
import unicodedata

import rjieba

# Words any request may use whatever it is about: forms of address, requesting, the firm itself.
STOPWORDS = frozenset(
	"""
	的 了 和 与 及 或 在 是 有 为 对 把 被 将 等 也 都 就 又 还 并 而 但 之 其 该 此 这 那 个 些 中 上 下
	我 我们 我司 我方 本 本司 本企业 贵 你们 他们 它们 企业 公司 单位 有限公司 股份 有限
	请 请求 申请 希望 恳请 要求 需要 需 能否 是否 可否 如何 怎么 怎样 什么 哪些 为何
	反映 反馈 咨询 询问 提出 表示 称 来电 来信 来访 联系人 企业联系人 诉求 问题 情况 事项 事宜 相关 有关
	帮助 协助 支持 解决 处理 办理 尽快 及时 目前 现在 现 已 已经 一直 仍 仍然 还是 没有 未 不 无
	谢谢 感谢 您好 你好 麻烦 一下
	""".split()
)

_NUMBER = re.compile(r"^[0-9０-９.,，%％]+$")


def _is_word(token: str) -> bool:
	if token.isalnum():
		# Letters and digits only (Chinese characters are letters): a word unless a number.
		return not _NUMBER.match(token)
	if not token.strip() or _NUMBER.match(token):
		return False
	# Punctuation and symbols of any script (，。、！？：；“” … as well as ASCII ones).
	return not all(unicodedata.category(ch)[0] in "PSZ" for ch in token)


def words(text: str | None) -> list[str]:
	"""The content words of ``text`` in order (lower-cased, repeats kept)."""
	if not text:
		return []
	return [
		token
		for token in (t.strip().lower() for t in rjieba.cut(unicodedata.normalize("NFKC", text)))
		if _is_word(token) and token not in STOPWORDS
	]
