"""Audit entries for the officials' logins: failed logins, lockouts (django-axes) and the session clock.

Connected in :meth:`samverkan.accounts.apps.AccountsConfig.ready`. django-axes counts the failures and
refuses a locked-out login (settings ``AXES_*``); these receivers only record. A failed login is
``account.login_failed`` (``refused_while_locked`` when axes refused it without checking the password),
the failure that starts a lockout is followed by ``account.locked_out``. The actor is the official
whose username was typed, if it names one; an unknown username and the password are never stored.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out  # importing axes.signals connects axes's own receivers first
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest

from samverkan.accounts.middleware import start_session_clock
from samverkan.accounts.models import User
from samverkan.disclosures.audit import AuditEvent, audit_append_many

#: Set on the request by :func:`on_user_locked_out` when a failure starts a lockout; written after the failure.
_LOCKOUT_ATTR = "samverkan_lockout"


def _client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or "")


def _official(username: object) -> User | None:
    if not isinstance(username, str) or not username:
        return None
    return User.objects.select_related("unit__organisation").filter(username=username).first()


def on_user_locked_out(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """django-axes locked a username and address out (or refused a try during the lockout: already recorded)."""
    failures = getattr(request, "axes_failures_since_start", None)  # set by django-axes
    if request is None or failures is None:
        return  # a try during the lockout: axes refused it before counting; on_user_login_failed records it
    setattr(request, _LOCKOUT_ATTR, {"failures": failures})


def on_user_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Record a failed login, and the lockout it started, in the audit log (never the password)."""
    user = _official(credentials.get("username"))
    organisation = user.organisation if user is not None else None
    ip_address = _client_ip(request)
    refused = bool(
        request is not None
        and getattr(request, "axes_locked_out", False)
        and getattr(request, "axes_failures_since_start", None) is None
    )
    extra: dict[str, Any] = {"ip_address": ip_address, "username_known": user is not None}
    if refused:
        extra["refused_while_locked"] = True
    events = [AuditEvent(event="account.login_failed", actor=user, organisation=organisation, extra=extra)]
    lockout = getattr(request, _LOCKOUT_ATTR, None) if request is not None else None
    if lockout is not None:
        events.append(
            AuditEvent(
                event="account.locked_out",
                actor=user,
                organisation=organisation,
                extra={
                    "ip_address": ip_address,
                    "username_known": user is not None,
                    "failures": lockout["failures"],
                    "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
                },
            )
        )
    audit_append_many(events)


def on_user_logged_in(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """An official logged in: the idle and the absolute session limits start now."""
    if request is not None and hasattr(request, "session"):
        start_session_clock(request.session)


def connect() -> None:
    user_login_failed.connect(on_user_login_failed, dispatch_uid="samverkan.accounts.login_failed")
    user_locked_out.connect(on_user_locked_out, dispatch_uid="samverkan.accounts.locked_out")
    user_logged_in.connect(on_user_logged_in, dispatch_uid="samverkan.accounts.logged_in")
