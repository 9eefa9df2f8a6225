"""Property tests for the spellings of kind ``pii`` (contracts/README.md).

Every personnummer and samordningsnummer, with 10 or 12 digits, in every spelling the contract
lists (each separator, ASCII, full-width or mixed digits, zero-width characters anywhere inside)
is found with its exact ``start`` and ``end``; the same digits grouped any other way, after ``+``
or next to another digit never are. Only synthetic test numbers (serials 980–999) and fixed date
ranges: nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum import luhn

from samverkan.domain.errors import InputError
from samverkan.domain.pii import evaluate, find_identity_numbers

FULL_WIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")

#: The separators the contract allows, at the positions it allows them.
DATE_SEPARATORS = ("", " ", "-", ".")
DAY_SEPARATORS = ("", " ", "-", "+", "\u2013")
PAIR_SEPARATORS = ("", " ", "-")

#: Separators people might type that the contract does not list (or lists elsewhere).
OTHER_SEPARATORS = (
    " ",
    "-",
    ".",
    "+",
    "\u2013",
    "  ",
    "/",
    ":",
    ",",
    "_",
    "\u00a0",  # no-break space
    "\u202f",  # narrow no-break space
    "\u2011",  # non-breaking hyphen
    "\u2212",  # minus sign
    "\u2014",  # em dash
    "\uff0d",  # full-width hyphen-minus
)

#: Text around a number: Swedish letters and punctuation, zero-width characters; no digit, no "+".
SURROUNDING = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzåäöéABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖÉ .,!?:;()\n-–/\"'" + "".join(ZERO_WIDTH),
    max_size=30,
)


@dataclass(frozen=True)
class Number:
    """A synthetic identity number: its 10 or 12 ASCII digits and what it is."""

    digits: str
    kind: str

    @property
    def year_digits(self) -> int:
        return len(self.digits) - 8


@st.composite
def numbers(draw: st.DrawFn, *, check_digit_valid: bool = True) -> Number:
    """A personnummer or samordningsnummer with a test serial (980–999), 10 or 12 digits."""
    born = draw(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)))
    samordning = draw(st.booleans())
    day = born.day + (60 if samordning else 0)
    serial = draw(st.integers(min_value=980, max_value=999))
    nine = f"{born.year % 100:02d}{born.month:02d}{day:02d}{serial}"
    check = luhn.calc_check_digit(nine)
    if not check_digit_valid:
        check = str((int(check) + draw(st.integers(min_value=1, max_value=9))) % 10)
    ten = nine + check
    century = f"{born.year // 100}" if draw(st.booleans()) else ""
    return Number(century + ten, "samordningsnummer" if samordning else "personnummer")


def gap_positions(year_digits: int) -> tuple[int, int, int, int]:
    """After how many digits the year, the month, the day and the first pair end."""
    return year_digits, year_digits + 2, year_digits + 4, year_digits + 6


def is_allowed_spelling(number: Number, gaps: dict[int, str]) -> bool:
    """The contract's spelling rule, written independently of the detector.

    ``gaps[i]`` is what stands between digit ``i`` and digit ``i + 1`` (counted from 1).
    """
    year, month, day, pair = gap_positions(number.year_digits)
    if any(gaps.get(i, "") for i in gaps if i not in (year, month, day, pair)):
        return False
    date_ok = gaps.get(year, "") == gaps.get(month, "") and gaps.get(year, "") in DATE_SEPARATORS
    day_ok = gaps.get(day, "") in DAY_SEPARATORS
    pair_ok = gaps.get(pair, "") in PAIR_SEPARATORS and (gaps.get(day, "") != "" or gaps.get(pair, "") == "")
    return date_ok and day_ok and pair_ok


def write(number: Number, gaps: dict[int, str], widths: list[bool], zero_width: dict[int, str]) -> str:
    """The number as written: ``gaps`` between digits, full-width digits where ``widths`` says,
    zero-width characters inside it (``zero_width[i]`` right after character ``i`` of the spelling)."""
    chars: list[str] = []
    for i, digit in enumerate(number.digits, start=1):
        chars.append(FULL_WIDTH[digit] if widths[i - 1] else digit)
        if i < len(number.digits):
            chars.extend(gaps.get(i, ""))
    spelled = ""
    for i, char in enumerate(chars):
        spelled += char
        if i < len(chars) - 1:
            spelled += zero_width.get(i, "")
    return spelled


@st.composite
def widths(draw: st.DrawFn, length: int) -> list[bool]:
    """Which digits are full-width: none, all or a mix."""
    mode = draw(st.sampled_from(["ascii", "full-width", "mixed"]))
    if mode == "mixed":
        return draw(st.lists(st.booleans(), min_size=length, max_size=length))
    return [mode == "full-width"] * length


@st.composite
def zero_widths(draw: st.DrawFn, inside: int) -> dict[int, str]:
    """Runs of zero-width characters at some of the ``inside`` places between two characters."""
    if inside <= 0 or not draw(st.booleans()):
        return {}
    places = draw(st.lists(st.integers(min_value=0, max_value=inside - 1), max_size=4, unique=True))
    return {p: "".join(draw(st.lists(st.sampled_from(ZERO_WIDTH), min_size=1, max_size=2))) for p in places}


@st.composite
def allowed_gaps(draw: st.DrawFn, number: Number) -> dict[int, str]:
    year, month, day, pair = gap_positions(number.year_digits)
    date_separator = draw(st.sampled_from(DATE_SEPARATORS))
    day_separator = draw(st.sampled_from(DAY_SEPARATORS))
    pair_separator = draw(st.sampled_from(PAIR_SEPARATORS)) if day_separator else ""
    return {year: date_separator, month: date_separator, day: day_separator, pair: pair_separator}


@st.composite
def spelled_numbers(draw: st.DrawFn, *, check_digit_valid: bool = True) -> tuple[Number, str]:
    """A number in one of the spellings the contract allows."""
    number = draw(numbers(check_digit_valid=check_digit_valid))
    gaps = draw(allowed_gaps(number))
    assert is_allowed_spelling(number, gaps)
    plain = write(number, gaps, [False] * len(number.digits), {})
    spelled = write(number, gaps, draw(widths(len(number.digits))), draw(zero_widths(len(plain) - 1)))
    return number, spelled


def found(text: str) -> list[tuple[str, int, int]]:
    return [(f.type.value, f.start, f.end) for f in find_identity_numbers(text)]


# --- every allowed spelling is found ------------------------------------------------------------


@settings(max_examples=500)
@given(prefix=SURROUNDING, spelled=spelled_numbers(), suffix=SURROUNDING)
def test_every_allowed_spelling_of_a_valid_number_is_found_at_its_exact_offsets(
    prefix: str, spelled: tuple[Number, str], suffix: str
) -> None:
    number, written = spelled
    text = prefix + written + suffix
    (finding,) = find_identity_numbers(text)
    assert (finding.type.value, finding.start, finding.end) == (number.kind, len(prefix), len(prefix) + len(written))
    assert text[finding.start : finding.end] == finding.text == written
    assert finding.check_digit_valid is True
    assert finding.masked == number.digits[:-4] + "-****"


@settings(max_examples=200)
@given(prefix=SURROUNDING, spelled=spelled_numbers(check_digit_valid=False), suffix=SURROUNDING)
def test_a_wrong_check_digit_is_found_in_every_spelling_and_marked(
    prefix: str, spelled: tuple[Number, str], suffix: str
) -> None:
    number, written = spelled
    (finding,) = find_identity_numbers(prefix + written + suffix)
    assert (finding.type.value, finding.start, finding.end) == (number.kind, len(prefix), len(prefix) + len(written))
    assert finding.check_digit_valid is False


@settings(max_examples=200)
@given(
    first=spelled_numbers(),
    second=spelled_numbers(),
    before=SURROUNDING,
    between=SURROUNDING.map(lambda s: s + " och "),
)
def test_several_numbers_are_found_in_text_order(
    first: tuple[Number, str], second: tuple[Number, str], before: str, between: str
) -> None:
    text = before + first[1] + between + second[1]
    second_start = len(before) + len(first[1]) + len(between)
    assert found(text) == [
        (first[0].kind, len(before), len(before) + len(first[1])),
        (second[0].kind, second_start, second_start + len(second[1])),
    ]


@pytest.mark.parametrize("zero_width", ZERO_WIDTH)
def test_each_zero_width_character_inside_a_number_is_ignored_and_kept_in_the_span(zero_width: str) -> None:
    written = f"85{zero_width}1106-99{zero_width}57"
    assert found(f"Nr {written} tack") == [("personnummer", 3, 3 + len(written))]


def test_zero_width_characters_around_a_number_are_outside_its_span() -> None:
    assert found("\ufeff\u200b8511069957\u200d ") == [("personnummer", 2, 12)]


# --- the same digits grouped any other way are never found ---------------------------------------


@st.composite
def other_groupings(draw: st.DrawFn) -> tuple[Number, str]:
    """The digits of a valid number with separators the contract does not allow where they stand."""
    number = draw(numbers())
    inside = len(number.digits) - 1
    if draw(st.booleans()):
        # An allowed spelling with one thing changed: one place gets another separator.
        gaps = draw(allowed_gaps(number))
        place = draw(st.sampled_from(gap_positions(number.year_digits)) | st.integers(min_value=1, max_value=inside))
        gaps[place] = draw(st.sampled_from(("", *OTHER_SEPARATORS)))
    else:
        places = draw(st.lists(st.integers(min_value=1, max_value=inside), min_size=1, max_size=4, unique=True))
        gaps = {p: draw(st.sampled_from(OTHER_SEPARATORS)) for p in places}
    assume(not is_allowed_spelling(number, gaps))
    return number, write(number, gaps, draw(widths(len(number.digits))), {})


@settings(max_examples=500, suppress_health_check=[HealthCheck.filter_too_much])
@given(prefix=SURROUNDING, grouped=other_groupings(), suffix=SURROUNDING)
def test_the_digits_of_a_number_grouped_any_other_way_are_never_that_number(
    prefix: str, grouped: tuple[Number, str], suffix: str
) -> None:
    number, written = grouped
    findings = find_identity_numbers(prefix + written + suffix)
    if len(number.digits) == 10:
        assert findings == []
    else:
        # Twelve digits regrouped may leave ten of them standing alone as another number
        # (``19 851106-9957``); the twelve-digit number itself is never found.
        assert all(f.end - f.start < len(written) for f in findings)
        assert all(len([c for c in f.text if c.isdigit()]) == 10 for f in findings)


@pytest.mark.parametrize(
    "written",
    [
        "1985-11.06-9957",  # different separators after the year and the month
        "1985 11-06 9957",
        "85.11 06-9957",
        "1985-1106-9957",  # a separator after the year only
        "198511-06-9957",  # a separator after the month only
        "85.1106 9957",
        "851106.9957",  # a separator after the day that is not listed
        "851106/9957",
        "851106:9957",
        "851106  9957",  # two spaces
        "851106\u00a09957",  # no-break space
        "851106\u2011" + "9957",  # non-breaking hyphen
        "851106\u2212" + "9957",  # minus sign
        "851106\u2014" + "9957",  # em dash
        "85+11+06-9957",  # "+" and "–" only after the day
        "85\u201311\u201306-9957",
        "85110699 57",  # pairs split without a separator after the day
        "851106-99.57",  # pairs split by a separator that is not listed
        "851106-99+57",
        "851106-99\u201357",
        "851106-995 7",  # last four split other than in two pairs
        "851106-9 957",
        "8511 06-9957",  # separators at other positions
        "85110 6-9957",
        "8 51106-9957",
    ],
)
def test_examples_of_other_groupings_are_not_a_number(written: str) -> None:
    assert found(f"Ref {written} slut") == []


# --- "+" before, or a digit next to, a number -----------------------------------------------------

DIGITS = st.sampled_from([*"0123456789", *FULL_WIDTH.values()])


@settings(max_examples=300)
@given(
    prefix=SURROUNDING,
    spelled=spelled_numbers(),
    zero_width=st.sampled_from(["", *ZERO_WIDTH]),
    suffix=SURROUNDING,
)
def test_a_number_right_after_a_plus_sign_is_never_found(
    prefix: str, spelled: tuple[Number, str], zero_width: str, suffix: str
) -> None:
    assert find_identity_numbers(prefix + "+" + zero_width + spelled[1] + suffix) == []


@settings(max_examples=300)
@given(
    prefix=SURROUNDING,
    spelled=spelled_numbers(),
    digit=DIGITS,
    zero_width=st.sampled_from(["", *ZERO_WIDTH]),
    before=st.booleans(),
    suffix=SURROUNDING,
)
def test_a_number_right_next_to_another_digit_is_never_found(
    prefix: str, spelled: tuple[Number, str], digit: str, zero_width: str, before: bool, suffix: str
) -> None:
    written = digit + zero_width + spelled[1] if before else spelled[1] + zero_width + digit
    assert find_identity_numbers(prefix + written + suffix) == []


# --- dates, times, amounts, case numbers ----------------------------------------------------------

DATES = st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31))


@settings(max_examples=300)
@given(
    day=DATES,
    separator=st.sampled_from(DATE_SEPARATORS),
    short=st.booleans(),
    prefix=SURROUNDING,
    suffix=SURROUNDING,
)
def test_a_date_alone_is_never_a_number(day: dt.date, separator: str, short: bool, prefix: str, suffix: str) -> None:
    year = f"{day.year % 100:02d}" if short else f"{day.year:04d}"
    written = f"{year}{separator}{day.month:02d}{separator}{day.day:02d}"
    assert find_identity_numbers(prefix + written + suffix) == []


@settings(max_examples=300)
@given(
    day=DATES,
    separator=st.sampled_from(DATE_SEPARATORS),
    gap=st.sampled_from([" ", " kl. ", "T", ", "]),
    hour=st.integers(min_value=0, max_value=23),
    minute=st.integers(min_value=0, max_value=59),
    time_separator=st.sampled_from([".", ":"]),
)
def test_a_date_followed_by_a_time_is_never_a_number(
    day: dt.date, separator: str, gap: str, hour: int, minute: int, time_separator: str
) -> None:
    written = (
        f"{day.year:04d}{separator}{day.month:02d}{separator}{day.day:02d}{gap}{hour:02d}{time_separator}{minute:02d}"
    )
    assert find_identity_numbers(f"Mötet börjar {written}.") == []


@settings(max_examples=200)
@given(day=DATES, separator=st.sampled_from(DATE_SEPARATORS), last=st.integers(min_value=0, max_value=9999))
def test_a_date_directly_followed_by_four_digits_is_a_number(day: dt.date, separator: str, last: int) -> None:
    written = f"{day.year:04d}{separator}{day.month:02d}{separator}{day.day:02d}-{last:04d}"
    assert found(f"Gäller {written}.") == [("personnummer", 7, 7 + len(written))]


@st.composite
def amounts(draw: st.DrawFn) -> str:
    kronor = draw(st.integers(min_value=0, max_value=10**9))
    grouped = f"{kronor:,}".replace(",", draw(st.sampled_from([" ", "\u00a0", "."])))
    return grouped + draw(st.sampled_from(["", ",00", f",{draw(st.integers(0, 99)):02d}", " kr", ":-"]))


@settings(max_examples=300)
@given(amount=amounts(), prefix=SURROUNDING, suffix=SURROUNDING)
def test_amounts_in_kronor_are_never_a_number(amount: str, prefix: str, suffix: str) -> None:
    assert find_identity_numbers(prefix + " " + amount + " " + suffix) == []


@st.composite
def case_numbers(draw: st.DrawFn) -> str:
    """``2026-00042``, ``2026/1234``, ``2026 123456``: a year and a serial of one to six digits."""
    year = draw(st.integers(min_value=1990, max_value=2099))
    width = draw(st.integers(min_value=1, max_value=6))
    serial = draw(st.integers(min_value=0, max_value=10**width - 1))
    return f"{year}{draw(st.sampled_from(['-', '/', ' ']))}{serial:0{width}d}"


@settings(max_examples=300)
@given(case_number=case_numbers())
def test_case_numbers_are_never_a_number(case_number: str) -> None:
    assert find_identity_numbers(f"Dnr {case_number} gäller.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Mobil 070-123 45 67.",
        "Växel 0410-73 30 00.",
        "Ärende 2026-00042.",
        "Utbetalt 12 500,00 kr.",
        "Beslut 2026-03-15.",
        "Mötet börjar 2026-03-15 10.00.",
    ],
)
def test_the_contracts_examples_of_other_numbers_are_not_blocked(text: str) -> None:
    assert found(text) == []


# --- the detector agrees with a literal reading of the contract --------------------------------------


def contract_reading(text: str) -> list[tuple[str, int, int]]:
    """The contract read literally, without regular expressions: slow, for comparison only.

    From left to right, at each digit that does not follow a digit or "+" (zero-width characters
    ignored), try every spelling the contract lists; the first whose date part is a real date and
    that is not followed by a digit is a finding, and the search goes on after it.
    """
    kept = [(i, c.translate(str.maketrans("".join(FULL_WIDTH.values()), "0123456789"))) for i, c in enumerate(text)]
    kept = [(i, c) for i, c in kept if c not in ZERO_WIDTH]
    chars = "".join(c for _, c in kept)
    ascii_digit = set("0123456789")

    def digits_at(position: int, count: int) -> str | None:
        part = chars[position : position + count]
        return part if len(part) == count and set(part) <= ascii_digit else None

    def separator_at(position: int, separator: str) -> bool:
        return chars[position : position + len(separator)] == separator

    def read(position: int, year_digits: int) -> tuple[str, int] | None:
        for s1 in DATE_SEPARATORS:
            for s2 in DAY_SEPARATORS:
                for s3 in PAIR_SEPARATORS if s2 else ("",):
                    parts: list[str] = []
                    at = position
                    last_four = [(2, s2), (2, s3)] if s2 else [(4, "")]
                    steps = [(year_digits, ""), (2, s1), (2, s1), *last_four]
                    ok = True
                    for count, separator_before in steps:
                        if not separator_at(at, separator_before):
                            ok = False
                            break
                        at += len(separator_before)
                        part = digits_at(at, count)
                        if part is None:
                            ok = False
                            break
                        parts.append(part)
                        at += count
                    if not ok or (at < len(chars) and chars[at] in ascii_digit):
                        continue
                    year, month, day = parts[0], int(parts[1]), int(parts[2])
                    kind = "samordningsnummer" if day > 60 else "personnummer"
                    years = [int(year)] if year_digits == 4 else [c * 100 + int(year) for c in (18, 19, 20)]
                    if year_digits == 4 and year[:2] not in ("18", "19", "20"):
                        continue
                    for candidate in years:
                        try:
                            dt.date(candidate, month, day - 60 if day > 60 else day)
                        except ValueError:
                            continue
                        return kind, at
        return None

    findings = []
    position = 0
    while position < len(chars):
        if chars[position] in ascii_digit and (position == 0 or chars[position - 1] not in ascii_digit | {"+"}):
            reading = read(position, 4) or read(position, 2)
            if reading is not None:
                kind, end = reading
                findings.append((kind, kept[position][0], kept[end - 1][0] + 1))
                position = end
                continue
        position += 1
    return findings


CHUNKS = st.one_of(
    spelled_numbers().map(lambda spelled: spelled[1]),
    other_groupings().map(lambda grouped: grouped[1]),
    st.text(alphabet="0123456789０９ -.+–/,:\u00a0\u200b\ufeffab", max_size=6),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(chunks=st.lists(CHUNKS, max_size=5))
def test_the_detector_agrees_with_a_literal_reading_of_the_contract(chunks: list[str]) -> None:
    text = "".join(chunks)
    assert found(text) == contract_reading(text)


# --- input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": "811218-9876", "txt": "x"}, "txt"),
        ({"texts": "811218-9876"}, "texts"),
        ({"text": ["811218-9876"]}, "text"),
        ({"text": None}, "text"),
    ],
)
def test_an_unknown_key_or_a_text_that_is_not_a_string_is_an_input_error(data: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as exc:
        evaluate(data)
    assert exc.value.field == field
