"""Who saw what about the person (Mina sidor's "Vem har sett mina uppgifter"): the audit entries that are
disclosures of data about the person, each as a row in plain Swedish with the outcome, the organisations,
the official as the organisation's policy lets the person see them, the data, the basis with its statute,
and the purpose. Administrative questions between vård and Försäkringskassan are never listed (seed 004)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Q

from samverkan.accounts.models import Organisation, User
from samverkan.disclosures.models import AuditEntry, DisclosureDecision
from samverkan.domain.disclosure import category_name
from samverkan.domain.organisations import Role
from samverkan.messaging.models import AdminQuestion
from samverkan.messaging.selectors import admin_questions_visible_to_person
from samverkan.people.models import Person
from samverkan.portal.models import PortalPolicy

#: Audit events that are a disclosure of data about the person (or a read across organisations).
DISCLOSURE_EVENT_PREFIXES = ("disclosure.", "review.")
DISCLOSURE_EVENTS = frozenset({"notice.proactive", "read.cross_org"})


def category_label(code: str) -> str:
    return category_name(code)


def category_labels(codes: Iterable[str]) -> list[str]:
    return [category_label(c) for c in sorted(set(codes), key=lambda c: category_label(c).lower())]


def hidden_admin_question_ids(person: Person) -> set[int]:
    """The person's administrative questions that messaging does not let the person see (all of them, seed 004)."""
    every = set(AdminQuestion.objects.filter(person=person).values_list("pk", flat=True))
    visible = set(admin_questions_visible_to_person(person=person).values_list("pk", flat=True))
    return every - visible


def is_admin_question(entry: AuditEntry, hidden_questions: set[int] | frozenset[int] = frozenset()) -> bool:
    """An administrative question or answer between vård and Försäkringskassan (seed 004).

    The agencies may keep these from the person in this channel ("syns ej i Mina Intyg"; the
    patient reads them in the journal), so they are never listed, whatever event records them:
    an ``admin_question.*`` event, the category ``admin_question``, or a reference to one of the
    person's questions that :func:`samverkan.messaging.selectors.admin_questions_visible_to_person`
    does not return.
    """
    extra = entry.extra if isinstance(entry.extra, Mapping) else {}
    return (
        entry.event.startswith("admin_question.")
        or "admin_question" in (entry.categories or [])
        or extra.get("channel") == "admin_question"
        or extra.get("question_id") in hidden_questions
        or extra.get("admin_question_id") in hidden_questions
    )


@dataclass(frozen=True)
class DisclosureRow:
    entry_id: int
    at: dt.datetime
    event: str
    outcome: str
    outcome_class: str
    discloser: str
    recipient: str
    handled_by: str
    categories: list[str]
    basis: str
    purpose: str


_OUTCOMES: Mapping[str, tuple[str, str]] = {
    "disclosure.released": ("Lämnades ut", "result-ok"),
    "notice.proactive": ("Lämnades ut på eget initiativ", "result-ok"),
    "disclosure.review_requested": ("Skickades till sekretessprövning", "result-attention"),
    "disclosure.denied": ("Lämnades inte ut", "result-missing"),
    "review.approved": ("Lämnades ut efter sekretessprövning", "result-ok"),
    "review.refused": ("Lämnades inte ut efter sekretessprövning", "result-missing"),
    "read.cross_org": ("Uppgifterna lästes", "result-ok"),
}


def _role_text(codes: str) -> str:
    labels = []
    for code in (codes or "").split(","):
        code = code.strip()
        if not code:
            continue
        try:
            labels.append(Role(code).label)
        except ValueError:
            continue
    return " och ".join(sorted(labels)) or "Tjänsteperson"


def _show_names(organisation_ids: Iterable[int]) -> set[int]:
    return set(
        PortalPolicy.objects.filter(organisation_id__in=set(organisation_ids), show_official_names=True).values_list(
            "organisation_id", flat=True
        )
    )


def _official(entry: AuditEntry, organisation: Organisation | None, named: set[int], *, place: bool = True) -> str:
    """The official as the person may see them: role (and organisation), the name only if policy allows."""
    role = _role_text(entry.actor_role)
    actor: User | None = entry.actor
    where = f" vid {organisation.name}" if organisation is not None and place else ""
    if actor is not None and organisation is not None and organisation.pk in named:
        return f"{actor.get_full_name() or actor.username} ({role.lower()}){where}"
    return f"{role}{where}"


def _handled_by(entry: AuditEntry, named: set[int]) -> str:
    if entry.event in ("disclosure.released", "disclosure.denied", "disclosure.review_requested"):
        if entry.actor_id is None:
            return "Begärt automatiskt"
        return f"Begärt av: {_official(entry, entry.recipient, named, place=False)}"
    if entry.event == "notice.proactive":
        if entry.actor_id is None:
            return f"Skickat automatiskt av {entry.organisation.name}" if entry.organisation else "Skickat automatiskt"
        return f"Skickat av: {_official(entry, entry.organisation, named)}"
    if entry.event.startswith("review."):
        return f"Prövat av: {_official(entry, entry.organisation, named)}"
    if entry.event == "read.cross_org":
        return f"Läst av: {_official(entry, entry.organisation, named)}"
    return _official(entry, entry.organisation, named)


def _citations(entry: AuditEntry, decisions: Mapping[tuple[int, str], str]) -> list[str]:
    """The provisions cited for the entry's categories, each once, in the order first cited."""
    extra = entry.extra if isinstance(entry.extra, Mapping) else {}
    texts: list[str] = []
    cited = extra.get("citations")
    if isinstance(cited, Mapping):
        texts = [str(cited[c]) for c in sorted(cited) if cited[c]]
    if not texts:
        request_id = extra.get("request_id")
        if isinstance(request_id, int):
            texts = [
                decisions[(request_id, c)] for c in sorted(entry.categories or []) if decisions.get((request_id, c))
            ]
    found: list[str] = []
    for text in texts:
        for provision in text.split(", "):
            if provision.strip() and provision.strip() not in found:
                found.append(provision.strip())
    return found


def _statutes(citations: Sequence[str]) -> str:
    if not citations:
        return ""
    listed = citations[0] if len(citations) == 1 else f"{', '.join(citations[:-1])} och {citations[-1]}"
    return f" Lagstöd: {listed}."


def _basis_text(entry: AuditEntry, citations: Sequence[str]) -> str:
    """The basis in plain Swedish, with the statute."""
    cited = _statutes(citations)
    discloser = entry.organisation.name if entry.organisation else "Myndigheten"
    recipient = entry.recipient.name if entry.recipient else "mottagaren"
    if entry.event == "review.refused":
        return f"{discloser} prövade själv begäran och lämnade inte ut uppgifterna.{cited}"
    if entry.event == "disclosure.denied":
        return (
            "Det fanns ingen laglig grund: varken en skyldighet att lämna ut uppgifterna eller ett samtycke från dig "
            f"som gällde. Uppgifterna skyddas av sekretess och lämnades inte ut.{cited}"
        )
    if entry.event == "disclosure.review_requested":
        if entry.basis == "consent":
            return (
                f"Du har lämnat samtycke, men {discloser} prövar alltid själv begäran innan något lämnas ut "
                f"(sekretessprövning).{cited}"
            )
        return f"{discloser} prövar själv begäran innan något lämnas ut (sekretessprövning).{cited}"
    if entry.basis == "duty":
        how = "på eget initiativ " if entry.event == "notice.proactive" else ""
        return (
            f"Uppgiftsskyldighet: {discloser} är enligt lag skyldig att {how}lämna uppgifterna till {recipient}. "
            f"Ditt samtycke behövs inte.{cited}"
        )
    if entry.basis == "consent":
        after = f" {discloser} prövade också själv begäran." if entry.event == "review.approved" else ""
        return f"Ditt samtycke: du har gett {discloser} lov att lämna uppgifterna till {recipient}.{after}{cited}"
    if entry.event == "notice.proactive":
        return f"{discloser} lämnade uppgifterna på eget initiativ enligt lag.{cited}"
    if entry.basis:
        return f"{entry.basis}.{cited}"
    return f"Ingen grund angiven.{cited}"


def disclosure_entries_for(person: Person) -> list[AuditEntry]:
    """The audit entries that are disclosures about the person, newest first, admin questions left out."""
    condition = Q(event__in=DISCLOSURE_EVENTS)
    for prefix in DISCLOSURE_EVENT_PREFIXES:
        condition |= Q(event__startswith=prefix)
    entries = (
        AuditEntry.objects.filter(person=person)
        .filter(condition)
        .select_related("organisation", "recipient", "actor")
        .order_by("-sequence")
    )
    hidden = hidden_admin_question_ids(person)
    return [e for e in entries if not is_admin_question(e, hidden)]


def disclosure_log_for(person: Person) -> list[DisclosureRow]:
    """Who saw what about the person: when, which organisation and role, which data, on what basis, why."""
    entries = disclosure_entries_for(person)
    request_ids = {e.extra.get("request_id") for e in entries if isinstance(e.extra, Mapping)}
    request_ids = {r for r in request_ids if isinstance(r, int)}
    decisions = {
        (d["request_id"], d["category"]): d["citation"]
        for d in DisclosureDecision.objects.filter(request_id__in=request_ids).values(
            "request_id", "category", "citation"
        )
    }
    named = _show_names(o for e in entries for o in (e.organisation_id, e.recipient_id) if o is not None)
    rows = []
    for entry in entries:
        outcome, css = _OUTCOMES.get(entry.event, (entry.event, ""))
        rows.append(
            DisclosureRow(
                entry_id=entry.pk,
                at=entry.created_at,
                event=entry.event,
                outcome=outcome,
                outcome_class=css,
                discloser=entry.organisation.name if entry.organisation else "",
                recipient=entry.recipient.name if entry.recipient else "",
                handled_by=_handled_by(entry, named),
                categories=category_labels(entry.categories or []),
                basis=_basis_text(entry, _citations(entry, decisions)),
                purpose=entry.purpose,
            )
        )
    return rows
