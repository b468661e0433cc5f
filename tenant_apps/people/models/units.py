"""The agency's organisation chart."""

from __future__ import annotations

from django.db import models
from django.db.models import Q, Value
from django.utils.translation import gettext_lazy as _


class OrgUnit(models.Model):
    """A unit of the agency (bahagian, seksyen, unit …). The agency itself is the one root unit.

    "One root" is a unique index on a constant over the rows without a parent
    (``UNIQUE ((true)) WHERE parent_id IS NULL``): a second root collides with the first, and no
    extra ``is_root`` field can drift out of step with ``parent``."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["name"]
        permissions = [
            ("view_unit_tree", _("Can see this unit, its descendants and their officers")),
        ]
        constraints = [
            models.UniqueConstraint(
                Value(True),
                condition=Q(parent__isnull=True),
                name="people_orgunit_single_root",
                violation_error_message=_("The agency already has a top-level unit."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
