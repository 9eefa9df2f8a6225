"""A child's own say over a consent by age on the day (OSL 12 kap. 3 §, FB 6 kap. 11 och 13 §§; ADR 0009)."""

from __future__ import annotations

import datetime as dt

from samverkan.domain.consent.record import ConsentGiver, ConsentRecord
from samverkan.domain.dates import age_on
from samverkan.domain.statutes import FB_6_11, FB_6_13, OSL_12_2, OSL_12_3

#: From this age the child's own view is recorded with a guardians' consent (OSL 12 kap. 3 §, FB 6 kap. 11 §).
CHILD_VIEW_AGE = 12


#: From this age the child's own consent is needed; the guardians' alone does not count (ADR 0009).
CHILD_CONSENT_AGE = 15


#: Myndighetsålder: the guardians' authority ends (FB 6 kap. 2 §).
ADULT_AGE = 18


def child_view_problem(age: int, giver: ConsentGiver, child_view: str, child_agrees: bool | None) -> str | None:
    """Why a consent cannot be given this way for a person of ``age`` (None when it can); Swedish, with citations.

    The reading of OSL 12 kap. 3 § and FB 6 kap. 11 § in ADR 0009: under 15 the guardians consent,
    and from 12 the child's view and whether it agrees are recorded; from 15 the child's own consent
    is needed; from 18 only the person consents.
    """
    if age >= ADULT_AGE:
        if giver is ConsentGiver.GUARDIANS:
            return f"Personen är {age} år och myndig. Bara personen själv kan lämna samtycket."
        return None
    if age >= CHILD_CONSENT_AGE:
        if giver is ConsentGiver.GUARDIANS:
            return (
                f"Barnet är {age} år. Från 15 års ålder bestämmer barnet i regel självt över sekretessen för sina "
                f"egna uppgifter; vårdnadshavarnas samtycke räcker inte, barnets eget samtycke behövs "
                f"({OSL_12_3.short}, {FB_6_11.short})."
            )
        return None
    if giver is ConsentGiver.PERSON:
        return (
            f"Personen är ett barn ({age} år). För ett barn under 15 år lämnar vårdnadshavarna samtycket "
            f"({OSL_12_3.short}, {FB_6_13.short}); ange att det lämnades av vårdnadshavarna."
        )
    if age >= CHILD_VIEW_AGE and (not child_view.strip() or child_agrees is None):
        return (
            f"Barnet är {age} år. Från 12 års ålder ska barnets egen inställning höras och vägas in; skriv vad barnet "
            f"sade och om barnet samtycker ({OSL_12_3.short}, {FB_6_11.short})."
        )
    return None


def child_say_counts(consent: ConsentRecord, on: dt.date) -> tuple[bool, str]:
    """Whether who gave ``consent`` is enough on ``on`` for the person's age (OSL 12 kap. 3 §, FB 6 kap. 11 §).

    Returns ``(counts, text)``. When it does not count, ``text`` continues a sentence that starts
    with the consent's label; when it counts, ``text`` is "" for an adult's own consent (or an
    unknown age) and otherwise a sentence, with a leading space, on who consented for the child
    and what the child said (ADR 0009):

    - given by the guardians: counts only while the person is under 15; from 15 the child's own
      consent is needed, and from 18 only the person's (the age on ``on``, so a guardians' consent
      stops counting on the child's 15th birthday). Without a known birth date it does not count;
    - given by the person: for a child under 15 it does not count (the guardians consent);
    - a guardians' consent for a child of 12–14 counts, and the child's recorded view is told.
    """
    if consent.subject_birth_date is None:
        if consent.given_by is ConsentGiver.GUARDIANS:
            return False, (
                "lämnades av vårdnadshavarna, men personens födelsedatum är inte känt. Det går därför inte att "
                f"avgöra om barnet är under 15 år, då vårdnadshavarnas samtycke räcker ({OSL_12_3.text})."
            )
        return True, ""
    age = age_on(consent.subject_birth_date, on)
    if consent.given_by is ConsentGiver.GUARDIANS:
        if age >= ADULT_AGE:
            return False, (
                f"lämnades av vårdnadshavarna, men personen är nu {age} år och myndig. Vårdnaden har upphört; bara "
                f"personen själv kan samtycka ({OSL_12_2.text})."
            )
        if age >= CHILD_CONSENT_AGE:
            return False, (
                f"lämnades bara av vårdnadshavarna, men barnet är {age} år. Från 15 års ålder bestämmer barnet i regel "
                f"självt över sekretessen för sina egna uppgifter, och barnets eget samtycke behövs "
                f"({OSL_12_3.text}, {FB_6_11.text})."
            )
        if age < CHILD_VIEW_AGE:
            return True, f" Samtycket lämnades av vårdnadshavarna för barnet ({age} år) ({OSL_12_3.text})."
        if consent.child_agrees is None:
            view = "Barnets egen inställning är inte dokumenterad."
        elif consent.child_agrees:
            view = "Barnet har fått säga sin mening och samtycker."
        else:
            view = "Barnet har fått säga sin mening och samtycker inte; det har vägts in när samtycket registrerades."
        return True, (
            f" Samtycket lämnades av vårdnadshavarna för barnet ({age} år). {view} ({OSL_12_3.text}, {FB_6_11.text})."
        )
    if age < CHILD_CONSENT_AGE:
        return False, (
            f"lämnades av barnet självt, som är {age} år. För ett barn under 15 år lämnar vårdnadshavarna samtycket "
            f"({OSL_12_3.text}, {FB_6_13.text})."
        )
    if age < ADULT_AGE:
        return True, f" Barnet ({age} år) har själv samtyckt ({OSL_12_3.text}, {FB_6_11.text})."
    return True, ""
