import pytest
from django.core.exceptions import ValidationError

from provisioning.services import AgencySpec, agency_create, agency_schema_name
from tenants.models import Agency


def test_schema_name_is_derived_from_the_slug() -> None:
    assert agency_schema_name("jdn") == "ag_jdn"
    assert agency_schema_name("pdt-kota-bharu") == "ag_pdt_kota_bharu"


@pytest.mark.parametrize(
    "slug", ["ab", "-jdn", "jdn-", "JDN", "jdn_1", "jdn;drop", 'a"b', "a" * 31, "jab atan"]
)
def test_unsafe_slug_is_refused_before_any_schema_exists(slug: str, db: None) -> None:
    before = Agency.objects.count()

    with pytest.raises(ValidationError):
        agency_create(spec=AgencySpec(slug=slug, name="Agensi", short_name="AG", state_code="16"))

    assert Agency.objects.count() == before


def test_unknown_state_code_is_refused(db: None) -> None:
    with pytest.raises(ValidationError) as error:
        agency_create(spec=AgencySpec(slug="negeri-x", name="X", short_name="X", state_code="17"))

    assert "state_code" in error.value.message_dict
    assert not Agency.objects.filter(slug="negeri-x").exists()
