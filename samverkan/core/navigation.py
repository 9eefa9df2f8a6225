"""Navigation, start-page and case-page panels that each app contributes (in its ``hooks`` module).

The menu is built on every page an official opens, so what does not change while the process runs — the page a
menu entry points to and that page's access declaration — is looked up once per entry (issue 20), not per request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import get_script_prefix, resolve, reverse

from samverkan.accounts.access import Access, access_of
from samverkan.accounts.requests import OfficialRequest, is_official
from samverkan.domain.organisations import OrganisationType, Role

if TYPE_CHECKING:
    from samverkan.cases.models import Case


@cache
def _url(url_name: str, script_prefix: str) -> str:
    """The address of a menu entry's page (``reverse`` depends only on the name and the script prefix)."""
    return reverse(url_name)


@cache
def _page_access(url_name: str) -> Access | None:
    """The access declaration of the page a menu entry points to (the URLconf is fixed at start)."""
    return access_of(resolve(reverse(url_name)).func)


@dataclass(frozen=True)
class NavItem:
    """A menu entry. It is shown to whoever the target page's one access declaration allows
    (``samverkan.accounts.access``); ``roles``/``org_types`` only narrow it further (a menu entry for the
    roles that use it daily, while the page stays open to the others)."""

    label: str
    url_name: str
    order: int = 100
    roles: frozenset[Role] = field(default_factory=frozenset)
    org_types: frozenset[OrganisationType] = field(default_factory=frozenset)
    #: A count shown as a badge next to the label (e.g. unread notifications); 0 shows none.
    count: Callable[[OfficialRequest], int] | None = field(default=None, compare=False)

    def visible_to(self, request: OfficialRequest) -> bool:
        organisation = request.organisation
        access = _page_access(self.url_name)
        if access is None or not access.allows(request.user):
            return False
        if self.org_types and organisation.type not in self.org_types:
            return False
        return not self.roles or request.user.has_role(*self.roles)


#: A start-page panel: called with the request, returns a context for its template or None to hide.
@dataclass(frozen=True)
class HomePanel:
    template: str
    context: Callable[[OfficialRequest], dict[str, Any] | None]
    order: int = 100


#: A case-page panel: called with the request and the case the page shows (already scoped to the official's
#: organisation by the case page), returns a context for its template or None to hide.
@dataclass(frozen=True)
class CasePanel:
    template: str
    context: Callable[[OfficialRequest, Case], dict[str, Any] | None]
    order: int = 100


_NAV: list[NavItem] = []
_PANELS: list[HomePanel] = []
_CASE_PANELS: list[CasePanel] = []


def register_nav(item: NavItem) -> None:
    if item not in _NAV:
        _NAV.append(item)


def register_panel(panel: HomePanel | CasePanel) -> None:
    if isinstance(panel, CasePanel):
        if panel not in _CASE_PANELS:
            _CASE_PANELS.append(panel)
    elif panel not in _PANELS:
        _PANELS.append(panel)


def nav_for(request: HttpRequest) -> list[dict[str, Any]]:
    """The menu of the official's request; none for a request without an official's organisation."""
    if not is_official(request):
        return []
    items = sorted((i for i in _NAV if i.visible_to(request)), key=lambda i: (i.order, i.label))
    path = request.path
    prefix = get_script_prefix()
    result = []
    for item in items:
        url = _url(item.url_name, prefix)
        current = path == url if url == "/" else path.startswith(url)
        count = item.count(request) if item.count is not None else 0
        result.append({"label": item.label, "url": url, "current": current, "count": count})
    return result


def panels_for(request: OfficialRequest) -> list[tuple[str, dict[str, Any]]]:
    """The start page's panels the official sees, as (template, context)."""
    shown = []
    for panel in sorted(_PANELS, key=lambda p: p.order):
        context = panel.context(request)
        if context is not None:
            shown.append((panel.template, context))
    return shown


def case_panels_for(request: OfficialRequest, case: Case) -> list[tuple[str, dict[str, Any]]]:
    """The panels of the page of ``case`` the official sees, as (template, context)."""
    shown = []
    for panel in sorted(_CASE_PANELS, key=lambda p: p.order):
        context = panel.context(request, case)
        if context is not None:
            shown.append((panel.template, context))
    return shown
