"""The demo agencies' organisation: a few units, officer records for the demo logins with a
supervision line, an executive's grant and an office with its geofence. Idempotent."""

from __future__ import annotations

from django.db import transaction
from django_tenants.utils import schema_context

from accounts.models import User
from tenant_apps.people.models import OfficeLocation, Officer, OrgUnit
from tenant_apps.people.officer_services import gender_hint
from tenant_apps.people.services import executive_grant, unit_create
from tenants.models import Agency

# slug → (units under the top-level one: (name, short name, parent short name or ""), office)
DEMO_CHARTS = {
    "jdn": (
        [
            ("Bahagian Khidmat Pengurusan", "BKP", ""),
            ("Bahagian Pembangunan Digital", "BPD", ""),
            ("Seksyen Aplikasi", "SA", "BPD"),
        ],
        ("Kompleks JDN, Presint 4 Putrajaya", 2.9137, 101.6862, 250),
    ),
    "pdtkb": (
        [
            ("Bahagian Pentadbiran", "BP", ""),
            ("Bahagian Hasil Tanah", "BHT", ""),
            ("Unit Kutipan", "UK", "BHT"),
        ],
        ("Pejabat Tanah Kota Bharu, Jalan Sultan Ibrahim", 6.1254, 102.2386, 150),
    ),
}


@transaction.atomic
def demo_organisation_ensure(*, agency: Agency, people: list[tuple[str, str, str]]) -> None:
    """``people``: (login ID, name, role code) as in provisioning.demo.DEMO_PEOPLE."""
    units_spec, office_spec = DEMO_CHARTS[agency.slug]
    with schema_context(agency.schema_name):
        root = OrgUnit.objects.get(parent__isnull=True)
        units = {"": root}
        for name, short, parent in units_spec:
            unit = OrgUnit.objects.filter(short_name=short).first()
            units[short] = unit or unit_create(name=name, short_name=short, parent=units[parent])
        first, second, leaf = (spec[1] for spec in units_spec)
        where = {"org_admin": first, "executive": "", "supervisor": second, "officer": leaf}
        officers: dict[str, Officer] = {}
        for login_id, _name, role in people:
            user = User.objects.get(login_id=login_id)
            officers[role] = Officer.objects.get_or_create(
                user=user,
                defaults={
                    "org_unit": units[where[role]],
                    "gender": gender_hint(login_id, User.LoginKind.MYKAD),
                    "position": {
                        "org_admin": "Pegawai Teknologi Maklumat",
                        "executive": "Pengarah",
                        "supervisor": "Ketua Seksyen",
                        "officer": "Pembantu Tadbir",
                    }[role],
                },
            )[0]
        officer = officers["officer"]
        if officer.supervisor_id is None:
            officer.supervisor = officers["supervisor"]
            officer.second_supervisor = officers["executive"]
            officer.save(update_fields=["supervisor", "second_supervisor"])
        for person in officers.values():
            if not person.lines.exists():
                person.lines.create(
                    org_unit=person.org_unit,
                    supervisor=person.supervisor,
                    second_supervisor=person.second_supervisor,
                    effective_from=person.status_since,
                )
        executive_grant(executive=officers["executive"].user, unit=root)
        name, latitude, longitude, radius = office_spec
        office, _created = OfficeLocation.objects.get_or_create(
            name=name,
            defaults={
                "shape": OfficeLocation.Shape.CIRCLE,
                "latitude": latitude,
                "longitude": longitude,
                "radius_m": radius,
            },
        )
        office.units.add(root)
