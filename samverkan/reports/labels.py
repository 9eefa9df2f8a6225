"""Swedish names of audit events, event groups and bases, for the log review's lists and exports."""

from __future__ import annotations

from samverkan.domain.disclosure import CATEGORIES

EVENT_LABELS: dict[str, str] = {
    "disclosure.released": "Uppgifter lämnade",
    "disclosure.denied": "Uppgifter nekade",
    "disclosure.review_requested": "Till sekretessprövning",
    "read.cross_org": "Läsning hos annan organisation",
    "notice.proactive": "Uppgifter på eget initiativ",
    "review.approved": "Sekretessprövning: lämnas ut",
    "review.refused": "Sekretessprövning: lämnas inte ut",
    "consent.registered": "Samtycke registrerat",
    "consent.withdrawn": "Samtycke återkallat",
    "consent.requested": "Samtycke begärt av personen",
    "consent.confirmed": "Samtycke bekräftat",
    "consent.rejected": "Samtycke avvisat",
    "reclaim.drafted": "Återsökning upprättad",
    "reclaim.sent": "Återsökning skickad",
    "reclaim.paid": "Återsökning utbetald",
    "reclaim.refused": "Återsökning avslagen",
    "reclaim.too_late": "Återsökning för sent",
    "rehab.plan_changed": "Rehabiliteringsplan ändrad",
    "rehab.meeting_requested": "Avstämningsmöte begärt",
    "rehab.meeting_booked": "Avstämningsmöte bokat",
    "admin_question.sent": "Administrativ fråga skickad",
    "admin_question.answered": "Administrativ fråga besvarad",
    "logreview.marked": "Logggranskning: fynd granskat",
    "logreview.searched": "Logggranskning: sökning på person",
    "logreview.exported": "Logggranskning: export",
    "logreview.official_linked": "Logggranskning: handläggare kopplad till egen personpost",
    "logreview.official_unlinked": "Logggranskning: koppling till egen personpost borttagen",
    "portal.login": "Inloggning i Mina sidor",
    "case.opened": "Ärende upplagt",
    "case.member_added": "Hushållsmedlem tillagd i ärende",
    "case.closed": "Ärende avslutat",
}

#: Filter groups of the search: code → (label, event prefixes or exact events).
EVENT_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "lookup": (
        "Slagningar (begäranden om uppgifter)",
        ("disclosure.released", "disclosure.denied", "disclosure.review_requested", "read.cross_org"),
    ),
    "proactive": ("Uppgifter på eget initiativ", ("notice.",)),
    "review": ("Sekretessprövningar", ("review.",)),
    "consent": ("Samtycken", ("consent.",)),
    "reclaim": ("Återsökning", ("reclaim.",)),
    "rehab": ("Rehabiliteringssamordning", ("rehab.",)),
    "admin_question": ("Administrativa frågor", ("admin_question.",)),
    "registry": ("Myndigheternas register", ("registry.",)),
    "assistance": ("Ekonomiskt bistånd", ("assistance.",)),
    "logreview": ("Logggranskning", ("logreview.",)),
    "case": ("Ärenden och hushåll", ("case.",)),
}

BASIS_LABELS: dict[str, str] = {
    "duty": "Uppgiftsskyldighet",
    "consent": "Samtycke",
    "": "Ingen grund",
}

BASIS_CHOICES = [("duty", "Uppgiftsskyldighet"), ("consent", "Samtycke"), ("none", "Ingen grund angiven")]


def event_label(event: str) -> str:
    if event in EVENT_LABELS:
        return EVENT_LABELS[event]
    head, _, tail = event.partition(".")
    return f"{head}: {tail.replace('_', ' ')}"


def category_label(code: str) -> str:
    category = CATEGORIES.get(code)
    return category.label if category is not None else code


def category_choices() -> list[tuple[str, str]]:
    return sorted(((c.code, c.label) for c in CATEGORIES.values()), key=lambda item: item[1])


def basis_label(basis: str) -> str:
    return BASIS_LABELS.get(basis, basis)
