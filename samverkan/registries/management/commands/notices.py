"""``samverkan notices deliver``: deliver every proactive notice still pending.

Notices are normally delivered by the background worker right after the record that caused
them is stored. When the worker was down they wait with status ``pending``; this command (run
periodically, e.g. from cron) sends them. Delivery is idempotent, so running it while the worker
is also busy never delivers a notice twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from samverkan.registries import services
from samverkan.registries.models import Notice


class Command(BaseCommand):
    help = "Meddelanden på eget initiativ: leverera de som väntar."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        deliver = sub.add_parser("deliver", help="leverera väntande meddelanden genom sekretessgrinden")
        deliver.add_argument("--limit", type=int, default=None, help="högst så här många")
        deliver.add_argument("--no-progress", action="store_true", help="visa ingen förloppsindikator")
        sub.add_parser("status", help="antal meddelanden per status")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "status":
            for value, label in Notice.Status.choices:
                self.stdout.write(f"{label}: {Notice.objects.filter(status=value).count()}")
            return
        ids = list(
            Notice.objects.filter(status=Notice.Status.PENDING)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
        )
        if options["limit"] is not None:
            ids = ids[: options["limit"]]
        counts = {value: 0 for value in Notice.Status.values}
        for pk in tqdm(ids, desc="Levererar", unit="meddelande", disable=not ids or options["no_progress"]):
            notice = services.notice_deliver(notice_id=pk)
            if notice is not None:
                counts[notice.status] += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts[Notice.Status.DELIVERED]} levererade, {counts[Notice.Status.WITHHELD]} utan utlämnade uppgifter, "
                f"{counts[Notice.Status.PENDING]} väntar fortfarande."
            )
        )
