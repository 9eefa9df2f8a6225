"""``{% advance_requests_for person %}``: on FK's and PM's pages about a person (the register, the decision form),
the socialnämnder's requests under SFB 107 kap. 5 § made in advance that await the agency's decision."""

from __future__ import annotations

from typing import Any

from django import template

from samverkan.domain.organisations import OrganisationType
from samverkan.people.models import Person
from samverkan.reclaims.selectors import advance_requests_to

register = template.Library()


@register.inclusion_tag("reclaims/_advance_requests_on_person.html", takes_context=True)
def advance_requests_for(context: dict[str, Any], person: Person) -> dict[str, Any]:
    request = context.get("request")
    organisation = getattr(request, "organisation", None)
    if organisation is None or organisation.type not in (OrganisationType.FK, OrganisationType.PM):
        return {"requests": []}
    return {"requests": list(advance_requests_to(organisation, person=person))}
