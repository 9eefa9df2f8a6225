"""The accounts app's menu entry: the organisation's own officials, for its system administrator."""

from samverkan.core.navigation import NavItem, register_nav

register_nav(NavItem("Handläggare", "accounts:officials", order=90))
