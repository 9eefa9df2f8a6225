"""Consent (OSL 12 kap. 2 §): validation before registration and when a consent counts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from samverkan.domain.consent import (
    CONSENT_MAX_MONTHS,
    ConsentDraft,
    ConsentForm,
    ConsentRecord,
    ConsentStatus,
    add_months,
    consent_counts,
    consent_status,
    latest_valid_to,
    organisation_type,
    parse_consent_draft,
    validate_consent,
)
from samverkan.domain.disclosure import CATEGORIES
from samverkan.domain.errors import InputError
from samverkan.domain.organisations import OrganisationType as O

D = dt.date(2026, 3, 2)


def draft(**changes: Any) -> ConsentDraft:
    base = ConsentDraft(
        discloser=O.FK,
        recipient=O.SOCIAL_SERVICES,
        categories=("rehab_plan",),
        purpose="samordning av rehabilitering",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
        form="written",
    )
    return dataclasses.replace(base, **changes)


def rejected(field: str, **changes: Any) -> InputError:
    with pytest.raises(InputError) as raised:
        validate_consent(draft(**changes))
    assert raised.value.field == field, raised.value.message
    assert raised.value.detail  # a Swedish message for the user
    return raised.value


def record(**changes: Any) -> ConsentRecord:
    base = ConsentRecord(
        recorded_by=O.FK,
        recipient=O.SOCIAL_SERVICES,
        categories=("rehab_plan",),
        purpose="samordning av rehabilitering",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
        form=ConsentForm.WRITTEN,
        withdrawn_on=None,
        id=1,
    )
    return dataclasses.replace(base, **changes)


# --- validate_consent ---------------------------------------------------------------------------


def test_a_specific_written_consent_is_valid() -> None:
    validate_consent(draft())


def test_to_record_validates_and_builds_the_gate_record() -> None:
    made = draft(categories=("work_capacity_assessment", "rehab_plan")).to_record(id="c-1")
    assert made.recorded_by is O.FK
    assert made.categories == ("rehab_plan", "work_capacity_assessment")
    assert made.id == "c-1"
    with pytest.raises(InputError):
        draft(purpose="").to_record()


def test_unknown_discloser_is_named() -> None:
    rejected("discloser", discloser="kommunen")


def test_unknown_recipient_is_named() -> None:
    rejected("recipient", recipient="")


def test_same_organisation_type_needs_the_organisations_named() -> None:
    error = rejected("recipient_organisation", recipient=O.FK)
    assert "Försäkringskassan" in error.detail


def test_same_organisation_cannot_be_both_parties() -> None:
    rejected(
        "recipient",
        discloser=O.SOCIAL_SERVICES,
        recipient=O.SOCIAL_SERVICES,
        discloser_organisation="212000-0001",
        recipient_organisation="212000-0001",
        categories=("assistance_decision",),
    )


def test_two_different_kommuner_may_be_the_parties() -> None:
    validate_consent(
        draft(
            discloser=O.SOCIAL_SERVICES,
            recipient=O.SOCIAL_SERVICES,
            discloser_organisation="212000-0001",
            recipient_organisation="212000-0002",
            categories=("assistance_decision",),
        )
    )


def test_finsam_can_never_be_a_party_to_a_consent_about_a_person() -> None:
    rejected("recipient", recipient=O.FINSAM)
    rejected("discloser", discloser=O.FINSAM)


def test_at_least_one_category() -> None:
    rejected("categories", categories=())


@pytest.mark.parametrize("wildcard", ["*", "all", "alla", "ALLA", "allt", "everything", "samtliga"])
def test_consent_to_everything_is_not_valid(wildcard: str) -> None:
    error = rejected("categories", categories=("rehab_plan", wildcard))
    assert error.code == "wildcard"


def test_listing_every_category_is_consent_to_everything() -> None:
    error = rejected("categories", categories=tuple(CATEGORIES))
    assert error.code == "wildcard"


def test_unknown_category_is_named() -> None:
    error = rejected("categories", categories=("rehab_plan", "shoe_size"))
    assert "shoe_size" in error.detail


@pytest.mark.parametrize("purpose", ["", "   ", "allt", "Alla ändamål", "samverkan", "div", "-"])
def test_purpose_must_be_given_and_meaningful(purpose: str) -> None:
    rejected("purpose", purpose=purpose)


def test_valid_from_is_required() -> None:
    rejected("valid_from", valid_from=None)


def test_valid_to_is_required_for_a_new_consent() -> None:
    rejected("valid_to", valid_to=None)


def test_valid_to_cannot_be_before_valid_from() -> None:
    error = rejected("valid_to", valid_to=dt.date(2025, 12, 31))
    assert error.code == "order"


def test_validity_is_capped_at_twelve_months() -> None:
    assert CONSENT_MAX_MONTHS == 12
    validate_consent(draft(valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 12, 31)))
    error = rejected("valid_to", valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2027, 1, 1))
    assert error.code == "too_long"
    assert "2026-12-31" in error.detail


def test_validity_cap_from_a_leap_day() -> None:
    assert latest_valid_to(dt.date(2028, 2, 29)) == dt.date(2029, 2, 27)
    assert latest_valid_to(dt.date(2026, 1, 31)) == dt.date(2027, 1, 30)


def test_form_must_be_written_or_oral() -> None:
    rejected("form", form="email")


def test_sensitive_data_needs_written_consent() -> None:
    error = rejected(
        "form", form="oral", taken_by="Anna Handläggare", taken_on=dt.date(2026, 1, 1), categories=("rehab_plan",)
    )
    assert error.code == "written_required"
    assert "Rehabiliteringsplan" in error.detail


def test_oral_consent_to_non_sensitive_data_is_valid_with_who_and_when() -> None:
    validate_consent(
        draft(form="oral", categories=("sgi",), recipient=O.EMPLOYER, taken_by="Anna", taken_on=dt.date(2026, 1, 1))
    )


def test_oral_consent_records_who_took_it() -> None:
    rejected("taken_by", form="oral", categories=("sgi",), taken_on=dt.date(2026, 1, 1))


def test_oral_consent_records_when() -> None:
    rejected("taken_on", form="oral", categories=("sgi",), taken_by="Anna")


def test_oral_consent_cannot_apply_before_it_was_given() -> None:
    rejected("valid_from", form="oral", categories=("sgi",), taken_by="Anna", taken_on=dt.date(2026, 1, 5))


def test_a_child_needs_the_guardians() -> None:
    rejected("guardians_total", subject_is_minor=True)
    error = rejected("guardians_consenting", subject_is_minor=True, guardians_total=2, guardians_consenting=("Mor",))
    assert "12 kap. 3 §" in error.detail
    validate_consent(draft(subject_is_minor=True, guardians_total=2, guardians_consenting=("Mor", "Far")))


def test_the_same_guardian_twice_is_one_guardian() -> None:
    rejected("guardians_consenting", subject_is_minor=True, guardians_total=2, guardians_consenting=("Mor", " Mor"))


def test_parse_consent_draft_reads_json_shapes() -> None:
    parsed = parse_consent_draft(
        {
            "discloser": "fk",
            "recipient": "healthcare",
            "categories": ["work_capacity_assessment"],
            "purpose": "koordineringsinsatser",
            "valid_from": "2026-01-01",
            "valid_to": "2026-06-30",
            "form": "written",
        }
    )
    validate_consent(parsed)
    assert parsed.valid_to == dt.date(2026, 6, 30)


def test_parse_consent_draft_names_a_malformed_date() -> None:
    with pytest.raises(InputError) as raised:
        parse_consent_draft({"valid_from": "1 januari"})
    assert raised.value.field == "valid_from"


# --- ConsentRecord and consent_counts -------------------------------------------------------------


def test_record_rejects_end_before_start() -> None:
    with pytest.raises(InputError) as raised:
        record(valid_to=dt.date(2025, 12, 31))
    assert raised.value.field == "valid_to"


def test_record_rejects_unknown_organisation_and_form() -> None:
    with pytest.raises(InputError) as raised:
        record(recorded_by="kommun")
    assert raised.value.field == "recorded_by"
    with pytest.raises(InputError) as raised:
        record(form="fax")
    assert raised.value.field == "form"


def test_record_normalises_categories_and_organisations() -> None:
    made = record(categories=("rehab_plan", "health_information", "rehab_plan"), recorded_by="fk")
    assert made.categories == ("health_information", "rehab_plan")
    assert made.recorded_by is O.FK


def test_record_id_must_be_text_or_integer() -> None:
    with pytest.raises(InputError):
        record(id=1.5)
    with pytest.raises(InputError):
        record(id=True)


def test_counting_consent_explains_why_it_counts() -> None:
    counts, reason = consent_counts(record(), O.FK, O.SOCIAL_SERVICES, "rehab_plan", D)
    assert counts
    assert "Försäkringskassan själv" in reason
    assert "2026-12-31" in reason


def test_consent_recorded_by_another_agency_never_counts() -> None:
    counts, reason = consent_counts(record(recorded_by=O.SOCIAL_SERVICES), O.FK, O.SOCIAL_SERVICES, "rehab_plan", D)
    assert not counts
    assert "måste själv ta emot och kontrollera" in reason
    assert "socialnämnden" in reason


def test_consent_for_another_recipient_does_not_count() -> None:
    counts, reason = consent_counts(record(recipient=O.HEALTHCARE), O.FK, O.SOCIAL_SERVICES, "rehab_plan", D)
    assert not counts
    assert "hälso- och sjukvården" in reason


def test_consent_for_other_categories_does_not_count() -> None:
    counts, reason = consent_counts(record(), O.FK, O.SOCIAL_SERVICES, "health_information", D)
    assert not counts
    assert "andra uppgifter" in reason and "Rehabiliteringsplan" in reason


def test_withdrawal_takes_effect_on_its_own_day() -> None:
    assert not consent_counts(record(withdrawn_on=D), O.FK, O.SOCIAL_SERVICES, "rehab_plan", D)[0]
    assert consent_counts(record(withdrawn_on=D + dt.timedelta(days=1)), O.FK, O.SOCIAL_SERVICES, "rehab_plan", D)[0]
    reason = consent_counts(record(withdrawn_on=D), O.FK, O.SOCIAL_SERVICES, "rehab_plan", D)[1]
    assert "återkallades den 2026-03-02" in reason


def test_validity_bounds_are_inclusive() -> None:
    assert consent_counts(record(valid_to=D), O.FK, O.SOCIAL_SERVICES, "rehab_plan", D)[0]
    assert consent_counts(record(valid_from=D), O.FK, O.SOCIAL_SERVICES, "rehab_plan", D)[0]
    expired = consent_counts(record(valid_to=D - dt.timedelta(days=1)), O.FK, O.SOCIAL_SERVICES, "rehab_plan", D)
    assert not expired[0] and "har gått ut" in expired[1]
    future = consent_counts(record(valid_from=D + dt.timedelta(days=1)), O.FK, O.SOCIAL_SERVICES, "rehab_plan", D)
    assert not future[0] and "först från och med den 2026-03-03" in future[1]


def test_open_ended_consent_counts_until_withdrawn() -> None:
    assert consent_counts(record(valid_to=None), O.FK, O.SOCIAL_SERVICES, "rehab_plan", dt.date(2030, 1, 1))[0]


def test_finsam_never_receives_data_about_a_person() -> None:
    counts, reason = consent_counts(record(recipient=O.FINSAM), O.FK, O.FINSAM, "rehab_plan", D)
    assert not counts
    assert "samordningsförbundet" in reason


def test_consent_status_on_each_side_of_the_dates() -> None:
    c = record(valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 6, 30), withdrawn_on=dt.date(2026, 5, 1))
    assert consent_status(c, dt.date(2025, 12, 31)) is ConsentStatus.NOT_YET_VALID
    assert consent_status(c, dt.date(2026, 1, 1)) is ConsentStatus.ACTIVE
    assert consent_status(c, dt.date(2026, 4, 30)) is ConsentStatus.ACTIVE
    assert consent_status(c, dt.date(2026, 5, 1)) is ConsentStatus.WITHDRAWN
    assert consent_status(record(valid_to=dt.date(2026, 6, 30)), dt.date(2026, 7, 1)) is ConsentStatus.EXPIRED
    assert ConsentStatus.WITHDRAWN.label == "återkallat"


def test_to_dict_is_json_shaped() -> None:
    data = record(withdrawn_on=D).to_dict()
    assert data["valid_from"] == "2026-01-01"
    assert data["withdrawn_on"] == "2026-03-02"
    assert data["recorded_by"] == "fk"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 3, 2), -12, dt.date(2025, 3, 2)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
        (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_organisation_type_parses_codes_and_names_the_field() -> None:
    assert organisation_type("af") is O.AF
    with pytest.raises(InputError) as raised:
        organisation_type("skatteverket", "requester")
    assert raised.value.field == "requester"
