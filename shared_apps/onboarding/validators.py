"""Rules on single values of an application, shared by the form and the htmx subdomain check.

Each refusal carries a stable code and a translated, specific message."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shared_apps.onboarding.models import AgencyApplication
from tenants.models import Agency, slug_validator

SHORT_NAME_RE = re.compile(r"^[A-Z0-9-]{2,30}$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 -]*$")
PHONE_DIGITS = (9, 15)

MESSAGES = {
    "subdomain_reserved": _(
        "%(subdomain)s is reserved for the platform. Choose another subdomain."
    ),
    "subdomain_taken": _("%(subdomain)s is already the address of an agency on the platform."),
    "subdomain_requested": _("%(subdomain)s has already been requested by another application."),
    "short_name_format": _(
        "The short name has 2 to 30 capital letters, digits or hyphens, for example JDN or JPN-KEL."
    ),
    "phone_format": _(
        "Enter a Malaysian telephone number of 9 to 15 digits, for example 03-8000 8000 or "
        "+60 12-345 6789."
    ),
}


def subdomain_normalise(raw: str) -> str:
    return raw.strip().lower()


def validate_subdomain(raw: str) -> str:
    """The normalised subdomain, or a ValidationError saying why no agency can have it."""
    subdomain = subdomain_normalise(raw)
    slug_validator(subdomain)
    params = {"subdomain": subdomain}
    if subdomain in settings.SPOTME_RESERVED_SUBDOMAINS:
        raise ValidationError(
            MESSAGES["subdomain_reserved"], code="subdomain_reserved", params=params
        )
    if Agency.objects.filter(slug=subdomain).exists():
        raise ValidationError(MESSAGES["subdomain_taken"], code="subdomain_taken", params=params)
    claimed = AgencyApplication.objects.filter(
        subdomain=subdomain, status__in=AgencyApplication.CLAIMING_STATUSES
    )
    if claimed.exists():
        raise ValidationError(
            MESSAGES["subdomain_requested"], code="subdomain_requested", params=params
        )
    return subdomain


def subdomain_problem(subdomain: str) -> str | None:
    """Why this subdomain cannot be requested (a translated sentence), or None when it is free."""
    try:
        validate_subdomain(subdomain)
    except ValidationError as exc:
        return exc.messages[0]
    return None


def validate_short_name(raw: str) -> str:
    value = raw.strip().upper()
    if not SHORT_NAME_RE.match(value):
        raise ValidationError(MESSAGES["short_name_format"], code="short_name_format")
    return value


def validate_phone(raw: str) -> str:
    value = " ".join(raw.split())
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE_RE.match(value) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        raise ValidationError(MESSAGES["phone_format"], code="phone_format")
    return value
