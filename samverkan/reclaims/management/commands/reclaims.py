"""``samverkan reclaims detect``: the nightly detection of retroactive decisions to reclaim."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from samverkan.core.clock import today
from samverkan.core.validation import AS_OF
from samverkan.disclosures import notices
from samverkan.reclaims import services
from samverkan.reclaims.tasks import detect_reclaims


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
        "Återsökning (107 kap. 5 § socialförsäkringsbalken). detect: hittar varje retroaktivt beslut från "
        "Försäkringskassan eller Pensionsmyndigheten som avser samma tid som utbetalt ekonomiskt bistånd i ett "
        "aktuellt ärende, lämnar ut beslutet genom sekretessgrinden och upprättar ett utkast till begäran. "
        "Kan köras om: samma beslut får aldrig två utkast."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="åtgärder")
        detect = sub.add_parser("detect", help="hitta retroaktiva beslut och upprätta utkast (nattkörning)")
        detect.add_argument("--date", type=_date, default=None, help="kör som om det vore denna dag (ÅÅÅÅ-MM-DD)")
        detect.add_argument("--chunk-size", type=int, default=500, help="beslut per transaktion (standard 500)")
        detect.add_argument(
            "--lookback-days",
            type=int,
            default=services.DETECT_LOOKBACK_DAYS,
            help="hur många dagar bakåt en utbetalningsdag får ligga (standard %(default)s)",
        )
        detect.add_argument("--no-progress", action="store_true", help="visa ingen förloppsindikator")
        detect.add_argument(
            "--enqueue", action="store_true", help="lägg körningen i bakgrundskön i stället för att köra nu"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "detect":
            self._detect(options)

    def _detect(self, options: dict[str, Any]) -> None:
        on: dt.date | None = options["date"]
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size måste vara minst 1.")
        if options["enqueue"]:
            result = detect_reclaims.enqueue(on=on.isoformat() if on else None)
            self.stdout.write(f"Körningen ligger i kön (uppgift {result.id}).")
            return
        day = on or today()
        ids = notices.retroactive_decision_ids(payout_from=day - dt.timedelta(days=options["lookback_days"]))
        with tqdm(
            total=len(ids),
            file=sys.stderr,
            unit=" beslut",
            desc="Söker retroaktiva beslut",
            disable=options["no_progress"],
        ) as bar:
            report = services.reclaims_detect(
                on=on,
                chunk_size=options["chunk_size"],
                lookback_days=options["lookback_days"],
                progress=bar.update,
                decision_ids=ids,
            )
        self.stdout.write(report.summary() + ".")
        for error in report.errors:
            self.stderr.write(f"Fel: {error}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} beslut kunde inte hanteras; se ovan.", returncode=1)
        self.stdout.write(self.style.SUCCESS("Klart."))
