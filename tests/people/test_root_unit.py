"""The agency's top-level organisation unit: there is exactly one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django_tenants.utils import schema_context

from tenant_apps.people.models import OrgUnit
from tenant_apps.people.services import root_org_unit_ensure
from tenants.models import Agency


def test_ensuring_the_root_twice_gives_one_root(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        root = root_org_unit_ensure(name="Agensi Ujian A", short_name="UJA")
        again = root_org_unit_ensure(name="Nama Lain", short_name="NL")

        assert again.pk == root.pk
        assert again.name == root.name
        assert OrgUnit.objects.filter(parent__isnull=True).count() == 1


def test_a_second_root_is_refused(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        root = root_org_unit_ensure(name="Agensi Ujian A", short_name="UJA")

        with translation.override("en"), pytest.raises(ValidationError, match="top-level unit"):
            OrgUnit(name="Agensi Kedua").validate_constraints()
        with pytest.raises(IntegrityError), transaction.atomic():
            OrgUnit.objects.create(name="Agensi Kedua")

        assert list(OrgUnit.objects.filter(parent__isnull=True)) == [root]


def test_units_below_the_root_are_many(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        root = root_org_unit_ensure(name="Agensi Ujian A", short_name="UJA")

        OrgUnit.objects.create(name="Bahagian Khidmat Pengurusan", parent=root)
        OrgUnit.objects.create(name="Bahagian Teknologi Maklumat", parent=root)

        assert [u.name for u in root.children.all()] == [
            "Bahagian Khidmat Pengurusan",
            "Bahagian Teknologi Maklumat",
        ]


def test_each_agency_has_its_own_root(agency_a: Agency, agency_b: Agency) -> None:
    with schema_context(agency_a.schema_name):
        root_a = root_org_unit_ensure(name="Agensi Ujian A", short_name="UJA")
    with schema_context(agency_b.schema_name):
        root_b = root_org_unit_ensure(name="Agensi Ujian B", short_name="UJB")

        assert list(OrgUnit.objects.filter(parent__isnull=True)) == [root_b]
        assert not OrgUnit.objects.filter(name=root_a.name).exists()
