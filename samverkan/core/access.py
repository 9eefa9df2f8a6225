"""Who may use each page and API operation of this app, declared once (samverkan.accounts.access)."""

from __future__ import annotations

from samverkan.accounts.access import ANY_OFFICIAL, PUBLIC

#: The start page ("Mina ärenden"): every official with a unit.
HOME = ANY_OFFICIAL
#: The rule evaluator of the API: pure domain rules on the caller's own input, no data from the database
#: (the contract's scenario runner calls it without an account).
RULES = PUBLIC
