"""Call-back requests between officials ("ring mig", "återkoppla"): when the call-back is due.

Source: Region Sörmland–Försäkringskassan, *Riktlinjer för kommunikation med Försäkringskassan*
(2020, seed 004), Kontaktuppgifter – Att tänka på: "Såväl rehabkoordinatorer som
försäkringsutredare ansvarar för att ha telefonsvararen på så att meddelande kan lämnas." and
"Återkoppling till region och Försäkringskassan görs snarast. Återkoppling görs på
lämpligaste/effektivaste sätt utifrån frågans art – via telefon, mejl, Administrativ fråga/ Webcert."

Reading chosen here (the agreement says only "snarast"): the call-back is due **the next working
day** after the request (:func:`callback_due_date`), working days as in
:mod:`samverkan.domain.deadlines` (Monday–Friday, not a public holiday under lag (1989:253) om
allmänna helgdagar, not midsommarafton, julafton or nyårsafton). A request on a Friday is due on
Monday; one on the day before a holiday on the first working day after it; one made on a weekend
on the first working day after that. A call-back done on or before that day is in time; an open
one after it is overdue and is reminded (once).
"""

from __future__ import annotations

import datetime as dt

from samverkan.domain.deadlines import _day, add_working_days

#: Where the rule comes from (seed 004), for explanations and the rules page.
SOURCE = (
    "Riktlinjer för kommunikation med Försäkringskassan (Region Sörmland och Försäkringskassan, 2020): "
    "”Återkoppling till region och Försäkringskassan görs snarast.”"
)
#: How "snarast" is read: this many working days after the request.
DUE_WORKING_DAYS = 1


def callback_due_date(requested_on: dt.date) -> dt.date:
    """The day a call-back requested on ``requested_on`` is due: the next working day after it.

    2026-11-20 (a Friday) → 2026-11-23 (Monday); 2026-12-23 → 2026-12-28 (julafton, juldagen,
    annandag jul and the weekend are passed over).
    """
    return add_working_days(_day(requested_on, "requested_on"), DUE_WORKING_DAYS)


def callback_overdue(due_on: dt.date, on: dt.date, *, done_on: dt.date | None = None) -> bool:
    """True when the call-back is not done on ``on`` and ``on`` is after the due day."""
    on = _day(on, "on")
    if done_on is not None and _day(done_on, "done_on") <= on:
        return False
    return on > _day(due_on, "due_on")


def callback_in_time(due_on: dt.date, done_on: dt.date) -> bool:
    """Whether a call-back done on ``done_on`` kept its due day."""
    return _day(done_on, "done_on") <= _day(due_on, "due_on")


__all__ = ["DUE_WORKING_DAYS", "SOURCE", "callback_due_date", "callback_in_time", "callback_overdue"]
