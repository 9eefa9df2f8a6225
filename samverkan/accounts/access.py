"""Who may use an operation, declared once and used by the page and the API endpoint alike (issue 16).

Every page and every API operation carries exactly one :class:`Access` — attached with :func:`allowed`,
which both the Django views and the Ninja operations call — naming the audience (an official, the person
on Mina sidor, anyone), the roles, the organisation types and whether the official's *unit* bounds what
the operation shows. The declarations live in each app's ``access.py``; the generated access test
(``tests/accounts/test_access_matrix.py``) walks the URL resolver and the OpenAPI document and fails for a
route without one, then asks every route as every role and checks the answer against the declaration.

Object scoping (another organisation's case by id is a 404) stays in each app's selectors; the declaration
says what the gatekeeping is, the selectors say which rows exist for the caller. Where the law separates the
units of one organisation (a region's vårdcentraler, PDL 4 kap.), :func:`allowed` also bounds the request's
organisation to the official's unit (:func:`scope_to_unit`), which the case and person selectors honour.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from ninja.operation import Operation
from ninja.utils import contribute_operation_callback

from samverkan.accounts.requests import is_official
from samverkan.core.operations import Run, wrap_run
from samverkan.domain.organisations import UNIT_SEPARATED_TYPES, OrganisationType, Role

View = TypeVar("View", bound=Callable[..., Any])


class Audience(StrEnum):
    #: A logged-in official with a unit (the default).
    OFFICIAL = "official"
    #: The person on Mina sidor (logged in with e-legitimation; the portal's own session).
    PERSON = "person"
    #: Anyone: the login pages, the OpenAPI document.
    PUBLIC = "public"


@dataclass(frozen=True)
class Access:
    """One declaration of who may use an operation."""

    #: What the operation is, in Swedish (shown in the access table in docs and in the 403 page's log).
    name: str
    audience: Audience = Audience.OFFICIAL
    #: Any of these roles; empty means any official.
    roles: frozenset[Role] = frozenset()
    #: At one of these organisation types; empty means any.
    org_types: frozenset[OrganisationType] = frozenset()
    #: Why, when the rule needs a reason beyond the roles (a statute, a seed).
    basis: str = ""
    #: The Swedish reason shown to an official whose organisation or role is not among the declared ones.
    refused: str = ""

    def refusal(self, user: Any) -> str | None:
        """``None`` when ``user`` (an authenticated official) may use the operation, else the Swedish reason."""
        if self.audience is Audience.PUBLIC:
            return None
        if self.audience is Audience.PERSON:
            return "Sidan är till för den enskilde på Mina sidor."
        organisation = getattr(user, "organisation", None)
        if organisation is None or not getattr(user, "is_active", False):
            return "Ditt konto hör inte till någon enhet."
        if self.org_types and organisation.type not in self.org_types:
            return self.refused or "Din organisation har inte tillgång till det här."
        if self.roles and not user.has_role(*self.roles):
            return self.refused or "Din roll har inte tillgång till det här."
        return None

    def allows(self, user: Any) -> bool:
        return self.refusal(user) is None

    def check(self, request: HttpRequest) -> None:
        """Raise :class:`PermissionDenied` with the Swedish reason unless the caller may use the operation."""
        reason = self.refusal(request.user)
        if reason is not None:
            raise PermissionDenied(reason)


def officials(
    name: str,
    roles: Iterable[Role] = (),
    org_types: Iterable[OrganisationType] = (),
    *,
    basis: str = "",
    refused: str = "",
) -> Access:
    return Access(name=name, roles=frozenset(roles), org_types=frozenset(org_types), basis=basis, refused=refused)


PUBLIC = Access(name="Öppen sida", audience=Audience.PUBLIC)
PERSON = Access(name="Mina sidor", audience=Audience.PERSON)
ANY_OFFICIAL = officials("Alla handläggare med en enhet")


def scope_to_unit(request: HttpRequest) -> None:
    """In an organisation whose units are separated (``UNIT_SEPARATED_TYPES``), bound the request's organisation
    to the official's unit: ``Case.objects.for_organisation`` and ``persons_visible_to`` then see that unit's
    ärenden and persons only, on every page and API operation the official reaches."""
    if is_official(request) and request.organisation.type in UNIT_SEPARATED_TYPES:
        request.organisation.unit_scope = request.user.unit_id


def access_of(view: Any) -> Access | None:
    """The declaration on a view or operation (through any decorators that wrap it)."""
    seen = 0
    while view is not None and seen < 20:
        found = getattr(view, "access", None)
        if isinstance(found, Access):
            return found
        view = getattr(view, "__wrapped__", None) or getattr(view, "view_func", None)
        seen += 1
    return None


def _refuse_before_validation(access: Access) -> Callable[[Operation], None]:
    """As a Ninja operation: refuse an official without the right before the parameters and body are validated
    (a 403, never a 422 that would tell the caller about the operation's input)."""

    def decorate(run: Run) -> Run:
        @wraps(run)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.user.is_authenticated:  # else the operation's own authentication answers 401
                reason = access.refusal(request.user)
                if reason is not None:
                    from samverkan.api import api

                    return api.on_exception(request, PermissionDenied(reason))
                scope_to_unit(request)
            return run(request, *args, **kwargs)

        return checked

    def contribute(operation: Operation) -> None:
        wrap_run(operation, decorate)

    return contribute


def allowed(access: Access) -> Callable[[View], View]:
    """Declare and enforce ``access`` on a page or an API operation.

    Pages: an anonymous caller goes to the login page; an official without the right gets 403 with the
    reason. API operations: the router's session authentication answers 401 first; the 403 comes from
    here, as the same :class:`PermissionDenied`, rendered by ``samverkan.core.api_errors``.
    """

    def decorator(view: View) -> View:
        if access.audience is not Audience.OFFICIAL:
            # The person's portal and public pages are guarded by their own session (portal.auth).
            view.access = access  # type: ignore[attr-defined]  # an attribute of a function: no type can declare it
            return view

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access.check(request)
            scope_to_unit(request)
            response: HttpResponse = view(request, *args, **kwargs)
            return response

        wrapper.access = access  # type: ignore[attr-defined]  # an attribute of a function: no type can declare it
        # As an API operation: refuse at Ninja's authentication step, before the body is read and validated.
        contribute_operation_callback(wrapper, _refuse_before_validation(access))
        # Ninja reads the operation's parameters from the signature: resolve them in the view's own module (a name
        # imported only for type checking cannot be, and a page needs no resolved signature).
        with contextlib.suppress(NameError):
            # typeshed declares no __signature__ on functions, though inspect.signature reads it
            wrapper.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]  # for Ninja
        return cast(View, wrapper)

    return decorator
