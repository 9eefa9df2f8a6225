"""Letters and the request as PDF: they render, say the right thing, and never show a protected address."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from samverkan.reclaims import pdf, services
from samverkan.reclaims.models import Reclaim
from tests.reclaims.conftest import decide, new_case, pay

pytestmark = pytest.mark.django_db

_TJ = re.compile(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj")


def pdf_text(data: bytes) -> str:
    """The text drawn on the pages (the PDF is written without stream compression)."""
    parts = []
    for raw in _TJ.findall(data):
        raw = re.sub(rb"\\([()\\])", rb"\1", raw)
        raw = re.sub(rb"\\(\d{3})", lambda m: bytes([int(m.group(1), 8)]), raw)
        parts.append(raw.decode("cp1252"))
    return " ".join(parts).replace("\xa0", " ")


def _reclaim(dates: dict[str, dt.date], user: Any, *, protected: bool = False) -> Reclaim:
    case = new_case(protected=protected)
    pay(case, dates["m1"], "8000.00", advance_benefit="sickness_compensation", written_notice=True)
    pay(case, dates["m2"], "8000.00", advance_benefit="sickness_compensation", written_notice=True)
    decision = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="30000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    (reclaim,) = services.reclaim_on_retroactive_decision(decision)
    return services.reclaim_send(reclaim=reclaim, sent_by=user)


def test_request_to_fk_renders_as_pdf_citing_sfb(world: None, dates: dict[str, dt.date], user_named: Any) -> None:
    reclaim = _reclaim(dates, user_named("sara.lind"))
    data = pdf.render(pdf.build(reclaim, pdf.LetterKind.REQUEST))
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "107 kap. 5 § socialförsäkringsbalken" in text
    assert "Försäkringskassan" in text
    assert reclaim.person.identity_number in text
    assert "Begärt belopp till socialnämnden 16 000,00 kr" in text


def test_letters_to_the_person_of_request_and_outcome(world: None, dates: dict[str, dt.date], user_named: Any) -> None:
    reclaim = _reclaim(dates, user_named("sara.lind"))
    notice = pdf_text(pdf.render(pdf.build(reclaim, pdf.LetterKind.NOTICE)))
    assert "Socialnämnden har begärt återsökning" in notice
    assert "Provgatan 7" in notice
    assert pdf.LetterKind.OUTCOME not in pdf.available_letters(reclaim)

    services.reclaim_settle(
        reclaim=reclaim,
        settled_by=user_named("fredrik.holm"),
        to_social_services=Decimal("16000.00"),
        to_person=Decimal("14000.00"),
        settled_on=dates["today"],
    )
    reclaim.refresh_from_db()
    outcome = pdf.build(reclaim, pdf.LetterKind.OUTCOME)
    assert "16\xa0000,00\xa0kr har betalats till socialnämnden" in outcome.text()
    assert "14\xa0000,00\xa0kr betalas till dig" in outcome.text()
    assert "14 000,00 kr betalas till dig" in pdf_text(pdf.render(outcome))


def test_too_late_letter_says_whether_the_nämnd_may_claim_from_the_person(
    world: None, dates: dict[str, dt.date], user_named: Any
) -> None:
    case = new_case()
    pay(case, dates["m1"], "8000.00", advance_benefit="sickness_compensation", written_notice=True)
    decision = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="9000.00",
        decided=dates["today"] - dt.timedelta(days=9),
        payout=dates["today"] - dt.timedelta(days=1),
    )
    (reclaim,) = services.reclaim_on_retroactive_decision(decision)
    assert reclaim.status == Reclaim.Status.TOO_LATE
    assert pdf.available_letters(reclaim) == [pdf.LetterKind.OUTCOME]  # no request was ever sent
    text = pdf.build(reclaim, pdf.LetterKind.OUTCOME).text()
    assert "återkrav enligt 33 kap. 2 § socialtjänstlagen (2025:400)" in text
    assert "Hela beloppet" in text


def test_protected_identity_letters_show_no_address_and_no_unit(
    world: None, dates: dict[str, dt.date], user_named: Any
) -> None:
    reclaim = _reclaim(dates, user_named("sara.lind"), protected=True)
    for kind in (pdf.LetterKind.REQUEST, pdf.LetterKind.NOTICE):
        letter = pdf.build(reclaim, kind)
        text = pdf_text(pdf.render(letter))
        assert "Ekonomiskt bistånd" not in letter.sender
        assert reclaim.case.unit.address not in text
        assert "Provgatan" not in text
    assert "adressen visas inte" in pdf.build(reclaim, pdf.LetterKind.NOTICE).text()


def test_letters_download_from_the_reclaim_page(
    world: None, dates: dict[str, dt.date], client_for: Any, user_named: Any
) -> None:
    reclaim = _reclaim(dates, user_named("sara.lind"))
    social = client_for("sara.lind")
    page = social.get(reverse("reclaims:detail", args=[reclaim.pk])).content.decode()
    for kind in ("request", "notice"):
        url = reverse("reclaims:letter", args=[reclaim.pk, kind])
        assert url in page
        response = social.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    assert social.get(reverse("reclaims:letter", args=[reclaim.pk, "outcome"])).status_code == 404
    fk = client_for("fredrik.holm")
    assert fk.get(reverse("reclaims:letter", args=[reclaim.pk, "request"])).status_code == 200
    assert fk.get(reverse("reclaims:letter", args=[reclaim.pk, "notice"])).status_code == 404
