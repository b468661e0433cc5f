from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from provisioning.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Create (or keep) the demo platform: public tenant, two agencies, one user per role."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", default="8000")

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        logins = demo_seed()
        self.stdout.write(self.style.SUCCESS("SPOT-Me demo is ready."))
        self.stdout.write(f"  Platform (JDN operators): http://{settings.SPOTME_DOMAIN}:{port}/")
        for where in dict.fromkeys(login.where for login in logins if login.where != "platform"):
            self.stdout.write(f"  Agency: http://{where}:{port}/")
        self.stdout.write(f"\n  Password for every demo login: {DEMO_PASSWORD}")
        self.stdout.write(f"  {'where':<24} {'role':<14} {'MyKad':<16} name")
        for login in logins:
            mykad = f"{login.mykad[:6]}-{login.mykad[6:8]}-{login.mykad[8:]}"
            self.stdout.write(f"  {login.where:<24} {login.role:<14} {mykad:<16} {login.name}")
