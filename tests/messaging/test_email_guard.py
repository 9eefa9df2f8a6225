"""E-mail only without personal data: the guard, the log of blocked attempts, the outbox, the absence reply."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.accounts.models import Organisation
from samverkan.core.clock import today
from samverkan.messaging.models import BlockedEmail, SentEmail
from samverkan.messaging.selectors import guard_names_for, surname_candidates
from samverkan.messaging.services import absence_register, email_send
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db

PERSONNUMMER = "19811218-9876"


def _social_services_client() -> Person:
    """A person in Sörby socialnämnd's cases who has no case at Försäkringskassan."""
    person = (
        Person.objects.filter(case_memberships__case__organisation__code="sorby-socialnamnd")
        .exclude(case_memberships__case__organisation__code="fk")
        .order_by("pk")
        .first()
    )
    assert person is not None
    return person


def test_personnummer_is_blocked_with_a_clear_message_and_nothing_is_sent(user_named: Any) -> None:
    mail.outbox.clear()
    result = email_send(
        sender=user_named("sara.lind"),
        recipient=user_named("fredrik.holm"),
        kind="contact_request",
        subject="Kontakt",
        body=f"Hej!\nGäller klienten {PERSONNUMMER}. Kan du ringa mig?",
    )
    assert result.sent is False
    assert mail.outbox == []
    assert not SentEmail.objects.filter(sender__username="sara.lind").exists()
    message = result.check.message
    assert "Mejlet kan inte skickas: det innehåller personuppgifter." in message
    assert "Ta bort personnumret 19811218-**** på rad 2." in message
    assert "administrativ fråga" in message
    blocked = BlockedEmail.objects.get(pk=result.blocked.pk)  # type: ignore[union-attr]
    assert blocked.findings == [{"type": "personnummer", "part": "body", "line": 2}]
    stored = json.dumps([blocked.findings, blocked.kind])
    assert "9876" not in stored and "811218" not in stored


def test_name_of_a_person_in_the_senders_cases_is_blocked(user_named: Any) -> None:
    person = _social_services_client()
    mail.outbox.clear()
    result = email_send(
        sender=user_named("sara.lind"),
        recipient=user_named("fredrik.holm"),
        kind="general_question",
        subject="Fråga",
        body=f"Hur gör vi med {person.first_name.lower()} {person.last_name.lower()}s ansökan?",
    )
    assert result.sent is False
    assert "Ta bort namnet" in result.check.message
    assert mail.outbox == []
    assert BlockedEmail.objects.get(pk=result.blocked.pk).findings[0]["type"] == "name"  # type: ignore[union-attr]


def test_names_are_looked_for_only_in_the_senders_own_organisations_cases(user_named: Any) -> None:
    """Försäkringskassan has no case about the person (nor about a namesake): the name is not FK's case data."""
    fk_names = {
        (p.first_name, p.last_name) for p in Person.objects.filter(case_memberships__case__organisation__code="fk")
    }
    person = next(
        p
        for p in Person.objects.filter(case_memberships__case__organisation__code="sorby-socialnamnd").order_by("pk")
        if (p.first_name, p.last_name) not in fk_names
    )
    text = [f"Gäller {person.full_name}."]
    assert person.full_name not in guard_names_for(organisation=Organisation.objects.get(code="fk"), texts=text)
    own = Organisation.objects.get(code="sorby-socialnamnd")
    assert person.full_name in guard_names_for(organisation=own, texts=text)


def test_name_lookup_is_one_query_whatever_the_register_size(world: None) -> None:
    own = Organisation.objects.get(code="sorby-socialnamnd")
    with CaptureQueriesContext(connection) as queries:
        guard_names_for(organisation=own, texts=["Hej Anna Andersson och Lars Öberg, välkomna på möte om samverkan."])
    assert len(queries) == 1


def test_surname_candidates_cover_case_genitive_and_particles() -> None:
    found = surname_candidates("möte med anna anderssons chef och Karl af klint")
    assert {"Andersson", "andersson", "ANDERSSON", "af Klint", "Af Klint"} <= found


def test_plain_contact_request_is_sent_through_the_mail_backend(user_named: Any) -> None:
    mail.outbox.clear()
    result = email_send(
        sender=user_named("helena.strom"),
        recipient=user_named("fredrik.holm"),
        kind="contact_request",
        subject="Kan vi höras?",
        body="Hej! Jag behöver nå dig. När kan vi höras på telefon i veckan? Ring gärna 0155-24 60 00.",
    )
    assert result.sent is True
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["fredrik.holm@example.invalid"]
    assert sent.subject == "[Kontaktförfrågan] Kan vi höras?"
    assert sent.reply_to == ["helena.strom@example.invalid"]
    assert "Helena Ström" in sent.body and "Rehabkoordinator" in sent.body
    assert SentEmail.objects.get(pk=result.email.pk).kind == "contact_request"  # type: ignore[union-attr]


def test_absent_recipient_gives_an_automatic_reply_naming_the_stand_in(user_named: Any) -> None:
    """Anna Sjöberg is away in the demo world with Maria Nyström as her stand-in."""
    mail.outbox.clear()
    result = email_send(
        sender=user_named("helena.strom"),
        recipient=user_named("anna.sjoberg"),
        kind="meeting_confirmation",
        subject="Terminsmötet",
        body="Jag bekräftar vårt möte på vårdcentralen den 10 december kl. 13–14.",
    )
    assert result.sent is True
    assert "Anna Sjöberg är frånvarande" in result.auto_reply
    assert "Ersättare: Maria Nyström" in result.auto_reply
    assert "åter" in result.auto_reply
    assert [m.to for m in mail.outbox] == [["anna.sjoberg@example.invalid"], ["helena.strom@example.invalid"]]
    assert mail.outbox[1].extra_headers["Auto-Submitted"] == "auto-replied"


def test_only_the_three_kinds_of_e_mail_are_allowed(user_named: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        email_send(
            sender=user_named("helena.strom"),
            recipient=user_named("fredrik.holm"),
            kind="case_question",
            subject="Ärende",
            body="Hej",
        )
    assert "bara användas för generella frågor" in " ".join(exc.value.message_dict["kind"])


def test_blocked_email_page_tells_what_to_remove(client_for: Any, user_named: Any) -> None:
    client = client_for("sara.lind")
    response = client.post(
        "/kommunikation/mejl/",
        {
            "kind": "general_question",
            "recipient": user_named("fredrik.holm").pk,
            "subject": "Fråga",
            "body": f"Gäller {PERSONNUMMER}",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mejlet skickades inte" in html
    assert "Ta bort personnumret 19811218-**** på rad 1." in html
    assert 'role="alert"' in html
    assert not SentEmail.objects.filter(sender__username="sara.lind").exists()


def test_absence_is_checked_and_its_message_carries_no_personal_data(user_named: Any) -> None:
    helena = user_named("helena.strom")
    with pytest.raises(ValidationError) as exc:
        absence_register(user=helena, starts_on=today(), ends_on=today(), stand_in=user_named("fredrik.holm"))
    assert "Ersättaren ska arbeta hos Region Mälarmark" in " ".join(exc.value.message_dict["stand_in"])
    with pytest.raises(ValidationError) as exc:
        absence_register(
            user=helena, starts_on=today(), ends_on=today() - dt.timedelta(days=1), stand_in=user_named("mats.falk")
        )
    assert "ends_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        absence_register(
            user=helena,
            starts_on=today(),
            ends_on=today(),
            stand_in=user_named("mats.falk"),
            message=f"Gäller {PERSONNUMMER}",
        )
    assert "Ta bort personnumret" in " ".join(exc.value.message_dict["message"])
    absence_register(
        user=helena, starts_on=today(), ends_on=today() + dt.timedelta(days=2), stand_in=user_named("mats.falk")
    )
    with pytest.raises(ValidationError) as exc:
        absence_register(
            user=helena,
            starts_on=today() + dt.timedelta(days=1),
            ends_on=today() + dt.timedelta(days=5),
            stand_in=user_named("mats.falk"),
        )
    assert "redan registrerad frånvaro" in " ".join(exc.value.message_dict["starts_on"])


def _pii_scenarios() -> list[Any]:
    from pathlib import Path

    from samverkan.domain import scenarios

    root = Path(__file__).resolve().parents[2]
    paths = [root / "scenarios" / "pii", root.parent / "shared" / "contracts" / "examples" / "pii.yaml"]
    files = scenarios.scenario_files([p for p in paths if p.exists()])
    return [s for f in sorted(files) for s in scenarios.load_file(f) if s.kind == "pii" and "blocked" in s.expect]


@pytest.mark.parametrize("scenario", _pii_scenarios(), ids=lambda s: s.name)
def test_e_mail_guard_blocks_exactly_what_the_pii_scenarios_say(scenario: Any) -> None:
    """The guard the e-mail service uses answers every pii scenario (contracts/README.md) the same way."""
    from samverkan.domain.pii import check_outgoing_email

    text = scenario.input["text"]
    check = check_outgoing_email("Ämne", text, scenario.input.get("names") or [])
    assert check.blocked is scenario.expect["blocked"]
