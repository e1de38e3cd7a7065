import pytest

from enterprise_support.domain.uscc import (
	ALPHABET,
	UsccError,
	check,
	check_character,
	normalize,
	organisation_check_character,
)

VALID = ["91512081MA62K0260E", "91110000600037341L"]

# Published codes (python-stdnum's test list): older ones and MA-series ones issued after 2015.
# They pin the finding that genuine codes pass the position-17 (GB 11714) check too.
PUBLISHED = [
	"121200004013590816",
	"91110000710926094P",
	"91120224064012553U",
	"9115220107837757XE",
	"9131012056010553X5",
	"91310115MA1K3BTP2B",
	"91340600MA2PBM9HXD",
	"91340603MA2UJXXCXF",
	"91420684MA4927PJ7B",
	"9144030071526726XG",
	"91620105L015101280",
	"91620105MA73NBBLXE",
	"92340603MA2PBMYMX1",
	"92340621MA2UK3PJXE",
]


def codes(issues):
	return [issue.code for issue in issues]


def reference_check_character(first17: str) -> str:
	"""shared/domain.md's rule written out: weights 3^(i-1) mod 31, check = set[(31 - s mod 31) mod 31]."""
	total = sum(ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
	return ALPHABET[(31 - total % 31) % 31]


@pytest.mark.parametrize("code", VALID)
def test_valid_examples_are_clean(code):
	result = check(code)
	assert result.code == code
	assert result.errors == ()
	assert result.warnings == ()
	assert result.is_valid and result.is_clean


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_pass_both_checks(code):
	result = check(code)
	assert result.is_clean, (result.errors, result.warnings)
	assert check_character(code[:17]) == code[17] == reference_check_character(code[:17])
	assert organisation_check_character(code[8:16]) == code[16]


def test_parts():
	result = check("91512081MA62K0260E")
	assert result.registration_authority == "9"
	assert result.entity_type == "1"
	assert result.division_code == "512081"
	assert result.organisation_code == "MA62K0260"
	assert check("915").division_code is None


@pytest.mark.parametrize(
	"raw",
	[
		" 91512081ma62k0260e ",
		"9151 2081 MA62 K026 0E",
		"915120-81MA62K-0260E",
		"９１５１２０８１ＭＡ６２Ｋ０２６０Ｅ",
		"91512081\u3000MA62K0260E",
		"91512081—MA62K0260E",
		"\t91512081MA62K0260E\n",
	],
)
def test_normalize_messy_input(raw):
	assert normalize(raw) == "91512081MA62K0260E"
	assert check(raw).is_clean


def test_normalize_keeps_wrong_characters_so_they_are_reported():
	assert normalize("91512081MA62K0260O") == "91512081MA62K0260O"
	assert normalize(None) == ""


def test_empty_is_an_error():
	assert codes(check("").errors) == ["empty"]
	assert codes(check("  - ").errors) == ["empty"]
	assert codes(check(None).errors) == ["empty"]


@pytest.mark.parametrize("raw, length", [("91512081MA62K0260", 17), ("91512081MA62K0260EE", 19)])
def test_wrong_length_is_an_error(raw, length):
	result = check(raw)
	assert codes(result.errors) == ["wrong_length"]
	assert result.errors[0].params == {"length": length, "expected": 18}
	assert result.warnings == ()
	assert not result.is_valid


@pytest.mark.parametrize("bad", ["I", "O", "S", "V", "Z", "*"])
def test_characters_outside_the_set_are_an_error(bad):
	raw = "91512081MA62K0260" + bad
	result = check(raw)
	assert codes(result.errors) == ["invalid_characters"]
	assert result.errors[0].params == {"characters": bad, "positions": [18]}
	assert result.warnings == ()  # no check computed over a broken code


def test_non_digit_division_code_is_an_error():
	result = check("91A12081MA62K0260E")
	assert "division_not_digits" in codes(result.errors)
	assert result.errors[0].params == {"division": "A12081"}
	assert not result.is_valid


def test_letters_in_positions_1_and_2_are_only_checked_against_the_set():
	# Registering authorities with letter codes exist; stdnum's validate() would reject this.
	body = "Y1512081MA62K0260"
	result = check(body + check_character(body))
	assert result.is_clean


def test_wrong_check_character_is_a_warning_naming_the_expected_one():
	result = check("91512081MA62K0260F")
	assert result.errors == ()
	assert result.is_valid and not result.is_clean
	assert codes(result.warnings) == ["check_character_mismatch"]
	assert result.warnings[0].params == {"position": 18, "found": "F", "expected": "E"}
	assert "expected E" in result.warnings[0].message


def test_wrong_organisation_check_character_is_a_warning_only():
	body = "91512081MA62K0261"  # position 17 should be 0
	result = check(body + check_character(body))
	assert result.errors == ()
	assert codes(result.warnings) == ["organisation_check_mismatch"]
	assert result.warnings[0].params == {"position": 17, "found": "1", "expected": "0"}


def test_both_check_characters_wrong_gives_two_warnings():
	result = check("91512081MA62K0261E")
	assert codes(result.warnings) == ["organisation_check_mismatch", "check_character_mismatch"]


def test_check_character_generates_valid_codes():
	assert check_character("91512081MA62K0260") == "E"
	assert check_character("91110000600037341") == "L"
	assert check_character("91512081ma62k0260") == "E"


@pytest.mark.parametrize(
	"body, code", [("9151208", "wrong_length"), ("91512081MA62K026I", "invalid_characters")]
)
def test_check_character_rejects_bad_input(body, code):
	with pytest.raises(UsccError) as info:
		check_character(body)
	assert info.value.code == code


def test_organisation_check_character_edge_values():
	assert organisation_check_character("60003734") == "1"
	assert organisation_check_character("07837757") == "X"  # 11 - sum mod 11 == 10
	assert organisation_check_character("MA62K026") == "0"  # 11 - sum mod 11 == 11
	with pytest.raises(UsccError):
		organisation_check_character("6000373")
