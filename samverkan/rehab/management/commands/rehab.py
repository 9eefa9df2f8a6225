"""``samverkan rehab remind [--on ÅÅÅÅ-MM-DD] [--enqueue]``: reminders before follow-up dates.

Idempotent and resumable: a reminder exists at most once per measure and follow-up date, so a
run that stops half-way is simply run again. Each measure is its own transaction.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from samverkan.core.clock import today
from samverkan.core.validation import AS_OF
from samverkan.rehab import reminder_mails, selectors, services
from samverkan.rehab.models import PlanMeasure
from samverkan.rehab.tasks import send_follow_up_reminders


class Command(BaseCommand):
    help = "Rehabiliteringssamordning: påminnelser inför uppföljningar, steg i kedjan och arbetsgivarens plan."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="skapa påminnelser inför uppföljningar inom en vecka")
        remind.add_argument("--on", help="dag att räkna från (ÅÅÅÅ-MM-DD), i dag om den utelämnas")
        remind.add_argument("--enqueue", action="store_true", help="lägg jobbet i bakgrundskön i stället")
        remind.add_argument("--chunk-size", type=int, default=200)
        remind.add_argument("--no-progress", action="store_true", help="visa ingen förloppsindikator")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            self._remind(options)

    def _remind(self, options: dict[str, Any]) -> None:
        try:
            on = dt.date.fromisoformat(options["on"]) if options.get("on") else today()
        except ValueError as exc:
            raise CommandError(f"Ogiltigt datum {options['on']!r}; skriv ÅÅÅÅ-MM-DD.") from exc
        if (problem := AS_OF.problem(on)) is not None:
            raise CommandError(problem)
        if options["enqueue"]:
            result = send_follow_up_reminders.enqueue(on.isoformat())
            self.stdout.write(f"Jobbet är köat ({result.id}).")
            return
        ids = list(selectors.measures_due_for_reminder(on=on).values_list("pk", flat=True))
        created = failed = 0
        chunk = max(1, options["chunk_size"])
        with tqdm(
            total=len(ids), file=sys.stderr, desc="Påminnelser", unit="insats", disable=options["no_progress"]
        ) as bar:
            for start in range(0, len(ids), chunk):
                for measure in PlanMeasure.objects.filter(pk__in=ids[start : start + chunk]).order_by("pk"):
                    try:
                        if services.follow_up_reminder_create(measure=measure, on=on) is not None:
                            created += 1
                    except Exception as exc:  # one bad item never stops the run
                        failed += 1
                        self.stderr.write(f"Insats {measure.pk}: {exc}")
                    bar.update(1)
        self.stdout.write(
            f"{created} påminnelser skapade ({len(ids)} insatser att följa upp inom en vecka, {failed} fel)."
        )
        # E-mail reminders without personal data, once each: the chain's next step and the employer's plan.
        milestones = reminder_mails.milestone_mails_send(on=on)
        plans = reminder_mails.plan_deadline_mails_send(on=on)
        self.stdout.write(
            f"{milestones} e-postpåminnelser om steg i rehabiliteringskedjan och {plans} om arbetsgivarens plan skickade."
        )
