"""Call-back requests ("ring mig", seed 004: "Återkoppling … görs snarast"), due the next working day.

:func:`callback_request`, :func:`callback_done`, and :func:`callback_remind` / :func:`callback_reminders_send`
(once per call-back, :class:`~samverkan.messaging.models.CallbackReminder`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.cases.models import Case
from samverkan.core.clock import now, today
from samverkan.disclosures.audit import audit_append
from samverkan.disclosures.passage import QUESTION_CATEGORY, Passage
from samverkan.domain.callback import SOURCE as CALLBACK_SOURCE
from samverkan.domain.callback import callback_due_date, callback_in_time, callback_overdue
from samverkan.domain.organisations import UNIT_SEPARATED_TYPES
from samverkan.messaging import routing
from samverkan.messaging.models import Callback, CallbackReminder, Notification, Topic
from samverkan.messaging.services.common import (
    SharingTerms,
    consented_passage,
    each_due,
    mail_official,
    organisation_of,
    phone_of,
    refuse_personal_data,
    site_url,
    unit_of,
)
from samverkan.people.models import Person

CALLBACK_SUBJECT_MAX = 200
CALLBACK_NOTE_MAX = 200
CALLBACK_DEFAULT_NOTE = "Återkopplat"


def _guarded_line(*, organisation: Organisation, value: str, field: str, maximum: int, empty: str = "") -> str:
    """One line of free text that must carry no personal data (the e-mail guard of samverkan.domain.pii)."""
    text = " ".join((value or "").split())
    if not text:
        if empty:
            raise ValidationError({field: empty}, code="required")
        return ""
    if len(text) > maximum:
        raise ValidationError({field: f"Texten får vara högst {maximum} tecken."}, code="length")
    refuse_personal_data(text, field=field, organisations=[organisation])
    return text


def _callback_url(callback: Callback) -> str:
    return site_url(reverse("messaging:callbacks") + f"#aterkoppling-{callback.pk}")


def _notify_callback(*, user: User, kind: str, text: str, callback: Callback) -> None:
    Notification.objects.update_or_create(
        user=user, kind=kind, callback=callback, defaults={"text": text, "created_at": now(), "read_at": None}
    )


@dataclass(frozen=True)
class _Contact:
    """How the call-back is made: what it is about, the number to ring and when it suits."""

    subject: str
    phone: str
    time_window: str


@dataclass(frozen=True)
class _Target:
    """Who calls back: a named official, or the one the receiving organisation's routine names for contacts."""

    organisation: Organisation
    unit: Unit
    user: User
    other_case: Case | None
    named: bool
    note: str = ""


def _callback_contact(
    *, requester: User, organisation: Organisation, subject: str, channel: str, phone: str, time_window: str
) -> _Contact:
    text = _guarded_line(
        organisation=organisation,
        value=subject,
        field="subject",
        maximum=CALLBACK_SUBJECT_MAX,
        empty="Skriv vad återkopplingen gäller (utan personuppgifter).",
    )
    if channel not in Callback.Channel.values:
        raise ValidationError({"channel": "Välj telefon, Samverkan-meddelande eller videomöte."})
    number = " ".join((phone or "").split())
    if len(number) > 40:
        raise ValidationError({"phone": "Telefonnumret får vara högst 40 tecken."})
    if number and not re.fullmatch(r"[0-9+ ()\-]{5,40}", number):
        raise ValidationError({"phone": "Skriv ett telefonnummer med siffror, t.ex. 0155-24 60 00."})
    window = _guarded_line(organisation=organisation, value=time_window, field="time_window", maximum=100)
    if channel == Callback.Channel.PHONE:
        number = number or phone_of(requester)
        if not number:
            raise ValidationError({"phone": "Ange ett telefonnummer att ringa."})
    if channel == Callback.Channel.VIDEO and not window:
        raise ValidationError({"time_window": "Ange när ett videomöte passar, t.ex. ”tisdag kl. 9–11”."})
    return _Contact(subject=text, phone=number, time_window=window)


def _callback_person(case: Case | None, organisation: Organisation) -> Person | None:
    """The ärende's main person; the ärende must be the requester's organisation's own and aktuellt."""
    if case is None:
        return None
    if case.organisation_id != organisation.pk:
        raise ValidationError({"case_reference": "Ärendet hör inte till din organisation."})
    if not case.is_active:
        raise ValidationError({"case_reference": "Ärendet är avslutat."})
    return case.subject


def _named_target(*, requester: User, recipient: User, person: Person | None) -> _Target:
    target_org = recipient.organisation
    if recipient.pk == requester.pk:
        raise ValidationError({"recipient": "Välj någon annan än dig själv."})
    if not recipient.is_active or target_org is None or recipient.unit is None:
        raise ValidationError({"recipient": "Handläggaren finns inte i Samverkan."})
    if not recipient.has_role(*routing.QUESTION_ROLES) or target_org.type not in routing.QUESTION_ORG_TYPES:
        raise ValidationError({"recipient": f"{recipient.get_full_name()} tar inte emot begäranden om återkoppling."})
    other_case = routing.receiving_case(person=person, organisation=target_org) if person is not None else None
    return _Target(organisation=target_org, unit=recipient.unit, user=recipient, other_case=other_case, named=True)


def _routed_target(
    *,
    requester: User,
    recipient_organisation: Organisation | None,
    recipient_unit: Unit | None,
    person: Person | None,
    day: dt.date,
) -> _Target:
    if recipient_organisation is None and recipient_unit is not None:
        recipient_organisation = recipient_unit.organisation
    if recipient_organisation is None:
        raise ValidationError({"recipient": "Välj en handläggare eller en organisation som ska återkoppla."})
    target_org = recipient_organisation
    if target_org.type not in routing.QUESTION_ORG_TYPES:
        raise ValidationError(
            {"recipient_organisation": f"{target_org.name} tar inte emot begäranden om återkoppling."}
        )
    route = routing.route_question(
        person=person, organisation=target_org, topic=Topic.CONTACT, on=day, unit=recipient_unit
    )
    if route.user.pk == requester.pk:
        raise ValidationError({"recipient": "Rutinen pekar ut dig själv; välj en namngiven handläggare."})
    return _Target(
        organisation=target_org,
        unit=route.unit,
        user=route.user,
        other_case=route.case,
        named=False,
        note=route.note,
    )


def _callback_passage(
    *,
    requester: User,
    organisation: Organisation,
    target: _Target,
    person: Person | None,
    case: Case | None,
    terms: SharingTerms,
) -> Passage | None:
    """The gate, when the call-back names a person and goes to another organisation; none otherwise.

    Inside the own organisation a call-back about a person needs no gate, but in a region access follows the care
    relationship, so it may not name a patient to another vårdenhet.
    """
    if person is None:
        return None
    if target.organisation.pk == organisation.pk:
        own_unit = unit_of(requester)
        if organisation.type in UNIT_SEPARATED_TYPES and target.unit.pk != own_unit.pk:
            raise ValidationError(
                {
                    "case_reference": "Inom regionen följer åtkomsten vårdrelationen (4 kap. 1 § patientdatalagen): "
                    "en återkoppling om en patient till en annan vårdenhet skickas utan ärende, eller som "
                    "administrativ fråga."
                }
            )
        return None
    return consented_passage(
        user=requester,
        organisation=organisation,
        recipient=target.organisation,
        recipient_case=target.other_case,
        person=person,
        categories=[QUESTION_CATEGORY],
        purpose=f"Kontakt med {target.organisation.name} om personens ärende (begäran om återkoppling)",
        case=case,
        terms=terms,
    )


def _callback_store(
    *,
    requester: User,
    organisation: Organisation,
    target: _Target,
    contact: _Contact,
    channel: str,
    case: Case | None,
    person: Person | None,
    passage: Passage | None,
    day: dt.date,
) -> Callback:
    return Callback.objects.create(
        subject=contact.subject,
        requester=requester,
        requester_organisation=organisation,
        requester_unit=unit_of(requester),
        recipient=target.user,
        recipient_organisation=target.organisation,
        recipient_unit=target.unit,
        named=target.named,
        routing_note=target.note,
        case=case,
        person=person,
        basis=passage.basis if passage is not None else "",
        basis_text=passage.basis_text if passage is not None else "",
        consent_id=passage.consent_id if passage is not None else None,
        gate_snapshot=passage.snapshot() if passage is not None else {},
        channel=channel,
        phone=contact.phone,
        time_window=contact.time_window,
        status=Callback.Status.OPEN,
        requested_on=day,
        requested_at=now(),
        due_on=callback_due_date(day),
    )


def _callback_announce(*, callback: Callback, organisation: Organisation, passage: Passage | None) -> None:
    """Log ``callback.requested`` (with the gate's outcome when there was one) and notify the recipient."""
    requester, target_org = callback.requester, callback.recipient_organisation
    audit_append(
        event="callback.requested",
        actor=requester,
        organisation=organisation,
        recipient=target_org if passage is not None else None,
        person=callback.person,
        categories=passage.categories if passage is not None else (),
        basis=passage.basis if passage is not None else "",
        purpose="Begäran om återkoppling",
        extra={
            "callback_id": callback.pk,
            "recipient_id": callback.recipient.pk,
            "recipient_organisation": target_org.code,
            "channel": callback.channel,
            "due_on": callback.due_on,
            "named": callback.named,
            **(passage.audit_extra() if passage is not None else {}),
        },
    )
    _notify_callback(
        user=callback.recipient,
        kind=Notification.Kind.CALLBACK_RECEIVED,
        text=f"{requester.get_full_name()} ({organisation.name}) ber om återkoppling "
        f"({Callback.Channel(callback.channel).label.lower()}) senast {callback.due_on.isoformat()}.",
        callback=callback,
    )


@transaction.atomic
def callback_request(
    *,
    requester: User,
    subject: str,
    channel: str,
    recipient: User | None = None,
    recipient_organisation: Organisation | None = None,
    recipient_unit: Unit | None = None,
    case: Case | None = None,
    phone: str = "",
    time_window: str = "",
    secrecy_reviewed: bool = False,
    record_consent: bool = False,
    consent_form: str = "written",
    consent_valid_to: dt.date | None = None,
    on: dt.date | None = None,
) -> Callback:
    """Ask another official to call back (seed 004: "Återkoppling … görs snarast"), due the next working day.

    The recipient is ``recipient`` (a named official, of any organisation, or of the own) or, when
    none is named, the official the routine of ``recipient_organisation`` (or of ``recipient_unit``)
    names for contacts, as for an administrative question. The subject carries no personal data (the
    guard). ``case`` names the ärende (its main person); when the recipient is another organisation,
    that the person is a client there passes the gate like an administrative question. Logged as
    ``callback.requested`` and notified in the same transaction. Bad input raises a ValidationError
    naming the field; nothing is stored.
    """
    day = on or today()
    organisation = organisation_of(requester)
    contact = _callback_contact(
        requester=requester,
        organisation=organisation,
        subject=subject,
        channel=channel,
        phone=phone,
        time_window=time_window,
    )
    person = _callback_person(case, organisation)
    target = (
        _named_target(requester=requester, recipient=recipient, person=person)
        if recipient is not None
        else _routed_target(
            requester=requester,
            recipient_organisation=recipient_organisation,
            recipient_unit=recipient_unit,
            person=person,
            day=day,
        )
    )
    passage = _callback_passage(
        requester=requester,
        organisation=organisation,
        target=target,
        person=person,
        case=case,
        terms=SharingTerms(secrecy_reviewed, record_consent, consent_form, consent_valid_to, day),
    )
    callback = _callback_store(
        requester=requester,
        organisation=organisation,
        target=target,
        contact=contact,
        channel=channel,
        case=case,
        person=person,
        passage=passage,
        day=day,
    )
    _callback_announce(callback=callback, organisation=organisation, passage=passage)
    return callback


@transaction.atomic
def callback_done(*, callback: Callback, done_by: User, note: str = "", on: dt.date | None = None) -> Callback:
    """Mark a call-back done (the recipient, or a colleague at the recipient's unit), with a short note."""
    day = on or today()
    locked = Callback.objects.select_for_update(of=("self",)).select_related("requester").get(pk=callback.pk)
    organisation = organisation_of(done_by)
    if organisation.pk != locked.recipient_organisation_id or (
        done_by.pk != locked.recipient_id and done_by.unit_id != locked.recipient_unit_id
    ):
        raise ValidationError(
            "Bara den som ska återkoppla (eller en kollega på samma enhet) kan markera det som gjort."
        )
    if locked.status == Callback.Status.DONE:
        raise ValidationError("Återkopplingen är redan gjord.")
    text = _guarded_line(organisation=organisation, value=note, field="note", maximum=CALLBACK_NOTE_MAX)
    locked.status = Callback.Status.DONE
    locked.done_on = max(day, locked.requested_on)
    locked.done_at = now()
    locked.done_by = done_by
    locked.done_note = text or CALLBACK_DEFAULT_NOTE
    locked.save(update_fields=["status", "done_on", "done_at", "done_by", "done_note"])
    audit_append(
        event="callback.done",
        actor=done_by,
        organisation=organisation,
        person=locked.person,
        purpose="Begäran om återkoppling",
        extra={"callback_id": locked.pk, "in_time": callback_in_time(locked.due_on, locked.done_on)},
    )
    if locked.requester_id != done_by.pk:
        _notify_callback(
            user=locked.requester,
            kind=Notification.Kind.CALLBACK_DONE,
            text=f"{done_by.get_full_name()} har återkopplat: {locked.done_note}",
            callback=locked,
        )
    return locked


def callback_reminders_due(on: dt.date) -> list[int]:
    """Ids of open call-backs past their due day that have not been reminded."""
    return list(
        Callback.objects.filter(status=Callback.Status.OPEN, due_on__lt=on, reminder__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def callback_remind(*, callback: Callback, on: dt.date | None = None) -> bool:
    """Remind the recipient of an overdue call-back, once (in the app and by e-mail without personal data)."""
    day = on or today()
    locked = Callback.objects.select_for_update(of=("self",)).select_related("recipient").get(pk=callback.pk)
    if not (locked.status == Callback.Status.OPEN and callback_overdue(locked.due_on, day)):
        return False
    _reminder, created = CallbackReminder.objects.get_or_create(
        callback=locked, defaults={"sent_to": locked.recipient, "sent_on": day, "sent_at": now()}
    )
    if not created:
        return False
    text = f"Påminnelse: en begäran om återkoppling skulle ha besvarats senast {locked.due_on.isoformat()}."
    _notify_callback(user=locked.recipient, kind=Notification.Kind.CALLBACK_REMINDER, text=text, callback=locked)
    mail_official(
        to=locked.recipient,
        subject="Påminnelse: återkoppling",
        body=f"{text}\n\nLogga in i Samverkan och se Mina återkopplingar: {_callback_url(locked)}\n\n{CALLBACK_SOURCE}",
    )
    return True


def callback_reminders_send(
    *, on: dt.date | None = None, ids: Sequence[int] | None = None, progress: Callable[[int], object] | None = None
) -> int:
    """Remind every overdue call-back once; one transaction per call-back."""
    return each_due(
        callback_reminders_due,
        lambda pk, day: callback_remind(callback=Callback.objects.get(pk=pk), on=day),
        on=on,
        ids=ids,
        failure="reminder for call-back %s failed",
        progress=progress,
    )
