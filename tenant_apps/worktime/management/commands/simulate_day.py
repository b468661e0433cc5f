"""``manage.py simulate_day [FILE]``: evaluate duty days described in JSON, without a database.

Reads FILE, or standard input when FILE is absent or "-": one case object, a list of them, or
JSON lines. Prints one JSON line per case, in input order: the verdict, or
``{"error": {"code", "message", "case"}}`` for a case that cannot be read. Exits with status 1
when any case was bad; the good cases are printed all the same. The format is in
docs/rules-engine.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenant_apps.worktime.engine.jsonio import simulate


class Command(BaseCommand):
    help = "Evaluate duty days described in JSON (a file or standard input); one JSON line each."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    stealth_options = ("stdin",)  # call_command(..., stdin=StringIO(...)) in tests

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", default="-", help="JSON cases; '-' or nothing: standard input"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        if name == "-":
            stdin = options.get("stdin") or sys.stdin
            text = stdin.read()
        else:
            try:
                text = Path(name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"Cannot read {name}: {error}") from None
        lines, bad = simulate(text)
        for line in lines:
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        if bad:
            raise CommandError(f"{bad} of the {len(lines)} cases could not be read.", returncode=1)
