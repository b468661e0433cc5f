"""The four roles of an agency, kept as auth groups in the agency's schema. The group name is the
stable code; the label is what people read."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    EXECUTIVE = "executive", _("Executive")
    ORG_ADMIN = "org_admin", _("Organisation Administrator")
