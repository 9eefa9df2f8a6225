"""Passwords (issue 16, point 7): at least 12 characters, not common, not only digits, not like the
official's own name or username, and not the service's or the organisation's name; the messages are Swedish."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db


def _refusal(password: str, user: Any) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    return refused.value.messages


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort", "Det måste innehålla minst 12 tecken."),
        ("elva-tecken", "Det måste innehålla minst 12 tecken."),
        ("password12345", "Detta lösenord är alldeles för vanligt."),
        ("123456789012", "Detta lösenord är enbart numeriskt."),
        ("samverkan123", "Lösenordet får inte innehålla ”samverkan”"),
        ("Samverkan-2026!", "Lösenordet får inte innehålla ”samverkan”"),
        ("sara.lind2026", "Ditt lösenord är alltför likt användarnamn."),
        ("Lind.Sara.99", "Ditt lösenord är alltför likt användarnamn."),
    ],
)
def test_weak_passwords_are_refused_in_swedish(user_named: Any, password: str, message: str) -> None:
    messages = _refusal(password, user_named("sara.lind"))
    assert any(message in m for m in messages), messages


def test_a_word_of_the_officials_organisation_is_refused(user_named: Any) -> None:
    sara = user_named("sara.lind")
    word = max(sara.organisation.name.split(), key=len)
    messages = _refusal(f"{word}-{word}-1987", sara)
    assert any(f"”{word.lower()}”" in m for m in messages), messages


@pytest.mark.parametrize("password", ["tre gröna äpplen i korgen", "Blåbär-Skog-Regn-47"])
def test_a_long_unrelated_passphrase_is_accepted(user_named: Any, password: str) -> None:
    validate_password(password, user_named("sara.lind"))


def test_the_rules_are_explained_in_swedish() -> None:
    texts = " ".join(password_validators_help_texts())
    assert "minst 12 tecken" in texts
    assert "tjänstens namn" in texts
