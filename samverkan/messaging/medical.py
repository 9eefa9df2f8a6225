"""A simple, documented check that a komplettering reason carries no medical details.

Seed 004 and Webcert: a komplettering (Försäkringskassan asks vården to complete a certificate)
is answered either by a **new certificate** or by a **reason without medical details** (for
example "Patienten har inte kommit på bokad tid; nytt intyg skickas efter besöket"). Medical
details belong in the certificate, which goes to FK through its own channel.

What this check does, honestly:

- The reason must not be empty (:data:`MIN_REASON_LETTERS` letters at least).
- It looks for a short list of words that only appear in medical content (:data:`MEDICAL_TERMS`:
  diagnosis words, common diagnoses and symptoms, medication, examinations), matched as whole
  words or word beginnings (``diagnos`` finds ``diagnosen``), and for ICD-10 codes
  (``F32.1``, ``M54``). A hit blocks the answer and names the words, so the writer can rephrase
  or send a new certificate instead.

What it does **not** do: understand the text. A medical detail written in other words passes,
and a harmless sentence that happens to use a listed word is stopped (the safe direction). The
person who writes the reason remains responsible for leaving medical details out.
"""

from __future__ import annotations

import re

MIN_REASON_LETTERS = 10

#: Word beginnings that signal medical content (lower case). Kept short and specific on purpose.
MEDICAL_TERMS: tuple[str, ...] = (
    "diagnos",
    "icd",
    "symtom",
    "depression",
    "deprimerad",
    "ångest",
    "utmattning",
    "utbrändhet",
    "psykos",
    "schizofreni",
    "bipolär",
    "adhd",
    "autism",
    "cancer",
    "tumör",
    "fraktur",
    "diabetes",
    "epilepsi",
    "migrän",
    "smärt",
    "ryggsmärt",
    "huvudvärk",
    "ländrygg",
    "whiplash",
    "hjärtinfarkt",
    "stroke",
    "infektion",
    "covid",
    "missbruk",
    "läkemedel",
    "medicinering",
    "sertralin",
    "citalopram",
    "morfin",
    "operation",
    "opererad",
    "röntgen",
    "magnetkamera",
    "provsvar",
    "blodprov",
    "remiss",
    "sjukdomsförlopp",
    "funktionsnedsättning",
    "aktivitetsbegränsning",
)

_TERMS = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in MEDICAL_TERMS) + r")\w*", re.IGNORECASE)
#: ICD-10: a letter (not U, used for special purposes), two digits, optionally a dot and 1–2 digits.
_ICD10 = re.compile(r"(?<![\w.])([A-TV-Z][0-9]{2}(?:\.[0-9]{1,2})?)(?![\w])")


def medical_terms_in(text: str) -> list[str]:
    """The listed medical words and ICD-10 codes found in ``text``, in order, each once."""
    found: list[str] = []
    for match in _TERMS.finditer(text or ""):
        word = match.group(0).lower()
        if word not in found:
            found.append(word)
    for match in _ICD10.finditer(text or ""):
        code = match.group(1)
        if code not in found:
            found.append(code)
    return found


def reason_problem(text: str) -> str | None:
    """Why ``text`` is not an acceptable reason without medical details (None when it is)."""
    letters = len(re.findall(r"[^\W\d_]", text or ""))
    if letters < MIN_REASON_LETTERS:
        return (
            "Skriv en motivering: varför intyget inte kompletteras. Motiveringen får inte vara tom och ska vara "
            "utan medicinska uppgifter."
        )
    terms = medical_terms_in(text)
    if terms:
        return (
            "Motiveringen verkar innehålla medicinska uppgifter ("
            + ", ".join(f"”{t}”" for t in terms)
            + "). En motivering ska vara utan medicinska uppgifter; skriv om den, eller svara med ett nytt intyg."
        )
    return None
