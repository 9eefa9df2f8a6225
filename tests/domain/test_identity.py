import datetime as dt

import pytest

from samverkan.domain.identity import IdentityType, InvalidIdentityNumber, parse_identity_number

ON = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    "text", ["811218-9876", "8112189876", "19811218-9876", "198112189876", " 811218-9876 ", "811218 9876"]
)
def test_every_accepted_form_normalizes_to_twelve_digits_with_dash(text: str) -> None:
    assert parse_identity_number(text, on=ON).normalized == "19811218-9876"


def test_samordningsnummer_is_day_plus_sixty() -> None:
    parsed = parse_identity_number("197502611234", on=ON)
    assert parsed.type is IdentityType.SAMORDNINGSNUMMER
    assert parsed.birth_date == dt.date(1975, 2, 1)


def test_plus_sign_means_a_hundred_years_or_more() -> None:
    assert parse_identity_number("121212+1212", on=ON).normalized == "19121212-1212"
    assert parse_identity_number("121212-1212", on=ON).normalized == "20121212-1212"


def test_ten_digits_take_the_latest_century_not_after_the_reference_date() -> None:
    # 2026-11-23 has not happened on 2026-11-22: the person was born in 1926
    assert parse_identity_number("261123-9803", on=ON).birth_date.year == 1926


def test_wrong_check_digit_names_the_right_one_in_swedish() -> None:
    with pytest.raises(InvalidIdentityNumber) as info:
        parse_identity_number("811218-9877", on=ON)
    assert info.value.code == "checksum"
    assert "ska vara 6" in info.value.message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "required"),
        ("12345", "length"),
        ("81121-89876", "format"),
        ("811332-9876", "date"),
        ("19811218-98x6", "length"),
    ],
)
def test_bad_numbers_get_a_swedish_error_saying_what_is_wrong(text: str, code: str) -> None:
    with pytest.raises(InvalidIdentityNumber) as info:
        parse_identity_number(text, on=ON)
    assert info.value.code == code
    assert info.value.message


def test_a_twelve_digit_number_in_the_future_is_refused() -> None:
    with pytest.raises(InvalidIdentityNumber) as info:
        parse_identity_number("20301218-9876", on=ON)
    assert info.value.code in {"future", "checksum"}


def test_leap_day_is_a_real_date_only_in_leap_years() -> None:
    from stdnum import luhn

    nine = "000229980"
    number = f"20{nine[:6]}-{nine[6:]}{luhn.calc_check_digit(nine)}"
    assert parse_identity_number(number, on=ON).birth_date == dt.date(2000, 2, 29)
    nine = "010229980"
    with pytest.raises(InvalidIdentityNumber):
        parse_identity_number(f"20{nine[:6]}-{nine[6:]}{luhn.calc_check_digit(nine)}", on=ON)


# The personnummer project's shared test list (github.com/personnummer/meta, testdata/list.json),
# the entries whose serial is in Skatteverket's test range (980–999) or is 000: long and short
# spelling, valid or not as that list says.
PERSONNUMMER_PROJECT_LIST = [
    ("201509160006", "1509160006", False),  # födelsenummer 000
    ("198707049996", "8707049996", False),
    ("198211059954", "8211059954", True),
    ("193901829913", "3901829913", False),
    ("195705749959", "5705749959", True),
    ("201211209941", "1211209941", False),
    ("199012119948", "9012119948", True),
    ("201210759984", "1210759984", False),
    ("197306749982", "7306749982", True),
    ("187912219990", "7912219990+", True),
]


@pytest.mark.parametrize(("long", "short", "valid"), PERSONNUMMER_PROJECT_LIST)
def test_the_personnummer_projects_shared_list_is_judged_the_same(long: str, short: str, valid: bool) -> None:
    def ok(text: str) -> bool:
        try:
            parse_identity_number(text, on=ON)
        except InvalidIdentityNumber:
            return False
        return True

    short_spelled = f"{short[:6]}+{short[6:10]}" if short.endswith("+") else short
    assert ok(long) is valid
    assert ok(short_spelled) is valid


def test_a_birth_number_of_000_is_never_valid_even_with_a_matching_check_digit() -> None:
    with pytest.raises(InvalidIdentityNumber) as info:
        parse_identity_number("20150916-0006", on=ON)
    assert info.value.code == "serial"
    assert "000" in info.value.message
