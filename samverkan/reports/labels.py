"""Swedish names of audit events, event groups and bases, for the log review's lists and exports."""

from __future__ import annotations

from samverkan.domain.disclosure import CATEGORIES, category_name

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
    "callback.requested": "Återkoppling begärd",
    "callback.done": "Återkoppling gjord",
    "term_meeting.booked": "Terminsmöte med kontaktpersonen bokat",
    "term_meeting.moved": "Terminsmöte med kontaktpersonen flyttat",
    "term_meeting.held": "Terminsmöte med kontaktpersonen genomfört",
    "logreview.marked": "Logggranskning: fynd granskat",
    "logreview.searched": "Logggranskning: sökning på person",
    "logreview.exported": "Logggranskning: export",
    "logreview.official_linked": "Logggranskning: handläggare kopplad till egen personpost",
    "logreview.official_unlinked": "Logggranskning: koppling till egen personpost borttagen",
    "portal.login": "Inloggning i Mina sidor",
    "account.login_failed": "Misslyckad inloggning",
    "account.locked_out": "Konto tillfälligt låst efter misslyckade inloggningar",
    "account.session_expired": "Utloggad efter tidsgräns",
    "account.official_added": "Handläggare tillagd av systemförvaltaren",
    "account.unit_changed": "Handläggarens enhet ändrad",
    "account.roles_changed": "Handläggarens roller ändrade",
    "account.deactivated": "Handläggarkonto avaktiverat",
    "account.reactivated": "Handläggarkonto aktiverat igen",
    "admin.added": "Administration: post tillagd av plattformens drift",
    "admin.changed": "Administration: post ändrad av plattformens drift",
    "admin.deleted": "Administration: post borttagen av plattformens drift",
    "case.opened": "Ärende upplagt",
    "case.member_added": "Hushållsmedlem tillagd i ärende",
    "case.closed": "Ärende avslutat",
    "reclaim.pending_registered": "Väntad förmån registrerad",
    "reclaim.pending_withdrawn": "Väntad förmån borttagen",
    "assistance.application_created": "Ansökan om ekonomiskt bistånd registrerad",
    "assistance.application_updated": "Ansökan om ekonomiskt bistånd ändrad",
    "assistance.cost_added": "Kostnad tillagd i ansökan",
    "assistance.cost_removed": "Kostnad borttagen ur ansökan",
    "assistance.income_added": "Inkomst tillagd i ansökan",
    "assistance.income_removed": "Inkomst borttagen ur ansökan",
    "assistance.decided": "Beslut om ekonomiskt bistånd",
    "assistance.payment_registered": "Utbetalning av ekonomiskt bistånd registrerad",
    "assistance.control_run_started": "Kontrollkörning startad",
    "assistance.control_run_completed": "Kontrollkörning klar",
    "registry.recorded": "Post registrerad i myndighetens register",
    "registry.imported": "Myndighetens register inläst",
    "rehab.coordination_opened": "Samordningsärende upplagt",
    "rehab.coordination_updated": "Samordningsärende ändrat",
    "rehab.needs_mapped": "Behovskartläggning sparad",
    "rehab.care_status_changed": "Vårdens status för patienten ändrad",
    "rehab.follow_up_reminder": "Påminnelse om uppföljning av insats",
    "rehab.meeting_cancelled": "Avstämningsmöte inställt",
    "rehab.meeting_checklist_confirmed": "Avstämningsmötets checklista bekräftad",
    "rehab.meeting_participant_added": "Deltagare tillagd i avstämningsmöte",
    "rehab.meeting_participant_removed": "Deltagare borttagen ur avstämningsmöte",
    "rehab.meeting_minutes_recorded": "Anteckningar från avstämningsmöte sparade",
    "rehab.meeting_action_agreed": "Åtgärd överenskommen på avstämningsmöte",
    "portal.policy_changed": "Policy för Mina sidor ändrad",
    "audit.chain_keyed": "Granskningsloggen nycklad med HMAC (äldre poster före)",
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
    "secrecy_review": "Egen sekretessprövning",
    "": "Ingen grund",
}

BASIS_CHOICES = [
    ("duty", "Uppgiftsskyldighet"),
    ("consent", "Samtycke"),
    ("secrecy_review", "Egen sekretessprövning"),
    ("none", "Ingen grund angiven"),
]


def event_label(event: str) -> str:
    if event in EVENT_LABELS:
        return EVENT_LABELS[event]
    head, _, _ = event.partition(".")
    group = next((label for code, (label, _) in EVENT_GROUPS.items() if code == head), None)
    return f"{group}: annan händelse" if group else "Annan händelse"


def category_label(code: str) -> str:
    return category_name(code)


def category_choices() -> list[tuple[str, str]]:
    return sorted(((c.code, c.label) for c in CATEGORIES.values()), key=lambda item: item[1])


def basis_label(basis: str) -> str:
    return BASIS_LABELS.get(basis, basis)
