from typing import Any, ClassVar

from django.db import models

class TenantMixin(models.Model):
    schema_name: models.CharField[str, str]
    auto_create_schema: bool
    auto_drop_schema: ClassVar[bool]
    domain_url: str
    def create_schema(
        self, check_if_exists: bool = ..., sync_schema: bool = ..., verbosity: int = ...
    ) -> bool: ...
    def delete(  # type: ignore[override]
        self, force_drop: bool = ..., *args: Any, **kwargs: Any
    ) -> Any: ...
    def get_primary_domain(self) -> DomainMixin | None: ...

class DomainMixin(models.Model):
    domain: models.CharField[str, str]
    tenant: models.ForeignKey[Any, Any]
    is_primary: models.BooleanField[bool, bool]
