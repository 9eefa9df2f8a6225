from samverkan.core.navigation import NavItem, register_nav
from samverkan.domain.organisations import CASE_ROLES

register_nav(NavItem("Mina ärenden", "core:home", order=10))
register_nav(NavItem("Ärenden", "cases:list", order=20, roles=frozenset(CASE_ROLES)))
register_nav(NavItem("Sök person", "people:search", order=30, roles=frozenset(CASE_ROLES)))
