from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from provisioning.lifecycle import LifecycleError, agency_resume
from provisioning.management.commands._lifecycle import agency_by_slug


class Command(BaseCommand):
    help = "Make a suspended (or archived) agency active again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--reason", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = agency_by_slug(options["slug"])
        try:
            agency_resume(agency_id=agency.pk, actor="manage.py", reason=options["reason"])
        except LifecycleError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"{agency.name} is active."))
