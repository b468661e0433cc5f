from typing import Any

from django.core.management.base import BaseCommand

from provisioning.template import template_ensure, template_schema_name


class Command(BaseCommand):
    help = (
        "Rebuild the template schema new agencies are cloned from, if the tenant migrations "
        "changed. Provisioning does this by itself; deploys run it after migrate_schemas."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rebuilt = template_ensure()
        state = "rebuilt" if rebuilt else "already up to date"
        self.stdout.write(f"Template schema {template_schema_name()}: {state}.")
