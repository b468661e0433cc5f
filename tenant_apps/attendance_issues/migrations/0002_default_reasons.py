"""The reason codes every agency starts with; the org admin edits the list."""

from django.db import migrations

DEFAULTS = [
    ("TUGAS_LUAR", "Tugas rasmi di luar pejabat", "Official duty outside the office"),
    ("KESESAKAN", "Kesesakan lalu lintas / kenderaan rosak", "Traffic jam or vehicle breakdown"),
    ("KECEMASAN", "Kecemasan keluarga", "Family emergency"),
    ("SAKIT", "Sakit / rawatan perubatan", "Illness or medical treatment"),
    ("CUTI", "Bercuti (rekod cuti belum dikemas kini)", "On leave (leave record not updated)"),
    ("LUPA", "Terlupa mendaftar", "Forgot to punch"),
    ("SISTEM", "Masalah sistem / peranti", "System or device problem"),
    ("LAIN", "Lain-lain (nyatakan)", "Other (explain)"),
]


def add_defaults(apps, schema_editor):  # type: ignore[no-untyped-def]
    reason = apps.get_model("attendance_issues", "IssueReason")
    for order, (code, label_ms, label_en) in enumerate(DEFAULTS):
        reason.objects.get_or_create(
            code=code, defaults={"label_ms": label_ms, "label_en": label_en, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("attendance_issues", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
