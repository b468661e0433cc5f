from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.mykad import MyKadError, parse_mykad

MYKAD_MESSAGES = {
    "mykad_format": _("A MyKad number has exactly 12 digits, for example 850101-14-5011."),
    "mykad_birth_date": _("The first six digits of a MyKad must be a real date of birth (YYMMDD)."),
}
INVALID_LOGIN = _("The MyKad number or password is incorrect.")


def validate_mykad(raw: str) -> str:
    """The 12 digits of a MyKad, or a ValidationError with a translated, specific message."""
    try:
        return parse_mykad(raw, today=timezone.localdate()).number
    except MyKadError as exc:
        raise forms.ValidationError(MYKAD_MESSAGES[exc.code], code=exc.code) from None


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


class LoginForm(forms.Form):
    mykad = MyKadField()
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        mykad, password = cleaned.get("mykad"), cleaned.get("password")
        if mykad and password:
            user = authenticate(self.request, login_id=mykad, password=password)
            # One message whether the ID is unknown, the password wrong or the account inactive.
            if not isinstance(user, User) or not user.is_active:
                raise forms.ValidationError(INVALID_LOGIN, code="invalid_login")
            self.user = user
        return cleaned
