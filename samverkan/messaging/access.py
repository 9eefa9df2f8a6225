"""Who may use each page and API operation of this app, declared once (samverkan.accounts.access)."""

from __future__ import annotations

from samverkan.accounts.access import ANY_OFFICIAL, officials
from samverkan.domain.organisations import OrganisationType, Role
from samverkan.messaging.routing import QUESTION_ORG_TYPES, QUESTION_ROLES

#: Administrative questions between the partners (7-day answer deadline).
QUESTIONS = officials("Administrativa frågor", QUESTION_ROLES, QUESTION_ORG_TYPES)
#: Every official's own notifications, absence and the contact directory.
OWN = ANY_OFFICIAL
#: The e-mail guard: officials who write to partners about individual cases (it answers whether a name
#: belongs to someone in the organisation's cases, so not for structure-only roles).
EMAIL = QUESTIONS
#: Call-back requests between officials (seed 004: "Återkoppling … görs snarast"): the same officials as the questions.
CALLBACKS = officials("Begäranden om återkoppling", QUESTION_ROLES, QUESTION_ORG_TYPES)
#: Försäkringskassan's contact person's meeting with the vårdcentral once a term (seed 004): the contact person
#: books and records it, the vårdcentral's rehabkoordinator sees its own.
TERM_MEETINGS = officials(
    "Terminsmöten med Försäkringskassans kontaktperson",
    (Role.FK_CONTACT_PERSON, Role.REHAB_COORDINATOR),
    (OrganisationType.FK, OrganisationType.HEALTHCARE),
)
