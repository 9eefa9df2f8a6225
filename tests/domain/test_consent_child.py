"""A child's own say in a consent (OSL 12 kap. 3 §, FB 6 kap. 11 §; ADR 0009)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.domain.consent import (
    ConsentDraft,
    ConsentGiver,
    ConsentRecord,
    age_on,
    consent_counts,
    validate_consent,
)
from samverkan.domain.decision import decide
from samverkan.domain.disclosure import DisclosureRequest, evaluate, parse_consent
from samverkan.domain.errors import InputError
from samverkan.domain.organisations import CaseType, OrganisationType

ON = dt.date(2026, 11, 18)
SOC, FK = OrganisationType.SOCIAL_SERVICES, OrganisationType.FK


def born(age: int, *, days_after_birthday: int = 10) -> dt.date:
    """A birth date that makes the person ``age`` full years old on ``ON``."""
    return dt.date(ON.year - age, ON.month, ON.day) - dt.timedelta(days=days_after_birthday)


def record(**changes: Any) -> ConsentRecord:
    data: dict[str, Any] = {
        "recorded_by": FK,
        "recipient": SOC,
        "categories": ("payment_amount",),
        "purpose": "utredning av rätt till ekonomiskt bistånd",
        "valid_from": ON - dt.timedelta(days=30),
        "valid_to": ON + dt.timedelta(days=100),
        "id": 7,
        "case_type": CaseType.ASSISTANCE,
    }
    data.update(changes)
    return ConsentRecord(**data)


def counts(consent: ConsentRecord, on: dt.date = ON) -> tuple[bool, str]:
    return consent_counts(consent, FK, SOC, "payment_amount", on, CaseType.ASSISTANCE)


def draft(**changes: Any) -> ConsentDraft:
    data: dict[str, Any] = {
        "discloser": FK,
        "recipient": SOC,
        "categories": ("payment_amount",),
        "purpose": "utredning av rätt till ekonomiskt bistånd",
        "valid_from": ON,
        "valid_to": ON + dt.timedelta(days=100),
        "form": "written",
    }
    data.update(changes)
    return ConsentDraft(**data)


def test_age_in_full_years() -> None:
    assert age_on(dt.date(2011, 11, 18), ON) == 15
    assert age_on(dt.date(2011, 11, 19), ON) == 14
    assert age_on(dt.date(2012, 2, 29), dt.date(2026, 2, 28)) == 13


def test_an_adults_own_consent_counts_as_before_and_says_nothing_of_children() -> None:
    ok, reason = counts(record(subject_birth_date=born(40)))
    assert ok and "barn" not in reason.lower()
    assert counts(record()) == (True, counts(record())[1])


@pytest.mark.parametrize("age", [15, 16, 17])
def test_from_15_a_consent_given_only_by_the_guardians_does_not_count(age: int) -> None:
    ok, reason = counts(record(given_by=ConsentGiver.GUARDIANS, subject_birth_date=born(age)))
    assert not ok
    assert f"barnet är {age} år" in reason and "barnets eget samtycke behövs" in reason
    assert "12 kap. 3 § offentlighets- och sekretesslagen" in reason and "6 kap. 11 § föräldrabalken" in reason


def test_a_guardians_consent_stops_counting_on_the_15th_birthday() -> None:
    consent = record(given_by=ConsentGiver.GUARDIANS, subject_birth_date=dt.date(2011, 11, 18))
    assert counts(consent, ON - dt.timedelta(days=1))[0]
    assert not counts(consent, ON)[0]


@pytest.mark.parametrize("age", [15, 17])
def test_from_15_the_childs_own_consent_counts(age: int) -> None:
    ok, reason = counts(record(given_by=ConsentGiver.PERSON, subject_birth_date=born(age)))
    assert ok and f"Barnet ({age} år) har själv samtyckt" in reason


def test_an_adult_cannot_be_bound_by_the_guardians() -> None:
    ok, reason = counts(record(given_by=ConsentGiver.GUARDIANS, subject_birth_date=born(18)))
    assert not ok and "myndig" in reason


def test_a_child_under_15_cannot_consent_alone() -> None:
    ok, reason = counts(record(given_by=ConsentGiver.PERSON, subject_birth_date=born(13)))
    assert not ok and "lämnar vårdnadshavarna samtycket" in reason


@pytest.mark.parametrize(
    ("agrees", "text"),
    [(True, "samtycker."), (False, "samtycker inte"), (None, "inte dokumenterad")],
)
def test_for_a_child_of_12_to_14_the_guardians_consent_counts_and_the_childs_view_is_told(
    agrees: bool | None, text: str
) -> None:
    ok, reason = counts(
        record(given_by="guardians", subject_birth_date=born(13), child_view="Vill ha hjälp", child_agrees=agrees)
    )
    assert ok and "barnet (13 år)" in reason and text in reason


def test_a_guardians_consent_without_a_known_birth_date_does_not_count() -> None:
    ok, reason = counts(record(given_by=ConsentGiver.GUARDIANS))
    assert not ok and "födelsedatum är inte känt" in reason


def test_the_gate_denies_on_a_guardians_consent_for_a_16_year_old() -> None:
    request = DisclosureRequest(
        date=ON,
        requester=SOC,
        requester_handles_assistance=False,
        discloser=FK,
        active_case=False,
        categories=("payment_amount",),
        consents=(record(given_by=ConsentGiver.GUARDIANS, subject_birth_date=born(16)),),
        case_type=CaseType.ASSISTANCE,
    )
    decision = decide(request).by_category["payment_amount"]
    assert str(decision.outcome) == "denied" and "barnets eget samtycke behövs" in decision.explanation


def test_the_contract_input_accepts_who_gave_the_consent_and_the_birth_date() -> None:
    base = record().to_dict()
    assert "given_by" not in base and "subject_birth_date" not in base  # an adult's consent: shape unchanged
    data = {**base, "given_by": "guardians", "subject_birth_date": born(16).isoformat(), "child_agrees": True}
    parsed = parse_consent(data)
    assert parsed.given_by is ConsentGiver.GUARDIANS and parsed.subject_birth_date == born(16)
    assert parse_consent(parsed.to_dict()) == parsed
    result = evaluate(
        {
            "date": ON.isoformat(),
            "requester": "social_services",
            "discloser": "fk",
            "categories": ["payment_amount"],
            "case_type": "assistance",
            "consents": [data],
        }
    )
    assert result["denied"] == ["payment_amount"]
    with pytest.raises(InputError) as caught:
        parse_consent({**base, "given_by": "grannen"})
    assert caught.value.field == "consent.given_by"


# --- Registration ------------------------------------------------------------------------------


def test_registering_for_a_child_of_13_needs_the_guardians_and_the_childs_view() -> None:
    guardians = {"guardians_total": 2, "guardians_consenting": ("Anna", "Bo")}
    with pytest.raises(InputError) as caught:
        validate_consent(draft(subject_birth_date=born(13), given_by="guardians", **guardians))
    assert caught.value.field == "child_view" and "barnets egen inställning" in caught.value.detail
    with pytest.raises(InputError) as caught:
        validate_consent(draft(subject_birth_date=born(13), given_by="guardians", child_view="Ok", **guardians))
    assert caught.value.field == "child_agrees"
    with pytest.raises(InputError) as caught:
        validate_consent(draft(subject_birth_date=born(13), given_by="person"))
    assert caught.value.field == "given_by"
    with pytest.raises(InputError) as caught:
        validate_consent(
            draft(
                subject_birth_date=born(13),
                given_by="guardians",
                child_view="Ok",
                child_agrees=True,
                guardians_total=2,
                guardians_consenting=("Anna",),
            )
        )
    assert caught.value.field == "guardians_consenting"
    made = draft(
        subject_birth_date=born(13), given_by="guardians", child_view="Vill", child_agrees=False, **guardians
    ).to_record(id=1)
    assert made.given_by is ConsentGiver.GUARDIANS and made.child_agrees is False and made.child_view == "Vill"


def test_registering_for_a_child_under_12_needs_no_view() -> None:
    validate_consent(
        draft(subject_birth_date=born(8), given_by="guardians", guardians_total=1, guardians_consenting=("Anna",))
    )


def test_registering_for_a_16_year_old_needs_the_childs_own_consent_and_not_the_guardians() -> None:
    with pytest.raises(InputError) as caught:
        validate_consent(
            draft(subject_birth_date=born(16), given_by="guardians", guardians_total=1, guardians_consenting=("A",))
        )
    assert caught.value.field == "given_by" and "barnets eget samtycke behövs" in caught.value.detail
    validate_consent(draft(subject_birth_date=born(16), given_by="person"))


def test_registering_for_an_adult_refuses_the_guardians() -> None:
    with pytest.raises(InputError) as caught:
        validate_consent(draft(subject_birth_date=born(30), given_by="guardians"))
    assert caught.value.field == "given_by" and "myndig" in caught.value.detail
    validate_consent(draft(subject_birth_date=born(30)))
