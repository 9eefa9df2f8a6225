from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from samverkan.core.demo import seed_demo_world


class Command(BaseCommand):
    help = (
        "Skapar den syntetiska demovärlden (organisationer, konton för alla roller, personer, ärenden). Kan köras om."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Skapar demodata …")
        seed_demo_world(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demodata klar. Alla demokonton har lösenordet samverkan-demo."))
