"""The keyed hash the directory stores instead of a MyKad number."""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

# Only for development and tests; production sets SPOTME_MYKAD_HASH_KEY in the environment.
DEV_HASH_KEY = "dev-only-mykad-hash-key"

_MYKAD = re.compile(r"\d{12}")


def hash_key() -> bytes:
    return str(getattr(settings, "SPOTME_MYKAD_HASH_KEY", "") or DEV_HASH_KEY).encode()


def login_hash(mykad: str) -> str:
    """HMAC-SHA256 of a normalised MyKad (its 12 digits), as 64 hex characters."""
    if not _MYKAD.fullmatch(mykad):
        raise ValueError("login_hash takes the 12 digits of a MyKad")
    return hmac.new(hash_key(), mykad.encode(), hashlib.sha256).hexdigest()
