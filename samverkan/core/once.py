"""Every create form is sent once: back after POST and submit again does not create a second row.

Each rendered form carries a one-time token (``{% load once %}{% once_token %}`` next to
``{% csrf_token %}``): a random id and the time it was made, signed. A view that creates is
wrapped in :func:`submitted_once`. On POST it claims the token (a :class:`FormSubmission` row;
the pair (sender, token) is unique, so two submissions at the same moment cannot both claim it):

- the first submission runs the view; a redirect is remembered as where the token led (a page
  answered directly, like a lookup's result, is remembered as the form's own address); a form
  with errors gives the token back, so it can be corrected and sent;
- a later submission with the same token is not run: it goes to where the first one led, with a
  message that the form had already been sent;
- a token older than :data:`TOKEN_MAX_AGE` is refused (the form must be filled in again), and used
  tokens are forgotten after that time.

A POST without a token (a script, an old page) is handled as before.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from samverkan.core.clock import now
from samverkan.core.models import FormSubmission

#: The POST field that carries the token.
FIELD = "_once"
#: How long a rendered form may be sent, and how long a used token is remembered.
TOKEN_MAX_AGE = dt.timedelta(days=7)
_SALT = "samverkan.core.once"
_ID = re.compile(r"^[0-9a-f]{32}$")

ALREADY_SENT = "Formuläret var redan skickat. Det skickades inte en gång till."
BEING_SENT = "Formuläret skickas redan. Vänta en stund och ladda om sidan."
TOO_OLD = "Formuläret har varit öppet för länge. Fyll i det igen."

View = Callable[..., HttpResponse]


def new_token() -> str:
    """A random id and the moment the form was made (the project's clock), signed."""
    return signing.Signer(salt=_SALT).sign(f"{uuid.uuid4().hex}.{int(now().timestamp())}")


def _read(token: str) -> tuple[str, dt.datetime] | None:
    """The id and moment of a token made by :func:`new_token` (None: not one of ours)."""
    try:
        value = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None
    token_id, _, stamp = value.partition(".")
    if not _ID.match(token_id) or not stamp.isdigit():
        return None
    return token_id, dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC)


def _owner(request: HttpRequest) -> str | None:
    """Who sends: the official, or else the session (Mina sidor has no Django user)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u:{user.pk}"
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    return f"s:{key}"[:40] if key else None


def _claim(owner: str, token_id: str) -> FormSubmission | None:
    """Claim the token; the earlier submission when it was already claimed."""
    moment = now()
    FormSubmission.objects.filter(created_at__lt=moment - TOKEN_MAX_AGE).delete()
    try:
        with transaction.atomic():
            FormSubmission.objects.create(owner=owner, token=token_id, created_at=moment)
    except IntegrityError:
        earlier = FormSubmission.objects.filter(owner=owner, token=token_id).first()
        return earlier or FormSubmission(owner=owner, token=token_id, created_at=moment)
    return None


def submitted_once(view: View) -> View:
    """Run a creating view at most once per rendered form (see the module's description)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST" or FIELD not in request.POST:
            return view(request, *args, **kwargs)
        owner = _owner(request)
        token = _read(request.POST[FIELD])
        if owner is None or token is None:
            return view(request, *args, **kwargs)
        token_id, made = token
        if made < now() - TOKEN_MAX_AGE:
            messages.warning(request, TOO_OLD)
            return redirect(request.get_full_path())
        earlier = _claim(owner, token_id)
        if earlier is not None:
            messages.info(request, ALREADY_SENT if earlier.url else BEING_SENT)
            return redirect(earlier.url or request.get_full_path())
        mine = FormSubmission.objects.filter(owner=owner, token=token_id)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            mine.delete()
            raise
        if response.status_code in (301, 302, 303) and response.has_header("Location"):
            mine.update(url=response["Location"][:500])
        elif 200 <= response.status_code < 300:
            mine.update(url=request.get_full_path()[:500])
        else:  # the form had errors: nothing was made, the token may be used again
            mine.delete()
        return response

    wrapper.submitted_once = True  # type: ignore[attr-defined]  # an attribute of a function: no type can declare it
    return cast(View, wrapper)
