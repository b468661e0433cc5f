from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from provisioning.audit import audit_record
from provisioning.lifecycle import agency_export_run
from provisioning.management.commands._lifecycle import agency_by_slug
from provisioning.models import AgencyExport, AuditEvent


class Command(BaseCommand):
    help = "Write an agency's data (pg_dump of its schema + CSV per table) to a zip and print it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = agency_by_slug(options["slug"])
        export = AgencyExport.objects.create(agency=agency)
        audit_record(
            actor="manage.py",
            action=AuditEvent.Action.EXPORT_REQUESTED,
            agency_slug=agency.slug,
            agency_name=agency.name,
            detail={"export": export.pk},
        )
        export = agency_export_run(export_id=export.pk)
        if export.status != AgencyExport.Status.READY:
            raise CommandError(f"Export failed: {export.error}")
        self.stdout.write(export.file_path)
        self.stdout.write(f"{export.size} bytes, sha256 {export.sha256}")
