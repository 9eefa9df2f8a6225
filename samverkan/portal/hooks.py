"""Mina sidor plugs into the officials' side only with its policy page (the person has their own menu)."""

from __future__ import annotations

from samverkan.core.navigation import NavItem, register_nav

register_nav(NavItem("Policy för Mina sidor", "portal:policy", order=95))
