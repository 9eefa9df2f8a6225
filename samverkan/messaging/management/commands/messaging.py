"""``samverkan messaging remind``: reminders before the answer deadline and escalation after it.

Idempotent and resumable: a question is reminded once and escalated once (recorded in
``AnswerReminder`` and ``Escalation``), each question in its own transaction, so a run that is
stopped half-way is simply run again.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from samverkan.core.clock import today
from samverkan.core.validation import AS_OF
from samverkan.messaging import services
from samverkan.messaging.tasks import send_deadline_follow_ups


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} är inget datum; skriv ÅÅÅÅ-MM-DD.") from None
    if (problem := AS_OF.problem(day)) is not None:
        raise CommandError(problem)
    return day


class Command(BaseCommand):
    help = (
        "Administrativa frågor (svarstid högst 7 dagar). remind: skickar påminnelse före sista svarsdag och "
        "eskalerar obesvarade frågor till enhetschefen efter den. Kan köras om: varje fråga påminns och "
        "eskaleras en gång. Påminner också om försenade återkopplingar och om kontaktpersonens terminsmöten."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="åtgärder")
        remind = sub.add_parser("remind", help="påminnelser och eskaleringar (daglig körning)")
        remind.add_argument("--date", type=_date, default=None, help="kör som om det vore denna dag (ÅÅÅÅ-MM-DD)")
        remind.add_argument("--no-escalate", action="store_true", help="skicka bara påminnelser")
        remind.add_argument("--no-progress", action="store_true", help="visa ingen förloppsindikator")
        remind.add_argument("--enqueue", action="store_true", help="lägg körningen i bakgrundskön i stället")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            self._remind(options)

    def _remind(self, options: dict[str, Any]) -> None:
        on: dt.date = options["date"] or today()
        if options["enqueue"]:
            result = send_deadline_follow_ups.enqueue(on=on.isoformat())
            self.stdout.write(f"Körningen ligger i kön (uppgift {result.id}).")
            return
        reminders = services.reminders_due(on)
        with tqdm(
            total=len(reminders), file=sys.stderr, unit=" frågor", desc="Påminnelser", disable=options["no_progress"]
        ) as bar:
            sent = services.answer_reminders_send(on=on, ids=reminders, progress=bar.update)
        self.stdout.write(f"Påminnelser skickade: {sent} (av {len(reminders)} som stod på tur).")
        if not options["no_escalate"]:
            overdue = services.escalations_due(on)
            with tqdm(
                total=len(overdue), file=sys.stderr, unit=" frågor", desc="Eskaleringar", disable=options["no_progress"]
            ) as bar:
                escalated = services.overdue_questions_escalate(on=on, ids=overdue, progress=bar.update)
            self.stdout.write(
                f"Eskalerade till enhetschef: {escalated} (av {len(overdue)} obesvarade efter sista svarsdag)."
            )
        callbacks = services.callback_reminders_due(on)
        with tqdm(
            total=len(callbacks), file=sys.stderr, unit=" st", desc="Återkopplingar", disable=options["no_progress"]
        ) as bar:
            reminded = services.callback_reminders_send(on=on, ids=callbacks, progress=bar.update)
        self.stdout.write(f"Påminnelser om försenad återkoppling: {reminded} (av {len(callbacks)}).")
        self.stdout.write(f"Påminnelser om terminsmöten: {services.term_meeting_reminders_send(on=on)}.")
        self.stdout.write(self.style.SUCCESS("Klart."))
