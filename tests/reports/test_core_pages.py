"""The report pages: who may open them, the filter form's checks, the table on the page, the
direct downloads (with their audit entry), and 404 for anything outside the user's scope or
another agency."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_tenants.utils import schema_context

from tenant_apps.audit.models import AuditEntry
from tenant_apps.people.models import OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenant_apps.reports.models import ReportRun
from tenants.models import Agency
from tests.conftest import PASSWORD, host_of, make_user
from tests.reports.conftest import MARCH, AsUser, World, csv_rows, xlsx_rows


def _get(client: Client, slug: str, **query: Any) -> Any:
    return client.get(f"/reports/{slug}/", query)


def test_the_index_lists_the_reports_for_those_with_someone_in_reach(
    world: World, as_user: AsUser
) -> None:
    for key in ("admin", "exec", "supervisor"):
        page = as_user(key).get("/reports/")
        assert page.status_code == 200, key
        text = page.content.decode()
        assert 'data-testid="report-link-unit-summary"' in text
        assert 'data-testid="report-link-monthly-sheet"' in text


def test_an_officer_with_no_one_in_reach_has_no_reports(world: World, as_user: AsUser) -> None:
    client = as_user("plain")
    assert client.get("/reports/").status_code == 404
    assert _get(client, "unit-summary", **MARCH).status_code == 404
    assert (
        client.post("/reports/unit-summary/export/", MARCH | {"format": "csv"}).status_code == 404
    )


def test_an_anonymous_visitor_is_sent_to_the_login(world: World, client_a: Client) -> None:
    response = client_a.get("/reports/unit-summary/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_unknown_report_is_404(world: World, as_user: AsUser) -> None:
    assert _get(as_user("admin"), "no-such-report", **MARCH).status_code == 404


def test_the_page_shows_the_form_and_then_the_table(world: World, as_user: AsUser) -> None:
    client = as_user("exec")
    first = _get(client, "unit-summary").content.decode()
    assert 'data-testid="report-filters"' in first
    assert 'data-testid="report-table"' not in first
    page = _get(client, "unit-summary", **MARCH)
    text = page.content.decode()
    assert 'data-testid="report-table"' in text
    assert "ALI BIN AHMAD" in text
    assert "BADRUL BIN KASIM" not in text  # outside the executive's grant
    totals = text.split('data-testid="totals-row">')[1].split("</tr>")[0]
    assert ">83.3<" in totals
    assert ">50<" in totals
    assert 'data-testid="download-xlsx"' in text


def test_the_unit_select_offers_only_the_units_in_scope(world: World, as_user: AsUser) -> None:
    text = _get(as_user("exec"), "unit-summary").content.decode()
    assert "Bahagian Operasi" in text
    assert "Seksyen Data" in text
    assert "Bahagian Kewangan" not in text
    # A supervisor reports on their officers whatever their unit: no unit filter.
    assert 'name="unit"' not in _get(as_user("supervisor"), "unit-summary").content.decode()


def test_a_unit_or_officer_outside_the_scope_is_404(world: World, as_user: AsUser) -> None:
    client = as_user("exec")
    assert _get(client, "unit-summary", **MARCH, unit=world.kewangan.pk).status_code == 404
    assert _get(client, "unit-summary", **MARCH, officer=world.badrul.pk).status_code == 404
    assert _get(client, "unit-summary", **MARCH, unit=999_999).status_code == 404
    export = MARCH | {"format": "csv", "unit": world.kewangan.pk}
    assert client.post("/reports/unit-summary/export/", export).status_code == 404
    # Inside the scope: fine.
    assert _get(client, "unit-summary", **MARCH, unit=world.data.pk).status_code == 200


def test_the_period_is_checked(world: World, as_user: AsUser) -> None:
    client = as_user("admin")
    backwards = _get(client, "unit-summary", period="custom", start="2025-03-31", end="2025-03-01")
    assert 'data-testid="error-end"' in backwards.content.decode()
    assert 'data-testid="report-table"' not in backwards.content.decode()
    too_long = _get(client, "unit-summary", period="custom", start="2025-01-01", end="2026-01-01")
    assert 'data-testid="error-end"' in too_long.content.decode()
    twelve = _get(client, "monthly-sheet", period="custom", start="2025-01-01", end="2025-12-31")
    assert 'data-testid="error-end"' not in twelve.content.decode()
    missing = _get(client, "unit-summary", period="custom", start="", end="")
    assert 'data-testid="error-start"' in missing.content.decode()
    quick = _get(client, "unit-summary", period="last_month")
    assert 'data-testid="report-result"' in quick.content.decode()


def test_a_small_report_downloads_at_once_and_is_audited(world: World, as_user: AsUser) -> None:
    client = as_user("exec")
    response = client.post("/reports/unit-summary/export/", MARCH | {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="unit-summary_2025-03-01_2025-03-31.csv"' in response["Content-Disposition"]
    names = [row[0] for row in csv_rows(response.content)]
    assert "ALI BIN AHMAD" in names
    assert "BADRUL BIN KASIM" not in names
    xlsx = client.post("/reports/monthly-sheet/export/", MARCH | {"format": "xlsx"})
    assert xlsx.status_code == 200
    assert any(row and row[0] == "ALI BIN AHMAD" for row in xlsx_rows(xlsx.content))
    pdf = client.post("/reports/unit-summary/export/", MARCH | {"format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    entries = AuditEntry.objects.filter(action="reports.export", actor=world.exec.user)
    assert entries.count() == 3
    assert entries.filter(detail__report="unit-summary", detail__format="csv").exists()
    assert not ReportRun.objects.filter(requested_by=world.exec.user).exists()


def test_a_bad_format_or_filter_downloads_nothing(world: World, as_user: AsUser) -> None:
    client = as_user("admin")
    bad = client.post("/reports/unit-summary/export/", MARCH | {"format": "exe"})
    assert bad.status_code == 400
    backwards = MARCH | {"format": "csv", "start": "2025-04-01"}
    assert client.post("/reports/unit-summary/export/", backwards).status_code == 400
    assert client.get("/reports/unit-summary/export/").status_code == 405
    assert not AuditEntry.objects.filter(action="reports.export", actor=world.admin).exists()


def test_reports_of_agency_a_mean_nothing_on_agency_b(
    world: World, as_user: AsUser, agency_b: Agency
) -> None:
    make_user(agency_b, "630608165023", full_name="PENTADBIR B", roles=_admin_roles())
    with schema_context(agency_b.schema_name):  # someone in B's reach, so B has reports
        officer_create(
            data=OfficerData("630609165025", "PEGAWAI B", OrgUnit.objects.get(parent=None)),
            actor=None,
        )
    client = Client(HTTP_HOST=host_of(agency_b))
    assert (
        client.post("/login/", {"mykad": "630608165023", "password": PASSWORD}).status_code == 302
    )
    # A unit and an officer of agency A: not found on B.
    assert _get(client, "unit-summary", **MARCH, unit=world.operasi.pk).status_code == 404
    assert _get(client, "unit-summary", **MARCH, officer=world.ali.pk).status_code == 404
    page = _get(client, "unit-summary", **MARCH)
    assert page.status_code == 200
    assert "PEGAWAI B" in page.content.decode()
    assert "ALI BIN AHMAD" not in page.content.decode()
    # A's session is not valid on B's host.
    a_client = as_user("admin")
    a_client.defaults["HTTP_HOST"] = host_of(agency_b)
    assert a_client.get("/reports/").status_code == 302


def _admin_roles() -> tuple[Any, ...]:
    from accounts.roles import Role

    return (Role.OFFICER, Role.ORG_ADMIN)
