"""The agency application form and the status lookup. Every refusal has a code and a specific,
translated message; single-value rules live in ``validators`` (the htmx check reuses them)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import validate_mykad
from shared_apps.onboarding.models import REFERENCE_RE, reference_normalise
from shared_apps.onboarding.validators import (
    subdomain_normalise,
    subdomain_problem,
    validate_phone,
    validate_short_name,
    validate_subdomain,
)
from tenants.models import STATE_CHOICES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = ["AgencyApplicationForm", "ApplicationStatusForm", "subdomain_problem"]

MAX_OFFICERS = 500_000
SOP_REQUIRED = _(
    "The agency must have an attendance SOP (Prosedur Pengurusan Kehadiran) before applying."
)
SAME_MYKAD = _(
    "The two Pentadbir Organisasi must be different people: this MyKad number is the same as the "
    "management services admin's."
)
SAME_EMAIL = _(
    "The two Pentadbir Organisasi must be different people: this e-mail address is the same as "
    "the management services admin's."
)
EMAIL_MESSAGES = {
    "required": _("Enter an e-mail address."),
    "invalid": _("Enter a valid e-mail address, for example nama@agensi.gov.my."),
}


def _text(
    label: StrOrPromise, *, required: StrOrPromise, max_length: int, **attrs: str
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        error_messages={
            "required": required,
            "max_length": _("This can have at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs=attrs),
    )


def _email(label: StrOrPromise) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        max_length=254,
        error_messages=EMAIL_MESSAGES,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
    )


def _mykad() -> forms.CharField:
    return forms.CharField(
        label=_("MyKad number"),
        max_length=20,
        error_messages={"required": _("Enter the officer's MyKad number.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "850101-14-5011"}
        ),
    )


class AgencyApplicationForm(forms.Form):
    # Agency
    agency_name = forms.CharField(
        label=_("Agency name"),
        min_length=5,
        max_length=200,
        help_text=_("The full name, for example Jabatan Digital Negara."),
        error_messages={
            "required": _("Enter the agency's full name."),
            "min_length": _("The agency name must have at least %(limit_value)d characters."),
            "max_length": _("The agency name can have at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    short_name = forms.CharField(
        label=_("Short name"),
        help_text=_("The acronym, for example JDN."),
        error_messages={"required": _("Enter the agency's short name, for example JDN.")},
        widget=forms.TextInput(attrs={"maxlength": "30", "autocapitalize": "characters"}),
    )
    ministry = _text(
        _("Ministry"), required=_("Enter the ministry the agency is under."), max_length=200
    )
    state_code = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("Choose a state")), *STATE_CHOICES],
        help_text=_("Where the agency's headquarters is: it sets the public holidays."),
        error_messages={
            "required": _("Choose the state of the agency's headquarters."),
            "invalid_choice": _("Choose a state from the list."),
        },
    )
    subdomain = forms.CharField(
        label=_("Subdomain"),
        max_length=64,
        error_messages={"required": _("Choose a subdomain for the agency's address.")},
    )
    expected_officers = forms.IntegerField(
        label=_("Expected number of officers"),
        min_value=1,
        max_value=MAX_OFFICERS,
        error_messages={
            "required": _("Enter the expected number of officers."),
            "invalid": _("Enter a whole number, for example 350."),
            "min_value": _("Enter at least %(limit_value)s officer."),
            "max_value": _(
                "An agency can have at most %(limit_value)s officers. Contact JDN for more."
            ),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    # Contact officer
    contact_name = _text(_("Name"), required=_("Enter the contact officer's name."), max_length=150)
    contact_email = _email(_("E-mail"))
    contact_phone = forms.CharField(
        label=_("Telephone"),
        max_length=30,
        error_messages={"required": _("Enter a telephone number.")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    # Pentadbir Organisasi, Bahagian Khidmat Pengurusan
    admin_mgmt_name = _text(
        _("Full name"), required=_("Enter the officer's full name."), max_length=150
    )
    admin_mgmt_mykad = _mykad()
    admin_mgmt_email = _email(_("Official e-mail"))
    # Pentadbir Organisasi, Bahagian ICT
    admin_ict_name = _text(
        _("Full name"), required=_("Enter the officer's full name."), max_length=150
    )
    admin_ict_mykad = _mykad()
    admin_ict_email = _email(_("Official e-mail"))
    # Declaration
    has_sop = forms.BooleanField(
        label=_("The agency has an attendance SOP (Prosedur Pengurusan Kehadiran)"),
        required=False,
    )

    FIELDSETS = (
        (_("Agency"), ("agency_name", "short_name", "ministry", "state_code", "subdomain",
                       "expected_officers")),
        (_("Contact officer"), ("contact_name", "contact_email", "contact_phone")),
        (_("Pentadbir Organisasi — Khidmat Pengurusan"),
         ("admin_mgmt_name", "admin_mgmt_mykad", "admin_mgmt_email")),
        (_("Pentadbir Organisasi — ICT"), ("admin_ict_name", "admin_ict_mykad", "admin_ict_email")),
        (_("Declaration"), ("has_sop",)),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        check_url = reverse("onboarding:subdomain_check", urlconf=settings.PUBLIC_SCHEMA_URLCONF)
        subdomain = self.fields["subdomain"]
        subdomain.widget.attrs.update(
            {
                "autocapitalize": "none",
                "autocomplete": "off",
                "spellcheck": "false",
                "hx-get": check_url,
                "hx-trigger": "input changed delay:400ms, change",
                "hx-target": "#subdomain-check",
                "hx-swap": "innerHTML",
            }
        )
        subdomain.help_text = self._address_help()

    def _address_help(self) -> SafeString:
        typed = subdomain_normalise(str(self.data.get("subdomain", ""))) if self.is_bound else ""
        return format_html(
            gettext("The agency's address will be {address}."),
            address=format_html(
                '<strong data-testid="subdomain-address">{}.{}</strong>',
                typed or gettext("subdomain"),
                settings.SPOTME_DOMAIN,
            ),
        )

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[name] for name in names]) for title, names in self.FIELDSETS]

    def clean_subdomain(self) -> str:
        return validate_subdomain(self.cleaned_data["subdomain"])

    def clean_short_name(self) -> str:
        return validate_short_name(self.cleaned_data["short_name"])

    def clean_contact_phone(self) -> str:
        return validate_phone(self.cleaned_data["contact_phone"])

    def clean_admin_mgmt_mykad(self) -> str:
        return validate_mykad(self.cleaned_data["admin_mgmt_mykad"])

    def clean_admin_ict_mykad(self) -> str:
        return validate_mykad(self.cleaned_data["admin_ict_mykad"])

    def clean_has_sop(self) -> bool:
        if not self.cleaned_data.get("has_sop"):
            raise forms.ValidationError(SOP_REQUIRED, code="sop_required")
        return True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        mgmt_mykad, ict_mykad = cleaned.get("admin_mgmt_mykad"), cleaned.get("admin_ict_mykad")
        if mgmt_mykad and mgmt_mykad == ict_mykad:
            self.add_error("admin_ict_mykad", forms.ValidationError(SAME_MYKAD, "admin_same_mykad"))
        mgmt_email, ict_email = cleaned.get("admin_mgmt_email"), cleaned.get("admin_ict_email")
        if mgmt_email and ict_email and mgmt_email.casefold() == ict_email.casefold():
            self.add_error("admin_ict_email", forms.ValidationError(SAME_EMAIL, "admin_same_email"))
        return cleaned


class ApplicationStatusForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference number"),
        max_length=40,
        help_text=_("As in the e-mail you received, for example SPM-2026-7KQ4M9XD."),
        error_messages={"required": _("Enter the reference number.")},
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_reference(self) -> str:
        reference = reference_normalise(self.cleaned_data["reference"])
        if not REFERENCE_RE.match(reference):
            raise forms.ValidationError(
                _("A reference number looks like SPM-2026-7KQ4M9XD."), code="reference_format"
            )
        return reference
