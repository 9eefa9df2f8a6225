"""Mina ärenden: cases at every agency, meetings, the rehab plan and återsökning with its letters."""

from __future__ import annotations

from typing import Any

from django.test import Client

from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.people.models import Person
from samverkan.portal import selectors
from samverkan.reclaims.models import Reclaim
from samverkan.rehab.models import PlanMeasure, ReviewMeeting
from tests.portal.conftest import portal_login

PROTECTED = "Visas inte (skyddade personuppgifter)"


def test_cases_at_every_agency_are_listed_with_status_and_responsible_office(
    person_client: Client, person: Person
) -> None:
    page = person_client.get("/mina-sidor/").content.decode()

    cases = Case.objects.filter(members__person=person).select_related("organisation", "unit")
    assert cases.values("organisation").distinct().count() >= 2
    for case in cases:
        assert case.organisation.name in page
        assert case.unit.name in page
        assert case.get_status_display() in page
    assert PROTECTED not in page


def test_protected_identity_never_shows_an_office_an_address_or_a_meeting_place(
    client: Client, demo_mode: None, world: None
) -> None:
    meeting = (
        ReviewMeeting.objects.filter(status=ReviewMeeting.Status.BOOKED, meeting_on__gte=today())
        .select_related("coordination__case__subject")
        .first()
    )
    assert meeting is not None, "the rehab demo step books an avstämningsmöte"
    ReviewMeeting.objects.filter(pk=meeting.pk).update(mode=ReviewMeeting.Mode.ON_SITE, location="Kungsgatan 12, Sörby")
    person = meeting.coordination.case.subject
    Person.objects.filter(pk=person.pk).update(protected_identity=True)
    person.refresh_from_db()

    portal_login(client, person)
    page = client.get("/mina-sidor/").content.decode()

    assert "skyddade personuppgifter" in page
    assert PROTECTED in page
    assert "Kungsgatan 12" not in page
    for case in Case.objects.filter(members__person=person).select_related("unit"):
        if case.unit.name != case.type.label:  # "Ekonomiskt bistånd" is also the case type's name
            assert case.unit.name not in page, case.unit.name
        if case.unit.address:
            assert case.unit.address not in page
    rows = selectors.upcoming_meetings_for(person, on=today())
    assert rows and all(r.place == PROTECTED for r in rows)
    assert all(r.office == PROTECTED for r in selectors.matters_for(person))


def test_a_demo_person_with_protected_identity_sees_no_units(client: Client, demo_mode: None, world: None) -> None:
    person = next(p for p in selectors.demo_persons() if p.protected_identity)
    portal_login(client, person)
    page = client.get("/mina-sidor/").content.decode()
    assert PROTECTED in page
    for case in Case.objects.filter(members__person=person).select_related("unit"):
        if case.unit.address:
            assert case.unit.address not in page


def test_upcoming_meeting_is_shown_with_day_reason_and_place(client: Client, demo_mode: None, world: None) -> None:
    meeting = (
        ReviewMeeting.objects.filter(status=ReviewMeeting.Status.BOOKED, meeting_on__gte=today())
        .select_related("coordination__case__subject")
        .first()
    )
    assert meeting is not None
    ReviewMeeting.objects.filter(pk=meeting.pk).update(mode=ReviewMeeting.Mode.ON_SITE, location="Lokalt kontor, rum 3")
    portal_login(client, meeting.coordination.case.subject)

    page = client.get("/mina-sidor/").content.decode()

    assert "Kommande avstämningsmöten" in page
    assert meeting.reason.split(";")[0] in page
    assert "Lokalt kontor, rum 3" in page


def test_past_and_cancelled_meetings_are_not_upcoming(world: None) -> None:
    meeting = ReviewMeeting.objects.filter(status=ReviewMeeting.Status.BOOKED).first()
    assert meeting is not None
    person = meeting.coordination.case.subject
    ReviewMeeting.objects.filter(pk=meeting.pk).update(status=ReviewMeeting.Status.CANCELLED)
    assert meeting.pk not in {r.meeting_id for r in selectors.upcoming_meetings_for(person, on=today())}


def test_rehab_plan_lists_each_measure_with_who_carries_it_out(client: Client, demo_mode: None, world: None) -> None:
    measure = PlanMeasure.objects.select_related("coordination__case__subject", "responsible").first()
    assert measure is not None, "the rehab demo step makes a plan with measures"
    portal_login(client, measure.coordination.case.subject)

    page = client.get("/mina-sidor/").content.decode()

    assert "Min rehabiliteringsplan" in page
    assert measure.description in page
    assert measure.responsible.name in page
    assert measure.get_status_display() in page


def _reclaim(status: str) -> Reclaim:
    reclaim = Reclaim.objects.filter(status=status).select_related("person").first()
    assert reclaim is not None, f"the reclaims demo step seeds a reclaim with status {status}"
    return reclaim


def test_paid_reclaim_is_shown_with_its_letters_as_pdf(client: Client, demo_mode: None, world: None) -> None:
    reclaim = _reclaim(Reclaim.Status.PAID)
    portal_login(client, reclaim.person)

    page = client.get("/mina-sidor/").content.decode()

    assert reclaim.benefit_name in page
    assert "Utbetald" in page
    for kind in ("notice", "outcome"):
        url = f"/mina-sidor/atersokning/{reclaim.pk}/brev/{kind}.pdf"
        assert url in page
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_the_request_to_the_agency_is_not_a_letter_to_the_person(client: Client, demo_mode: None, world: None) -> None:
    reclaim = _reclaim(Reclaim.Status.PAID)
    portal_login(client, reclaim.person)
    assert client.get(f"/mina-sidor/atersokning/{reclaim.pk}/brev/request.pdf").status_code == 404
    assert client.get(f"/mina-sidor/atersokning/{reclaim.pk}/brev/nonsense.pdf").status_code == 404


def test_a_draft_reclaim_is_not_shown_to_the_person_yet(client: Client, demo_mode: None, world: None) -> None:
    reclaim = _reclaim(Reclaim.Status.DRAFT)
    portal_login(client, reclaim.person)

    assert reclaim.pk not in {r.reclaim_id for r in selectors.reclaims_for(reclaim.person)}
    assert client.get(f"/mina-sidor/atersokning/{reclaim.pk}/brev/notice.pdf").status_code == 404


def test_a_reclaim_that_came_too_late_tells_the_person_everything_is_paid_to_them(
    client: Client, demo_mode: None, world: None
) -> None:
    reclaim = _reclaim(Reclaim.Status.TOO_LATE)
    portal_login(client, reclaim.person)
    row = next(r for r in selectors.reclaims_for(reclaim.person) if r.reclaim_id == reclaim.pk)
    assert [letter.kind for letter in row.letters] == ["outcome"]
    assert "För sent" in client.get("/mina-sidor/").content.decode()


def test_person_without_anything_gets_plain_empty_texts(client: Client, demo_mode: None, world: None, org: Any) -> None:
    person = (
        Person.objects.filter(cases__organisation=org("pm"))
        .exclude(pk__in=Reclaim.objects.values("person_id"))
        .exclude(cases__case_type="rehab_coordination")
        .order_by("pk")
        .first()
    )
    assert person is not None
    portal_login(client, person)
    page = client.get("/mina-sidor/").content.decode()
    assert "Du har inga kommande avstämningsmöten." in page
    assert "Du har ingen rehabiliteringsplan." in page
    assert "Socialnämnden har inte begärt återsökning" in page
