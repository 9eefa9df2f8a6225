"""Statistics per organisation, unit and month, and the samordningsförbund's suppressed aggregate.

Figures are built in January–March 2025, where the demo world has no activity."""

from __future__ import annotations

import datetime as dt
import statistics as stats
from decimal import Decimal
from typing import Any

import pytest

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.consents.models import Consent
from samverkan.core import clock
from samverkan.disclosures.services import disclosure_request
from samverkan.domain.suppression import ROW_TOTAL, Visibility
from samverkan.messaging.models import AdminQuestion
from samverkan.people.models import Person
from samverkan.reclaims.models import Reclaim
from samverkan.rehab.models import RehabCoordination, ReviewMeeting
from samverkan.reports import statistics as S
from tests.reports.conftest import at, org, page_text

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)
FK_DUTY = ["identity", "benefit_granted", "payment_amount"]


def scope(
    *codes: str, suppress: bool = False, unit: Any = None, start: dt.date = JAN, end: dt.date = MAR
) -> S.StatScope:
    return S.StatScope(tuple(org(c) for c in codes), start, end, unit=unit, suppress=suppress, title="test")


def sorby_clients(count: int) -> list[tuple[Person, Case]]:
    cases = (
        Case.objects.filter(organisation__code="sorby-socialnamnd", case_type="assistance", status="active")
        .filter(subject__protected_identity=False)
        .select_related("subject")
        .order_by("pk")[:count]
    )
    assert len(cases) == count
    return [(c.subject, c) for c in cases]


def request_lookups(user: User, clients: list[tuple[Person, Case]], day: dt.date) -> None:
    for person, case in clients:
        with clock.pinned(at(day, 10), ticking=False):
            disclosure_request(
                requester=user,
                discloser=org("fk"),
                person=person,
                case=case,
                categories=FK_DUTY,
                purpose="Utredning av rätt till ekonomiskt bistånd",
                period=(day - dt.timedelta(days=30), day),
                on=day,
            )


@pytest.fixture
def lookups_jan_3_feb_6(user_named: Any) -> None:
    clients = sorby_clients(9)
    request_lookups(user_named("sara.lind"), clients[:3], dt.date(2025, 1, 15))
    request_lookups(user_named("sara.lind"), clients[3:], dt.date(2025, 2, 12))


def texts(section: S.Section, code: str) -> list[str]:
    return [section.cell(m, code).text for m, _ in section.table.rows] + [section.cell(ROW_TOTAL, code).text]


def test_lookups_and_their_bases_per_month_for_the_organisation(lookups_jan_3_feb_6: None) -> None:
    lookups = S.lookups_section(scope("sorby-socialnamnd"))
    assert texts(lookups, "fk") == ["3", "6", "0", "9"]
    assert texts(lookups, ROW_TOTAL) == ["3", "6", "0", "9"]
    bases = S.bases_section(scope("sorby-socialnamnd"))
    assert texts(bases, "duty") == ["9", "18", "0", "27"]  # three duty categories per request, all released
    assert texts(bases, "denied") == ["0", "0", "0", "0"]


def test_the_unit_filter_counts_only_the_units_lookups(lookups_jan_3_feb_6: None) -> None:
    stab = org("sorby-socialnamnd").units.get(code="stab")
    ekb = org("sorby-socialnamnd").units.get(code="ekb")
    assert texts(S.lookups_section(scope("sorby-socialnamnd", unit=ekb)), ROW_TOTAL)[-1] == "9"
    assert texts(S.lookups_section(scope("sorby-socialnamnd", unit=stab)), ROW_TOTAL)[-1] == "0"


def test_the_samordningsforbund_sees_small_cells_suppressed_and_no_total_reveals_them(
    lookups_jan_3_feb_6: None,
) -> None:
    members = [m.code for m in org("finsam-sorby").members.all()]
    lookups = S.lookups_section(scope(*members, suppress=True))
    assert texts(lookups, "fk") == ["<5", "–", "0", "9"]
    assert lookups.cell(JAN, "fk").visibility is Visibility.PRIMARY
    assert lookups.cell(FEB, "fk").visibility is Visibility.SECONDARY
    assert "3" not in texts(lookups, "fk") and "6" not in texts(lookups, "fk")


def test_the_samordningsforbund_counts_only_its_members(user_named: Any) -> None:
    pm, fk = org("pm"), org("fk")
    pm_people = list(Person.objects.filter(cases__organisation=pm).distinct().order_by("pk")[:6])
    fk_people = list(Person.objects.filter(cases__organisation=fk).distinct().order_by("pk")[:5])
    for discloser, people, official in ((pm, pm_people, "pia.strand"), (fk, fk_people, "fredrik.holm")):
        for person in people:
            Consent.objects.create(
                person=person,
                discloser=discloser,
                recipient=org("sorby-socialnamnd"),
                categories=["identity"],
                purpose="Utredning",
                valid_from=dt.date(2025, 1, 10),
                valid_to=dt.date(2025, 12, 31),
                taken_on=dt.date(2025, 1, 10),
                created_by=user_named(official),
                taken_by=user_named(official),
            )
    assert pm not in org("finsam-sorby").members.all()
    members = [m.code for m in org("finsam-sorby").members.all()]
    assert texts(S.consents_section(scope(*members, suppress=True)), "given") == ["5", "0", "0", "5"]
    assert texts(S.consents_section(scope("pm")), "given") == ["6", "0", "0", "6"]


def test_a_withdrawn_consent_counts_as_given_and_as_withdrawn_in_its_months(user_named: Any) -> None:
    person = Person.objects.filter(cases__organisation__code="fk").order_by("pk").first()
    Consent.objects.create(
        person=person,
        discloser=org("fk"),
        recipient=org("sorby-socialnamnd"),
        categories=["identity"],
        purpose="x",
        valid_from=dt.date(2025, 1, 10),
        valid_to=dt.date(2025, 12, 31),
        taken_on=dt.date(2025, 1, 10),
        status=Consent.Status.WITHDRAWN,
        withdrawn_on=dt.date(2025, 3, 2),
        created_by=user_named("fredrik.holm"),
    )
    section = S.consents_section(scope("fk"))
    assert texts(section, "given") == ["1", "0", "0", "1"] and texts(section, "withdrawn") == ["0", "0", "1", "1"]


def _question_like(**changes: Any) -> AdminQuestion:
    template = AdminQuestion.objects.filter(recipient_organisation__code="fk").order_by("pk").first()
    assert template is not None, "the demo world has administrative questions to Försäkringskassan"
    question = AdminQuestion.objects.get(pk=template.pk)
    question.pk = None
    for name, value in changes.items():
        setattr(question, name, value)
    question.save()
    return question


def test_answer_times_of_administrative_questions_against_seven_days() -> None:
    sent = dt.date(2025, 1, 13)
    persons = list(Person.objects.order_by("pk")[:3])
    common = {"sent_on": sent, "sent_at": at(sent, 9), "deadline": sent + dt.timedelta(days=7), "reminder_on": sent}
    _question_like(person=persons[0], answered_on=sent + dt.timedelta(days=3), status="answered", **common)
    _question_like(person=persons[1], answered_on=sent + dt.timedelta(days=10), status="answered", **common)
    _question_like(person=persons[2], answered_on=None, status="open", **common)
    section = S.questions_section(scope("fk"))
    row = {c.code: section.cell(JAN, c.code).text for c in section.columns}
    assert row == {
        "in_time": "1",
        "late": "1",
        "overdue": "1",
        "open": "0",
        "closed": "0",
        "median_days": "6,5",
        ROW_TOTAL: "3",
    }


def test_meetings_per_sick_leave_case_and_days_to_the_first_plan(user_named: Any) -> None:
    fk = org("fk")
    unit = fk.units.get(code="lfk-sorby")
    holm = user_named("fredrik.holm")
    persons = list(Person.objects.filter(protected_identity=False).order_by("-pk")[:2])
    made = []
    for i, (person, applied, planned) in enumerate(
        [
            (persons[0], dt.date(2025, 1, 2), dt.date(2025, 1, 22)),
            (persons[1], dt.date(2024, 12, 1), dt.date(2025, 2, 14)),
        ]
    ):
        case = Case.objects.create(
            organisation=fk,
            unit=unit,
            reference=f"T2025-{i}",
            case_type="rehab_coordination",
            subject=person,
            opened_on=applied,
            responsible=holm,
        )
        made.append(
            RehabCoordination.objects.create(
                case=case,
                origin="application",
                application_date=applied,
                first_plan_on=planned,
                created_by=holm,
                created_at=clock.now(),
            )
        )
    for day in (dt.date(2025, 1, 20), dt.date(2025, 1, 27)):
        ReviewMeeting.objects.create(
            coordination=made[0],
            requested_by_party="fk",
            requesting_organisation=fk,
            requested_by=holm,
            reason="Avstämning",
            requested_on=day - dt.timedelta(days=10),
            status="held",
            meeting_on=day,
        )
    plans = S.first_plan_section(scope("fk"))
    assert texts(plans, "plans") == ["1", "1", "0", "2"]
    assert texts(plans, "within") == ["1", "0", "0", "1"]
    assert texts(plans, "median_days") == ["20", "75", "..", "47,5"]
    meetings = S.meetings_section(scope("fk"))
    january_cases = S._sick_leave_persons(scope("fk"), JAN, dt.date(2025, 1, 31)).value
    assert meetings.cell(JAN, "meetings").text == "2"
    assert meetings.cell(JAN, "per_case").value == (Decimal(2) / Decimal(january_cases)).quantize(Decimal("0.01"))
    assert meetings.cell(FEB, "meetings").text == "0"


def test_reclaimed_amounts_and_refusals_match_the_reclaims() -> None:
    paid = Reclaim.objects.filter(organisation__code="sorby-socialnamnd", status="paid").exclude(settled_on=None)
    assert paid.exists(), "the demo world has a paid reclaim"
    first = min(r.settled_on for r in paid)
    last = max(r.settled_on for r in paid)
    section = S.reclaims_section(scope("sorby-socialnamnd", start=S.first_of_month(first), end=S.first_of_month(last)))
    total = section.cell(ROW_TOTAL, "paid").value
    assert total == sum((r.paid_to_social_services for r in paid), Decimal(0))
    refused = Reclaim.objects.filter(
        organisation__code="sorby-socialnamnd",
        status="refused",
        settled_on__gte=first,
        settled_on__lte=S.last_day_of(S.first_of_month(last)),
    ).count()
    assert section.cell(ROW_TOTAL, "refused").value == refused


def test_median_helper_agrees_with_the_standard_library() -> None:
    assert S.format_number(Decimal(stats.median([3, 10])), "days") == "6,5"
    assert S.format_number(Decimal("12600.00"), "money") == "12\u00a0600,00\u00a0kr"
    assert S.format_number(None, "count") == ".."


def test_statistics_pages_show_charts_and_tables(client_for: Any, lookups_jan_3_feb_6: None) -> None:
    own = client_for("eva.berg").get("/uppfoljning/statistik/", {"start": "2025-01", "end": "2025-03"})
    assert own.status_code == 200
    html = own.content.decode()
    assert html.count('role="img"') == len(S.SECTIONS) and "<title id=" in html and "<desc id=" in html
    assert "Slagningar per utlämnande organisation" in page_text(own) and "Per enhet" in page_text(own)
    finsam = client_for("ingrid.sandberg").get(
        "/uppfoljning/samordningsforbund/", {"start": "2025-01", "end": "2025-03"}
    )
    assert finsam.status_code == 200
    text = page_text(finsam)
    assert "&lt;5" in finsam.content.decode() and "Socialnämnden i Sörby kommun" in text
    assert "Per enhet" not in text


def test_a_bad_month_range_is_a_clear_error(client_for: Any) -> None:
    response = client_for("eva.berg").get("/uppfoljning/statistik/", {"start": "2025-03", "end": "2025-01"})
    assert response.status_code == 400 and "Slutmånaden ligger före startmånaden" in page_text(response)


@pytest.mark.parametrize(
    ("username", "url", "status"),
    [
        ("sara.lind", "/uppfoljning/statistik/", 403),
        ("sara.lind", "/uppfoljning/samordningsforbund/", 403),
        ("sara.lind", "/uppfoljning/logggranskning/", 403),
        ("sara.lind", "/uppfoljning/logggranskning/sok/", 403),
        ("fredrik.holm", "/uppfoljning/logggranskning/sok/export.csv", 403),
        ("ingrid.sandberg", "/uppfoljning/statistik/", 403),
        ("ingrid.sandberg", "/uppfoljning/logggranskning/", 403),
        ("eva.berg", "/uppfoljning/samordningsforbund/", 403),
        ("eva.berg", "/uppfoljning/logggranskning/", 403),
        ("johan.dahl", "/uppfoljning/statistik/", 200),
        ("lars.ek", "/uppfoljning/statistik/", 200),
        ("nils.kron", "/uppfoljning/logggranskning/", 200),
        ("ingrid.sandberg", "/uppfoljning/samordningsforbund/export.csv", 200),
    ],
)
def test_who_may_see_what(client_for: Any, username: str, url: str, status: int) -> None:
    assert client_for(username).get(url).status_code == status


def test_a_samordningsforbund_without_members_has_no_view(client_for: Any) -> None:
    org("finsam-sorby").members.clear()
    assert client_for("ingrid.sandberg").get("/uppfoljning/samordningsforbund/").status_code == 403


def test_navigation_shows_each_role_its_entries(client_for: Any) -> None:
    def nav(username: str) -> str:
        html = client_for(username).get("/").content.decode()
        return html[html.find('aria-label="Huvudmeny"') :]

    assert "Logggranskning" in nav("lars.ek") and "Statistik" in nav("lars.ek")
    assert "Statistik" in nav("eva.berg") and "Logggranskning" not in nav("eva.berg")
    assert "Statistik" in nav("johan.dahl")
    assert "Samordningsförbundet" in nav("ingrid.sandberg") and "Statistik" not in nav("ingrid.sandberg")
    assert "Logggranskning" not in nav("sara.lind") and ">Statistik<" not in nav("sara.lind")


def test_unit_summary_lists_every_unit_of_the_organisation(lookups_jan_3_feb_6: None) -> None:
    rows = S.unit_summary(scope("sorby-socialnamnd"))
    assert {r.unit.code: r.values["lookups"] for r in rows} == {"ekb": 9, "stab": 0}


def test_the_organisation_is_never_another_ones(client_for: Any) -> None:
    # A unit of another organisation in the filter is refused (not silently shown).
    fk_unit = Organisation.objects.get(code="fk").units.first()
    response = client_for("eva.berg").get(
        "/uppfoljning/statistik/", {"unit": fk_unit.pk, "start": "2025-01", "end": "2025-02"}
    )
    assert response.status_code == 400
