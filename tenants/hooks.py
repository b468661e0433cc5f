"""Called by django-tenants on every tenant switch (EXTRA_SET_TENANT_METHOD_PATH)."""

from typing import Any

from django.apps import apps


def on_set_tenant(wrapper: Any, tenant: Any) -> None:
    # django-guardian caches content-type ids process-wide; the ids differ between schemas, so a
    # cached id from one agency would fetch the permissions of another model in the next.
    if not apps.ready:
        return
    from guardian.shortcuts import clear_ct_cache

    clear_ct_cache()
