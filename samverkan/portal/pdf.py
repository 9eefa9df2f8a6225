""" "Vem har sett mina uppgifter" as a PDF (reportlab), for the person to keep or show someone.

It holds exactly what the page shows (:func:`samverkan.portal.disclosure_log.disclosure_log_for`):
never an address, a unit or an official's name the policy does not allow. Written without
stream compression so its text can be searched.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from samverkan.people.models import Person
from samverkan.portal.disclosure_log import DisclosureRow

TITLE = "Vem har sett mina uppgifter"
HEADER = ("När", "Mottagare", "Från", "Vem", "Uppgifter", "Utfall", "Grund", "Ändamål")


def _local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def disclosure_log_pdf(*, person: Person, rows: Sequence[DisclosureRow], generated_at: dt.datetime) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=TITLE,
        author="Samverkan",
        subject=f"Utlämnanden av uppgifter om {person.full_name}",
        lang="sv-SE",
        pageCompression=0,
    )
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName="Helvetica", fontSize=9.5, leading=13)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold")
    heading = ParagraphStyle("heading", parent=styles["Heading1"], fontName="Helvetica-Bold", fontSize=15, leading=19)

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    story: list[object] = [
        para(TITLE, heading),
        para(f"{person.full_name}, {person.identity_number}"),
        para(f"Utdrag ur loggen i Samverkan den {_local(generated_at)}."),
        para(
            "Här står varje gång uppgifter om dig har begärts, lämnats ut eller nekats mellan myndigheter: när, vem "
            "som fick eller begärde dem, vilka uppgifter, på vilken grund och för vilket ändamål. Administrativa "
            "frågor mellan vården och Försäkringskassan finns i din journal och visas inte här."
        ),
        Spacer(1, 4 * mm),
    ]
    if not rows:
        story.append(para("Inga uppgifter om dig har lämnats ut mellan myndigheter i Samverkan."))
    else:
        data = [[para(h, head) for h in HEADER]]
        for row in rows:
            data.append(
                [
                    para(_local(row.at), cell),
                    para(row.recipient, cell),
                    para(row.discloser, cell),
                    para(row.handled_by, cell),
                    para("; ".join(row.categories), cell),
                    para(row.outcome, cell),
                    para(row.basis, cell),
                    para(row.purpose, cell),
                ]
            )
        widths = [22, 30, 28, 34, 42, 24, 63, 30]
        table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        story.append(table)
    doc.build(story)
    return buffer.getvalue()
