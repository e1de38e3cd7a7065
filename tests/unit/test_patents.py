import datetime as dt

import pytest

from enterprise_support.domain.patents import (
	APPLICATION_WEIGHTS,
	DESIGN,
	INVENTION,
	UTILITY_MODEL,
	PatentNumberError,
	check_application_number,
	check_character,
	normalize_application_number,
	normalize_publication_number,
)


def codes(issues):
	return [issue.code for issue in issues]


def reference_check(digits: str) -> str:
	"""shared/domain.md's rule: weights 2..9,2..5; check = sum mod 11 (the remainder), 10 -> X."""
	weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
	remainder = sum(int(d) * w for d, w in zip(digits, weights[: len(digits)], strict=True)) % 11
	return "X" if remainder == 10 else str(remainder)


def test_weights_are_the_published_ones():
	assert APPLICATION_WEIGHTS == (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


@pytest.mark.parametrize(
	"number, year, type_digit, patent_type, ip_class",
	[
		("201710601862.3", 2017, 1, INVENTION, "I"),
		("201220687633.0", 2012, 2, UTILITY_MODEL, "II"),
	],
)
def test_valid_examples(number, year, type_digit, patent_type, ip_class):
	result = check_application_number(number)
	assert result.errors == ()
	assert result.is_valid
	assert result.number == number
	assert result.year == year
	assert result.type_digit == type_digit
	assert result.patent_type == patent_type
	assert result.ip_class == ip_class
	assert result.is_pct is False
	assert result.is_legacy is False
	assert result.patent_number == "ZL" + number


def test_parts_of_a_number():
	result = check_application_number("201710601862.3")
	assert result.serial == "0601862"
	assert result.check_char == result.expected_check == "3"


@pytest.mark.parametrize(
	"raw",
	[
		"201710601862.3",
		"2017106018623",
		"ZL201710601862.3",
		"ZL 2017 1 0601862.3",
		"zl201710601862.3",
		"CN201710601862.3",
		"cn 2017106018623",
		"２０１７１０６０１８６２．３",
		"ＺＬ２０１７１０６０１８６２．３",
		"201710601862。3",
		"申请号：201710601862.3",
		"专利号: ZL 201710601862.3",
		" 2017-1-0601862.3 ",
	],
)
def test_messy_input_normalises(raw):
	assert normalize_application_number(raw) == "201710601862.3"


def test_lower_case_x_check_character():
	assert check_character("201710601852") == "X"
	assert normalize_application_number("201710601852.x") == "201710601852.X"
	assert normalize_application_number("ZL2017106018 52x") == "201710601852.X"


def test_wrong_check_character_is_a_hard_error_with_the_expected_one():
	result = check_application_number("201710601862.4")
	assert codes(result.errors) == ["check_character_mismatch"]
	assert result.errors[0].params == {"found": "4", "expected": "3"}
	assert not result.is_valid
	assert result.patent_number is None
	with pytest.raises(PatentNumberError) as info:
		normalize_application_number("201710601862.4")
	assert info.value.code == "check_character_mismatch"
	assert info.value.params["expected"] == "3"


def test_missing_check_character_is_an_error_naming_it():
	result = check_application_number("CN201710601862")
	assert codes(result.errors) == ["missing_check_character"]
	assert result.errors[0].params == {"expected": "3"}


@pytest.mark.parametrize("raw, length", [("20171060186.3", 11), ("2017106018621.3", 13), ("1234567", 7)])
def test_wrong_length(raw, length):
	result = check_application_number(raw)
	assert codes(result.errors) == ["wrong_length"]
	assert result.errors[0].params == {"length": length}
	assert result.year is None


def test_invalid_characters_and_bad_format():
	result = check_application_number("2017106O1862.3")
	assert codes(result.errors) == ["invalid_characters"]
	assert result.errors[0].params == {"characters": "O"}
	assert codes(check_application_number("2017X0601862.3").errors) == ["bad_format"]
	assert codes(check_application_number("").errors) == ["empty"]
	assert codes(check_application_number("ZL").errors) == ["empty"]
	assert codes(check_application_number(None).errors) == ["empty"]


@pytest.mark.parametrize(
	"digits, patent_type, is_pct, ip_class",
	[
		("201730601862", DESIGN, False, "II"),
		("201780601862", INVENTION, True, "I"),
		("201790601862", UTILITY_MODEL, True, "II"),
	],
)
def test_type_digits(digits, patent_type, is_pct, ip_class):
	result = check_application_number(f"{digits}.{reference_check(digits)}")
	assert result.errors == ()
	assert (result.patent_type, result.is_pct, result.ip_class) == (patent_type, is_pct, ip_class)


def test_unknown_type_digit_is_an_error():
	digits = "201740601862"
	result = check_application_number(f"{digits}.{reference_check(digits)}")
	assert codes(result.errors) == ["unknown_type_digit"]
	assert result.errors[0].params == {"type_digit": 4}
	assert result.patent_type is None and result.ip_class is None


def test_year_out_of_range():
	digits = "200210601862"  # the 12-digit form began in 2003
	result = check_application_number(f"{digits}.{reference_check(digits)}")
	assert codes(result.errors) == ["year_out_of_range"]
	assert result.errors[0].params["year"] == 2002
	future = "203010601862"
	number = f"{future}.{reference_check(future)}"
	assert check_application_number(number).errors == ()
	assert codes(check_application_number(number, today=dt.date(2026, 5, 1)).errors) == ["year_out_of_range"]
	assert check_application_number("201710601862.3", today=dt.date(2026, 5, 1)).errors == ()


def test_pre_2003_numbers():
	# 8 digits YY T NNNNN, weights 2..9, same rule (computed examples: no real one pinned).
	assert check_character("99112345") == "X" == reference_check("99112345")
	assert check_character("85100001") == "0"
	result = check_application_number("ZL 99 1 12345.x")
	assert result.errors == ()
	assert result.number == "99112345.X"
	assert (result.year, result.type_digit, result.serial, result.is_legacy) == (1999, 1, "12345", True)
	assert check_application_number("03212345.0").year == 2003
	assert codes(check_application_number("99112345.1").errors) == ["check_character_mismatch"]
	late = check_application_number("04112345.X")  # 8-digit numbers ended in 2003
	assert codes(late.errors) == ["year_out_of_range"]


@pytest.mark.parametrize("digits", ["201710601862", "201220687633", "201810001234", "99112345"])
def test_check_character_matches_the_written_rule(digits):
	assert check_character(digits) == reference_check(digits)


@pytest.mark.parametrize("bad", ["2017106018", "20171060186a", "", "2017106018623"])
def test_check_character_rejects_bad_input(bad):
	with pytest.raises(PatentNumberError):
		check_character(bad)


@pytest.mark.parametrize(
	"raw, number, kind, meaning, patent_type",
	[
		("CN107123456A", "CN107123456A", "A", "invention_application_publication", INVENTION),
		("cn 107123456 b", "CN107123456B", "B", "invention_grant", INVENTION),
		("ＣＮ１０７１２３４５６Ｃ１", "CN107123456C1", "C1", "invention_partial_invalidation", INVENTION),
		("CN 207123456 U", "CN207123456U", "U", "utility_model_grant", UTILITY_MODEL),
		("CN207123456Y2", "CN207123456Y2", "Y2", "utility_model_partial_invalidation", UTILITY_MODEL),
		("CN305123456S", "CN305123456S", "S", "design_grant", DESIGN),
		("CN305123456S1", "CN305123456S1", "S1", "design_partial_invalidation", DESIGN),
		("CN107123456A8", "CN107123456A8", "A8", "corrected_front_page", INVENTION),
		("CN107123456B9", "CN107123456B9", "B9", "corrected_full_reprint", INVENTION),
	],
)
def test_publication_numbers(raw, number, kind, meaning, patent_type):
	publication = normalize_publication_number(raw)
	assert publication.number == number
	assert publication.kind == kind
	assert publication.meaning == meaning
	assert publication.patent_type == patent_type
	assert publication.warnings == ()
	assert publication.description


def test_publication_kind_with_unusual_digit_is_read_with_a_warning():
	publication = normalize_publication_number("CN107123456B1")
	assert publication.kind == "B1"
	assert publication.meaning == "invention_grant"
	assert publication.ip_class == "I"
	assert codes(publication.warnings) == ["unusual_kind_code"]


def test_publication_kind_that_does_not_fit_the_type_digit_is_a_warning():
	publication = normalize_publication_number("CN207123456A")
	assert codes(publication.warnings) == ["kind_type_mismatch"]
	assert publication.warnings[0].params == {"kind": "A", "type_digit": "2"}


@pytest.mark.parametrize(
	"raw",
	[
		"CN10712345A",
		"CN1071234567A",
		"CN107123456Z",
		"CN107123456",
		"US107123456A",
		"107123456A",
		"ZL107123456A",
		"",
	],
)
def test_bad_publication_numbers(raw):
	with pytest.raises(PatentNumberError) as info:
		normalize_publication_number(raw)
	assert info.value.code == "publication_format"
