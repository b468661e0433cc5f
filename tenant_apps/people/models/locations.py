"""Where officers may check in: office locations with a geofence, and a home location for BDR."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tenant_apps.people.models.officers import Officer
from tenant_apps.people.models.units import OrgUnit

LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


class OfficeLocation(models.Model):
    class Shape(models.TextChoices):
        CIRCLE = "circle", _("Circle")
        POLYGON = "polygon", _("Polygon")

    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    shape = models.CharField(_("geofence"), max_length=10, choices=Shape.choices)
    # The circle's centre; for a polygon, a point shown on the map (its centroid).
    latitude = models.FloatField(_("latitude"), validators=LATITUDE)
    longitude = models.FloatField(_("longitude"), validators=LONGITUDE)
    radius_m = models.PositiveIntegerField(_("radius (metres)"), null=True, blank=True)
    # [[lat, lon], ...] in order, at least three points, not closed (the last joins the first).
    polygon = models.JSONField(_("polygon"), default=list, blank=True)
    units = models.ManyToManyField(
        OrgUnit, verbose_name=_("units"), blank=True, related_name="offices"
    )
    officers = models.ManyToManyField(
        Officer, verbose_name=_("officers"), blank=True, related_name="offices"
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("office location")
        verbose_name_plural = _("office locations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(shape="polygon") | Q(radius_m__gt=0),
                name="people_office_circle_has_radius",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HomeLocation(models.Model):
    """An officer's home for BDR days, entered by the org admin from the HR record; the officer
    can see it but never change it."""

    officer = models.OneToOneField(Officer, on_delete=models.CASCADE, related_name="home")
    address = models.TextField(_("address"), blank=True)
    latitude = models.FloatField(_("latitude"), validators=LATITUDE)
    longitude = models.FloatField(_("longitude"), validators=LONGITUDE)
    radius_m = models.PositiveIntegerField(_("radius (metres)"), default=100)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("home location (BDR)")
        constraints = [
            models.CheckConstraint(condition=Q(radius_m__gt=0), name="people_home_radius"),
        ]

    def __str__(self) -> str:
        return f"home of {self.officer_id}"
