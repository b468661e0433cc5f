from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from provisioning.lifecycle import LifecycleError, agency_suspend
from provisioning.management.commands._lifecycle import agency_by_slug


class Command(BaseCommand):
    help = "Suspend an agency: its users see the suspended page; nothing is lost."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--reason", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        agency = agency_by_slug(options["slug"])
        try:
            agency_suspend(agency_id=agency.pk, actor="manage.py", reason=options["reason"])
        except LifecycleError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"{agency.name} is suspended."))
