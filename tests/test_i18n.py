import subprocess
from pathlib import Path

from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "ms" / "LC_MESSAGES" / "django.po"


def test_malay_catalogue_has_no_untranslated_or_fuzzy_entries() -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=True,
    )

    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr


def test_malay_is_compiled_and_used() -> None:
    with translation.override("ms"):
        assert translation.gettext("Log in") == "Log Masuk"
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"
