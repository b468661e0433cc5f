from typing import Any

from django.core.files.storage import FileSystemStorage

class TenantFileSystemStorage(FileSystemStorage):
    def _clear_cached_properties(self, setting: str, **kwargs: Any) -> None: ...
