"""Applications built the way an applicant builds them: through the form and the submit service."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from shared_apps.onboarding.forms import AgencyApplicationForm
from shared_apps.onboarding.models import AgencyApplication
from shared_apps.onboarding.services import application_submit
from tests.conftest import make_user

MGMT_MYKAD = "850101-06-5011"
ICT_MYKAD = "900215-06-5522"


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agency_name": "Jabatan Kerja Raya Negeri Pahang",
        "short_name": "jkr-phg",
        "ministry": "Kementerian Kerja Raya",
        "state_code": "06",
        "subdomain": " JKR-Pahang ",
        "expected_officers": "850",
        "contact_name": "Siti Aminah binti Hassan",
        "contact_email": "siti.aminah@jkr.gov.my",
        "contact_phone": "+60 9-555 1234",
        "admin_mgmt_name": "Mohd Faizal bin Ahmad",
        "admin_mgmt_mykad": MGMT_MYKAD,
        "admin_mgmt_email": "faizal@jkr.gov.my",
        "admin_ict_name": "Nurul Huda binti Ismail",
        "admin_ict_mykad": ICT_MYKAD,
        "admin_ict_email": "nurul.huda@jkr.gov.my",
        "has_sop": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def cleaned_data(**overrides: Any) -> dict[str, Any]:
    form = AgencyApplicationForm(form_data(**overrides))
    assert form.is_valid(), form.errors.as_json()
    return form.cleaned_data


def application_make(*, language: str = "ms", **overrides: Any) -> AgencyApplication:
    return application_submit(cleaned=cleaned_data(**overrides), language=language)


def operator_make(login_id: str = "700101145555") -> User:
    return make_user(None, login_id, full_name="OPERATOR JDN", is_staff=True)
