"""Who may use each page and API operation of this app, declared once (samverkan.accounts.access)."""

from __future__ import annotations

from samverkan.accounts.access import PERSON, PUBLIC, officials
from samverkan.domain.organisations import Role

POLICY_ROLES = (Role.SYSTEM_ADMINISTRATOR, Role.SECURITY_OFFICER)
#: The organisation's own policy for what its persons see on Mina sidor.
POLICY = officials("Policy för Mina sidor", POLICY_ROLES)
#: The person's own pages (the portal's session, e-legitimation).
OWN_PAGES = PERSON
LOGIN = PUBLIC
