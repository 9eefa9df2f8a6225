"""``{% once_token %}``: the one-time token of a create form (:mod:`samverkan.core.once`)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from samverkan.core.once import FIELD, new_token

register = template.Library()


@register.simple_tag
def once_token() -> SafeString:
    """A hidden field with a new token; put it next to ``{% csrf_token %}`` in every form that creates."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
