"""Demo data for rehabilitation coordination: three coordination cases at Försäkringskassan.

One without employer, with consents for AF and vård, a plan and a booked digital avstämningsmöte (and its
kallelse, :func:`seed_summons`); one with an employer; one opened on an impulse from vård, with no plan yet.
Idempotent: seeded once. The employer's own plan is :mod:`samverkan.rehab.employer_demo`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.core.demo import DemoWorld
from samverkan.domain.organisations import CaseType
from samverkan.rehab import services, summons
from samverkan.rehab.models import CareCoordinationStatus, MeetingSummons, RehabCoordination, ReviewMeeting


@dataclass(frozen=True)
class _Cast:
    """Who and what the demo coordinations use, and the days they are dated from."""

    fk: User
    unit: Unit
    af: Organisation
    region: Organisation
    employer: Organisation
    helena: User
    ref: dt.date
    day: dt.date


def _demo_candidates(world: DemoWorld) -> list[Case]:
    """Persons with an FK sickness case and a sick-leave case at Vårdcentralen Ängen, without protected identity.

    The first ones also have a case at Arbetsförmedlingen (so AF can look at its part of the plan).
    """
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


def _consent(cast: _Cast, coordination: RehabCoordination, recipient: Any, categories: list[str], on: dt.date) -> None:
    services.rehab_consent_register(
        coordination=coordination,
        registered_by=cast.fk,
        recipient=recipient,
        categories=categories,
        purpose=f"Samordning av rehabiliteringsinsatser i ärende {coordination.case.reference}",
        valid_from=on,
        valid_to=on + dt.timedelta(days=300),
        form="written",
        taken_by_name=cast.fk.get_full_name(),
        taken_on=on,
    )


def _open_without_employer(cast: _Cast, case: Case, started: dt.date) -> RehabCoordination:
    """No employer, no SGI, reduced work capacity; the needs mapped and consents for AF and vård."""
    coordination = services.coordination_open(
        opened_by=cast.fk,
        unit=cast.unit,
        person_identity_number=case.subject.identity_number,
        origin="application",
        application_date=started,
        sick_leave_start=None,
        has_employer=False,
        employer=None,
        has_sgi=False,
        work_capacity_reduced=True,
        work_capacity_note="Långvarig smärtproblematik; klarar i dag inte mer än enstaka timmar om dagen.",
        responsible=cast.fk,
        on=cast.ref,
    )
    services.needs_map(
        coordination=coordination,
        mapped_by=cast.fk,
        assessments={
            "medical": ("yes", "Behöver fysioterapi och smärtrehabilitering."),
            "work": ("yes", "Saknar arbetsgivare; behöver kartläggning och arbetsträning."),
            "social": ("no", ""),
            "economic": ("unclear", "Saknar SGI; ekonomiskt bistånd kan bli aktuellt."),
        },
    )
    _consent(cast, coordination, cast.af, ["rehab_plan", "review_meeting_minutes"], started + dt.timedelta(days=3))
    _consent(cast, coordination, cast.region, ["rehab_plan", "review_meeting_minutes"], started + dt.timedelta(days=3))
    return coordination


def _plan_without_employer(cast: _Cast, coordination: RehabCoordination, plan_day: dt.date) -> None:
    """Work training through AF and physiotherapy at the vårdcentral (its follow-up overdue), agreed with the person."""
    services.measure_add(
        coordination=coordination,
        added_by=cast.fk,
        description="Kartläggning och arbetsträning via Arbetsförmedlingen",
        kind="vocational",
        need_area="work",
        responsible=cast.af,
        starts_on=plan_day,
        ends_on=plan_day + dt.timedelta(days=120),
        follow_up_on=cast.day + dt.timedelta(days=5),
        status="ongoing",
        on=cast.ref,
    )
    services.measure_add(
        coordination=coordination,
        added_by=cast.fk,
        description="Fysioterapi och smärtskola på vårdcentralen",
        kind="medical",
        need_area="medical",
        responsible=cast.region,
        starts_on=plan_day,
        ends_on=plan_day + dt.timedelta(days=90),
        follow_up_on=cast.ref - dt.timedelta(days=3),
        status="ongoing",
        on=cast.ref,
    )
    services.plan_agree(
        coordination=coordination,
        agreed_by=cast.fk,
        goal="Återfå arbetsförmåga för arbete på halvtid inom ett år.",
        agreed_on=plan_day,
        made_with_person=True,
        on=cast.ref,
    )


def _digital_meeting(cast: _Cast, coordination: RehabCoordination) -> None:
    """A digital avstämningsmöte with AF and vård, its checklist confirmed (seed 004), booked a week ahead."""
    fk = cast.fk
    meeting = services.meeting_request(
        coordination=coordination,
        requested_by=fk,
        reason="Stämma av arbetsträningen och den medicinska rehabiliteringen med personen, AF och vården.",
        on=cast.ref,
    )
    services.meeting_add_participant(meeting=meeting, added_by=fk, organisation=cast.af, name="Ali Karimi", on=cast.ref)
    services.meeting_add_participant(
        meeting=meeting, added_by=fk, organisation=cast.region, name="Helena Ström", on=cast.ref
    )
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
        meeting_on=cast.day + dt.timedelta(days=7),
        starts_at=dt.time(10, 0),
        mode="digital",
        on=cast.day,
    )


def _seed_without_employer(cast: _Cast, case: Case, jitter: int) -> None:
    started = cast.ref - dt.timedelta(days=40 + jitter)
    coordination = _open_without_employer(cast, case, started)
    _plan_without_employer(cast, coordination, started + dt.timedelta(days=21))
    _digital_meeting(cast, coordination)
    services.care_coordination_status_set(case=case, set_by=cast.helena, status="active", note="Följer planen.")


def _seed_with_employer(cast: _Cast, case: Case, jitter: int) -> None:
    """With an employer: consent for the employer, a vocational measure at the workplace."""
    started = cast.ref - dt.timedelta(days=75 + jitter)
    coordination = services.coordination_open(
        opened_by=cast.fk,
        unit=cast.unit,
        person_identity_number=case.subject.identity_number,
        origin="application",
        application_date=started + dt.timedelta(days=14),
        sick_leave_start=started,
        has_employer=True,
        employer=cast.employer,
        has_sgi=True,
        work_capacity_reduced=True,
        work_capacity_note="Sjukskriven på halvtid efter ryggskada.",
        responsible=cast.fk,
        on=cast.ref,
    )
    _consent(cast, coordination, cast.employer, ["rehab_plan"], started + dt.timedelta(days=20))
    services.measure_add(
        coordination=coordination,
        added_by=cast.fk,
        description="Anpassade arbetsuppgifter och arbetsträning på arbetsplatsen",
        kind="vocational",
        need_area="work",
        responsible=cast.employer,
        starts_on=started + dt.timedelta(days=50),
        follow_up_on=cast.day + dt.timedelta(days=20),
        status="ongoing",
        on=cast.ref,
    )
    services.plan_agree(
        coordination=coordination,
        agreed_by=cast.fk,
        goal="Tillbaka i arbete på heltid.",
        agreed_on=started + dt.timedelta(days=50),
        made_with_person=True,
        on=cast.ref,
    )


def _seed_impulse(cast: _Cast, case: Case) -> None:
    """An impulse from vård, needs not yet mapped, no plan; vård asks for an avstämningsmöte."""
    ref = cast.ref
    coordination = services.coordination_open(
        opened_by=cast.fk,
        unit=cast.unit,
        person_identity_number=case.subject.identity_number,
        origin="healthcare_impulse",
        impulse_from=cast.region,
        application_date=ref - dt.timedelta(days=10),
        sick_leave_start=ref - dt.timedelta(days=45),
        has_employer=False,
        employer=None,
        has_sgi=True,
        work_capacity_reduced=True,
        responsible=cast.fk,
        on=ref,
    )
    _consent(cast, coordination, cast.region, ["rehab_plan"], ref - dt.timedelta(days=9))
    services.care_coordination_status_set(case=case, set_by=cast.helena, status="contacted")
    services.meeting_request(
        coordination=coordination,
        requested_by=cast.helena,
        reason="Patienten behöver stöd att komma tillbaka till arbetslivet; vi önskar ett avstämningsmöte.",
        patient_consented=True,
        on=ref,
    )


def seed_rehab(world: DemoWorld) -> None:
    """A few coordination cases: one without employer with consents for AF and vård, a plan and a
    booked digital avstämningsmöte; one with an employer; one opened on an impulse from vård, no plan yet."""
    # Draw from the shared generator before anything else, so later steps see the same state on every run.
    jitter_first, jitter_second = world.rng.randint(0, 5), world.rng.randint(0, 5)
    if RehabCoordination.objects.filter(case__organisation=world.org("fk")).exists():
        return  # idempotent: seeded before
    candidates = _demo_candidates(world)
    if len(candidates) < 3:
        world.log("  rehab: för få sjukskrivna i demovärlden, hoppar över")
        return
    cast = _Cast(
        fk=world.user("fredrik.holm"),
        unit=world.unit("fk/lfk-sorby"),
        af=world.org("af"),
        region=world.org("region-malarmark"),
        employer=world.org("sorby-bygg"),
        helena=world.user("helena.strom"),
        ref=world.reference_date,
        day=max(today(), world.reference_date),
    )
    _seed_without_employer(cast, candidates[0], jitter_first)
    _seed_with_employer(cast, candidates[1], jitter_second)
    _seed_impulse(cast, candidates[2])
    if len(candidates) > 3:
        services.care_coordination_status_set(
            case=candidates[3], set_by=cast.helena, status=CareCoordinationStatus.Status.DECLINED
        )


def seed_summons(world: DemoWorld) -> None:
    """Send the kallelse for the demo rehab case's booked avstämningsmöte (issue 21.4; idempotent)."""
    if MeetingSummons.objects.filter(meeting__coordination__case__organisation=world.org("fk")).exists():
        return
    meeting = (
        ReviewMeeting.objects.filter(
            status=ReviewMeeting.Status.BOOKED,
            coordination__case__organisation__code="fk",
            meeting_on__gte=today(),
        )
        .select_related("coordination__case")
        .order_by("meeting_on", "pk")
        .first()
    )
    if meeting is None:
        return
    summons.summons_send(meeting=meeting, sent_by=world.user("fredrik.holm"))
    world.log("  rehab: kallelse skickad till avstämningsmötet")
