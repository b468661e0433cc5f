from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.forms import validate_mykad
from provisioning.services import AgencyAdmin, AgencySpec, ProvisioningError, agency_create
from provisioning.steps import agency_host


def _admin(raw: str) -> AgencyAdmin:
    parts = [part.strip() for part in raw.split(",")]
    if len(parts) != 3:
        raise CommandError(f"--admin takes 'Full name,MyKad,e-mail', got {raw!r}.")
    try:
        mykad = validate_mykad(parts[1])
    except ValidationError as exc:
        raise CommandError(f"--admin {raw!r}: {' '.join(exc.messages)}") from None
    return AgencyAdmin(name=parts[0], login_id=mykad, email=parts[2])


class Command(BaseCommand):
    help = (
        "Provision an agency now, without an application: schema cloned from the template, "
        "subdomain, calendar, WBF policy, roles, root unit, and invitations for its admins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="subdomain, e.g. jpn-kelantan")
        parser.add_argument("--name", required=True)
        parser.add_argument("--short-name", required=True)
        parser.add_argument("--state", required=True, help="state code 01-16")
        parser.add_argument(
            "--admin",
            action="append",
            default=[],
            help="'Full name,MyKad,e-mail' of a Pentadbir Organisasi (repeatable)",
        )
        parser.add_argument("--language", default="ms", choices=["ms", "en"])

    def handle(self, *args: Any, **options: Any) -> None:
        spec = AgencySpec(
            slug=options["slug"],
            name=options["name"],
            short_name=options["short_name"],
            state_code=options["state"],
            admins=tuple(_admin(raw) for raw in options["admin"]),
            language=options["language"],
        )
        try:
            agency = agency_create(spec=spec)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        except ProvisioningError as exc:
            raise CommandError(f"Provisioning failed: {exc}") from None
        self.stdout.write(
            self.style.SUCCESS(f"{agency.name} is {agency.status} at {agency_host(agency.slug)}")
        )
