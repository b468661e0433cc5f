from django.urls import path, re_path

from tenant_apps.people.views import imports

urlpatterns = [
    path("", imports.import_upload_view, name="import-upload"),
    path("<int:batch_id>/", imports.import_batch_view, name="import-batch"),
    path("<int:batch_id>/run/", imports.import_run_view, name="import-run"),
    path("<int:batch_id>/progress/", imports.import_progress_view, name="import-progress"),
    re_path(r"^template\.(?P<fmt>csv|xlsx)$", imports.import_template_view, name="import-template"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", imports.import_export_view, name="import-export"),
]
