from typing import Any

import pytest
from django.utils import translation

from accounts.models import User
from shared_apps.onboarding.forms import AgencyApplicationForm, ApplicationStatusForm
from shared_apps.onboarding.services import application_reject
from shared_apps.onboarding.validators import subdomain_problem
from tenants.models import Agency
from tests.onboarding.helpers import application_make, form_data, operator_make

pytestmark = pytest.mark.django_db


def _codes(**overrides: Any) -> dict[str, list[str]]:
    form = AgencyApplicationForm(form_data(**overrides))
    assert not form.is_valid()
    return {
        field: [e.code or "" for e in errors] for field, errors in form.errors.as_data().items()
    }


def _message(field: str, **overrides: Any) -> str:
    with translation.override("en"):
        form = AgencyApplicationForm(form_data(**overrides))
        form.is_valid()
        return str(form.errors[field][0])


def test_valid_application_is_normalised() -> None:
    form = AgencyApplicationForm(form_data())

    assert form.is_valid(), form.errors
    assert form.cleaned_data["subdomain"] == "jkr-pahang"
    assert form.cleaned_data["short_name"] == "JKR-PHG"
    assert form.cleaned_data["admin_mgmt_mykad"] == "850101065011"
    assert form.cleaned_data["contact_phone"] == "+60 9-555 1234"
    assert form.cleaned_data["expected_officers"] == 850
    assert form.cleaned_data["has_sop"] is True


@pytest.mark.parametrize("subdomain", ["ab", "-jkr", "jkr-", "jkr_phg", "jkr.phg", "a" * 31])
def test_subdomain_must_be_3_to_30_letters_digits_or_hyphens(subdomain: str) -> None:
    assert _codes(subdomain=subdomain) == {"subdomain": ["invalid_slug"]}


@pytest.mark.parametrize("subdomain", ["www", "API", " admin ", "static"])
def test_reserved_subdomain_is_refused(subdomain: str) -> None:
    assert _codes(subdomain=subdomain) == {"subdomain": ["subdomain_reserved"]}
    assert "is reserved" in _message("subdomain", subdomain=subdomain)


def test_subdomain_of_an_existing_agency_is_refused(agency_a: Agency) -> None:
    assert _codes(subdomain="Ujian-A") == {"subdomain": ["subdomain_taken"]}
    assert _message("subdomain", subdomain="ujian-a").startswith("ujian-a is already")


def test_subdomain_pending_in_another_application_is_refused() -> None:
    application_make(subdomain="jkr-pahang")

    assert _codes(subdomain="jkr-pahang") == {"subdomain": ["subdomain_requested"]}


def test_subdomain_of_a_rejected_application_is_free_again() -> None:
    application = application_make(subdomain="jkr-pahang")
    operator: User = operator_make()
    application_reject(
        application_id=application.pk, actor=operator, reason="Tiada SOP kehadiran dilampirkan."
    )

    assert AgencyApplicationForm(form_data(subdomain="jkr-pahang")).is_valid()


def test_subdomain_problem_explains_or_returns_none(agency_a: Agency) -> None:
    with translation.override("en"):
        assert subdomain_problem("jkr-pahang") is None
        assert subdomain_problem(" UJIAN-A ") == (
            "ujian-a is already the address of an agency on the platform."
        )
        assert subdomain_problem("www") == (
            "www is reserved for the platform. Choose another subdomain."
        )


def test_subdomain_help_shows_the_full_address(settings: Any) -> None:
    form = AgencyApplicationForm(form_data(subdomain=" JKR-Pahang "))

    assert f"jkr-pahang.{settings.SPOTME_DOMAIN}</strong>" in str(form["subdomain"].help_text)


@pytest.mark.parametrize(("name", "code"), [("JKR", "min_length"), ("J" * 201, "max_length")])
def test_agency_name_has_5_to_200_characters(name: str, code: str) -> None:
    assert _codes(agency_name=name) == {"agency_name": [code]}


@pytest.mark.parametrize("short_name", ["J", "JK R", "JKR_PHG", "J" * 31, "JKR.PHG"])
def test_short_name_is_2_to_30_capitals_digits_or_hyphens(short_name: str) -> None:
    assert _codes(short_name=short_name) == {"short_name": ["short_name_format"]}


def test_ministry_is_required() -> None:
    assert _codes(ministry="  ") == {"ministry": ["required"]}
    assert _message("ministry", ministry="") == "Enter the ministry the agency is under."


@pytest.mark.parametrize(("state", "code"), [("", "required"), ("17", "invalid_choice")])
def test_state_is_one_of_the_16(state: str, code: str) -> None:
    assert _codes(state_code=state) == {"state_code": [code]}


@pytest.mark.parametrize(
    ("officers", "code"), [("0", "min_value"), ("500001", "max_value"), ("banyak", "invalid")]
)
def test_expected_officers_is_1_to_500000(officers: str, code: str) -> None:
    assert _codes(expected_officers=officers) == {"expected_officers": [code]}


def test_contact_email_must_be_valid() -> None:
    assert _codes(contact_email="siti@") == {"contact_email": ["invalid"]}


@pytest.mark.parametrize("phone", ["03-8000", "03-8000 800a", "6" * 16, "++60 3 8000 8000", "-"])
def test_contact_phone_has_9_to_15_digits(phone: str) -> None:
    assert _codes(contact_phone=phone) == {"contact_phone": ["phone_format"]}


@pytest.mark.parametrize("phone", ["03-8000 8000", "+60 12-345 6789", "0198765432"])
def test_malaysian_phone_numbers_are_accepted(phone: str) -> None:
    assert AgencyApplicationForm(form_data(contact_phone=phone)).is_valid()


@pytest.mark.parametrize(
    ("mykad", "code"), [("85010106501", "mykad_format"), ("851301-06-5011", "mykad_birth_date")]
)
def test_admin_mykad_must_be_valid(mykad: str, code: str) -> None:
    assert _codes(admin_mgmt_mykad=mykad, admin_ict_mykad=mykad) == {
        "admin_mgmt_mykad": [code],
        "admin_ict_mykad": [code],
    }


def test_admin_name_is_required() -> None:
    assert _codes(admin_ict_name="") == {"admin_ict_name": ["required"]}


def test_the_same_person_cannot_be_both_admins() -> None:
    codes = _codes(admin_ict_mykad="850101065011", admin_ict_email="FAIZAL@jkr.gov.my")

    assert codes == {
        "admin_ict_mykad": ["admin_same_mykad"],
        "admin_ict_email": ["admin_same_email"],
    }


def test_sop_must_be_declared() -> None:
    assert _codes(has_sop=None) == {"has_sop": ["sop_required"]}
    assert _message("has_sop", has_sop=None) == (
        "The agency must have an attendance SOP (Prosedur Pengurusan Kehadiran) before applying."
    )


def test_status_form_normalises_the_reference() -> None:
    form = ApplicationStatusForm({"reference": "  spm-2026-7kq4m9xo "})

    assert form.is_valid()
    assert form.cleaned_data["reference"] == "SPM-2026-7KQ4M9X0"


@pytest.mark.parametrize("reference", ["SPM-2026", "ABC-2026-7KQ4M9XD", "SPM-2026-7KQ4M9XU"])
def test_status_form_refuses_what_cannot_be_a_reference(reference: str) -> None:
    form = ApplicationStatusForm({"reference": reference})

    assert not form.is_valid()
    assert form.errors.as_data()["reference"][0].code == "reference_format"
