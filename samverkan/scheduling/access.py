"""Who may use each page and API operation of this app, declared once (samverkan.accounts.access)."""

from __future__ import annotations

from samverkan.accounts.access import officials
from samverkan.domain.organisations import Role

#: The batch runs' operations page.
OPERATIONS = officials("Drift: körningar", (Role.SYSTEM_ADMINISTRATOR,))
