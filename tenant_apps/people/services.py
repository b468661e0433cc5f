"""Every write of the people app. Each runs in the current schema (the caller picks the agency)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from tenant_apps.people.models import OrgUnit


@transaction.atomic
def root_org_unit_ensure(*, name: str, short_name: str) -> OrgUnit:
    """The agency's top-level unit, created on first call. An existing root is returned as it is
    (the org admin may have renamed it)."""
    root = OrgUnit.objects.filter(parent__isnull=True).first()
    if root is not None:
        return root
    try:
        with transaction.atomic():
            return OrgUnit.objects.create(name=name, short_name=short_name, parent=None)
    except IntegrityError:
        # Another request created it between our read and our write.
        return OrgUnit.objects.get(parent__isnull=True)
