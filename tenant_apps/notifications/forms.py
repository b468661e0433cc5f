"""The notification settings form: one row per kind, a checkbox per channel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.notifications.models import Kind
from tenant_apps.notifications.selectors import Channels

CHANNELS = ("in_app", "email", "push")
CHANNEL_LABELS = {"in_app": _("In the app"), "email": _("E-mail"), "push": _("Push")}


class PreferencesForm(forms.Form):
    def __init__(self, *args: Any, table: list[tuple[Kind, Channels]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = [kind for kind, _channels in table]
        for kind, channels in table:
            for channel in CHANNELS:
                self.fields[f"{kind.value}__{channel}"] = forms.BooleanField(
                    required=False,
                    initial=getattr(channels, channel),
                    label=f"{kind.label}: {CHANNEL_LABELS[channel]}",
                )

    def rows(self) -> list[tuple[Kind, list[forms.BoundField]]]:
        return [
            (kind, [self[f"{kind.value}__{channel}"] for channel in CHANNELS])
            for kind in self.kinds
        ]

    def table(self) -> dict[str, Channels]:
        data = self.cleaned_data
        return {
            kind.value: Channels(**{name: data[f"{kind.value}__{name}"] for name in CHANNELS})
            for kind in self.kinds
        }
