"""The demo platform: the public tenant, two agencies in different weekend regions, one user per
role. Built with the same provisioning services the platform uses."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.roles import Role
from provisioning.demo_attendance import demo_attendance_ensure
from provisioning.demo_integrations import demo_integrations_ensure
from provisioning.demo_org import DEMO_CHARTS, demo_organisation_ensure
from provisioning.services import (
    AgencySpec,
    agency_create,
    agency_host,
    agency_user_ensure,
    operator_ensure,
    public_tenant_ensure,
)
from provisioning.stats import agency_stats_refresh_all

DEMO_PASSWORD = "Demo.Spotme.2026"  # noqa: S105 - the demo's published password

DEMO_AGENCIES = [
    # Putrajaya: Saturday-Sunday weekend.
    AgencySpec(slug="jdn", name="Jabatan Digital Negara", short_name="JDN", state_code="16"),
    # Kelantan: Friday-Saturday weekend, short Thursday.
    AgencySpec(
        slug="pdtkb",
        name="Pejabat Daerah dan Tanah Kota Bharu",
        short_name="PDTKB",
        state_code="03",
    ),
]

DEMO_PEOPLE = {
    "jdn": [
        ("850101165011", "NURUL AINI BINTI HASSAN", Role.ORG_ADMIN),
        ("800202165023", "AHMAD FAIZAL BIN OMAR", Role.SUPERVISOR),
        ("750303165035", "SITI KHADIJAH BINTI YUSOF", Role.EXECUTIVE),
        ("900404165048", "MARLIANA BINTI RAMLI", Role.OFFICER),
    ],
    "pdtkb": [
        ("860505035051", "WAN AZLINA BINTI WAN ISMAIL", Role.ORG_ADMIN),
        ("810606035063", "MOHD RIDZUAN BIN CHE MAT", Role.SUPERVISOR),
        ("760707035075", "NIK ROSNAH BINTI NIK DAUD", Role.EXECUTIVE),
        ("910808035088", "TENGKU NORHAYATI BINTI TENGKU ALI", Role.OFFICER),
    ],
}

DEMO_OPERATOR = ("820909145091", "KAMARUL ARIFFIN BIN ZAKARIA")


@dataclass(frozen=True)
class DemoLogin:
    where: str
    role: str
    mykad: str
    name: str


def demo_seed() -> list[DemoLogin]:
    public_tenant_ensure()
    logins = [
        DemoLogin(
            where="platform",
            role="JDN operator",
            mykad=DEMO_OPERATOR[0],
            name=DEMO_OPERATOR[1],
        )
    ]
    operator_ensure(login_id=DEMO_OPERATOR[0], full_name=DEMO_OPERATOR[1], password=DEMO_PASSWORD)
    for spec in DEMO_AGENCIES:
        agency = agency_create(spec=spec)
        for mykad, name, role in DEMO_PEOPLE[spec.slug]:
            roles: list[Role] = [role] if role == Role.OFFICER else [Role.OFFICER, role]
            agency_user_ensure(
                agency=agency, login_id=mykad, full_name=name, password=DEMO_PASSWORD, roles=roles
            )
            logins.append(
                DemoLogin(where=agency_host(spec.slug), role=role.value, mykad=mykad, name=name)
            )
        demo_organisation_ensure(
            agency=agency,
            people=[(mykad, name, role.value) for mykad, name, role in DEMO_PEOPLE[spec.slug]],
        )
        _, office = DEMO_CHARTS[spec.slug]
        demo_attendance_ensure(agency=agency, office=(office[1], office[2]))
        executive = next(m for m, _, role in DEMO_PEOPLE[spec.slug] if role == Role.EXECUTIVE)
        demo_integrations_ensure(agency=agency, mapped_login=executive)
    _demo_application_ensure()
    agency_stats_refresh_all()  # without Redis there is no beat: count once now
    return logins


def _demo_application_ensure() -> None:
    """One application waiting for a decision, so the operator console has work to show."""
    from shared_apps.onboarding.models import AgencyApplication, reference_new

    if AgencyApplication.objects.filter(subdomain="pdt-bachok").exists():
        return
    AgencyApplication.objects.create(
        reference=reference_new(),
        agency_name="Pejabat Daerah dan Tanah Bachok",
        short_name="PDTB",
        ministry="Kerajaan Negeri Kelantan",
        state_code="03",
        subdomain="pdt-bachok",
        expected_officers=180,
        contact_name="ROSNAH BINTI ALI",
        contact_email="rosnah@bachok.example.gov.my",
        contact_phone="09-778 8123",
        admin_mgmt_name="AZMAN BIN YUSOF",
        admin_mgmt_mykad="850505035012",
        admin_mgmt_email="azman@bachok.example.gov.my",
        admin_ict_name="NURUL HUDA BINTI ISA",
        admin_ict_mykad="870707035024",
        admin_ict_email="huda@bachok.example.gov.my",
        has_sop=True,
    )
