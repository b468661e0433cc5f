from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.mykad import MyKadError, parse_mykad

MYKAD_MESSAGES = {
    "mykad_format": _("A MyKad number has exactly 12 digits, for example 850101-14-5011."),
    "mykad_birth_date": _("The first six digits of a MyKad must be a real date of birth (YYMMDD)."),
}
PASSPORT_MESSAGE = _("A passport login ID has 6 to 20 letters and digits.")
INVALID_LOGIN = _("The MyKad number or password is incorrect.")

PASSPORT_RE = re.compile(r"^[A-Z0-9]{6,20}$")
_SEPARATORS = re.compile(r"[\s-]")


def validate_mykad(raw: str) -> str:
    """The 12 digits of a MyKad, or a ValidationError with a translated, specific message."""
    try:
        return parse_mykad(raw, today=timezone.localdate()).number
    except MyKadError as exc:
        raise forms.ValidationError(MYKAD_MESSAGES[exc.code], code=exc.code) from None


def validate_login_id(raw: str) -> str:
    """A login ID as stored: a MyKad's 12 digits, or a passport login ID in capitals.

    Anything with a letter is a passport login ID. Digits only are a MyKad, with the MyKad
    messages, except 6 to 20 digits that are not 12: those may be a passport number without
    letters, so they pass (``is_mistyped_mykad`` tells the login form to explain a failure with the
    MyKad message)."""
    compact = _SEPARATORS.sub("", raw or "").upper()
    if any(char.isalpha() for char in compact):
        if not PASSPORT_RE.match(compact):
            raise forms.ValidationError(PASSPORT_MESSAGE, code="passport_format")
        return compact
    if len(compact) == 12 or not PASSPORT_RE.match(compact):
        return validate_mykad(raw)
    return compact


def is_mistyped_mykad(login_id: str) -> bool:
    return login_id.isdigit() and len(login_id) != 12


class MyKadField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("label", _("MyKad number"))
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "username", "placeholder": "850101-14-5011"}
        )

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return validate_mykad(value)


class LoginIdField(forms.CharField):
    """A MyKad number or a passport login ID. No numeric keypad: passport IDs have letters."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("label", _("MyKad number"))
        kwargs.setdefault("help_text", _("Officers without a MyKad: your passport login ID."))
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "autocomplete": "username",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "850101-14-5011",
            }
        )

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return validate_login_id(value)


class LoginForm(forms.Form):
    mykad = LoginIdField()
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        self.failed_login_id = ""  # set when credentials were checked and refused
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        login_id, password = cleaned.get("mykad"), cleaned.get("password")
        if login_id and password:
            user = authenticate(self.request, login_id=login_id, password=password)
            # One message whether the ID is unknown, the password wrong or the account inactive.
            if not isinstance(user, User) or not user.is_active:
                self.failed_login_id = login_id
                if is_mistyped_mykad(login_id):
                    # Most likely a MyKad with a digit missing: say so rather than "incorrect".
                    self.add_error(
                        "mykad",
                        forms.ValidationError(MYKAD_MESSAGES["mykad_format"], code="mykad_format"),
                    )
                    return cleaned
                raise forms.ValidationError(INVALID_LOGIN, code="invalid_login")
            self.user = user
        return cleaned


class PasswordResetRequestForm(forms.Form):
    login_id = LoginIdField(label=_("MyKad number or passport login ID"), help_text="")


class NewPasswordChangeForm(PasswordChangeForm):
    """Django's form, refusing a "new" password that is the current one (a temporary password
    kept as it is would defeat the point of changing it)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        new, old = self.cleaned_data.get("new_password1"), self.cleaned_data.get("old_password")
        if new and old and new == old:
            self.add_error(
                "new_password1",
                forms.ValidationError(
                    _("Choose a password different from your current one."),
                    code="password_unchanged",
                ),
            )
        return cleaned
