"""E-mail between officials (seed 004: "Personuppgifter får inte mejlas").

:func:`email_send` runs the guard of :mod:`samverkan.domain.pii` over subject and body with the names of the
persons in the sender's organisation's cases; a blocked message is not sent and is logged without the personal
data. When the recipient is away, the stand-in is named in an automatic reply.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction

from samverkan.accounts.models import User
from samverkan.core.clock import now
from samverkan.domain.pii import EmailCheck, check_outgoing_email
from samverkan.messaging.models import BlockedEmail, EmailKind, SentEmail
from samverkan.messaging.selectors import absence_on, guard_names_for
from samverkan.messaging.services.absences import absence_reply_text
from samverkan.messaging.services.common import logger, organisation_of, phone_of, required_text


@dataclass(frozen=True)
class EmailResult:
    """What happened to one e-mail: sent (with the stand-in's automatic reply, if any) or blocked."""

    sent: bool
    check: EmailCheck
    email: SentEmail | None = None
    blocked: BlockedEmail | None = None
    auto_reply: str = ""

    @property
    def message_lines(self) -> list[str]:
        return self.check.message.splitlines()


def _signature(user: User) -> str:
    organisation = user.organisation
    parts = [user.get_full_name(), ", ".join(user.role_labels())]
    if user.unit is not None:
        parts.append(user.unit.name)
    if organisation is not None:
        parts.append(organisation.name)
    phone = phone_of(user)
    if phone:
        parts.append(f"tfn {phone}")
    return "\n-- \n" + "\n".join(p for p in parts if p) + "\nSkickat via Samverkan."


@transaction.atomic
def email_send(*, sender: User, recipient: User, kind: str, subject: str, body: str) -> EmailResult:
    """Send an e-mail through Django's mail backend, unless the guard finds personal data.

    Allowed only for general questions, contact requests and meeting confirmations (seed 004).
    The guard (:func:`samverkan.domain.pii.check_outgoing_email`) stops any personnummer or
    samordningsnummer and any name of a person in a case of the sender's organisation; then
    nothing is sent, the attempt is logged without the personal data (:class:`BlockedEmail`),
    and the result's message tells the sender what to remove and which secure channel to use.
    When the recipient is absent, the stand-in is named in an automatic reply.
    """
    organisation = organisation_of(sender)
    if kind not in EmailKind.values:
        raise ValidationError(
            {
                "kind": "Mejl får bara användas för generella frågor, kontaktförfrågningar och mötesbekräftelser. "
                "Frågor om en person ställs som administrativ fråga."
            }
        )
    if recipient.pk == sender.pk:
        raise ValidationError({"recipient": "Välj en annan mottagare än dig själv."})
    if not recipient.is_active or not recipient.email:
        raise ValidationError({"recipient": f"{recipient} har ingen e-postadress i Samverkan."})
    subject_text = (subject or "").strip()
    if not subject_text:
        raise ValidationError({"subject": "Skriv en ämnesrad."})
    if len(subject_text) > 200:
        raise ValidationError({"subject": "Ämnesraden får vara högst 200 tecken."})
    body_text = required_text(body, "body", "Skriv ett meddelande. Ett tomt mejl skickas inte.")
    names = guard_names_for(organisation=organisation, texts=(subject_text, body_text))
    check = check_outgoing_email(subject_text, body_text, names)
    if check.blocked:
        blocked = BlockedEmail.objects.create(
            sender=sender,
            sender_organisation=organisation,
            recipient=recipient,
            kind=kind,
            findings=[{"type": f.type.value, "part": f.part.value, "line": f.line} for f in check.findings],
            blocked_at=now(),
        )
        logger.info("e-mail %s blocked by the personal-data guard: %s finding(s)", blocked.pk, len(check.findings))
        return EmailResult(sent=False, check=check, blocked=blocked)
    absence = absence_on(recipient)
    auto_reply = absence_reply_text(absence) if absence is not None else ""
    email = SentEmail.objects.create(
        sender=sender,
        sender_organisation=organisation,
        recipient=recipient,
        kind=kind,
        subject=subject_text,
        body=body_text,
        auto_reply=auto_reply,
        sent_at=now(),
    )
    label = EmailKind(kind).label
    message = EmailMessage(
        subject=f"[{label}] {subject_text}",
        body=body_text + _signature(sender),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        reply_to=[sender.email] if sender.email else None,
        headers={"X-Samverkan-Kind": kind},
    )
    message.send()
    if auto_reply and sender.email:
        EmailMessage(
            subject=f"Automatiskt svar: {subject_text}",
            body=auto_reply,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[sender.email],
            headers={"Auto-Submitted": "auto-replied"},
        ).send()
    return EmailResult(sent=True, check=check, email=email, auto_reply=auto_reply)
