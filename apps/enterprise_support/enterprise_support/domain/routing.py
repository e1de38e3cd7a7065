"""Which department should handle a new request: a naive Bayes over the district's own dispatches.

Staff dispatch (派单) every accepted request to a department. Each dispatched case teaches the
model: its category and the content words of its subject and description
(``domain.chinese_text.words``) count for the department it went to. A new request is scored for
every department that has handled cases, as a multinomial naive Bayes with Laplace (add-one)
smoothing of the words and a lighter (0.1) one of the category::

    score(d) = log P(d) + log P(category | d) + sum over the request's words w of n_w · log P(w | d)
    P(d)            = (cases of d + 1) / (all cases + departments)
    P(category | d) = (cases of d in the category + 0.1) / (cases of d + 0.1 · categories)
    P(w | d)        = (times d's cases used w + 1) / (words in d's cases + vocabulary)

and the scores are turned into probabilities (the confidence, 0–1). Words that no learned case
has used say nothing about any department and are left out, so that a request in new words is
decided by its category. The suggestion says why in the staff's words: how many cases of the
same category went to the department, and the request's words that weigh most for it over the
runner-up.

Why this and not scikit-learn: the model is nothing but counts, kept in the database
(Routing Term rows, one per department and word, category or total) and updated one case at a
time, in the same transaction, as staff dispatch and re-dispatch; a suggestion reads only the
rows of the request's own words. Nothing is retrained or stored as a pickled model, every
figure in a reason can be checked against the cases, and the app does not take on numpy and
scipy for a few dozen lines of arithmetic.

Which cases count: those a department works on or has handled (``LEARNED_STATES``). A case sent
back (退单) stops counting for the department that returned it and counts again once re-dispatched
(改派), for the new department; rejected and merged cases (并单) do not count.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from enterprise_support.domain import case_workflow as wf

# Kinds of learned count (Routing Term.kind).
DOCUMENTS = "Documents"  # cases learned for a department (term empty)
CATEGORY = "Category"  # cases of a category learned for a department (term = the category)
WORD = "Word"  # times the department's cases used a word (term = the word)
WORD_TOTAL = "Word Total"  # all words of the department's cases (term empty)
KINDS = (DOCUMENTS, CATEGORY, WORD, WORD_TOTAL)

# A case counts for its department while in one of these states.
LEARNED_STATES = frozenset(wf.WITH_DEPARTMENT | {wf.RESOLVED, wf.CLOSED})

# Pseudo-counts of the smoothing: Laplace (1) for words; for the category, a smaller one, so
# that a department with many cases but none of the category does not rival one that handled
# every case of it (add-one would lend it about one case of every category).
WORD_SMOOTHING = 1.0
CATEGORY_SMOOTHING = 0.1
# Below this confidence no department is suggested.
MIN_CONFIDENCE = 0.5
# Words named in a reason.
KEYWORDS = 3
# Longest word kept as a term (the column's width); longer tokens are not words anyone types twice.
MAX_TERM_LENGTH = 60

Key = tuple[str, str, str]  # (department, kind, term)


@dataclass(frozen=True)
class Model:
	"""The learned counts a suggestion needs: every department's totals, and the counts of the
	request's own category and words (other words' counts may be left out)."""

	documents: Mapping[str, int]
	word_totals: Mapping[str, int]
	words: Mapping[str, Mapping[str, int]]
	categories: Mapping[str, Mapping[str, int]]
	vocabulary: int
	category_count: int


@dataclass(frozen=True)
class Suggestion:
	"""The suggested department (None when there is none), its confidence, the runner-up, and
	the reason in Chinese."""

	department: str | None
	confidence: float
	runner_up: str | None
	runner_up_confidence: float
	reason: str
	keywords: tuple[str, ...] = ()


def learned_counts(
	state: str | None, department: str | None, category: str | None, words: Iterable[str]
) -> Counter:
	"""What one case adds to the counts in its present state: {(department, kind, term): n}."""
	counts: Counter = Counter()
	if state not in LEARNED_STATES or not department:
		return counts
	terms = [w for w in words if w and len(w) <= MAX_TERM_LENGTH]
	counts[(department, DOCUMENTS, "")] += 1
	if category:
		counts[(department, CATEGORY, category)] += 1
	for word in terms:
		counts[(department, WORD, word)] += 1
	if terms:
		counts[(department, WORD_TOTAL, "")] += len(terms)
	return counts


def count_changes(before: Mapping[Key, int], after: Mapping[Key, int]) -> dict[Key, int]:
	"""How the counts move when a case changes from ``before`` to ``after`` (non-zero changes only)."""
	keys = set(before) | set(after)
	changes = {key: after.get(key, 0) - before.get(key, 0) for key in keys}
	return {key: n for key, n in sorted(changes.items()) if n}


def model_from_counts(
	counts: Iterable[tuple[str, str, str, int]], vocabulary: int, category_count: int
) -> Model:
	"""A model from learned rows (department, kind, term, count), as read from the database."""
	documents: dict[str, int] = {}
	word_totals: dict[str, int] = {}
	words: dict[str, dict[str, int]] = {}
	categories: dict[str, dict[str, int]] = {}
	for department, kind, term, count in counts:
		if kind == DOCUMENTS:
			documents[department] = documents.get(department, 0) + count
		elif kind == WORD_TOTAL:
			word_totals[department] = word_totals.get(department, 0) + count
		elif kind == WORD:
			words.setdefault(department, {})[term] = count
		elif kind == CATEGORY:
			categories.setdefault(department, {})[term] = count
	return Model(documents, word_totals, words, categories, vocabulary, category_count)


def suggest(
	model: Model, category: str | None, words: Iterable[str], min_confidence: float = MIN_CONFIDENCE
) -> Suggestion:
	"""The department most likely to handle a request of ``category`` in ``words``."""
	departments = sorted(d for d, n in model.documents.items() if n > 0)
	if not departments:
		return _none("尚无已派办的诉求可供学习，暂不建议承办部门。")
	request_words = Counter(w for w in words if w)
	known = {
		w: n for w, n in request_words.items() if any(model.words.get(d, {}).get(w) for d in departments)
	}
	in_category = {d: model.categories.get(d, {}).get(category, 0) for d in departments} if category else {}
	category_cases = sum(in_category.values())
	if not known and not category_cases:
		return _none("该诉求的类别和用词在已派办的诉求中都未出现过，暂不建议承办部门。")

	total_cases = sum(model.documents[d] for d in departments)
	vocabulary = max(model.vocabulary, len(known), 1)
	categories = max(model.category_count, 1)

	def log_p_word(word: str, department: str) -> float:
		count = model.words.get(department, {}).get(word, 0)
		return math.log(
			(count + WORD_SMOOTHING) / (model.word_totals.get(department, 0) + WORD_SMOOTHING * vocabulary)
		)

	scores = {}
	for d in departments:
		cases = model.documents[d]
		score = math.log((cases + 1) / (total_cases + len(departments)))
		if category:
			score += math.log(
				(in_category[d] + CATEGORY_SMOOTHING) / (cases + CATEGORY_SMOOTHING * categories)
			)
		score += sum(n * log_p_word(w, d) for w, n in known.items())
		scores[d] = score
	top_score = max(scores.values())
	weights = {d: math.exp(s - top_score) for d, s in scores.items()}
	total_weight = sum(weights.values())
	ranked = sorted(departments, key=lambda d: (-weights[d], d))
	best, confidence = ranked[0], weights[ranked[0]] / total_weight
	runner_up = ranked[1] if len(ranked) > 1 else None
	runner_up_confidence = weights[runner_up] / total_weight if runner_up else 0.0

	if runner_up and math.isclose(scores[best], scores[runner_up], rel_tol=0, abs_tol=1e-9):
		return Suggestion(
			None,
			confidence,
			runner_up,
			runner_up_confidence,
			f"{best} 与 {runner_up} 可能性相同（各 {_percent(confidence)}），暂不建议承办部门；请按诉求内容选择。",
		)
	if confidence < min_confidence:
		return Suggestion(
			None,
			confidence,
			runner_up,
			runner_up_confidence,
			f"最可能的 {best}（{_percent(confidence)}）把握不足，其次为 {runner_up}（{_percent(runner_up_confidence)}），"
			"暂不建议承办部门；请按诉求内容选择。",
		)

	# The words that weigh most for the suggestion against the runner-up (or, alone, by use).
	def weight(word: str) -> float:
		if runner_up:
			return known[word] * (log_p_word(word, best) - log_p_word(word, runner_up))
		return known[word] * model.words.get(best, {}).get(word, 0)

	keywords = tuple(
		w
		for w in sorted(known, key=lambda w: (-weight(w), w))
		if weight(w) > 0 and model.words.get(best, {}).get(w, 0) > 0
	)[:KEYWORDS]
	parts = []
	if category and category_cases and in_category[best]:
		parts.append(
			f"同类别「{category}」的 {category_cases} 件已派办诉求中 {in_category[best]} 件由 {best} 办理"
		)
	elif category and category_cases:
		# The words outweighed the category: say so rather than "0 件由 … 办理".
		parts.append(f"同类别「{category}」的 {category_cases} 件已派办诉求无一由 {best} 办理，按用词建议")
	elif category:
		parts.append(f"类别「{category}」尚无已派办的诉求")
	if keywords:
		parts.append("关键词：" + "、".join(keywords))
	elif not known:
		parts.append("诉求用词未在已派办的诉求中出现，按类别建议")
	reason = "；".join(parts) + f"（可信度 {_percent(confidence)}）"
	return Suggestion(best, confidence, runner_up, runner_up_confidence, reason, keywords)


def _none(reason: str) -> Suggestion:
	return Suggestion(None, 0.0, None, 0.0, reason)


def _percent(share: float) -> str:
	return f"{share * 100:.0f}%"
