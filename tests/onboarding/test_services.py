from collections.abc import Callable
from datetime import datetime
from typing import Any
from unittest.mock import ANY
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shared_apps.onboarding import services
from shared_apps.onboarding.models import REFERENCE_RE, AgencyApplication, reference_new
from shared_apps.onboarding.selectors import (
    application_by_reference,
    application_get,
    application_list,
)
from shared_apps.onboarding.services import (
    ApplicationError,
    application_agency_link,
    application_approve,
    application_reject,
    application_submit,
)
from shared_apps.onboarding.tasks import application_received_email
from tenants.models import Agency
from tests.conftest import make_user
from tests.onboarding.helpers import application_make, cleaned_data, operator_make

pytestmark = pytest.mark.django_db

REASON = "Tiada SOP kehadiran dilampirkan."
Capture = Callable[..., Any]


def test_submitted_application_gets_an_unguessable_reference() -> None:
    application = application_make(language="en")

    assert REFERENCE_RE.match(application.reference)
    year = timezone.localtime(application.submitted_at).year
    assert application.reference.startswith(f"SPM-{year}-")
    assert application.status == AgencyApplication.Status.SUBMITTED
    assert application.language == "en"
    assert application.subdomain == "jkr-pahang"
    assert application.admin_ict_mykad == "900215065522"


def test_references_do_not_repeat() -> None:
    references = {reference_new(year=2026) for _ in range(2000)}

    assert len(references) == 2000
    assert all(REFERENCE_RE.match(reference) for reference in references)


def test_a_reference_collision_is_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    first = application_make(subdomain="jkr-pahang")
    fresh = reference_new()
    draws = iter([first.reference, fresh])
    monkeypatch.setattr(services, "reference_new", lambda **_: next(draws))

    second = application_make(subdomain="jkr-kelantan")

    assert second.reference == fresh
    assert AgencyApplication.objects.count() == 2


def test_losing_the_race_for_a_subdomain_is_a_clear_error() -> None:
    cleaned = cleaned_data(subdomain="jkr-pahang")
    application_submit(cleaned=cleaned, language="ms")

    with pytest.raises(ApplicationError) as error:
        application_submit(cleaned=cleaned, language="ms")

    assert error.value.code == "subdomain_requested"
    assert AgencyApplication.objects.count() == 1


def test_unknown_language_falls_back_to_malay() -> None:
    assert application_make(language="fr").language == "ms"


def test_received_email_goes_to_the_contact_after_commit(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = application_make(language="en")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["siti.aminah@jkr.gov.my"]
    assert message.subject == f"SPOT-Me application received: {application.reference}"
    assert application.reference in message.body
    assert f"/apply/status/?reference={application.reference}" in message.body
    assert "Dear Siti Aminah binti Hassan," in message.body


def test_nothing_is_mailed_before_commit() -> None:
    application_make()

    assert mail.outbox == []


@pytest.mark.parametrize(("language", "month"), [("en", "January"), ("ms", "Januari")])
def test_email_is_in_the_applicants_language(language: str, month: str) -> None:
    application = application_make(language=language)
    january = datetime(2026, 1, 15, 10, 30, tzinfo=ZoneInfo("Asia/Kuala_Lumpur"))
    AgencyApplication.objects.filter(pk=application.pk).update(submitted_at=january)

    application_received_email(application.pk)

    message = mail.outbox[0]
    assert f"15 {month} 2026" in message.body
    assert message.extra_headers["Content-Language"] == language


def test_operator_approves(django_capture_on_commit_callbacks: Capture) -> None:
    application = application_make(language="en")
    operator = operator_make()

    with django_capture_on_commit_callbacks(execute=True):
        approved = application_approve(application_id=application.pk, actor=operator)

    approved.refresh_from_db()
    assert approved.status == AgencyApplication.Status.APPROVED
    assert approved.decided_by == operator
    assert approved.decided_at is not None
    message = mail.outbox[-1]
    assert message.subject == f"SPOT-Me application approved: {application.reference}"
    assert message.to == ["siti.aminah@jkr.gov.my"]
    assert message.cc == ["faizal@jkr.gov.my", "nurul.huda@jkr.gov.my"]
    assert "invitation link" in message.body
    assert "jkr-pahang." in message.body


def test_operator_rejects_with_a_reason(django_capture_on_commit_callbacks: Capture) -> None:
    application = application_make(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        application_reject(application_id=application.pk, actor=operator_make(), reason=REASON)

    application.refresh_from_db()
    assert application.status == AgencyApplication.Status.REJECTED
    assert application.decision_reason == REASON
    message = mail.outbox[-1]
    assert message.subject == f"SPOT-Me application not approved: {application.reference}"
    assert REASON in message.body
    assert message.cc == ["faizal@jkr.gov.my", "nurul.huda@jkr.gov.my"]


@pytest.mark.parametrize("reason", ["", "   ", "Tiada SOP"])
def test_rejection_needs_a_reason_of_10_characters(reason: str) -> None:
    application = application_make()

    with pytest.raises(ApplicationError) as error:
        application_reject(application_id=application.pk, actor=operator_make(), reason=reason)

    assert error.value.code == "reason_required"
    application.refresh_from_db()
    assert application.status == AgencyApplication.Status.SUBMITTED
    assert application.decided_at is None


@pytest.mark.parametrize("first", ["approve", "reject"])
def test_a_decided_application_cannot_be_decided_again(
    first: str, django_capture_on_commit_callbacks: Capture
) -> None:
    application = application_make()
    operator = operator_make()
    if first == "approve":
        application_approve(application_id=application.pk, actor=operator)
    else:
        application_reject(application_id=application.pk, actor=operator, reason=REASON)
    application.refresh_from_db()
    before = (application.status, application.decided_at, application.decision_reason)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ApplicationError) as approving:
            application_approve(application_id=application.pk, actor=operator)
        with pytest.raises(ApplicationError) as rejecting:
            application_reject(
                application_id=application.pk, actor=operator, reason="Alasan yang lain pula."
            )

    assert approving.value.code == rejecting.value.code == "application_decided"
    application.refresh_from_db()
    assert (application.status, application.decided_at, application.decision_reason) == before
    assert callbacks == []


def test_only_an_operator_decides(agency_a: Agency) -> None:
    application = application_make()
    not_staff = make_user(None, "800101145555", full_name="BUKAN OPERATOR")

    with pytest.raises(ApplicationError) as error:
        application_approve(application_id=application.pk, actor=not_staff)

    assert error.value.code == "not_allowed"
    application.refresh_from_db()
    assert application.status == AgencyApplication.Status.SUBMITTED


def test_approval_is_refused_when_an_agency_took_the_subdomain(agency_a: Agency) -> None:
    # Validated when submitted; an agency was created with that slug since.
    cleaned = {**cleaned_data(subdomain="jkr-pahang"), "subdomain": agency_a.slug}
    application = application_submit(cleaned=cleaned, language="ms")

    with pytest.raises(ApplicationError) as error:
        application_approve(application_id=application.pk, actor=operator_make())

    assert error.value.code == "subdomain_taken"


def test_approved_application_is_linked_to_its_agency(agency_a: Agency) -> None:
    application = application_make()
    pending = application_make(subdomain="jkr-kelantan")
    application_approve(application_id=application.pk, actor=operator_make())

    application_agency_link(application_id=application.pk, agency=agency_a)
    application_agency_link(application_id=application.pk, agency=agency_a)

    assert list(agency_a.applications.all()) == [application]
    with pytest.raises(ApplicationError) as error:
        application_agency_link(application_id=pending.pk, agency=agency_a)
    assert error.value.code == "application_not_approved"


def test_application_by_reference_ignores_case_and_spaces() -> None:
    application = application_make()

    assert application_by_reference(f"  {application.reference.lower()} ") == application
    assert application_by_reference("SPM-2026-00000000") is None
    assert application_by_reference("") is None


def test_application_get() -> None:
    application = application_make()

    assert application_get(application.pk) == application
    assert application_get(application.pk + 1000) is None


def test_application_list_filters_and_searches() -> None:
    pahang = application_make(subdomain="jkr-pahang", state_code="06")
    kelantan = application_make(
        subdomain="jkr-kelantan", state_code="03", agency_name="Jabatan Kerja Raya Kelantan"
    )
    application_reject(application_id=kelantan.pk, actor=operator_make(), reason=REASON)

    assert list(application_list(status="rejected", state_code=None, query=None)) == [kelantan]
    assert list(application_list(status=None, state_code="06", query=None)) == [pahang]
    assert list(application_list(status=None, state_code=None, query="KELANTAN")) == [kelantan]
    assert list(application_list(status=None, state_code=None, query="jkr-phg")) == [
        kelantan,
        pahang,
    ]
    assert list(application_list(status=None, state_code=None, query=pahang.reference[-8:])) == [
        pahang
    ]
    with CaptureQueriesContext(connection) as queries:
        rows = [
            (a.agency, a.decided_by)
            for a in application_list(status=None, state_code=None, query=None)
        ]
    assert len(rows) == 2
    # django-tenants may prefix a "SET search_path"; the rows themselves take one query.
    assert [q["sql"] for q in queries if not q["sql"].startswith("SET ")] == [ANY]
