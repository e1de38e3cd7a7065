"""How likely two requests (诉求) are the same: a score from 0 to 100 and the reason in Chinese.

Two requests are compared field by field on their content words (:func:`.chinese_text.words`,
jieba segmentation with courtesy words dropped), after folding common variants of one meaning
to one word (增容 and 扩容, 补助 and 补贴, 住房 and 公寓 …, :data:`SYNONYMS`). For each of the
subject, the description and the whole text the similarity is the mean of

* rapidfuzz's ``token_set_ratio`` over the words (the order does not matter, and a re-worded
  request that keeps its key words and adds others still matches), and
* the Dice overlap of their two-character sets (each word's pairs of adjacent characters, a
  one-character word itself), so that 电容量 meets 容量, which whole words alone miss.

The score is ``0.35 x subject + 0.35 x description + 0.30 x whole text`` when both requests
have a description; with a description missing on either side only the subjects (and the
whole texts, i.e. the subject against the other's subject and description) say anything, and
the score is discounted (:data:`SUBJECT_ONLY_FACTOR`) because a few words are weaker evidence.
A short subject (at most :data:`SHORT_SUBJECT` characters of content) found whole inside the
other subject makes the subjects close (:data:`CONTAINED_SUBJECT`): 停电 and 厂区频繁停电 are one
subject even though their word sets differ. The same category adds :data:`SAME_CATEGORY_BONUS` points.

Two kinds of suggestions are made from the score (the Frappe layer picks the candidates):

* :data:`SAME_ENTERPRISE` -- the same enterprise has an open request scoring at least the
  duplicate threshold: a duplicate, which staff may merge (并单);
* :data:`SAME_STREET_TOPIC` -- open requests of other enterprises of the same street (or park)
  received within the cluster window score at least the cluster threshold, and together with
  the new one at least the minimum number of enterprises ask it: a cluster of one topic, not
  mergeable (merging needs the same enterprise), shown so that staff treat it as one problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

from enterprise_support.domain.chinese_text import words

SAME_ENTERPRISE = "Same Enterprise"
SAME_STREET_TOPIC = "Same Street Topic"
KINDS = (SAME_ENTERPRISE, SAME_STREET_TOPIC)

# Thresholds and windows, as Enterprise Support Settings offers them by default.
DEFAULT_DUPLICATE_THRESHOLD = 50
DEFAULT_DUPLICATE_WINDOW_DAYS = 90
DEFAULT_CLUSTER_THRESHOLD = 50
DEFAULT_CLUSTER_WINDOW_DAYS = 30
DEFAULT_CLUSTER_MIN_ENTERPRISES = 3
MAX_SUGGESTIONS = 5

SAME_CATEGORY_BONUS = 8
SUBJECT_ONLY_FACTOR = 0.75
SHORT_SUBJECT = 6
CONTAINED_SUBJECT = 90.0
MAX_SHARED_WORDS = 5

# Words of one meaning as requests put them: every word of a group is read as its first one.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
	("扩容", "增容", "扩充容量"),
	("用电", "供电", "电力"),
	("补贴", "补助", "资助", "奖补", "奖励资金", "扶持资金"),
	("公寓", "住房", "宿舍", "人才房"),
	("发放", "拨付", "兑现", "到账", "兑付"),
	("停电", "断电"),
	("停水", "断水"),
	("积水", "内涝", "淹水"),
	("招工", "招聘", "用工"),
	("贷款", "融资"),
	("审批", "审核", "办证"),
	("生产线", "产线"),
	("道路", "路段", "马路"),
	("不足", "不够", "短缺"),
	("延迟", "迟迟", "拖延", "滞后"),
	("噪音", "噪声"),
)
SYNONYMS: dict[str, str] = {word: group[0] for group in SYNONYM_GROUPS for word in group}


def normalised_words(text: str | None) -> list[str]:
	"""The content words of ``text`` with variants of one meaning folded to one word."""
	return [SYNONYMS.get(word, word) for word in words(text)]


class Text:
	"""Words of one field (or of the whole request) with what the comparison reads of them,
	worked out once: a request is compared with many others."""

	__slots__ = ("grams", "joined", "spaced", "words")

	def __init__(self, word_list: list[str], grams: set[str] | None = None):
		self.words = word_list
		self.joined = "".join(word_list)
		self.spaced = " ".join(word_list)
		self.grams = _grams(word_list) if grams is None else grams


@dataclass(frozen=True)
class Request:
	"""What the comparison reads of a request: who asked, where, what about."""

	name: str
	enterprise: str | None = None
	street: str | None = None
	category: str | None = None
	subject: str | None = None
	description: str | None = None

	@cached_property
	def subject_words(self) -> list[str]:
		return normalised_words(self.subject)

	@cached_property
	def description_words(self) -> list[str]:
		return normalised_words(self.description)

	@cached_property
	def all_words(self) -> list[str]:
		return self.subject_words + self.description_words

	@cached_property
	def subject_text(self) -> Text:
		return Text(self.subject_words)

	@cached_property
	def description_text(self) -> Text:
		return Text(self.description_words)

	@cached_property
	def all_text(self) -> Text:
		return Text(self.all_words, self.subject_text.grams | self.description_text.grams)


@dataclass(frozen=True)
class Similarity:
	"""The score of a pair and what it rests on."""

	score: int
	subject: int
	description: int | None
	same_category: bool
	shared_words: tuple[str, ...] = field(default_factory=tuple)


def _grams(word_list: Sequence[str]) -> set[str]:
	grams: set[str] = set()
	for word in word_list:
		if len(word) == 1:
			grams.add(word)
		grams.update(word[i : i + 2] for i in range(len(word) - 1))
	return grams


def _dice(a: set, b: set) -> float:
	if not a or not b:
		return 0.0
	return 2 * len(a & b) / (len(a) + len(b))


def _as_text(value: Text | Sequence[str]) -> Text:
	return value if isinstance(value, Text) else Text(list(value))


def text_similarity(a: Text | Sequence[str], b: Text | Sequence[str]) -> float:
	"""Similarity (0-100) of two word sequences; 0 when either is empty."""
	a, b = _as_text(a), _as_text(b)
	if not a.words or not b.words:
		return 0.0
	token_set = fuzz.token_set_ratio(a.spaced, b.spaced)
	return (token_set + 100 * _dice(a.grams, b.grams)) / 2


def subject_similarity(a: Text | Sequence[str], b: Text | Sequence[str]) -> float:
	"""Similarity of two subjects; a short one read whole inside the other counts as close."""
	a, b = _as_text(a), _as_text(b)
	score = text_similarity(a, b)
	shorter, longer = sorted((a.joined, b.joined), key=len)
	if shorter and len(shorter) <= SHORT_SUBJECT and shorter in longer:
		# 停电 in 厂区频繁停电: the short subject says all the longer one is about. A shared
		# word alone (补贴 in 专利补贴 and 人才补贴) is not the whole subject and does not count.
		score = max(score, CONTAINED_SUBJECT if shorter != longer else 100.0)
	return score


def shared_words(new: Request, other: Request, limit: int = MAX_SHARED_WORDS) -> tuple[str, ...]:
	"""Words both requests use, in the order of the new one (longer words, which say more, only
	when there are many)."""
	theirs = set(other.all_words)
	common = list(dict.fromkeys(word for word in new.all_words if word in theirs))
	if len(common) > limit:
		long_first = sorted(common, key=lambda word: (len(word) < 2, common.index(word)))
		common = [word for word in common if word in long_first[:limit]]
	return tuple(common)


def similarity(new: Request, other: Request) -> Similarity:
	"""How alike two requests are (who asked them is not part of the score)."""
	subject = subject_similarity(new.subject_text, other.subject_text)
	whole = text_similarity(new.all_text, other.all_text)
	if new.description_words and other.description_words:
		description = text_similarity(new.description_text, other.description_text)
		score = 0.35 * subject + 0.35 * description + 0.30 * whole
	else:
		description = None
		score = SUBJECT_ONLY_FACTOR * max(subject, whole)
	same_category = bool(new.category) and new.category == other.category
	if same_category and score > 0:
		score += SAME_CATEGORY_BONUS
	return Similarity(
		score=round(min(score, 100)),
		subject=round(subject),
		description=None if description is None else round(description),
		same_category=same_category,
		shared_words=shared_words(new, other),
	)


def _field_notes(found: Similarity) -> list[str]:
	notes = [f"主题相近（{found.subject}%）"]
	if found.description is not None:
		notes.append(f"内容相近（{found.description}%）")
	if found.same_category:
		notes.append("同一类别")
	if found.shared_words:
		notes.append("共同关键词：" + "、".join(found.shared_words))
	return notes


def duplicate_reason(found: Similarity) -> str:
	"""Why a request of the same enterprise is taken for a duplicate, in Chinese."""
	return "；".join(["同一企业", *_field_notes(found)])


def cluster_reason(found: Similarity, street: str | None, enterprises: int, days: int) -> str:
	"""Why requests of several enterprises of one street are taken for one topic, in Chinese."""
	where = f"同一街道/园区（{street}）" if street else "同一街道/园区"
	return "；".join([f"{where} {enterprises} 家企业近 {days} 天反映同类问题", *_field_notes(found)])


@dataclass(frozen=True)
class Suggestion:
	"""A request the new one may be the same as."""

	other: str
	kind: str
	score: int
	reason: str


def find_duplicates(
	new: Request,
	candidates: Iterable[Request],
	threshold: int = DEFAULT_DUPLICATE_THRESHOLD,
	limit: int = MAX_SUGGESTIONS,
) -> list[Suggestion]:
	"""Open requests of the new one's enterprise scoring at least ``threshold``, best first."""
	found = []
	for other in candidates:
		if other.name == new.name or not new.enterprise or other.enterprise != new.enterprise:
			continue
		pair = similarity(new, other)
		if pair.score >= threshold:
			found.append(Suggestion(other.name, SAME_ENTERPRISE, pair.score, duplicate_reason(pair)))
	found.sort(key=lambda s: (-s.score, s.other))
	return found[:limit]


def find_cluster(
	new: Request,
	candidates: Iterable[Request],
	threshold: int = DEFAULT_CLUSTER_THRESHOLD,
	min_enterprises: int = DEFAULT_CLUSTER_MIN_ENTERPRISES,
	days: int = DEFAULT_CLUSTER_WINDOW_DAYS,
	limit: int = MAX_SUGGESTIONS,
) -> list[Suggestion]:
	"""Open requests of other enterprises of the new one's street on the same topic, best first,
	when with the new one at least ``min_enterprises`` enterprises ask it; else none."""
	if not new.street:
		return []
	alike: list[tuple[Similarity, Request]] = []
	for other in candidates:
		if other.name == new.name or other.street != new.street or other.enterprise == new.enterprise:
			continue
		pair = similarity(new, other)
		if pair.score >= threshold:
			alike.append((pair, other))
	enterprises = len({other.enterprise for _, other in alike} | {new.enterprise})
	if enterprises < max(min_enterprises, 2):
		return []
	# The best request of each enterprise stands for it.
	alike.sort(key=lambda item: (-item[0].score, item[1].name))
	seen: set[str | None] = set()
	found = []
	for pair, other in alike:
		if other.enterprise in seen:
			continue
		seen.add(other.enterprise)
		found.append(
			Suggestion(
				other.name,
				SAME_STREET_TOPIC,
				pair.score,
				cluster_reason(pair, new.street, enterprises, days),
			)
		)
	return found[:limit]
