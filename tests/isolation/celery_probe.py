"""A task the worker imports only in the tests (``celery worker --include``): it reports the schema
it ran in and whether it can see a given login ID there."""

from celery import shared_task
from tenant_schemas_celery.task import TenantTask

from accounts.models import User
from tenants.db import current_schema


@shared_task(base=TenantTask, name="tests.schema_probe")
def schema_probe_task(login_id: str) -> dict[str, object]:
    return {
        "schema": current_schema(),
        "sees_login": User.objects.filter(login_id=login_id).exists(),
    }
