"""Files per agency: django-tenants' storage, which also forgets its root when MEDIA_ROOT
changes (django-tenants 4.0.1 caches the root and clears it only for its own setting, so a
changed MEDIA_ROOT, as in tests or a reconfigured process, kept writing to the old folder)."""

from __future__ import annotations

from typing import Any

from django_tenants.files.storage import TenantFileSystemStorage


class AgencyFileStorage(TenantFileSystemStorage):
    def _clear_cached_properties(self, setting: str, **kwargs: Any) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "MEDIA_ROOT":
            self.__dict__.pop("relative_media_root", None)
