"""Kallelse till avstämningsmöte (issue 21.4): built from the meeting when asked, sent by FK, read on Mina sidor.

- **Building.** :func:`build` turns a booked meeting into a :class:`Summons` (plain data: title,
  sender, recipient, facts, sections) that the HTML page, the PDF (:func:`render`, on the page of
  :mod:`samverkan.core.pdf_layout`, as the återsökning letters) and tests read alike. Time, place or
  how to join a digital meeting, who attends (organisations, roles, named officials), why, what to
  bring, the responsible FK official's work contact details and, when
  :func:`samverkan.domain.summons.summons_notice` says so, the notice of SFB 110 kap. 58 §. A cancelled
  meeting whose kallelse was sent gives the cancellation instead.
- **Sending.** :func:`summons_send` (FK's official, POST "Skicka kallelse") records a
  :class:`~samverkan.rehab.models.MeetingSummons` with the time and place it was sent for, audited.
  :func:`summons_follow_meeting` is called by the booking and cancelling services: moving a meeting
  marks the kallelse replaced and sends the new one in the same transaction; cancelling it marks it
  cancelled. Only what was sent is shown on Mina sidor.
- **Reading.** FK's officials of the coordination (the coordination's organisation, through
  :func:`samverkan.rehab.selectors.coordinations_for`) and the person themselves; nobody else.
  Under protected identity Mina sidor never shows the meeting place or the FK office (the portal's
  rule), and no letter shows the person's address.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from samverkan.accounts.models import User
from samverkan.core.clock import now, today
from samverkan.core.pdf_layout import TEXT_WIDTH, LetterStyles, facts_table, letter_head, letter_styles, render_a4
from samverkan.domain.dates import MONTH_NAMES
from samverkan.domain.statutes import SFB_110_14, SFB_110_58
from samverkan.domain.summons import SummonsNotice, summons_notice
from samverkan.people.models import Person
from samverkan.rehab.actors import party_code
from samverkan.rehab.models import MeetingSummons, ReviewMeeting
from samverkan.rehab.services.common import BASIS_COORDINATION, audit, require_active, require_fk_official

#: Shown on Mina sidor instead of a meeting place or an office under protected identity (as the portal does).
PROTECTED_TEXT = "Visas inte (skyddade personuppgifter)"
#: Försäkringskassan's line for private persons (docs/domain.md §8, seed 004), when the official has no work phone of their own.
FK_PHONE = "0771-524 524 (Försäkringskassans kundcenter)"
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


# --- Dates ----------------------------------------------------------------------------------------


def long_day(day: dt.date) -> str:
    """``2026-11-25`` → ``"onsdag 25 november 2026"``."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def when_text(day: dt.date, starts_at: dt.time | None) -> str:
    return long_day(day) + (f" kl. {starts_at:%H.%M}" if starts_at is not None else "")


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


# --- Reading the rows -----------------------------------------------------------------------------


def current_summons(meeting: ReviewMeeting) -> MeetingSummons | None:
    """The kallelse in force: sent and neither replaced nor cancelled."""
    return meeting.summonses.filter(status=MeetingSummons.Status.SENT).select_related("sent_by").first()


def latest_summons(meeting: ReviewMeeting) -> MeetingSummons | None:
    return meeting.summonses.select_related("sent_by").order_by("-sent_at", "-pk").first()


def _differs(summons: MeetingSummons, meeting: ReviewMeeting) -> bool:
    """Whether the meeting no longer is what the kallelse said (time, form, place or the 58 § notice)."""
    return (
        summons.meeting_on != meeting.meeting_on
        or summons.starts_at != meeting.starts_at
        or summons.mode != meeting.mode
        or summons.location != meeting.location
        or summons.non_attendance_notice != meeting.reduction_possible
    )


def notice_for(meeting: ReviewMeeting, *, sent_on: dt.date) -> SummonsNotice | None:
    """The domain's answer on the 110 kap. 58 § notice, or ``None`` for a meeting without a day yet."""
    if meeting.meeting_on is None:
        return None
    return summons_notice(reduction_possible=meeting.reduction_possible, meeting_on=meeting.meeting_on, sent_on=sent_on)


# --- Building -------------------------------------------------------------------------------------


@dataclass
class Section:
    heading: str
    lines: list[str] = field(default_factory=list)
    #: Shown as an emphasised notice (the 110 kap. 58 § text).
    notice: bool = False


@dataclass
class Summons:
    """A kallelse (or its cancellation) as plain data: what the HTML page and the PDF both show."""

    title: str
    sender: list[str]
    recipient: list[str]
    date: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    draft: bool = False
    cancelled: bool = False
    notice: SummonsNotice | None = None

    def text(self) -> str:
        """Everything the kallelse says, as plain text."""
        parts = [self.title, *self.sender, *self.recipient, self.date]
        parts += [f"{k}: {v}" for k, v in self.facts]
        for section in self.sections:
            parts += [section.heading, *section.lines]
        return "\n".join(p for p in parts if p)


def _hides_places(person: Person) -> bool:
    return person.protected_identity


def _official(meeting: ReviewMeeting) -> User | None:
    case = meeting.coordination.case
    return case.responsible or meeting.booked_by or meeting.requested_by


def _official_line(user: User | None) -> str:
    if user is None:
        return "Handläggare, Försäkringskassan"
    name = user.get_full_name() or user.username
    return f"{name}, {user.title or 'handläggare'}, Försäkringskassan"


def _sender(meeting: ReviewMeeting, *, hide_office: bool) -> list[str]:
    case = meeting.coordination.case
    lines = [case.organisation.name]
    if not hide_office:
        lines.append(case.unit.name)
        if case.unit.address:
            lines.append(case.unit.address)
    return lines


def _recipient(person: Person) -> list[str]:
    if person.protected_identity:
        return [person.full_name, "Skyddade personuppgifter – adressen visas inte"]
    return [
        line
        for line in (person.full_name, person.street_address, f"{person.postal_code} {person.city}".strip())
        if line
    ]


def _joins_from(meeting: ReviewMeeting) -> str:
    """The organisation the person joins a digital meeting from (the party they chose, seed 004)."""
    code = meeting.person_joins_from
    if not code:
        return ""
    if code == "fk":
        return meeting.coordination.case.organisation.name
    for participant in meeting.participants.all():
        if party_code(participant.organisation) == code:
            return participant.organisation.name
    return ""


def _place_facts(meeting: ReviewMeeting, *, hide_place: bool) -> list[tuple[str, str]]:
    if meeting.is_digital:
        facts = [("Mötesform", "Digitalt möte (video)")]
        where = _joins_from(meeting)
        if hide_place:
            facts.append(("Plats", PROTECTED_TEXT))
        elif where:
            facts.append(
                (
                    "Du deltar hos",
                    f"{where}, som du själv har valt. Där kontrollerar de din legitimation och du sitter i ett "
                    "enskilt rum under mötet.",
                )
            )
        if meeting.location and not hide_place:
            facts.append(("Länk till mötet", meeting.location))
        elif not where and not hide_place:
            facts.append(("Länk till mötet", "Du får länken av din handläggare före mötet."))
        return facts
    place = PROTECTED_TEXT if hide_place else (meeting.location or "Meddelas av din handläggare")
    return [("Mötesform", "Möte på plats"), ("Plats", place)]


def _attendees(meeting: ReviewMeeting, official: User | None) -> list[str]:
    lines = ["Du", _official_line(official)]
    for participant in meeting.participants.all():
        text = participant.organisation.name
        if participant.name:
            text += f": {participant.name}"
        if participant.role:
            text += f" ({participant.role})"
        lines.append(text)
    return lines


def _contact(meeting: ReviewMeeting, official: User | None, *, hide_office: bool) -> list[str]:
    """The official's work phone and e-mail; the office's own only when the office may be shown (its number and
    mailbox name the place)."""
    unit = meeting.coordination.case.unit
    phone = (official.phone if official is not None else "") or ("" if hide_office else unit.phone) or FK_PHONE
    lines = [_official_line(official), f"Telefon: {phone}"]
    email = (official.email if official is not None else "") or ("" if hide_office else unit.email)
    if email:
        lines.append(f"E-post: {email} (skriv inte ditt personnummer eller om din hälsa i e-post)")
    return lines


def _bring(meeting: ReviewMeeting) -> list[str]:
    lines = ["Legitimation (id-kort, körkort eller pass)."]
    if meeting.is_digital:
        lines[0] = "Legitimation (id-kort, körkort eller pass): den som du deltar hos kontrollerar den före mötet."
    lines += [
        "Din rehabiliteringsplan, om du har fått den, och intyg eller andra papper som du vill ta upp.",
        "Skriv gärna ner frågor och vad du vill säga om din hälsa, ditt arbete och dina behov.",
        "Du får ta med någon som stöd, till exempel en anhörig. Säg till din handläggare före mötet.",
    ]
    return lines


#: A meeting in these statuses has the day and time a kallelse names.
_HAS_A_TIME = (ReviewMeeting.Status.BOOKED, ReviewMeeting.Status.HELD)


def build(meeting: ReviewMeeting, *, for_person: bool, on: dt.date | None = None) -> Summons:
    """The kallelse for a booked meeting (a draft before it is sent), or the cancellation after a sent one.

    ``for_person``: the version on Mina sidor (no place or office under protected identity).
    Raises ``ValueError`` for a meeting that is neither booked with a day and time nor a cancelled
    meeting whose kallelse was sent (callers show a 404).
    """
    on = on or today()
    case = meeting.coordination.case
    person = case.subject
    hide = for_person and _hides_places(person)
    official = _official(meeting)
    latest = latest_summons(meeting)
    if meeting.status == ReviewMeeting.Status.CANCELLED:
        if latest is None or latest.status != MeetingSummons.Status.CANCELLED:
            raise ValueError("no cancellation to show")
        return _cancellation(meeting, latest, hide=hide, official=official)
    if meeting.meeting_on is None or meeting.starts_at is None or meeting.status not in _HAS_A_TIME:
        raise ValueError("the meeting is not booked")
    current = current_summons(meeting)
    draft = current is None
    sent_on = _local_day(current.sent_at) if current is not None else on
    notice = notice_for(meeting, sent_on=sent_on)
    summons = Summons(
        title=("UTKAST – " if draft else "") + "Kallelse till avstämningsmöte",
        sender=_sender(meeting, hide_office=hide or person.protected_identity),
        recipient=_recipient(person),
        date=f"Datum: {sent_on.isoformat()}" + (" (inte skickad)" if draft else ""),
        draft=draft,
        notice=notice,
    )
    summons.facts = [
        ("Dag och tid", when_text(meeting.meeting_on, meeting.starts_at)),
        *_place_facts(meeting, hide_place=hide),
        ("Ärende", case.reference),
    ]
    replaced = (
        meeting.summonses.filter(status=MeetingSummons.Status.REPLACED).order_by("-sent_at", "-pk").first()
        if current is not None
        else None
    )
    intro = [
        "Försäkringskassan kallar dig till ett avstämningsmöte om din rehabilitering och din arbetsförmåga "
        f"({SFB_110_14.text})."
    ]
    if replaced is not None:
        intro.append(
            f"Mötet är flyttat. Den här kallelsen ersätter kallelsen av {_local_day(replaced.sent_at).isoformat()} "
            f"till mötet {when_text(replaced.meeting_on, replaced.starts_at)}."
        )
    summons.sections = [
        Section("", intro),
        Section(
            "Varför vi ses",
            [
                "På mötet går vi tillsammans igenom hur du mår, vad du kan arbeta med och vad som behövs för att du "
                "ska kunna komma tillbaka till arbete. Försäkringskassan samordnar din rehabilitering; varje aktör "
                f"ansvarar för sina egna insatser ({BASIS_COORDINATION}).",
                f"Skälet till det här mötet: {meeting.reason}",
            ],
        ),
        Section("Vem deltar", _attendees(meeting, official)),
        Section("Ta med dig", _bring(meeting)),
    ]
    if notice is not None and notice.applies:
        summons.sections.append(Section("Du behöver delta", [notice.text], notice=True))
    else:
        summons.sections.append(Section("Om du inte kan komma", [notice.text if notice else ""]))
    summons.sections.append(
        Section("Kontakt", _contact(meeting, official, hide_office=hide or person.protected_identity))
    )
    return summons


def _cancellation(meeting: ReviewMeeting, latest: MeetingSummons, *, hide: bool, official: User | None) -> Summons:
    person = meeting.coordination.case.subject
    ended = _local_day(latest.ended_at) if latest.ended_at else _local_day(latest.sent_at)
    summons = Summons(
        title="Avstämningsmötet är inställt",
        sender=_sender(meeting, hide_office=hide or person.protected_identity),
        recipient=_recipient(person),
        date=f"Datum: {ended.isoformat()}",
        cancelled=True,
    )
    summons.facts = [
        ("Mötet som är inställt", when_text(latest.meeting_on, latest.starts_at)),
        ("Ärende", meeting.coordination.case.reference),
    ]
    summons.sections = [
        Section(
            "",
            [
                f"Avstämningsmötet {when_text(latest.meeting_on, latest.starts_at)} är inställt. Kallelsen som du fick "
                f"{_local_day(latest.sent_at).isoformat()} gäller inte längre, och du ska inte komma till mötet.",
                "Behövs ett nytt möte får du en ny kallelse.",
            ],
        ),
        Section("Kontakt", _contact(meeting, official, hide_office=hide or person.protected_identity)),
    ]
    return summons


# --- The PDF --------------------------------------------------------------------------------------


def render(summons: Summons) -> bytes:
    """Lay the kallelse out on A4 (the same page as the återsökning letters, :mod:`samverkan.core.pdf_layout`)."""
    styles = letter_styles(small_size=9.5, small_leading=12.5)
    story = letter_head(
        styles, sender=summons.sender, recipient=summons.recipient, date=summons.date, title=summons.title
    )
    if summons.facts:
        story += [facts_table(styles, summons.facts, label_width=40 * mm), Spacer(1, 4 * mm)]
    for section in summons.sections:
        story += _section(styles, section)
    return render_a4(
        story, title=summons.title, sender=summons.sender, subject=f"Avstämningsmöte enligt {SFB_110_14.text}"
    )


def _section(styles: LetterStyles, section: Section) -> list[Any]:
    """A section kept on one page; the 110 kap. 58 § notice in bold in a box."""
    block: list[Any] = []
    if section.heading:
        block.append(styles.para(section.heading, styles.subheading))
    for line in section.lines:
        block += [styles.para(line, styles.strong if section.notice else styles.body), Spacer(1, 1 * mm)]
    if section.notice:
        box = Table([[block]], colWidths=[TEXT_WIDTH])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, colors.black), ("LEFTPADDING", (0, 0), (-1, -1), 4)]))
        return [Spacer(1, 2 * mm), box, Spacer(1, 2 * mm)]
    return [KeepTogether(block), Spacer(1, 2 * mm)]


def filename(meeting: ReviewMeeting) -> str:
    day = meeting.meeting_on.isoformat() if meeting.meeting_on else "utan-dag"
    return f"kallelse-avstamningsmote-{day}.pdf"


# --- Writes ---------------------------------------------------------------------------------------


def _audit_summons(event: str, *, actor: User, summons: MeetingSummons, **extra: object) -> None:
    meeting = summons.meeting
    basis = f"{SFB_110_14.text}; {BASIS_COORDINATION}"
    if summons.non_attendance_notice:
        basis += f"; {SFB_110_58.text}"
    audit(
        event=event,
        actor=actor,
        coordination=meeting.coordination,
        basis=basis,
        extra={
            "meeting": meeting.pk,
            "summons": summons.pk,
            "meeting_on": summons.meeting_on.isoformat(),
            "mode": summons.mode,
            "non_attendance_notice": summons.non_attendance_notice,
            **extra,
        },
    )


def _create(meeting: ReviewMeeting, sent_by: User) -> MeetingSummons:
    assert meeting.meeting_on is not None and meeting.starts_at is not None
    return MeetingSummons.objects.create(
        meeting=meeting,
        sent_by=sent_by,
        sent_at=now(),
        meeting_on=meeting.meeting_on,
        starts_at=meeting.starts_at,
        mode=meeting.mode,
        location=meeting.location,
        non_attendance_notice=meeting.reduction_possible,
    )


@transaction.atomic
def summons_send(*, meeting: ReviewMeeting, sent_by: User, on: dt.date | None = None) -> MeetingSummons:
    """FK's official sends the kallelse to the insured ("Skicka kallelse"): recorded, audited, shown on Mina sidor."""
    require_fk_official(sent_by, meeting.coordination)
    require_active(meeting.coordination)
    on = on or today()
    meeting = (
        ReviewMeeting.objects.select_for_update(of=("self",)).select_related("coordination__case").get(pk=meeting.pk)
    )
    if meeting.status != ReviewMeeting.Status.BOOKED or meeting.meeting_on is None or meeting.starts_at is None:
        raise ValidationError("En kallelse kan skickas först när mötet är bokat med dag och tid.")
    if meeting.meeting_on < on:
        raise ValidationError("Mötet har redan varit; en kallelse kan inte skickas.")
    current = current_summons(meeting)
    if current is not None and not _differs(current, meeting):
        who = current.sent_by.get_full_name() or current.sent_by.username
        raise ValidationError(
            f"Kallelsen är redan skickad {timezone.localtime(current.sent_at):%Y-%m-%d %H:%M} av {who}. "
            "Flyttas mötet skickas en ny kallelse."
        )
    replaced = None
    if current is not None:  # the meeting changed without the booking service (should not happen): replace it
        current.status, current.ended_at = MeetingSummons.Status.REPLACED, now()
        current.save(update_fields=["status", "ended_at"])
        replaced = current.pk
    summons = _create(meeting, sent_by)
    notice = notice_for(meeting, sent_on=on)
    _audit_summons(
        "rehab.summons_sent",
        actor=sent_by,
        summons=summons,
        replaces=replaced,
        notice_beforehand=bool(notice and notice.applies and notice.beforehand),
    )
    return summons


def summons_follow_meeting(*, meeting: ReviewMeeting, changed_by: User) -> MeetingSummons | None:
    """After the meeting was moved or cancelled: the sent kallelse is replaced (and the new one sent) or cancelled.

    Called inside the booking and cancelling services' transactions; does nothing when no kallelse
    was sent or when nothing it said has changed. Returns the new kallelse, if one was sent.
    """
    current = current_summons(meeting)
    if current is None:
        return None
    if meeting.status == ReviewMeeting.Status.CANCELLED:
        current.status, current.ended_at = MeetingSummons.Status.CANCELLED, now()
        current.save(update_fields=["status", "ended_at"])
        _audit_summons("rehab.summons_cancelled", actor=changed_by, summons=current)
        return None
    if meeting.status != ReviewMeeting.Status.BOOKED or not _differs(current, meeting):
        return None
    current.status, current.ended_at = MeetingSummons.Status.REPLACED, now()
    current.save(update_fields=["status", "ended_at"])
    summons = _create(meeting, changed_by)
    notice = notice_for(meeting, sent_on=today())
    _audit_summons(
        "rehab.summons_sent",
        actor=changed_by,
        summons=summons,
        replaces=current.pk,
        notice_beforehand=bool(notice and notice.applies and notice.beforehand),
    )
    return summons


# --- For the pages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingSummonsState:
    """What FK's meeting page shows about the kallelse."""

    can_build: bool
    can_send: bool
    current: MeetingSummons | None
    history: list[MeetingSummons]
    notice: SummonsNotice | None
    why_not: str


def meeting_state(meeting: ReviewMeeting, *, on: dt.date) -> MeetingSummonsState:
    history = list(meeting.summonses.select_related("sent_by").order_by("-sent_at", "-pk"))
    current = next((s for s in history if s.status == MeetingSummons.Status.SENT), None)
    booked = (
        meeting.status == ReviewMeeting.Status.BOOKED
        and meeting.meeting_on is not None
        and meeting.starts_at is not None
    )
    if meeting.status == ReviewMeeting.Status.CANCELLED:
        can_build = bool(history) and history[0].status == MeetingSummons.Status.CANCELLED
    else:
        can_build = booked or (meeting.status == ReviewMeeting.Status.HELD and current is not None)
    why_not = ""
    if not booked:
        why_not = "En kallelse kan skickas när mötet är bokat med dag och tid."
    elif meeting.meeting_on is not None and meeting.meeting_on < on:
        why_not = "Mötet har redan varit."
    elif not meeting.coordination.case.is_active:
        why_not = "Samordningsärendet är avslutat."
    elif current is not None:
        why_not = "Kallelsen är skickad. Flyttas mötet skickas en ny kallelse, ställs det in får personen veta det."
    sent_on = _local_day(current.sent_at) if current is not None else on
    return MeetingSummonsState(
        can_build=can_build,
        can_send=not why_not,
        current=current,
        history=history,
        notice=notice_for(meeting, sent_on=sent_on) if booked else None,
        why_not=why_not,
    )


@dataclass(frozen=True)
class PersonSummons:
    """One meeting on the person's "Mina kallelser": its kallelse (or cancellation) as sent."""

    meeting_id: int
    organisation: str
    summons: Summons
    status: str
    cancelled: bool


def _person_meetings(person: Person) -> QuerySet[ReviewMeeting]:
    return (
        ReviewMeeting.objects.filter(coordination__case__subject=person, summonses__isnull=False)
        .distinct()
        .select_related(
            "coordination__case__organisation",
            "coordination__case__unit",
            "coordination__case__subject",
            "coordination__case__responsible",
            "booked_by",
            "requested_by",
        )
        .prefetch_related("participants__organisation")
    )


def person_summonses(person: Person, *, on: dt.date) -> list[PersonSummons]:
    """The kallelser (and cancellations) the person has been sent for meetings from ``on`` onwards, soonest first."""
    rows = []
    for meeting in _person_meetings(person):
        latest = latest_summons(meeting)
        if latest is None or latest.status == MeetingSummons.Status.REPLACED:
            continue
        day = meeting.meeting_on if latest.status == MeetingSummons.Status.SENT else latest.meeting_on
        if day is None or day < on:
            continue
        cancelled = latest.status == MeetingSummons.Status.CANCELLED
        rows.append(
            (
                (day, latest.starts_at),
                PersonSummons(
                    meeting_id=meeting.pk,
                    organisation=meeting.coordination.case.organisation.name,
                    summons=build(meeting, for_person=True, on=on),
                    status=latest.get_status_display(),
                    cancelled=cancelled,
                ),
            )
        )
    rows.sort(key=lambda r: r[0])
    return [row for _key, row in rows]


def person_summons_meeting(person: Person, meeting_id: int) -> ReviewMeeting | None:
    """The person's own meeting whose kallelse (or cancellation) was sent; ``None`` for anything else."""
    meeting = _person_meetings(person).filter(pk=meeting_id).first()
    if meeting is None:
        return None
    latest = latest_summons(meeting)
    if latest is None or latest.status == MeetingSummons.Status.REPLACED:
        return None
    return meeting
