"""Refusals of the integrations services: a stable code for programs and tests, a translated
message for people. Each module registers its own messages in ``MESSAGES``."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise

MESSAGES: dict[str, str | Promise] = {}


class IntegrationError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        text = str(MESSAGES.get(self.code, self.code))
        return text % self.params if self.params else text


def messages_register(table: dict[str, str | Promise]) -> None:
    """Add a module's refusal messages (codes must be unique across the app)."""
    clash = set(table) & set(MESSAGES)
    if clash:
        raise RuntimeError(f"integration error codes defined twice: {sorted(clash)}")
    MESSAGES.update(table)
