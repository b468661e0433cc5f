import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from holidays.countries.malaysia import Malaysia

from tenants.models import STATE_CHOICES, Agency


def test_state_codes_are_the_holidays_package_subdivisions() -> None:
    assert [code for code, _ in STATE_CHOICES] == list(Malaysia.subdivisions)


def test_agency_time_zone_must_exist() -> None:
    agency = Agency(
        schema_name="ag_x",
        slug="xyz",
        name="X",
        short_name="X",
        state_code="16",
        timezone="Mars/Base",
    )

    with pytest.raises(ValidationError) as error:
        agency.clean_fields()

    assert error.value.message_dict["timezone"] == ["Mars/Base bukan zon waktu yang dikenali."]
    with translation.override("en"):
        assert error.value.message_dict["timezone"] == ["Mars/Base is not a known time zone."]
