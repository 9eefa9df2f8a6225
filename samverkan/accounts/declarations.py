"""Who may use each page of this app that is not a login page, declared once (samverkan.accounts.access).

``access.py`` in this app is the framework of the declarations itself; the app's own declarations are here.
"""

from __future__ import annotations

from samverkan.accounts.access import officials
from samverkan.domain.organisations import Role

#: The organisation's own officials: its system administrator adds them, sets their unit and roles, and
#: deactivates them (the platform operator's Django admin is for organisations and units, issue 16).
OFFICIALS_ADMIN = officials(
    "Organisationens handläggare",
    (Role.SYSTEM_ADMINISTRATOR,),
    refused="Bara organisationens systemförvaltare hanterar handläggarnas konton.",
)
