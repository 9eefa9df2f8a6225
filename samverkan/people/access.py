"""Who may use each page and API operation of this app, declared once (samverkan.accounts.access)."""

from __future__ import annotations

from samverkan.accounts.access import officials
from samverkan.domain.organisations import CASE_ROLES

#: Persons in the organisation's own ärenden.
PEOPLE = officials("Personer i egna ärenden", CASE_ROLES)
