"""The notification e-mail. A person has no language of their own yet, so each e-mail says it in
Malay first, then in English. Links are absolute on the agency's own host (accounts.mail_site),
never built from a request."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.services import mail_site
from tenant_apps.notifications.models import Notification

SUBJECT_TEXT_MAX = 120


@dataclass(frozen=True)
class NotificationMail:
    subject: str
    body: str
    to: str


def notification_path(notification: Notification) -> str:
    """Where the notification leads inside the agency's site: its own link, or the list."""
    link = notification.link
    if link.startswith("/") and url_has_allowed_host_and_scheme(link, allowed_hosts=set()):
        return link
    return reverse("notifications:list")


def notification_email_compose(notification: Notification) -> NotificationMail:
    site = mail_site()
    url = site.origin + notification_path(notification)
    settings_url = site.origin + reverse("notifications:settings")
    blocks = []
    for language, text in (("ms", notification.text_ms), ("en", notification.text_en)):
        with translation.override(language):
            blocks.append(
                f"{text}\n\n"
                + _("Open: %(url)s") % {"url": url}
                + "\n"
                + _("Choose which notifications you receive: %(url)s") % {"url": settings_url}
            )
    body = "\n\n-----\n\n".join(blocks) + f"\n\n{site.name} · SPOT-Me\n"
    subject = f"{site.name}: {Truncator(notification.text_ms).chars(SUBJECT_TEXT_MAX)}"
    return NotificationMail(subject=subject, body=body, to=notification.recipient.email)


def notification_email_deliver(*, notification_id: int) -> bool:
    """Send the notification's e-mail once: a second delivery of the task sends nothing.
    Returns whether an e-mail left. A mail server error propagates, so the task retries."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at is not None:
            return False
        recipient = notification.recipient
        if not recipient.email or not recipient.is_active:
            return False
        mail = notification_email_compose(notification)
        send_mail(mail.subject, mail.body, None, [mail.to])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True
