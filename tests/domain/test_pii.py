"""Personal data in free text: identity numbers, names, and the e-mail check (seed 004)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn

from samverkan.domain.errors import InputError
from samverkan.domain.pii import (
    EmailPart,
    FindingType,
    check_outgoing_email,
    check_text,
    evaluate,
    find_identity_numbers,
    find_names,
    find_personal_data,
)


def spans(text: str) -> list[tuple[str, int, int]]:
    return [(f.type.value, f.start, f.end) for f in find_identity_numbers(text)]


# --- identity numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["811218-9876", "811218+9876", "811218 9876", "8112189876"])
def test_ten_digits_with_every_separator_are_found_at_their_offsets(number: str) -> None:
    text = f"Gäller {number} tack."
    assert spans(text) == [("personnummer", 7, 7 + len(number))]


@pytest.mark.parametrize("number", ["19811218-9876", "198112189876", "19811218 9876", "19121212+1212"])
def test_twelve_digits_are_one_finding_not_two(number: str) -> None:
    text = f"Sökande: {number}"
    assert spans(text) == [("personnummer", 9, 9 + len(number))]


def test_samordningsnummer_has_day_plus_sixty() -> None:
    (finding,) = find_identity_numbers("Ang. 7502611234 – se ärendet.")
    assert finding.type is FindingType.SAMORDNINGSNUMMER
    assert finding.check_digit_valid is True
    assert finding.text == "7502611234"


def test_a_wrong_check_digit_is_still_found_and_marked() -> None:
    (finding,) = find_identity_numbers("personen 811218-9877 har sökt")
    assert finding.type is FindingType.PERSONNUMMER
    assert finding.check_digit_valid is False


def test_a_correct_check_digit_is_marked_valid() -> None:
    (finding,) = find_identity_numbers("811218-9876")
    assert finding.check_digit_valid is True


def test_leap_day_of_2000_is_a_real_date() -> None:
    assert spans("000229-1235") == [("personnummer", 0, 11)]


@pytest.mark.parametrize("number", ["811232-9876", "811318-9876", "810230-1234", "750292-1234", "811200-9876"])
def test_a_date_part_that_is_no_date_is_not_flagged(number: str) -> None:
    assert find_identity_numbers(f"Nr {number}.") == []


def test_twelve_digits_must_start_with_18_19_or_20() -> None:
    assert find_identity_numbers("Referens 558112189876.") == []
    assert find_identity_numbers("Referens 19000229-1234.") == []  # 1900 was no leap year


@pytest.mark.parametrize("text", ["98112189876", "1981121898761", "811218-98765", "0046811218987"])
def test_digits_inside_a_longer_run_of_digits_are_not_matches(text: str) -> None:
    assert find_identity_numbers(f"Ref {text} slut") == []


def test_digits_right_after_a_plus_sign_are_an_international_phone_number() -> None:
    assert find_identity_numbers("Ring +4611123456 i dag") == []


def test_several_numbers_and_numbers_at_both_ends_of_the_text() -> None:
    text = "811218-9876 och 750261-1234 samt 19811218-9877"
    assert spans(text) == [
        ("personnummer", 0, 11),
        ("samordningsnummer", 16, 27),
        ("personnummer", 33, 46),
    ]


def test_an_en_dash_from_a_word_processor_counts_as_a_separator() -> None:
    assert spans("Klient 811218–9876.") == [("personnummer", 7, 18)]


@pytest.mark.parametrize(
    "text",
    [
        "Ring kundcenter för partner 0771-17 90 00 före 2026-03-15.",
        "Privatpersoner ringer 0771-524 524.",
        "Nås på 08-123 456 78 dagtid.",
        "Ring +46 8 123 45 67.",
        "Upplysningar 010-116 97 33 och 070-123 45 67 och 070-1234567.",
        "Beslut 2026-03-15, 20260315, period 20260301-20260331 och 260301-260331.",
        "Utbetalt 12 500 kr, totalt 1 234 567,00 kr och 8000.00 kr.",
        "Dnr 2026-123456 och ärende 2026/1234.",
        "IBAN SE45 5000 0000 0583 9825 7466 eller SE4550000000058398257466.",
        "Bankgiro 5050-1055, plusgiro 4 78 90-1, konto 8327-9, 914 123 456-7.",
        "Organisationsnummer 202100-5521 och 556036-0793.",
    ],
)
def test_phone_numbers_dates_amounts_case_and_bank_numbers_are_not_flagged(text: str) -> None:
    assert find_identity_numbers(text) == []


def test_findings_slice_the_text_exactly() -> None:
    text = "A 811218-9876, B 19811218 9876, C 7502611234."
    for finding in find_identity_numbers(text):
        assert text[finding.start : finding.end] == finding.text


def test_masking_keeps_the_date_part_and_hides_the_last_four() -> None:
    (ten,) = find_identity_numbers("8112189876")
    (twelve,) = find_identity_numbers("19811218-9876")
    assert ten.masked == "811218-****"
    assert twelve.masked == "19811218-****"


def test_text_must_be_a_string() -> None:
    with pytest.raises(InputError) as exc:
        find_identity_numbers(None)  # type: ignore[arg-type]
    assert exc.value.field == "text"


# --- property tests --------------------------------------------------------------------------------

SWEDISH_TEXT = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzåäöéABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖÉ .,!?:;()\n-–\"'",
    max_size=40,
)


@st.composite
def valid_numbers(draw: st.DrawFn) -> tuple[str, str]:
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)))
    samordning = draw(st.booleans())
    day = born.day + (60 if samordning else 0)
    serial = f"{draw(st.integers(min_value=0, max_value=999)):03d}"
    nine = f"{born.year % 100:02d}{born.month:02d}{day:02d}{serial}"
    ten = nine + luhn.calc_check_digit(nine)
    form = draw(st.sampled_from(["-", "+", " ", "", "12-", "12"]))
    century = f"{born.year // 100}" if form.startswith("12") else ""
    number = f"{century}{ten[:6]}{form.removeprefix('12')}{ten[6:]}"
    return number, "samordningsnummer" if samordning else "personnummer"


@settings(max_examples=300)
@given(prefix=SWEDISH_TEXT, number=valid_numbers(), suffix=SWEDISH_TEXT)
def test_any_valid_number_in_swedish_text_is_found_at_its_exact_offsets(
    prefix: str, number: tuple[str, str], suffix: str
) -> None:
    digits, kind = number
    text = prefix + digits + suffix
    findings = find_identity_numbers(text)
    assert [(f.type.value, f.start, f.end) for f in findings] == [(kind, len(prefix), len(prefix) + len(digits))]
    assert findings[0].check_digit_valid is True


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(["8", "10", "11", "31", "40", "70", "73", "771", "910", "155"]))
    groups = draw(
        st.sampled_from([(2, 2, 2), (3, 2, 2), (3, 3), (3, 3, 2), (2, 2, 3), (2, 3), (3, 2)]),
    )
    local = " ".join(draw(_digits(n)) for n in groups)
    style = draw(st.sampled_from(["national", "international"]))
    if style == "national":
        return f"0{area}-{local}"
    return f"+46 {area} {local}"


@settings(max_examples=300)
@given(prefix=SWEDISH_TEXT, phone=phone_numbers(), suffix=SWEDISH_TEXT)
def test_phone_numbers_written_in_groups_are_never_flagged(prefix: str, phone: str, suffix: str) -> None:
    assert find_identity_numbers(prefix + phone + suffix) == []


# --- names -----------------------------------------------------------------------------------------


def name_spans(text: str, names: list[str]) -> list[str]:
    return [text[f.start : f.end] for f in find_names(text, names)]


def test_full_name_is_found_case_insensitively() -> None:
    assert name_spans("Hej, gäller ANNA ANDERSSON.", ["Anna Andersson"]) == ["ANNA ANDERSSON"]


def test_surname_first_with_or_without_comma_is_found() -> None:
    text = "Andersson Anna och Andersson, Anna"
    assert name_spans(text, ["Anna Andersson"]) == ["Andersson Anna", "Andersson, Anna"]


def test_first_name_with_surname_is_found_when_there_is_a_middle_name() -> None:
    names = ["Anna Maria Andersson"]
    assert name_spans("Maria Andersson och Anna Andersson", names) == ["Maria Andersson", "Anna Andersson"]
    assert name_spans("Kallelse: Anna Maria Andersson", names) == ["Anna Maria Andersson"]


def test_swedish_letters_are_part_of_words() -> None:
    names = ["Åsa Öberg"]
    assert name_spans("åsa öberg", names) == ["åsa öberg"]
    assert name_spans("Kåsa Öberg och Åsa Öbergström", names) == []


def test_a_name_is_never_a_substring_of_another_word() -> None:
    assert name_spans("Annika Anderssonsson", ["Anna Andersson"]) == []
    assert name_spans("Anna Bergström", ["Anna Berg"]) == []


def test_genitive_forms_are_the_name() -> None:
    assert name_spans("Anna Anderssons ansökan", ["Anna Andersson"]) == ["Anna Anderssons"]
    assert name_spans("Lars Nilsson's ärende", ["Lars Nilsson"]) == ["Lars Nilsson's"]


def test_e_and_e_acute_are_the_same_letter() -> None:
    assert name_spans("Rene Ek och René Ek", ["René Ek"]) == ["Rene Ek", "René Ek"]


def test_first_name_or_surname_alone_is_not_a_finding() -> None:
    assert name_spans("Anna ringde. Andersson också.", ["Anna Andersson"]) == []


@pytest.mark.parametrize("text", ["Gäller A. Axelsson", "gäller a.axelsson", "Gäller A Axelsson", "Axelsson, A."])
def test_an_initial_with_the_surname_is_the_name(text: str) -> None:
    (found,) = find_names(text, ["Anna Axelsson"])
    assert text[found.start : found.end].lower().replace(" ", "") in ("a.axelsson", "aaxelsson", "axelsson,a.")


@pytest.mark.parametrize("text", ["Gäller B. Axelsson", "AB. Axelsson", "A-lag Axelsson", "Axelssonska A."])
def test_another_initial_or_a_word_before_the_surname_is_not_the_name(text: str) -> None:
    assert find_names(text, ["Anna Axelsson"]) == []


def test_blank_names_are_ignored_and_a_plain_string_is_refused() -> None:
    assert find_names("Anna Andersson", ["", "   "]) == []
    with pytest.raises(InputError) as exc:
        find_names("Anna Andersson", "Anna Andersson")
    assert exc.value.field == "names"


def test_personal_data_combines_numbers_and_names_in_order() -> None:
    found = find_personal_data("Anna Andersson 811218-9876", ["Anna Andersson"])
    assert [(f.type.value, f.start, f.end) for f in found] == [("name", 0, 14), ("personnummer", 15, 26)]


# --- e-mail check ----------------------------------------------------------------------------------


def test_email_with_a_personnummer_is_blocked_and_says_what_to_remove_and_where() -> None:
    check = check_outgoing_email("Fråga", "Hej!\nGäller 811218-9876, ring mig.", [])
    assert check.blocked
    (located,) = check.findings
    assert located.part is EmailPart.BODY
    assert (located.line, located.column) == (2, 8)
    assert "Ta bort personnumret 811218-**** på rad 2." in check.message
    assert "Personuppgifter får inte mejlas" in check.message
    assert "administrativ fråga i Samverkan" in check.message
    assert "811218-9876" not in check.message


def test_a_name_in_the_subject_is_blocked_without_repeating_the_name() -> None:
    check = check_outgoing_email("Ang. Anna Andersson", "Kan vi höras i morgon?", ["Anna Andersson"])
    assert check.blocked
    assert check.findings[0].part is EmailPart.SUBJECT
    assert "Ta bort namnet (initialer A. A.) i ämnesraden." in check.message
    assert "Andersson" not in check.message


def test_a_wrong_check_digit_is_named_in_the_message() -> None:
    check = check_outgoing_email("", "811218-9877", [])
    assert "kontrollsiffran stämmer inte" in check.message


def test_an_unseparated_number_starting_with_zero_gets_a_telephone_hint() -> None:
    check = check_outgoing_email("", "Ring 0701234567", [])
    assert check.blocked
    assert "070-123 45 67" in check.message


def test_a_general_question_passes() -> None:
    check = check_outgoing_email(
        "Mötesbekräftelse", "Vi ses 2026-03-15 kl. 10. Ring 0771-17 90 00 vid förhinder.", ["Anna Andersson"]
    )
    assert not check.blocked
    assert check.findings == ()
    assert "inga personnummer" in check.message


def test_subject_and_body_must_be_text() -> None:
    with pytest.raises(InputError) as exc:
        check_outgoing_email(None, "", [])  # type: ignore[arg-type]
    assert exc.value.field == "subject"


def test_check_text_uses_the_same_rules() -> None:
    assert check_text("811218-9876").blocked
    assert not check_text("0771-524 524").blocked


# --- contract ----------------------------------------------------------------------------------------


def test_contract_findings_have_exactly_type_start_end() -> None:
    result = evaluate({"text": "Gäller klienten 19811218-9876, kan du ringa mig?"})
    assert result["blocked"] is True
    assert result["findings"] == [{"type": "personnummer", "start": 16, "end": 29}]
    assert result["details"][0]["check_digit_valid"] is True
    assert "Ta bort personnumret 19811218-****" in result["message"]


def test_contract_accepts_names() -> None:
    result = evaluate({"text": "Hälsa Anna Andersson", "names": ["Anna Andersson"]})
    assert result["findings"] == [{"type": "name", "start": 6, "end": 20}]


@pytest.mark.parametrize(
    ("data", "field"), [({}, "text"), ({"text": 5}, "text"), ({"text": "", "names": "x"}, "names")]
)
def test_contract_bad_input_names_the_field(data: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as exc:
        evaluate(data)
    assert exc.value.field == field
