"""FK's contact person for a vårdcentral answers about a person only with consent and an investigator's assessment."""

from __future__ import annotations

import datetime as dt

from samverkan.domain.contact_person import SecrecyAssessment, contact_person_answer_problem

SENT, ON = dt.date(2026, 11, 16), dt.date(2026, 11, 18)
FINE = SecrecyAssessment(by_investigator=True, by_the_contact_person=False, on=dt.date(2026, 11, 17))


def problem(consent: bool = True, assessment: SecrecyAssessment | None = FINE) -> str | None:
    found = contact_person_answer_problem(
        consent_counts=consent, assessment=assessment, question_sent_on=SENT, answered_on=ON
    )
    return None if found is None else f"{found.field}: {found.detail}"


def test_consent_and_an_investigators_assessment_let_the_contact_person_answer() -> None:
    assert problem() is None


def test_without_a_registered_consent_the_own_review_is_not_enough() -> None:
    found = problem(consent=False)
    assert found is not None and found.startswith("record_consent:")
    assert "Din egen sekretessprövning räcker inte" in found and "28 kap. 1 §" in found and "12 kap. 2 §" in found


def test_without_an_assessment_by_an_investigator_the_answer_waits() -> None:
    for assessment in (None, SecrecyAssessment(by_investigator=False, by_the_contact_person=False, on=ON)):
        found = problem(assessment=assessment)
        assert found is not None and found.startswith("secrecy_assessment:") and "försäkringsutredare" in found


def test_the_contact_person_cannot_assess_their_own_answer() -> None:
    found = problem(assessment=SecrecyAssessment(by_investigator=True, by_the_contact_person=True, on=ON))
    assert found is not None and "annan försäkringsutredare" in found


def test_the_assessment_must_be_made_for_this_question() -> None:
    early = SecrecyAssessment(by_investigator=True, by_the_contact_person=False, on=SENT - dt.timedelta(days=1))
    found = problem(assessment=early)
    assert found is not None and "tidigast den dag frågan kom" in found
