"""Helpers for forms: carry a service's ValidationError into the form, and the POST path form views share."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse

from samverkan.core.choice_rendering import ChoiceRenderer
from samverkan.core.validation import ANY_DATE, MONEY_MAX, DateRange, TextRules, money_column_max, parse_amount
from samverkan.domain.money import amount_range_message


def choices_of(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's choice field ``name``, typed: django-stubs types ``form.fields`` as plain ``Field``, so setting its
    choices would otherwise need a ``type: ignore`` in every form."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a ChoiceField")
    return field


def model_choices_of(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's model choice field ``name``, typed (see :func:`choices_of`): its queryset is set per request."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a ModelChoiceField")
    return field


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Attach errors from a service to the matching fields (or the form as a whole)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def form_submit(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[dict[str, Any]], str | None],
    *,
    done: Callable[[], HttpResponse],
    failed: Callable[[forms.Form], HttpResponse],
) -> HttpResponse:
    """The one POST path of a form view: validate ``form``, call the service through ``write`` (which returns
    the success message, or None when it has given its own) and go on with ``done`` (a redirect); or, when the
    form or the service refuses (a ``ValidationError``, the services' domain errors), put the errors on the
    form and show it again through ``failed``. Each service is its own transaction, so a refusal stores
    nothing."""
    if form.is_valid():
        try:
            message = write(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if message:
                messages.success(request, message)
            return done()
    return failed(form)


# --- Fields and the base form every form of the product uses --------------------------------------

AMOUNT_HINT = "Kronor, t.ex. 7 082,30 eller 7082.30."

#: The maximum of a text field that was given none: a line, or a multi-line text.
DEFAULT_LINE_MAX = 200
DEFAULT_TEXT_MAX = 4000


class MoneyField(forms.Field):
    """The one money field of the product: an amount in kronor as ``Decimal`` (never ``float``).

    Accepts the Swedish form and the machine form: ``7 082,30``, ``7082,30``, ``7082.30``,
    ``12,50``, with a space, no-break space or thin space between thousands, optionally ending in
    ``kr``. Refuses anything else, more than two decimals, negative amounts (unless
    ``allow_negative``) and amounts above what the column holds: ``model_field`` is the model's
    ``DecimalField`` and the maximum comes from its ``max_digits`` and ``decimal_places``. A text
    input (``inputmode=decimal``), not ``type=number``, so a browser never refuses a comma.
    """

    MAX_INPUT_LENGTH = 30

    def __init__(
        self,
        *,
        model_field: Any = None,
        maximum: Decimal | None = None,
        allow_negative: bool = False,
        **kwargs: Any,
    ) -> None:
        if maximum is None:
            maximum = money_column_max(model_field) if model_field is not None else MONEY_MAX
        self.maximum: Decimal = maximum
        self.allow_negative = allow_negative
        kwargs.setdefault("help_text", AMOUNT_HINT)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": str(self.MAX_INPUT_LENGTH)}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        text = value if isinstance(value, str) else str(value)
        text = text.strip()
        if not text:
            return None
        if len(text) > self.MAX_INPUT_LENGTH:
            raise ValidationError(self.range_message, code="amount")
        try:
            return parse_amount(text, field="amount", maximum=self.maximum, allow_negative=self.allow_negative)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["amount"][0], code="amount") from exc

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return value

    @property
    def range_message(self) -> str:
        return amount_range_message(self.maximum, allow_negative=self.allow_negative)


class Form(forms.Form):
    """The base of every form of the product.

    Every text field gets a maximum length (``DEFAULT_LINE_MAX`` or, for a ``Textarea``,
    ``DEFAULT_TEXT_MAX`` when it was given none) and refuses control characters (line breaks and
    tabs only in a ``Textarea``); every choice refuses them too; every date field gets a plausible
    range (``ANY_DATE`` unless it has a :class:`~samverkan.core.validation.DateRange` of its own),
    shown to the browser as ``min``/``max``. Fields added in a subclass's ``__init__`` are covered
    too: the rules are applied when the form is rendered or validated. Choice widgets are written by
    :class:`~samverkan.core.choice_rendering.ChoiceRenderer` (Django's markup, without a template per option).
    """

    default_renderer = ChoiceRenderer()

    def full_clean(self) -> None:
        self.apply_input_rules()
        super().full_clean()

    def __getitem__(self, name: str) -> forms.BoundField:
        self.apply_input_rules()
        return super().__getitem__(name)

    def apply_input_rules(self) -> None:
        for field in self.fields.values():
            apply_input_rules(field)


def apply_input_rules(field: forms.Field) -> None:
    """Give one field the rules of :class:`Form` (once)."""
    if getattr(field, "_input_rules_applied", False):
        return
    field._input_rules_applied = True  # type: ignore[attr-defined]  # a marker on Django's field object
    if isinstance(field, forms.CharField):
        multiline = isinstance(field.widget, forms.Textarea)
        if field.max_length is None:
            field.max_length = DEFAULT_TEXT_MAX if multiline else DEFAULT_LINE_MAX
            field.validators.append(MaxLengthValidator(field.max_length))
            field.widget.attrs.update(field.widget_attrs(field.widget))
        field.validators.append(TextRules(field.max_length, multiline=multiline))
    elif isinstance(field, forms.ChoiceField):
        field.validators.append(TextRules(DEFAULT_LINE_MAX))
    elif isinstance(field, forms.DateField):
        ranges = [v for v in field.validators if isinstance(v, DateRange)]
        if not ranges:
            field.validators.append(ANY_DATE)
            ranges = [ANY_DATE]
        widget = field.widget
        if isinstance(widget, forms.DateInput) and widget.input_type in ("date", "month"):
            first, last = ranges[0].bounds()
            fmt = "%Y-%m" if widget.input_type == "month" else "%Y-%m-%d"
            widget.attrs.setdefault("min", first.strftime(fmt))
            widget.attrs.setdefault("max", last.strftime(fmt))


class ListFilterForm(Form):
    """The filters of a list page (sent by POST and shown at ``?sok=``, ``samverkan.core.searches``): every field is
    optional, ``since`` must not come after ``until``, and :attr:`valid_data` is empty when a filter is invalid (the
    list then shows its default with the errors beside it)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "Slutdatumet ligger före startdatumet.")
        return data

    @property
    def valid_data(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}
