from django_tenants.utils import schema_context

from accounts.models import User
from provisioning.demo import DEMO_PASSWORD, demo_seed
from tenants.models import Agency, Domain


def test_demo_seed_twice_creates_everything_once(db: None) -> None:
    first = demo_seed()
    second = demo_seed()

    assert first == second
    jdn = Agency.objects.get(slug="jdn")
    kelantan = Agency.objects.get(slug="pdtkb")
    assert (jdn.state_code, kelantan.state_code) == ("16", "03")
    assert Domain.objects.filter(domain__in=["jdn.localhost", "pdtkb.localhost"]).count() == 2
    for agency in (jdn, kelantan):
        with schema_context(agency.schema_name):
            assert User.objects.count() == 4
            roles = sorted(
                g for u in User.objects.all() for g in u.groups.values_list("name", flat=True)
            )
            assert roles == sorted(["officer"] * 4 + ["org_admin", "supervisor", "executive"])
            assert all(u.check_password(DEMO_PASSWORD) for u in User.objects.all())
    with schema_context("public"):
        operator = User.objects.get(login_id="820909145091")
        assert operator.is_staff


def test_demo_agencies_are_provisioned_by_the_platform_path(db: None) -> None:
    from provisioning.models import ProvisioningRun
    from shared_apps.onboarding.models import AgencyApplication

    demo_seed()

    assert ProvisioningRun.objects.get(slug="jdn").status == "succeeded"
    assert AgencyApplication.objects.get(subdomain="pdt-bachok").status == "submitted"


def test_demo_agencies_have_an_organisation_to_show(db: None) -> None:
    from tenant_apps.people.models import OfficeLocation, Officer

    demo_seed()
    demo_seed()

    with schema_context(Agency.objects.get(slug="jdn").schema_name):
        assert Officer.objects.count() == 4
        officer = Officer.objects.get(user__login_id="900404165048")
        assert officer.supervisor is not None
        assert officer.supervisor.user.login_id == "800202165023"
        assert OfficeLocation.objects.count() == 1


def test_demo_officers_have_two_weeks_of_attendance_with_issues_to_decide(db: None) -> None:
    from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
    from tenant_apps.attendance_issues.models import AttendanceIssue

    demo_seed()
    with schema_context(Agency.objects.get(slug="jdn").schema_name):
        punches = AttendanceEvent.objects.count()
        assert AttendanceEvent.objects.exclude(source="biometric").count() == 4 * 10 * 2
        assert AttendanceDay.objects.filter(closed=True, status="PRESENT").count() >= 40
        # The late morning and the early afternoon of the demo officer wait for explanations.
        marliana = AttendanceIssue.objects.filter(officer__user__login_id="900404165048")
        assert set(marliana.values_list("category", flat=True)) >= {"LATE_IN", "EARLY_OUT"}
        demo_seed()
        assert AttendanceEvent.objects.count() == punches


def test_demo_agencies_have_a_terminal_with_a_push_and_an_unmapped_id(db: None) -> None:
    from tenant_apps.attendance.models import AttendanceEvent
    from tenant_apps.integrations.ledger_selectors import unmapped_groups
    from tenant_apps.integrations.models import Device, RawPunch

    demo_seed()
    demo_seed()
    with schema_context(Agency.objects.get(slug="jdn").schema_name):
        assert Device.objects.count() == 1
        assert RawPunch.objects.count() == 4
        biometric = AttendanceEvent.objects.filter(source="biometric")
        assert set(biometric.values_list("officer__user__login_id", flat=True)) == {"750303165035"}
        assert biometric.count() == 2
        assert [(g.device_user_id, g.lines) for g in unmapped_groups()] == [("1099", 2)]
