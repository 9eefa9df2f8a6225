"""The events other apps tell about, one call each from inside their own service's transaction.

Each function turns one change into the notifications it causes (:func:`services.notify`, and
:func:`services.notify_person` for the person's own side). The titles name the recipient's own ärende or
reference number, never a person. The functions take the objects the calling service already holds and
import no service of another app, so they can be called from any of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.notifications.models import Notification
from samverkan.notifications.services import notify, notify_person
from samverkan.people.models import Person

if TYPE_CHECKING:
    from samverkan.disclosures.models import ReviewTask
    from samverkan.messaging.models import AdminAnswer
    from samverkan.reclaims.models import Reclaim
    from samverkan.rehab.models import MeetingParticipant, ReviewMeeting

Kind = Notification.Kind


# --- Disclosures ---------------------------------------------------------------------------------


def review_decided(*, task: ReviewTask, actor: User) -> None:
    """The disclosing organisation has decided a review task: the requesting official gets the answer."""
    stored = task.request
    if stored.requested_by is None:
        return
    approved = task.status == task.Status.APPROVED
    where = f" i ärende {stored.case.reference}" if stored.case is not None else ""
    notify(
        recipients=[stored.requested_by],
        kind=Kind.REQUEST_ANSWERED,
        title=f"Svar på förfrågan nr {stored.pk}{where}: {stored.discloser.name} har prövat en uppgift, som "
        + ("lämnas ut." if approved else "inte lämnas ut."),
        link=reverse("disclosures:request_detail", args=[stored.pk]),
        organisation=stored.recipient,
        actor=actor,
    )


# --- Administrative questions --------------------------------------------------------------------


def question_answered(*, answer: AdminAnswer, actor: User) -> None:
    """An administrative question is answered: the official who asked it."""
    question = answer.question
    where = f" i ärende {question.sender_case.reference}" if question.sender_case is not None else ""
    notify(
        recipients=[question.sender],
        kind=Kind.QUESTION_ANSWERED,
        title=f"Svar på administrativ fråga nr {question.pk}{where} ({question.get_topic_display()}) "
        f"från {answer.author_organisation.name}.",
        link=reverse("messaging:question_detail", args=[question.pk]),
        organisation=question.sender_organisation,
        actor=actor,
    )


# --- Återsökning ---------------------------------------------------------------------------------


def reclaim_decided(*, reclaim: Reclaim, actor: User) -> None:
    """FK or PM has settled or refused an återsökning: the official who sent it, and the person."""
    paid = reclaim.status == reclaim.Status.PAID
    official = reclaim.sent_by or reclaim.drafted_by or reclaim.case.responsible
    outcome = "har betalat ut till socialnämnden" if paid else "har avslagit begäran"
    notify(
        recipients=[official],
        kind=Kind.RECLAIM_PAID if paid else Kind.RECLAIM_REFUSED,
        title=f"Återsökning {reclaim.reference} (ärende {reclaim.case.reference}): {reclaim.agency.name} {outcome}.",
        link=reverse("reclaims:detail", args=[reclaim.pk]),
        organisation=reclaim.organisation,
        actor=actor,
    )
    notify_person(
        person=reclaim.person,
        kind=Kind.RECLAIM_PAID if paid else Kind.RECLAIM_REFUSED,
        title=f"{reclaim.agency.name} har beslutat om {reclaim.organisation.name}s återsökning {reclaim.reference} "
        f"av din retroaktiva {reclaim.get_benefit_display().lower()}.",
        link=reverse("portal:home") + "#reclaims-heading",
        organisation=reclaim.agency,
        actor=actor,
    )


# --- Avstämningsmöten ----------------------------------------------------------------------------


def _when(meeting: ReviewMeeting) -> str:
    if meeting.meeting_on is None:
        return ""
    time = f" kl. {meeting.starts_at:%H:%M}" if meeting.starts_at is not None else ""
    return f"{meeting.meeting_on.isoformat()}{time}"


def _case_at(organisation: Organisation, person: Person) -> Case | None:
    """The organisation's own aktuella ärende about the person (the reference its officials know)."""
    return (
        Case.objects.filter(organisation=organisation, status=Case.Status.ACTIVE)
        .filter(Q(subject=person) | Q(members__person=person))
        .select_related("responsible")
        .order_by("-opened_on", "-pk")
        .first()
    )


def _named(organisation: Organisation, name: str) -> list[User]:
    """The official of ``organisation`` the invitation names (a participant's name is free text)."""
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        return []
    return [
        user
        for user in User.objects.filter(unit__organisation=organisation, is_active=True)
        if user.get_full_name().casefold() == wanted
    ]


def _participants_officials(
    meeting: ReviewMeeting, participants: list[MeetingParticipant]
) -> list[tuple[list[User], Organisation, Case]]:
    """For each invited organisation other than FK: its officials (named, or responsible for its own ärende)."""
    fk = meeting.coordination.case.organisation
    person = meeting.coordination.case.subject
    found: list[tuple[list[User], Organisation, Case]] = []
    for participant in participants:
        organisation = participant.organisation
        if organisation.pk == fk.pk:
            continue
        case = _case_at(organisation, person)
        if case is None:
            continue
        users = _named(organisation, participant.name) + ([case.responsible] if case.responsible else [])
        found.append((users, organisation, case))
    return found


def _tell_meeting(
    meeting: ReviewMeeting, *, kind: str, what: str, actor: User, participants: list[MeetingParticipant]
) -> None:
    """``what`` ("bokat till 2026-11-25 kl. 10:00") to FK's officials on the coordination and the invited ones."""
    coordination = meeting.coordination
    case = coordination.case
    fk_officials = [case.responsible, coordination.created_by]
    if meeting.requesting_organisation_id == case.organisation_id:
        fk_officials.append(meeting.requested_by)
    notify(
        recipients=fk_officials,
        kind=kind,
        title=f"Avstämningsmöte i ärende {case.reference}: {what}.",
        link=reverse("rehab:meeting", args=[coordination.pk, meeting.pk]),
        organisation=case.organisation,
        actor=actor,
    )
    groups = _participants_officials(meeting, participants)
    if meeting.requesting_organisation_id != case.organisation_id and all(
        org.pk != meeting.requesting_organisation_id for _, org, _ in groups
    ):
        own = _case_at(meeting.requesting_organisation, case.subject)
        if own is not None:
            groups.append(([meeting.requested_by], meeting.requesting_organisation, own))
    for users, organisation, own_case in groups:
        notify(
            recipients=users,
            kind=kind,
            title=f"Avstämningsmöte med {case.organisation.name} i ärende {own_case.reference}: {what}.",
            link=reverse("cases:detail", args=[own_case.pk]),
            organisation=organisation,
            actor=actor,
        )


def meeting_invited(*, participant: MeetingParticipant, actor: User) -> None:
    """An organisation (an official there) is invited to an avstämningsmöte."""
    meeting = participant.meeting
    when = _when(meeting)
    for users, organisation, own_case in _participants_officials(meeting, [participant]):
        notify(
            recipients=users,
            kind=Kind.MEETING_INVITED,
            title=f"Inbjudan till avstämningsmöte med {meeting.coordination.case.organisation.name} "
            f"i ärende {own_case.reference}" + (f" {when}." if when else " (tiden bestäms senare)."),
            link=reverse("cases:detail", args=[own_case.pk]),
            organisation=organisation,
            actor=actor,
        )


def meeting_booked(*, meeting: ReviewMeeting, moved: bool, actor: User) -> None:
    """An avstämningsmöte is booked or moved: every invited official, FK's officials and the person."""
    when = _when(meeting)
    what = f"flyttat till {when}" if moved else f"bokat till {when}"
    kind = Kind.MEETING_MOVED if moved else Kind.MEETING_BOOKED
    _tell_meeting(meeting, kind=kind, what=what, actor=actor, participants=list(meeting.participants.all()))
    organisation = meeting.coordination.case.organisation
    notify_person(
        person=meeting.coordination.case.subject,
        kind=kind,
        title=f"Du är kallad till ett avstämningsmöte med {organisation.name} {when}."
        if not moved
        else f"Ditt avstämningsmöte med {organisation.name} är flyttat till {when}.",
        link=reverse("portal:home") + "#meetings-heading",
        organisation=organisation,
        actor=actor,
    )


def meeting_cancelled(*, meeting: ReviewMeeting, actor: User) -> None:
    """An avstämningsmöte is cancelled: every invited official, FK's officials and the person."""
    when = _when(meeting)
    what = f"inställt (var {when})" if when else "inställt"
    _tell_meeting(
        meeting, kind=Kind.MEETING_CANCELLED, what=what, actor=actor, participants=list(meeting.participants.all())
    )
    organisation = meeting.coordination.case.organisation
    notify_person(
        person=meeting.coordination.case.subject,
        kind=Kind.MEETING_CANCELLED,
        title=f"Avstämningsmötet med {organisation.name}" + (f" {when}" if when else "") + " är inställt.",
        link=reverse("portal:home") + "#meetings-heading",
        organisation=organisation,
        actor=actor,
    )
