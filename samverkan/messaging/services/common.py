"""What the communication services share: the official's organisation and unit, the checked free text, the in-app
notice, the notice by e-mail (never personal data) and the consent registered alongside a message."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.cases.models import Case
from samverkan.consents.case_types import infer_case_type
from samverkan.consents.selectors import consents_counting_for
from samverkan.consents.services import consent_register
from samverkan.core.clock import now, today
from samverkan.disclosures.passage import Passage
from samverkan.disclosures.passage import disclosure_message_passage as message_passage
from samverkan.domain.pii import check_outgoing_email, check_text
from samverkan.messaging.models import AdminQuestion, Notification
from samverkan.messaging.selectors import guard_names_for
from samverkan.people.models import Person

#: One logger for the package, under the name the single module had, so the logging configuration still matches.
logger = logging.getLogger("samverkan.messaging.services")

BODY_MAX_LENGTH = 4000
#: The consent fields of the question and answer forms (consent_register's field → ours).
_CONSENT_FIELDS = {
    "valid_to": "consent_valid_to",
    "valid_from": "consent_valid_to",
    "form": "consent_form",
    "taken_by_name": "consent_form",
    "taken_on": "consent_form",
}


def organisation_of(user: User) -> Organisation:
    organisation = user.organisation
    if organisation is None:
        raise ValidationError("Ditt konto hör inte till någon enhet.")
    return organisation


def unit_of(user: User) -> Unit:
    unit = user.unit
    if unit is None:
        raise ValidationError("Ditt konto hör inte till någon enhet.")
    return unit


def phone_of(user: User) -> str:
    return user.phone or (user.unit.phone if user.unit is not None else "")


def required_text(value: str, field: str, empty: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: empty}, code="required")
    if len(text) > BODY_MAX_LENGTH:
        raise ValidationError({field: f"Texten får vara högst {BODY_MAX_LENGTH} tecken."}, code="length")
    return text


def refuse_personal_data(text: str, *, field: str, organisations: Sequence[Organisation]) -> None:
    """Refuse free text with a personnummer or the name of a person in these organisations' cases (the guard of
    :mod:`samverkan.domain.pii`): the text is kept, so it must name no one."""
    names: list[str] = []
    for organisation in organisations:
        names += guard_names_for(organisation=organisation, texts=(text,))
    check = check_text(text, names)
    if check.blocked:
        raise ValidationError({field: check.message.splitlines()})


def site_url(path: str) -> str:
    """``path`` made absolute when ``SAMVERKAN_BASE_URL`` is configured (e.g. ``https://samverkan.example``)."""
    base = str(getattr(settings, "SAMVERKAN_BASE_URL", "") or "").rstrip("/")
    return base + path


def _remap(exc: ValidationError, mapping: dict[str, str], default: str) -> ValidationError:
    """A consent_register error moved onto the question form's consent fields."""
    if not hasattr(exc, "error_dict"):
        return ValidationError({default: exc.messages})
    moved: dict[str, list[str]] = {}
    for key, errors in exc.error_dict.items():
        target = mapping.get(key, default)
        moved.setdefault(target, []).extend(m for e in errors for m in e.messages)
    return ValidationError(moved)


def notify(*, user: User, kind: str, text: str, question: AdminQuestion) -> Notification:
    notification, _ = Notification.objects.update_or_create(
        user=user, kind=kind, question=question, defaults={"text": text, "created_at": now(), "read_at": None}
    )
    return notification


def mail_official(*, to: User, subject: str, body: str) -> None:
    """A notice by e-mail after the transaction commits. Never personal data: only a link to Samverkan."""
    if not to.email:
        return
    check = check_outgoing_email(subject, body)
    if check.blocked:  # pragma: no cover - the texts are built without personal data
        logger.error("notice e-mail not sent: the guard found personal data in a system text")
        return
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to.email])

    def send() -> None:
        # A mail server that is down must not undo the question: log it, the in-app notice stands.
        try:
            message.send()
        except Exception:  # any transport error
            logger.exception("notice e-mail to an official could not be sent")

    transaction.on_commit(send)


def consent_record_unless_covered(
    *,
    user: User,
    person: Person,
    recipient: Organisation,
    categories: Sequence[str],
    purpose: str,
    case: Case | None,
    form: str,
    valid_to: dt.date | None,
    on: dt.date,
    recipient_case: Case | None = None,
) -> None:
    """Register the person's consent, unless one the organisation recorded already covers these categories.

    The consent is given for the kind of ärende the recipient has the person in (``recipient_case``),
    or, when it has none, the kind its organisation type handles for this purpose.
    """
    organisation = organisation_of(user)
    kind = (
        recipient_case.case_type
        if recipient_case is not None
        else infer_case_type(recipient_type=recipient.org_type, purpose=purpose)
    )
    counting = consents_counting_for(
        person=person, discloser=organisation, recipient=recipient, on=on, case_type=kind or None
    )
    if any(set(categories) <= set(c.categories) for c in counting):
        return
    try:
        consent_register(
            registered_by=user,
            person=person,
            recipient=recipient,
            categories=list(categories),
            purpose=purpose,
            valid_from=on,
            valid_to=valid_to,
            form=form or "written",
            case_type=kind,
            taken_on=on,
            case=case,
        )
    except ValidationError as exc:
        raise _remap(exc, _CONSENT_FIELDS, "record_consent") from exc


@dataclass(frozen=True)
class SharingTerms:
    """What the official said when sending a message about a person: that secrecy was reviewed, and whether the
    person consented (in what form, until when); with the day it is sent."""

    secrecy_reviewed: bool
    record_consent: bool
    consent_form: str
    consent_valid_to: dt.date | None
    day: dt.date


def consented_passage(
    *,
    user: User,
    organisation: Organisation,
    recipient: Organisation,
    recipient_case: Case | None,
    person: Person,
    categories: Sequence[str],
    purpose: str,
    case: Case | None,
    terms: SharingTerms,
    consent_required: frozenset[str] = frozenset(),
) -> Passage:
    """The gate for a message about ``person`` to another organisation, with the person's consent registered
    first when the official says it was given (so the gate can pass the message on it)."""
    if terms.record_consent:
        consent_record_unless_covered(
            user=user,
            person=person,
            recipient=recipient,
            categories=categories,
            purpose=purpose,
            case=case,
            form=terms.consent_form,
            valid_to=terms.consent_valid_to,
            on=terms.day,
            recipient_case=recipient_case,
        )
    return message_passage(
        author_organisation=organisation,
        other_organisation=recipient,
        other_case=recipient_case,
        person=person,
        categories=categories,
        secrecy_reviewed=terms.secrecy_reviewed,
        on=terms.day,
        consent_required=consent_required,
    )


def each_counted(
    ids: Iterable[int],
    step: Callable[[int], bool],
    *,
    failure: str,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Run ``step`` for every id (each its own transaction) and count the ones it did something for.

    A nightly job continues past one bad item: the failure is logged (``failure % id``) and the next one runs.
    """
    done = 0
    for pk in ids:
        try:
            if step(pk):
                done += 1
        except Exception:  # a nightly job continues past one bad item
            logger.exception(failure, pk)
        if progress is not None:
            progress(1)
    return done


def each_due(
    due: Callable[[dt.date], Iterable[int]],
    step: Callable[[int, dt.date], bool],
    *,
    on: dt.date | None,
    ids: Sequence[int] | None,
    failure: str,
    progress: Callable[[int], object] | None,
) -> int:
    """A nightly job over :func:`each_counted`: ``step`` for each of ``ids``, or of the ids ``due`` on the day
    (today unless ``on``); the day is fixed once, so a run over midnight treats every item alike."""
    day = on or today()
    return each_counted(due(day) if ids is None else ids, lambda pk: step(pk, day), failure=failure, progress=progress)
