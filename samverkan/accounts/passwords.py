"""A password validator for the words of the context: the service's name and the official's organisation.

Django's validators (settings ``AUTH_PASSWORD_VALIDATORS``) refuse short, common, numeric and
user-like passwords; this one adds the words an attacker tries first against this service
("samverkan123", "Sörby kommun 2026"), as NIST SP 800-63B advises.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

#: The service's own name; always refused inside a password.
SERVICE_WORDS = ("samverkan",)
#: Words of the organisation's name shorter than this are not refused (``"AF"``, ``"och"``).
MIN_WORD_LENGTH = 4


def context_words(user: Any = None) -> list[str]:
    """The lower-case words a password of ``user`` may not contain."""
    words = list(SERVICE_WORDS)
    organisation = getattr(user, "organisation", None) if user is not None else None
    name = getattr(organisation, "name", "") or ""
    words += [w for w in re.findall(r"\w+", name.lower()) if len(w) >= MIN_WORD_LENGTH and not w.isdigit()]
    return sorted(set(words))


class ContextWordsValidator:
    """Refuses a password that contains the service's name or a word of the official's organisation's name."""

    def validate(self, password: str, user: Any = None) -> None:
        lowered = password.lower()
        for word in context_words(user):
            if word in lowered:
                raise ValidationError(
                    "Lösenordet får inte innehålla ”%(word)s”: tjänstens eller din organisations namn är lätt att gissa.",
                    code="password_context_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return "Lösenordet får inte innehålla tjänstens namn eller namnet på din organisation."
