from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from accounts.mykad import MyKadError, parse_mykad

_SEPARATORS = re.compile(r"[\s-]")


def normalize_login_id(raw: str) -> str:
    """A MyKad typed with dashes or spaces becomes its 12 digits; a passport login ID loses its
    spaces and dashes and is upper-cased, as the login form stores it. Lockout counts failures
    against this, so "a1234 5678" and "A12345678" are one login, not two."""
    try:
        return parse_mykad(raw, today=timezone.localdate()).number
    except MyKadError:
        return _SEPARATORS.sub("", raw).upper()


class MyKadBackend(ModelBackend):
    """Authenticates by login ID in the current schema only: a person of agency A does not exist
    on agency B's host. Django's ModelBackend hashes a password for unknown IDs too, so the answer
    takes the same time whether the user exists or not."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        login_id = kwargs.get("login_id") or username
        if login_id is None or password is None:
            return None
        user = super().authenticate(
            request, username=normalize_login_id(login_id), password=password
        )
        return user if isinstance(user, User) else None
