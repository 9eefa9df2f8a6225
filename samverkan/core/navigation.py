"""Navigation and start-page panels that each app contributes (in its ``hooks`` module)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import resolve, reverse

from samverkan.accounts.access import access_of
from samverkan.domain.organisations import OrganisationType, Role


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
    count: Callable[[HttpRequest], int] | None = field(default=None, compare=False)

    def visible_to(self, request: HttpRequest) -> bool:
        organisation = getattr(request, "organisation", None)
        if organisation is None:
            return False
        access = access_of(resolve(reverse(self.url_name)).func)
        if access is None or not access.allows(request.user):
            return False
        if self.org_types and organisation.type not in self.org_types:
            return False
        return not self.roles or request.user.has_role(*self.roles)  # type: ignore[union-attr]


#: A start-page panel: called with the request, returns a context for its template or None to hide.
@dataclass(frozen=True)
class HomePanel:
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]
    order: int = 100


_NAV: list[NavItem] = []
_PANELS: list[HomePanel] = []


def register_nav(item: NavItem) -> None:
    if item not in _NAV:
        _NAV.append(item)


def register_panel(panel: HomePanel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def nav_for(request: HttpRequest) -> list[dict[str, Any]]:
    items = sorted((i for i in _NAV if i.visible_to(request)), key=lambda i: (i.order, i.label))
    path = request.path
    result = []
    for item in items:
        url = reverse(item.url_name)
        current = path == url if url == "/" else path.startswith(url)
        count = item.count(request) if item.count is not None else 0
        result.append({"label": item.label, "url": url, "current": current, "count": count})
    return result


def panels_for(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    shown = []
    for panel in sorted(_PANELS, key=lambda p: p.order):
        context = panel.context(request)
        if context is not None:
            shown.append((panel.template, context))
    return shown
