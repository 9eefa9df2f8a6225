"""Rehabilitation coordination's navigation, start-page and case-page panels, and demo data."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.http import HttpRequest
from django.urls import reverse

from samverkan.accounts.models import User
from samverkan.core.demo import DemoStep, DemoWorld, register_demo_step
from samverkan.core.navigation import HomePanel, NavItem, register_nav, register_panel
from samverkan.disclosures.records import register_value_provider
from samverkan.domain.organisations import CaseType, OrganisationType
from samverkan.rehab.access import FK_CASE_ROLES, HEALTHCARE_REHAB_ROLES
from samverkan.rehab.actors import MINUTES_CATEGORY, PLAN_CATEGORY

ACTOR_CASE_TYPES = {
    CaseType.JOBSEEKER.value,
    CaseType.RETURN_TO_WORK.value,
    CaseType.ASSISTANCE.value,
    CaseType.SOCIAL_OTHER.value,
}

register_nav(NavItem("Rehabsamordning", "rehab:list", order=40))
register_nav(
    NavItem(
        "Sjukskrivna patienter",
        "rehab:healthcare",
        order=40,
    )
)
register_nav(NavItem("Återgång i arbete", "rehab:employer_list", order=40))
register_nav(
    NavItem(
        "Rehabstatistik",
        "rehab:statistics",
        order=90,
    )
)


def _org_type(request: HttpRequest) -> OrganisationType | None:
    organisation = getattr(request, "organisation", None)
    return organisation.type if organisation is not None else None


def _fk_home_panel(request: HttpRequest) -> dict[str, Any] | None:
    """FK official's start page: follow-up reminders and overdue follow-ups in own coordinations."""
    if getattr(request, "case", None) is not None or _org_type(request) is not OrganisationType.FK:
        return None
    user = cast(User, request.user)
    if not user.has_role(*FK_CASE_ROLES):
        return None
    from samverkan.core.clock import today
    from samverkan.rehab import selectors

    on = today()
    return {
        "reminders": list(selectors.reminders_for(user=user)[:20]),
        "overdue": list(
            selectors.overdue_measures(organisation=request.organisation, on=on, responsible=user)[:20]  # type: ignore[attr-defined]
        ),
        "meetings": list(
            selectors.upcoming_meetings(organisation=request.organisation, on=on).filter(  # type: ignore[attr-defined]
                coordination__case__responsible=user
            )[:10]
        ),
        "milestones": selectors.milestones_ahead(user=user, on=on)[:10],
        "today": on,
    }


def _healthcare_home_panel(request: HttpRequest) -> dict[str, Any] | None:
    if getattr(request, "case", None) is not None or _org_type(request) is not OrganisationType.HEALTHCARE:
        return None
    if not request.user.has_role(*HEALTHCARE_REHAB_ROLES):  # type: ignore[union-attr]
        return None
    from samverkan.rehab import selectors

    count = selectors.sick_leave_cases_for_unit(
        organisation=request.organisation,  # type: ignore[attr-defined]
        unit_id=request.user.unit_id,  # type: ignore[union-attr]
    ).count()
    return {"count": count, "url": reverse("rehab:healthcare")}


def _case_panel(request: HttpRequest) -> dict[str, Any] | None:
    """On a case page: FK's coordination case links to the coordination; an actor's case to FK's plan."""
    case = getattr(request, "case", None)
    if case is None:
        return None
    org_type = _org_type(request)
    if case.case_type == CaseType.REHAB_COORDINATION.value and org_type is OrganisationType.FK:
        coordination = getattr(case, "rehab_coordination", None)
        if coordination is None or not request.user.has_role(*FK_CASE_ROLES):  # type: ignore[union-attr]
            return None
        return {
            "kind": "fk",
            "url": reverse("rehab:detail", args=[coordination.pk]),
            "first_plan_on": coordination.first_plan_on,
        }
    if case.case_type == CaseType.SICK_LEAVE.value and org_type is OrganisationType.HEALTHCARE:
        if not request.user.has_role(*HEALTHCARE_REHAB_ROLES):  # type: ignore[union-attr]
            return None
        return {"kind": "healthcare", "url": reverse("rehab:healthcare_patient", args=[case.pk])}
    if case.case_type in ACTOR_CASE_TYPES and org_type in (
        OrganisationType.AF,
        OrganisationType.EMPLOYER,
        OrganisationType.SOCIAL_SERVICES,
    ):
        panel = {"kind": "actor", "url": reverse("rehab:actor_plan", args=[case.subject_id])}
        if case.case_type == CaseType.RETURN_TO_WORK.value and org_type is OrganisationType.EMPLOYER:
            panel["employer_url"] = reverse("rehab:employer_case", args=[case.pk])
        return panel
    return None


register_panel(HomePanel("rehab/_panel_fk.html", _fk_home_panel, order=40))
register_panel(HomePanel("rehab/_panel_healthcare.html", _healthcare_home_panel, order=40))
register_panel(HomePanel("rehab/_panel_case.html", _case_panel, order=60))


# --- What the gate stores as released (samverkan.disclosures.records) --------------------------------


def _day(value: dt.date | None, empty: str = "") -> str:
    return value.isoformat() if value else empty


def _coordination_fact(part: Any) -> dict[str, Any]:
    agreed = f", planen gjord med personen {_day(part.plan_agreed_on)}" if part.plan_agreed_on else ""
    return {
        "label": "Samordning hos Försäkringskassan",
        "value": f"Ärende {part.reference} ({part.status.lower()}), handläggare {part.fk_official}{agreed}",
        # For the recipient's own pages (samverkan.rehab.selectors.ActorPlanView): which coordination, still open.
        "kind": "coordination",
        "coordination_id": part.coordination_id,
        "reference": part.reference,
        "active": part.is_active,
    }


def _measure_fact(measure: Any) -> dict[str, Any]:
    text = f"{measure.description} ({measure.kind.lower()}), {_day(measure.starts_on)}–{_day(measure.ends_on, 'tills vidare')}"
    text += f", {measure.status.lower()}"
    if measure.follow_up_on:
        text += f", uppföljning {_day(measure.follow_up_on)}" + (" (försenad)" if measure.overdue else "")
    return {"label": "Insats som ni ansvarar för", "value": text, "kind": "measure", "overdue": measure.overdue}


def _meeting_fact(meeting: Any, part: Any) -> dict[str, Any]:
    when = _day(meeting.meeting_on, "ej bokat")
    if meeting.starts_at:
        when += f" kl. {meeting.starts_at:%H:%M}"
    details = [meeting.status.lower(), *([meeting.mode.lower()] if meeting.mode else [])]
    if meeting.location:
        details.append(meeting.location)
    return {
        "label": "Avstämningsmöte",
        "value": f"{when} ({', '.join(details)}); parter: {', '.join(meeting.parties)}",
        "kind": "meeting",
        "upcoming": meeting in part.upcoming_meetings,
    }


def _rehab_plan_values(
    *, discloser: Any, recipient: Any, person: Any, period: Any, on: dt.date
) -> list[dict[str, Any]]:
    """The plan as the recipient is shown it: its own measures and the meetings it takes part in (no minutes)."""
    from samverkan.rehab.selectors import actor_plan_parts

    facts: list[dict[str, Any]] = []
    for part in actor_plan_parts(discloser=discloser, person=person, organisation=recipient, on=on, with_minutes=False):
        facts.append(_coordination_fact(part))
        facts.extend(_measure_fact(m) for m in part.measures)
        facts.extend(_meeting_fact(m, part) for m in part.meetings)
    if not facts:
        facts.append(
            {
                "label": "Rehabiliteringsplan",
                "value": f"Planen hos {discloser.name} har inga insatser eller avstämningsmöten som "
                f"{recipient.name} ansvarar för eller deltar i.",
            }
        )
    return facts


def _minutes_values(*, discloser: Any, recipient: Any, person: Any, period: Any, on: dt.date) -> list[dict[str, str]]:
    """The minutes of the held avstämningsmöten the recipient took part in."""
    from samverkan.rehab.selectors import actor_plan_parts

    facts = [
        {"label": f"Anteckningar från avstämningsmöte {_day(meeting.meeting_on)}", "value": meeting.minutes}
        for part in actor_plan_parts(
            discloser=discloser, person=person, organisation=recipient, on=on, with_minutes=True
        )
        for meeting in part.meetings
        if meeting.minutes
    ]
    if not facts:
        facts.append(
            {
                "label": "Anteckningar från avstämningsmöten",
                "value": f"Inga genomförda avstämningsmöten med anteckningar hos {discloser.name} som "
                f"{recipient.name} deltog i.",
            }
        )
    return facts


register_value_provider(PLAN_CATEGORY, _rehab_plan_values)
register_value_provider(MINUTES_CATEGORY, _minutes_values)


# --- Demo data ---------------------------------------------------------------------------------------


def _demo_candidates(world: DemoWorld) -> list[Any]:
    """Persons with an FK sickness case and a sick-leave case at Vårdcentralen Ängen, without protected identity.

    The first ones also have a case at Arbetsförmedlingen (so AF can look at its part of the plan).
    """
    from samverkan.cases.models import Case

    fk_subjects = set(
        Case.objects.filter(organisation=world.org("fk"), case_type=CaseType.SICKNESS.value).values_list(
            "subject_id", flat=True
        )
    )
    vc = Case.objects.filter(
        organisation=world.org("region-malarmark"),
        unit=world.unit("region-malarmark/vc-angen"),
        case_type=CaseType.SICK_LEAVE.value,
        status="active",
        subject__protected_identity=False,
        subject_id__in=fk_subjects,
    ).select_related("subject")
    af_subjects = set(
        Case.objects.filter(organisation=world.org("af"), case_type=CaseType.JOBSEEKER.value).values_list(
            "subject_id", flat=True
        )
    )
    cases = sorted(vc, key=lambda c: (c.subject_id not in af_subjects, c.subject.identity_number))
    return [c for c in cases]


def _seed_rehab(world: DemoWorld) -> None:
    """A few coordination cases: one without employer with consents for AF and vård, a plan and a
    booked digital avstämningsmöte; one with an employer; one opened on an impulse from vård, no plan yet."""
    from samverkan.core.clock import today
    from samverkan.rehab import services
    from samverkan.rehab.models import CareCoordinationStatus, RehabCoordination

    # Draw from the shared generator before anything else, so later steps see the same state on every run.
    jitter_first, jitter_second = world.rng.randint(0, 5), world.rng.randint(0, 5)
    if RehabCoordination.objects.filter(case__organisation=world.org("fk")).exists():
        return  # idempotent: seeded before
    candidates = _demo_candidates(world)
    if len(candidates) < 3:
        world.log("  rehab: för få sjukskrivna i demovärlden, hoppar över")
        return
    fk = world.user("fredrik.holm")
    unit = world.unit("fk/lfk-sorby")
    af = world.org("af")
    region = world.org("region-malarmark")
    employer = world.org("sorby-bygg")
    helena = world.user("helena.strom")
    ref = world.reference_date
    day = max(today(), ref)

    def consent(coordination: Any, recipient: Any, categories: list[str], on: dt.date) -> None:
        services.rehab_consent_register(
            coordination=coordination,
            registered_by=fk,
            recipient=recipient,
            categories=categories,
            purpose=f"Samordning av rehabiliteringsinsatser i ärende {coordination.case.reference}",
            valid_from=on,
            valid_to=on + dt.timedelta(days=300),
            form="written",
            taken_by_name=fk.get_full_name(),
            taken_on=on,
        )

    # 1. No employer, no SGI, reduced work capacity: consents for AF and vård, a plan, a digital meeting.
    first = candidates[0]
    started = ref - dt.timedelta(days=40 + jitter_first)
    c1 = services.coordination_open(
        opened_by=fk,
        unit=unit,
        person_identity_number=first.subject.identity_number,
        origin="application",
        application_date=started,
        sick_leave_start=None,
        has_employer=False,
        employer=None,
        has_sgi=False,
        work_capacity_reduced=True,
        work_capacity_note="Långvarig smärtproblematik; klarar i dag inte mer än enstaka timmar om dagen.",
        responsible=fk,
        on=ref,
    )
    services.needs_map(
        coordination=c1,
        mapped_by=fk,
        assessments={
            "medical": ("yes", "Behöver fysioterapi och smärtrehabilitering."),
            "work": ("yes", "Saknar arbetsgivare; behöver kartläggning och arbetsträning."),
            "social": ("no", ""),
            "economic": ("unclear", "Saknar SGI; ekonomiskt bistånd kan bli aktuellt."),
        },
    )
    consent(c1, af, ["rehab_plan", "review_meeting_minutes"], started + dt.timedelta(days=3))
    consent(c1, region, ["rehab_plan", "review_meeting_minutes"], started + dt.timedelta(days=3))
    plan_day = started + dt.timedelta(days=21)
    services.measure_add(
        coordination=c1,
        added_by=fk,
        description="Kartläggning och arbetsträning via Arbetsförmedlingen",
        kind="vocational",
        need_area="work",
        responsible=af,
        starts_on=plan_day,
        ends_on=plan_day + dt.timedelta(days=120),
        follow_up_on=day + dt.timedelta(days=5),
        status="ongoing",
        on=ref,
    )
    services.measure_add(
        coordination=c1,
        added_by=fk,
        description="Fysioterapi och smärtskola på vårdcentralen",
        kind="medical",
        need_area="medical",
        responsible=region,
        starts_on=plan_day,
        ends_on=plan_day + dt.timedelta(days=90),
        follow_up_on=ref - dt.timedelta(days=3),
        status="ongoing",
        on=ref,
    )
    services.plan_agree(
        coordination=c1,
        agreed_by=fk,
        goal="Återfå arbetsförmåga för arbete på halvtid inom ett år.",
        agreed_on=plan_day,
        made_with_person=True,
        on=ref,
    )
    meeting = services.meeting_request(
        coordination=c1,
        requested_by=fk,
        reason="Stämma av arbetsträningen och den medicinska rehabiliteringen med personen, AF och vården.",
        on=ref,
    )
    services.meeting_add_participant(meeting=meeting, added_by=fk, organisation=af, name="Ali Karimi", on=ref)
    services.meeting_add_participant(meeting=meeting, added_by=fk, organisation=region, name="Helena Ström", on=ref)
    services.meeting_confirm_checklist(
        meeting=meeting,
        confirmed_by=fk,
        person_agreed=True,
        suits_person=True,
        person_joins_from="healthcare",
        location_chosen_by_person=True,
        identity_checked_by="healthcare",
        private_room_confirmed_by=["fk", "af", "healthcare"],
        reminded_no_secrets=True,
    )
    services.meeting_book(
        meeting=meeting,
        booked_by=fk,
        meeting_on=day + dt.timedelta(days=7),
        starts_at=dt.time(10, 0),
        mode="digital",
        on=day,
    )
    services.care_coordination_status_set(case=first, set_by=helena, status="active", note="Följer planen.")

    # 2. With an employer: consent for the employer, a vocational measure at the workplace.
    second = candidates[1]
    started2 = ref - dt.timedelta(days=75 + jitter_second)
    c2 = services.coordination_open(
        opened_by=fk,
        unit=unit,
        person_identity_number=second.subject.identity_number,
        origin="application",
        application_date=started2 + dt.timedelta(days=14),
        sick_leave_start=started2,
        has_employer=True,
        employer=employer,
        has_sgi=True,
        work_capacity_reduced=True,
        work_capacity_note="Sjukskriven på halvtid efter ryggskada.",
        responsible=fk,
        on=ref,
    )
    consent(c2, employer, ["rehab_plan"], started2 + dt.timedelta(days=20))
    services.measure_add(
        coordination=c2,
        added_by=fk,
        description="Anpassade arbetsuppgifter och arbetsträning på arbetsplatsen",
        kind="vocational",
        need_area="work",
        responsible=employer,
        starts_on=started2 + dt.timedelta(days=50),
        follow_up_on=day + dt.timedelta(days=20),
        status="ongoing",
        on=ref,
    )
    services.plan_agree(
        coordination=c2,
        agreed_by=fk,
        goal="Tillbaka i arbete på heltid.",
        agreed_on=started2 + dt.timedelta(days=50),
        made_with_person=True,
        on=ref,
    )

    # 3. An impulse from vård, needs not yet mapped, no plan.
    third = candidates[2]
    c3 = services.coordination_open(
        opened_by=fk,
        unit=unit,
        person_identity_number=third.subject.identity_number,
        origin="healthcare_impulse",
        impulse_from=region,
        application_date=ref - dt.timedelta(days=10),
        sick_leave_start=ref - dt.timedelta(days=45),
        has_employer=False,
        employer=None,
        has_sgi=True,
        work_capacity_reduced=True,
        responsible=fk,
        on=ref,
    )
    consent(c3, region, ["rehab_plan"], ref - dt.timedelta(days=9))
    services.care_coordination_status_set(case=third, set_by=helena, status="contacted")
    services.meeting_request(
        coordination=c3,
        requested_by=helena,
        reason="Patienten behöver stöd att komma tillbaka till arbetslivet; vi önskar ett avstämningsmöte.",
        patient_consented=True,
        on=ref,
    )
    if len(candidates) > 3:
        services.care_coordination_status_set(
            case=candidates[3], set_by=helena, status=CareCoordinationStatus.Status.DECLINED
        )


register_demo_step(DemoStep("rehab", 80, _seed_rehab))


def _seed_summons(world: DemoWorld) -> None:
    """The demo rehab case's booked avstämningsmöte gets its kallelse (issue 21.4)."""
    from samverkan.rehab.summons import seed_demo_summons

    seed_demo_summons(world)


register_demo_step(DemoStep("rehab-kallelse", 81, _seed_summons))


def _seed_employer_plan(world: DemoWorld) -> None:
    from samverkan.rehab.employer_demo import seed_employer_plan

    seed_employer_plan(world)


register_demo_step(DemoStep("rehab-employer-plan", 85, _seed_employer_plan))
