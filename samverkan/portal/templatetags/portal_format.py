"""Template filters for Mina sidor."""

from __future__ import annotations

from django import template

from samverkan.core.templatetags import money

register = template.Library()


register.filter("kronor", money.kronor)
