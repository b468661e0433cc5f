"""Notification pages: the person's own list (opening an item marks it read and follows its
link), mark all as read, and the settings page (channels per kind, push on this device)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from tenant_apps.notifications.forms import PreferencesForm
from tenant_apps.notifications.mail import notification_path
from tenant_apps.notifications.models import Notification
from tenant_apps.notifications.push import vapid_public_key
from tenant_apps.notifications.selectors import (
    notification_list_for_user,
    preference_table_for_user,
)
from tenant_apps.notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    preferences_save,
)

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def notification_text(notification: Notification) -> str:
    """The notification in the page's language (Malay unless English is chosen)."""
    return notification.text_ms if translation.get_language() == "ms" else notification.text_en


@login_required
def notification_list_view(request: HttpRequest) -> HttpResponse:
    notifications = notification_list_for_user(user=_user(request))
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(notification, notification_text(notification)) for notification in page]
    return render(request, "notifications/list.html", {"page": page, "items": items})


@login_required
@require_POST
def notification_open_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = notification_mark_read(user=_user(request), notification_id=notification_id)
    return redirect(notification_path(notification))


@login_required
@require_POST
def notification_read_all_view(request: HttpRequest) -> HttpResponse:
    if notification_mark_all_read(user=_user(request)):
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def preferences_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PreferencesForm(request.POST or None, table=preference_table_for_user(user=user))
    if request.method == "POST" and form.is_valid():
        preferences_save(user=user, table=form.table())
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    context = {
        "form": form,
        "vapid_public_key": vapid_public_key(),
        "subscribe_url": reverse("api-notification-push-subscriptions"),
    }
    return render(request, "notifications/settings.html", context)
