"""E-mail reminders, sent once each: the next step of the rehabilitation chain (day 90, 180, 365; SFB 27 kap.
46–49 §§) to FK's responsible official, and the last day of the employer's plan for return to work (SFB
30 kap. 6 §) to the employer.

The mail carries no personal data (seed 004, "Personuppgifter får inte mejlas"): no name, no
personnummer, no case reference — only that a chain or a plan needs attention and a link into
Samverkan, where the official logs in. The texts pass the e-mail guard
(:func:`samverkan.domain.pii.check_outgoing_email`) before they are sent. A :class:`ReminderMail`
row per milestone (coordination, day, date) and per plan deadline is stored in the transaction that
sends, so running the job again sends nothing twice. Part of ``samverkan rehab remind`` (the
scheduled ``rehab-remind`` job).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse

from samverkan.accounts.models import User
from samverkan.cases.models import Case
from samverkan.core.clock import now, today
from samverkan.disclosures.audit import audit_append
from samverkan.domain.organisations import Role
from samverkan.domain.pii import check_outgoing_email
from samverkan.domain.return_to_work import (
    milestone_label,
    milestone_reminder_due,
    milestone_subject,
    plan_reminder_due,
)
from samverkan.domain.sick_leave_chain import SFB_30_6
from samverkan.rehab import employer_plans, selectors
from samverkan.rehab.models import EmployerPlan, RehabCoordination, ReminderMail

logger = logging.getLogger(__name__)


def _url(name: str, pk: int) -> str:
    base = str(getattr(settings, "SAMVERKAN_BASE_URL", "") or "").rstrip("/")
    return base + reverse(name, args=[pk])


def _send(*, to: Sequence[User], subject: str, body: str) -> int:
    """Send after the transaction commits; never a text the guard stops. Returns the number of recipients."""
    addresses = [u.email for u in to if u.is_active and u.email]
    if not addresses:
        return 0
    if check_outgoing_email(subject, body).blocked:  # pragma: no cover - the texts hold no personal data
        logger.error("reminder e-mail not sent: the guard found personal data in a system text")
        return 0
    messages = [
        EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address])
        for address in addresses
    ]

    def send() -> None:
        for message in messages:
            try:
                message.send()
            except Exception:  # a mail server that is down must not stop the run; the row stands
                logger.exception("reminder e-mail could not be sent")

    transaction.on_commit(send)
    return len(addresses)


# --- The chain's milestones, to FK's responsible official ------------------------------------------


def milestone_body(*, day: int, url: str) -> str:
    return (
        f"En rehabiliteringskedja i Samverkan närmar sig dag {milestone_label(day)}. Från dag {day} bedöms "
        "arbetsförmågan mot en vidare krets av arbeten (27 kap. 46–49 §§ socialförsäkringsbalken).\n\n"
        f"Logga in i Samverkan och öppna samordningen: {url}\n\n"
        "Meddelandet innehåller inga personuppgifter. Skicka inte personuppgifter med e-post."
    )


@transaction.atomic
def milestone_mail_send(*, coordination: RehabCoordination, on: dt.date) -> bool:
    """Mail the responsible official before the chain's next step; once per coordination, step and date."""
    coordination = (
        RehabCoordination.objects.select_for_update(of=("self",))
        .select_related("case__responsible", "case__organisation")
        .get(pk=coordination.pk)
    )
    case = coordination.case
    responsible = case.responsible
    if not case.is_active or responsible is None or not responsible.email:
        return False
    chain = selectors.sick_leave_chain_for(coordination, on=on)
    if chain is None or chain.next_milestone_day is None or chain.next_milestone is None:
        return False
    if not milestone_reminder_due(chain.next_milestone, on=on):
        return False
    day, due_on = chain.next_milestone_day, chain.next_milestone
    if ReminderMail.objects.filter(
        kind=ReminderMail.Kind.MILESTONE, coordination=coordination, day=day, due_on=due_on
    ).exists():
        return False
    try:
        with transaction.atomic():
            row = ReminderMail.objects.create(
                kind=ReminderMail.Kind.MILESTONE, coordination=coordination, day=day, due_on=due_on, sent_at=now()
            )
    except IntegrityError:  # a concurrent run sent it first
        return False
    row.recipients = _send(
        to=[responsible],
        subject=milestone_subject(day),
        body=milestone_body(day=day, url=_url("rehab:detail", coordination.pk)),
    )
    row.save(update_fields=["recipients"])
    audit_append(
        event="rehab.milestone_mailed",
        actor=None,
        organisation=case.organisation,
        person=case.subject,
        purpose="Samordning av rehabiliteringsinsatser",
        extra={"case": case.reference, "coordination": coordination.pk, "day": day, "due_on": due_on.isoformat()},
    )
    return True


def milestone_mails_send(*, on: dt.date | None = None) -> int:
    """Every milestone reminder due on ``on``; one transaction per coordination, one bad one stops nothing."""
    day = on or today()
    sent = 0
    ids = RehabCoordination.objects.filter(
        case__status=Case.Status.ACTIVE, case__responsible__isnull=False, sick_leave_start__isnull=False
    ).values_list("pk", flat=True)
    for pk in list(ids):
        try:
            if milestone_mail_send(coordination=RehabCoordination.objects.get(pk=pk), on=day):
                sent += 1
        except Exception:  # a nightly job continues past one bad item
            logger.exception("milestone reminder for coordination %s failed", pk)
    return sent


# --- The employer's plan, to the employer --------------------------------------------------------------


def plan_body(*, due: dt.date, url: str) -> str:
    return (
        "En plan för återgång i arbete ska vara upprättad senast dag 30 i sjukperioden när arbetsförmågan väntas "
        f"vara nedsatt i minst 60 dagar ({SFB_30_6.text}). För ett ärende hos er är sista dagen "
        f"{due.isoformat()} och planen saknas.\n\n"
        f"Logga in i Samverkan och öppna ärendet: {url}\n\n"
        "Meddelandet innehåller inga personuppgifter. Skicka inte personuppgifter med e-post."
    )


def _employer_recipients(plan: EmployerPlan) -> list[User]:
    case = plan.case
    if case.responsible is not None and case.responsible.is_active and case.responsible.email:
        return [case.responsible]
    return list(
        User.objects.filter(
            unit__organisation=case.organisation,
            is_active=True,
            role_assignments__role=Role.EMPLOYER_REPRESENTATIVE.value,
        )
        .distinct()
        .order_by("username")
    )


@transaction.atomic
def plan_deadline_mail_send(*, plan: EmployerPlan, on: dt.date) -> bool:
    """Remind the employer before the plan's last day while no version exists; once per plan and last day."""
    plan = (
        EmployerPlan.objects.select_for_update(of=("self",))
        .select_related("case__organisation", "case__responsible")
        .get(pk=plan.pk)
    )
    if not plan.case.is_active:
        return False
    deadline = employer_plans.deadline_of(plan, on=on)
    if deadline is None or deadline.due is None or not plan_reminder_due(deadline, on=on):
        return False
    if ReminderMail.objects.filter(kind=ReminderMail.Kind.PLAN_DEADLINE, plan=plan, due_on=deadline.due).exists():
        return False
    recipients = _employer_recipients(plan)
    if not recipients:
        return False
    try:
        with transaction.atomic():
            row = ReminderMail.objects.create(
                kind=ReminderMail.Kind.PLAN_DEADLINE, plan=plan, day=30, due_on=deadline.due, sent_at=now()
            )
    except IntegrityError:
        return False
    row.recipients = _send(
        to=recipients,
        subject="Påminnelse: plan för återgång i arbete",
        body=plan_body(due=deadline.due, url=_url("rehab:employer_case", plan.case_id)),
    )
    row.save(update_fields=["recipients"])
    audit_append(
        event="rehab.employer_plan_reminder_mailed",
        actor=None,
        organisation=plan.case.organisation,
        person=plan.case.subject,
        basis=SFB_30_6.text,
        purpose=employer_plans.PURPOSE,
        extra={"case": plan.case.reference, "employer_plan": plan.pk, "due_on": deadline.due.isoformat()},
    )
    return True


def plan_deadline_mails_send(*, on: dt.date | None = None) -> int:
    day = on or today()
    sent = 0
    ids = EmployerPlan.objects.filter(case__status=Case.Status.ACTIVE, versions__isnull=True).values_list(
        "pk", flat=True
    )
    for pk in list(ids):
        try:
            if plan_deadline_mail_send(plan=EmployerPlan.objects.get(pk=pk), on=day):
                sent += 1
        except Exception:
            logger.exception("plan deadline reminder for employer plan %s failed", pk)
    return sent
