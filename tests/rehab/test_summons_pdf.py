"""The kallelse as PDF (pypdf reads its text): time, place, who attends, why, what to bring, contact, 58 §."""

from __future__ import annotations

from typing import Any

import pytest

from samverkan.domain.statutes import SFB_110_14, SFB_110_58
from samverkan.people.models import Person
from samverkan.rehab import summons
from samverkan.rehab.models import ReviewMeeting
from tests.rehab.conftest import Rehab
from tests.rehab.summons_helpers import (
    PLACE,
    booked_digital,
    booked_on_site,
    meeting_url,
    pdf_text,
    person_client,
    requested_meeting,
)

pytestmark = pytest.mark.django_db


def test_the_officials_pdf_says_when_where_who_why_and_gives_the_notice_of_58(rehab: Rehab, client_for: Any) -> None:
    coordination, meeting = booked_on_site(rehab, reduction=True)
    summons.summons_send(meeting=meeting, sent_by=rehab.fk_user)

    response = client_for("fredrik.holm").get(meeting_url(coordination, meeting, "kallelse.pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Kallelse till avstämningsmöte" in text and "UTKAST" not in text
    assert "onsdag 25 november 2026 kl. 13.30" in text
    assert "Möte på plats" in text and PLACE in text
    # Who attends: the person, FK's official, every invited organisation with the named official and role.
    assert "Fredrik Holm" in text
    assert "Arbetsförmedlingen: Ali Karimi (arbetsförmedlare)" in text
    assert "Helena Ström (rehabkoordinator)" in text
    # Why: the purpose of an avstämningsmöte and this meeting's reason.
    assert "Stämma av arbetsträningen" in text and SFB_110_14.text in text
    assert "Legitimation" in text
    # The notice of 110 kap. 58 §, cited as the statutes module does.
    assert "Du behöver delta" in text
    assert SFB_110_58.text in text and "giltig anledning" in text and "dras in eller sättas ned" in text
    # Contact: the responsible official's work contact details, never the person's identity number.
    assert "Telefon:" in text
    assert rehab.person.identity_number not in text
    assert rehab.person.full_name in text


def test_without_a_possible_reduction_there_is_no_notice_of_58(rehab: Rehab) -> None:
    _coordination, meeting = booked_on_site(rehab, reduction=False)
    text = pdf_text(summons.render(summons.build(meeting, for_person=False)))
    assert SFB_110_58.text not in text
    assert "Om du inte kan komma" in text and "ny tid" in text


def test_a_digital_meeting_says_where_the_person_joins_from_and_how(rehab: Rehab) -> None:
    _coordination, meeting = booked_digital(rehab)
    letter = summons.build(meeting, for_person=False)
    text = pdf_text(summons.render(letter))
    assert "Digitalt möte" in text
    assert "onsdag 25 november 2026 kl. 09.00" in text
    assert f"Du deltar hos: {rehab.region.name}" in letter.text()
    assert "kontrollerar den före mötet" in text  # the identity check at the party the person chose (seed 004)


def test_before_it_is_sent_the_pdf_is_a_draft_and_the_person_has_none(
    rehab: Rehab, client_for: Any, settings: Any
) -> None:
    coordination, meeting = booked_on_site(rehab)
    text = pdf_text(client_for("fredrik.holm").get(meeting_url(coordination, meeting, "kallelse.pdf")).content)
    assert text.startswith("Försäkringskassan") or "UTKAST – Kallelse till avstämningsmöte" in text
    assert "UTKAST" in text and "inte skickad" in text
    assert (
        person_client(settings, rehab.person).get(f"/mina-sidor/kallelser/{meeting.pk}/kallelse.pdf").status_code == 404
    )


def test_a_meeting_that_is_not_booked_has_no_kallelse(rehab: Rehab, client_for: Any) -> None:
    coordination, meeting = requested_meeting(rehab)
    assert client_for("fredrik.holm").get(meeting_url(coordination, meeting, "kallelse.pdf")).status_code == 404
    with pytest.raises(ValueError):
        summons.build(meeting, for_person=False)


def test_the_persons_pdf_under_protected_identity_has_no_place_office_or_address(rehab: Rehab, settings: Any) -> None:
    _coordination, meeting = booked_on_site(rehab)
    summons.summons_send(meeting=meeting, sent_by=rehab.fk_user)
    Person.objects.filter(pk=rehab.person.pk).update(protected_identity=True)
    person = Person.objects.get(pk=rehab.person.pk)

    response = person_client(settings, person).get(f"/mina-sidor/kallelser/{meeting.pk}/kallelse.pdf")

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "onsdag 25 november 2026 kl. 13.30" in text
    assert "Kungsgatan" not in text and "Lokalt försäkringskontor" not in text
    assert "skyddade personuppgifter" in text.lower()
    assert "0771-524 524" in text  # FK's national number, not the office's own (it names the place)
    if person.street_address:
        assert person.street_address not in text
    # The official's own version still names the place (FK posts the letter through the protected channel).
    meeting = ReviewMeeting.objects.get(pk=meeting.pk)
    assert PLACE in summons.build(meeting, for_person=False).text()
