"""Who may use each page and API operation of this app, declared once (samverkan.accounts.access)."""

from __future__ import annotations

from samverkan.accounts.access import officials

#: Every official's own inbox ("Att göra / Nytt"); each sees only the notifications addressed to them.
INBOX = officials("Att göra: egna aviseringar")
