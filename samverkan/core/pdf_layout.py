"""The page every letter of Samverkan is laid out on (reportlab), shared so that the letters look alike.

The återsökning letters (:mod:`samverkan.reclaims.pdf`) and the kallelse to an avstämningsmöte
(:mod:`samverkan.rehab.summons`) are built as plain data first and then laid out here: A4 with the
same margins and fonts, a letter head (sender and recipient side by side, the date, the title) and a
table of facts. The PDF is written without stream compression, so its text can be searched (a letter
is a few kilobytes), and invariant (no creation time in it), so the same letter gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

#: A4 (210 mm) less the left and right margins: what a table spans.
TEXT_WIDTH = 166 * mm
_COLUMN = TEXT_WIDTH / 2


@dataclass(frozen=True)
class LetterStyles:
    """The paragraph styles of a letter: body text, small text (tables), bold body text and two headings."""

    body: ParagraphStyle
    small: ParagraphStyle
    strong: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """``text`` as a paragraph in ``style`` (the body text by default); escaped, since it is never markup."""
        return Paragraph(escape(text), style if style is not None else self.body)


def letter_styles(*, small_size: float, small_leading: float) -> LetterStyles:
    """The styles of a letter; only the small text (its tables) differs between the kinds of letter."""
    sample = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=sample["BodyText"], fontName="Helvetica", fontSize=10, leading=14)
    return LetterStyles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=small_size, leading=small_leading),
        strong=ParagraphStyle("strong", parent=body, fontName="Helvetica-Bold"),
        heading=ParagraphStyle(
            "heading", parent=sample["Heading1"], fontName="Helvetica-Bold", fontSize=14, leading=18
        ),
        subheading=ParagraphStyle(
            "subheading", parent=sample["Heading2"], fontName="Helvetica-Bold", fontSize=11, leading=15
        ),
    )


def letter_head(
    styles: LetterStyles, *, sender: Sequence[str], recipient: Sequence[str], date: str, title: str
) -> list[Any]:
    """Sender and recipient side by side, then the date and the letter's title."""
    header = Table(
        [[[styles.para(line) for line in sender], [styles.para(line) for line in recipient]]],
        colWidths=[_COLUMN, _COLUMN],
    )
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [header, Spacer(1, 6 * mm), styles.para(date), Spacer(1, 4 * mm), styles.para(title, styles.heading)]


def facts_table(styles: LetterStyles, facts: Sequence[tuple[str, str]], *, label_width: float) -> Table:
    """Label and value per row in small text, a thin line under each row, across the text width."""
    table = Table(
        [[styles.para(label, styles.small), styles.para(value, styles.small)] for label, value in facts],
        colWidths=[label_width, TEXT_WIDTH - label_width],
    )
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def render_a4(story: Sequence[Any], *, title: str, sender: Sequence[str], subject: str) -> bytes:
    """Lay ``story`` out on A4 and return the PDF; its author is the sender's first line."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=sender[0] if sender else "Samverkan",
        subject=subject,
        lang="sv-SE",
        pageCompression=0,
        invariant=1,
    )
    doc.build(list(story))
    return buffer.getvalue()
