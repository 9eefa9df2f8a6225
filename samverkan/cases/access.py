"""Who may use each page and API operation of this app, declared once (samverkan.accounts.access)."""

from __future__ import annotations

from samverkan.accounts.access import officials
from samverkan.domain.organisations import CASE_ROLES

#: The organisation's ärenden: officials who work in individual cases (not structure-only roles).
CASES = officials("Ärenden", CASE_ROLES)
