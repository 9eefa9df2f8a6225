"""The choice widgets written in Python (``samverkan.core.choice_rendering``) give Django's markup, byte for byte."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from samverkan.accounts.models import Unit
from samverkan.core.choice_rendering import BOX_LISTS, SELECT, ChoiceRenderer
from samverkan.core.forms import Form

CHOICES = [
    ("", "Alla"),
    ("a", "Ett & två <tre>"),
    (2, gettext_lazy("Ja")),
    ("safe", mark_safe("<b>fet</b>")),
    ('"q"', "Citat \"här\" och 'där'"),
]
GROUPED = [("Grupp <1>", [("x", "X"), ("y", "Y")]), ("z", "Ensam"), ("Grupp 2", [(3, "Tre")])]


class Everything(forms.Form):
    select = forms.ChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED)
    attrs = forms.ChoiceField(
        choices=CHOICES,
        widget=forms.Select(attrs={"class": "wide", "data-x": "1 & 2", "disabled": True, "hidden": False}),
    )
    many = forms.MultipleChoiceField(choices=GROUPED, required=False)
    boxes = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False)
    grouped_boxes = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple)
    classed_boxes = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple(attrs={"class": "boxes", "data-y": "<"})
    )
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
    null_boolean = forms.NullBooleanField()
    unit = forms.ModelChoiceField(queryset=Unit.objects.order_by("pk")[:3], required=False)


BOUND = {
    "select": "a",
    "grouped": "y",
    "attrs": "safe",
    "many": ["x", "3"],
    "boxes": ["a", "2"],
    "grouped_boxes": ["z"],
    "classed_boxes": ['"q"'],
    "radio": "2",
    "null_boolean": "true",
}


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, BOUND], ids=["unbound", "bound"])
@pytest.mark.parametrize("auto_id", ["id_%s", False], ids=["ids", "no-ids"])
def test_every_choice_widget_renders_as_django_renders_it(data: Any, auto_id: Any) -> None:
    fast = Everything(data, auto_id=auto_id, renderer=ChoiceRenderer())
    django = Everything(data, auto_id=auto_id, renderer=DjangoTemplates())
    for name in Everything.base_fields:
        assert str(fast[name]) == str(django[name]), name
    assert str(fast) == str(django)


def test_the_products_forms_use_it() -> None:
    assert isinstance(Form().renderer, ChoiceRenderer)


@pytest.mark.django_db
def test_no_choice_widget_is_left_to_the_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    templates: list[str] = []
    render = DjangoTemplates.render

    def spy(self: DjangoTemplates, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        templates.append(template_name)
        return render(self, template_name, context, request)

    monkeypatch.setattr(DjangoTemplates, "render", spy)
    form = Everything(BOUND, renderer=ChoiceRenderer())
    for name in Everything.base_fields:
        str(form[name])
    assert not set(templates) & {SELECT, *BOX_LISTS}
