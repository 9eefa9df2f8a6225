"""The choice widgets of the product's forms written in Python, with the markup of Django's templates (issue 20).

Django renders a ``<select>`` through a template that includes a template per ``<option>``, and a list of checkboxes
or radio buttons through three nested includes per box. On the review queue's filters (54 options), the log search
(63) and the request form (36 boxes) that was a quarter of the page's time. :class:`ChoiceRenderer`, the renderer of
:class:`samverkan.core.forms.Form`, writes the same markup, byte for byte, for Django's own select, checkbox-list and
radio-list templates, and leaves everything else to Django: other templates, a widget with its own option template,
and a value the templates would call. ``tests/core/test_choice_rendering.py`` holds it to Django's output.

Printing follows the templates: ``{{ x }}`` localises and escapes (:func:`render_value_in_context`), ``|stringformat:'s'``
keeps a safe string safe, ``{% if %}`` tests truth, ``attrs.html`` leaves out ``False`` and prints ``True`` bare.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, mark_safe

_WIDGETS = "django/forms/widgets/"
SELECT = _WIDGETS + "select.html"
SELECT_OPTION = _WIDGETS + "select_option.html"
#: A list of boxes and its option template: both wrap ``multiple_input.html`` and ``input_option.html``.
BOX_LISTS = {
    _WIDGETS + "checkbox_select.html": _WIDGETS + "checkbox_option.html",
    _WIDGETS + "radio.html": _WIDGETS + "radio_option.html",
}

#: How the widget templates are rendered: autoescaping, the active language's formats, the current time zone.
_CONTEXT = Context(autoescape=True)


def _print(value: Any) -> str:
    """``{{ value }}``."""
    return str(render_value_in_context(value, _CONTEXT))


def _print_s(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` (the filter is ``is_safe``: a safe value stays unescaped)."""
    text = stringformat(value, "s")
    return _print(mark_safe(text) if isinstance(value, SafeData) else text)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """``attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(f" {_print(name)}" if value is True else f' {_print(name)}="{_print_s(value)}"')
    return "".join(parts)


def _printable(widget: Mapping[str, Any]) -> bool:
    """Whether the widget's values are plain data: a callable the templates would call is left to Django."""
    values = [widget.get("name"), *widget.get("attrs", {}).values()]
    for group_name, options, _index in widget["optgroups"]:
        values.append(group_name)
        for option in options:
            values += [option.get("value"), option.get("label"), option.get("name"), *option["attrs"].values()]
    return not any(callable(value) for value in values)


def _select(widget: Mapping[str, Any]) -> str:
    """``select.html`` with ``select_option.html`` (the last line break is stripped, as the renderer does)."""
    out = [f'<select name="{_print(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_print(group_name)}">')
        for option in options:
            value, attrs = _print_s(option["value"]), _attrs(option["attrs"])
            out.append(f'\n  <option value="{value}"{attrs}>{_print(option["label"])}</option>\n')
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _box(option: Mapping[str, Any]) -> str:
    """``checkbox_option.html``/``radio_option.html``: ``input_option.html`` with ``input.html``, and a line break."""
    attrs = option["attrs"]
    value = f' value="{_print_s(option["value"])}"' if option["value"] is not None else ""
    field = f'<input type="{_print(option["type"])}" name="{_print(option["name"])}"{value}{_attrs(attrs)}>\n'
    if not option["wrap_label"]:
        return field + "\n\n"
    label_for = f' for="{_print(attrs["id"])}"' if attrs.get("id") else ""
    return f"<label{label_for}>{field} {_print(option['label'])}</label>\n\n"


def _box_list(widget: Mapping[str, Any]) -> str:
    """``multiple_input.html`` (the list of checkboxes or radio buttons), stripped as the renderer does."""
    attrs = widget["attrs"]
    out = ["<div"]
    if attrs.get("id"):
        out.append(f' id="{_print(attrs["id"])}"')
    if attrs.get("class"):
        out.append(f' class="{_print(attrs["class"])}"')
    out.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{_print(group)}</label>")
        out += [f"<div>\n    {_box(option)}</div>" for option in options]
        if group:
            out.append("\n  </div>")
    out.append("\n</div>")
    return "".join(out)


class ChoiceRenderer(DjangoTemplates):
    """Django's template renderer, with its select and box-list templates written in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, Mapping) and "optgroups" in widget and _printable(widget):
            options = [option for _name, group, _index in widget["optgroups"] for option in group]
            option_templates = {option["template_name"] for option in options}
            if template_name == SELECT and option_templates <= {SELECT_OPTION}:
                return _select(widget)
            if template_name in BOX_LISTS and option_templates <= {BOX_LISTS[template_name]}:
                return _box_list(widget)
        return super().render(template_name, context, request)
