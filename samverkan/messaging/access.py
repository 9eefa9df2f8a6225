"""Who may use each page and API operation of this app, declared once (samverkan.accounts.access)."""

from __future__ import annotations

from samverkan.accounts.access import ANY_OFFICIAL, officials
from samverkan.messaging.routing import QUESTION_ORG_TYPES, QUESTION_ROLES

#: Administrative questions between the partners (7-day answer deadline).
QUESTIONS = officials("Administrativa frågor", QUESTION_ROLES, QUESTION_ORG_TYPES)
#: Every official's own notifications, absence and the contact directory.
OWN = ANY_OFFICIAL
#: The e-mail guard: officials who write to partners about individual cases (it answers whether a name
#: belongs to someone in the organisation's cases, so not for structure-only roles).
EMAIL = QUESTIONS
