"""Errors raised by the domain layer, with Swedish messages for the user."""

from __future__ import annotations


class DomainError(ValueError):
    """Base class: ``message`` is Swedish and fit to show to a user."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class InputError(DomainError):
    """Bad input to a rule: names the field and says what is wrong, in Swedish."""

    def __init__(self, field: str, message: str, *, code: str = "invalid") -> None:
        super().__init__(f"{field}: {message}", code=code)
        self.field = field
        self.detail = message
