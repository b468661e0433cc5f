from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django_tenants.utils import schema_context

from tenants.models import Agency


def test_files_of_each_agency_are_kept_apart(
    agency_a: Agency, agency_b: Agency, tmp_path: Path
) -> None:
    with override_settings(MEDIA_ROOT=tmp_path):
        with schema_context(agency_a.schema_name):
            name = default_storage.save("bukti/surat.pdf", ContentFile(b"%PDF-1.7 agensi A"))
            path_a = Path(default_storage.path(name))
        with schema_context(agency_b.schema_name):
            seen_from_b = default_storage.exists(name)

    assert path_a == tmp_path / agency_a.schema_name / "bukti" / "surat.pdf"
    assert path_a.read_bytes() == b"%PDF-1.7 agensi A"
    assert seen_from_b is False
