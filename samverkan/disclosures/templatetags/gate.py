"""Template filters for the secrecy gate's pages: Swedish labels of categories and outcomes."""

from __future__ import annotations

from django import template

from samverkan.domain.disclosure import category_name

register = template.Library()

_OUTCOME_LABELS = {
    "released": "Lämnas ut",
    "review": "Väntar på sekretessprövning",
    "denied": "Lämnas inte ut",
}
_OUTCOME_CLASSES = {"released": "result-ok", "review": "result-attention", "denied": "result-missing"}
_BASIS_LABELS = {"duty": "Uppgiftsskyldighet", "consent": "Samtycke", "": "Ingen grund"}


@register.filter
def category_label(code: str) -> str:
    return category_name(str(code))


@register.filter
def category_labels(codes: list[str]) -> str:
    return "; ".join(category_label(c) for c in codes or [])


@register.filter
def outcome_label(outcome: str) -> str:
    return _OUTCOME_LABELS.get(str(outcome), str(outcome))


@register.filter
def outcome_class(outcome: str) -> str:
    return _OUTCOME_CLASSES.get(str(outcome), "")


@register.filter
def basis_label(basis: str | None) -> str:
    return _BASIS_LABELS.get(basis or "", str(basis))
