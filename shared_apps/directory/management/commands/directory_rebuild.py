from typing import Any

from django.core.management.base import BaseCommand

from shared_apps.directory.services import directory_rebuild_all


class Command(BaseCommand):
    help = (
        "Recompute the login finder's entries of every agency from its users. Run it once for "
        "existing data and after changing SPOTME_MYKAD_HASH_KEY (old hashes match nothing)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = directory_rebuild_all()
        for slug, count in counts.items():
            self.stdout.write(f"{slug}: {count} entries")
        self.stdout.write(f"{len(counts)} agencies, {sum(counts.values())} entries.")
