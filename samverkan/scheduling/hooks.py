"""Scheduling plugs in: a menu item for system administrators (the overview of periodic jobs)."""

from __future__ import annotations

from samverkan.core.navigation import NavItem, register_nav

register_nav(NavItem("Schemalagda körningar", "scheduling:overview", order=96))
