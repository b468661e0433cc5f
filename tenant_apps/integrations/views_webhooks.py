"""Webhook pages of the org admin: the list, subscribing (the secret is shown once, in the answer
to the POST that made it, and again only when rotated), and one subscription with its deliveries
and their attempts. Anyone else gets 404; a subscription of another agency does not exist here."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenant_apps.integrations.errors import IntegrationError
from tenant_apps.integrations.forms_webhooks import WebhookForm, error_field
from tenant_apps.integrations.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from tenant_apps.integrations.models.webhooks import Event
from tenant_apps.integrations.webhook_services import (
    secret_rotate,
    subscription_create,
    subscription_delete,
    subscription_pause,
    subscription_ping,
    subscription_resume,
    subscription_update,
)
from tenant_apps.people.access import org_admin_required, request_user, visible_or_404

PAGE_SIZE = 25
ATTEMPTS_SHOWN = 20


def _subscription(subscription_id: int) -> WebhookSubscription:
    return visible_or_404(WebhookSubscription.objects.all(), subscription_id)


def _refused(form: WebhookForm, exc: IntegrationError) -> None:
    form.add_error(error_field(exc.code), exc.message)


def _event_labels(events: list[str]) -> list[str]:
    labels = dict(Event.choices)
    return [str(labels.get(event, event)) for event in events]


@org_admin_required
def webhook_list_view(request: HttpRequest) -> HttpResponse:
    last = WebhookDelivery.objects.filter(subscription=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    rows = list(
        WebhookSubscription.objects.annotate(
            last_status=Subquery(last.values("status")[:1]),
            last_code=Subquery(last.values("last_status_code")[:1]),
        ).order_by("-created_at", "-pk")
    )
    for row in rows:
        row.event_labels = _event_labels(row.events)  # type: ignore[attr-defined]
        status = row.last_status
        label = WebhookDelivery.Status(status).label if status else ""
        row.last_status_label = label  # type: ignore[attr-defined]
    return render(request, "integrations/webhooks/list.html", {"rows": rows})


@org_admin_required
def webhook_create_view(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscription, secret = subscription_create(
                actor=request_user(request),
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
            )
        except IntegrationError as exc:
            _refused(form, exc)
        else:
            return render(
                request,
                "integrations/webhooks/secret.html",
                {"subscription": subscription, "secret": secret, "created": True},
            )
    status = 400 if form.errors else 200
    return render(request, "integrations/webhooks/create.html", {"form": form}, status=status)


def _detail_context(request: HttpRequest, subscription: WebhookSubscription) -> dict[str, Any]:
    attempts = WebhookAttempt.objects.order_by("at", "pk")  # as they happened
    deliveries = subscription.deliveries.order_by("-created_at", "-pk").prefetch_related(
        Prefetch("attempt_log", queryset=attempts)
    )
    page = Paginator(deliveries, PAGE_SIZE).get_page(request.GET.get("page"))
    for delivery in page:
        payload = delivery.payload if isinstance(delivery.payload, dict) else {}
        delivery.shown_event = payload.get("event", delivery.event)  # type: ignore[attr-defined]
        delivery.shown_attempts = list(delivery.attempt_log.all())[:ATTEMPTS_SHOWN]  # type: ignore[attr-defined]
    return {
        "subscription": subscription,
        "event_labels": _event_labels(subscription.events),
        "page": page,
        "is_paused": subscription.status == WebhookSubscription.Status.PAUSED,
    }


@org_admin_required
def webhook_detail_view(request: HttpRequest, subscription_id: int) -> HttpResponse:
    """The subscription, its edit form (POST saves it) and its deliveries."""
    subscription = _subscription(subscription_id)
    initial = {"url": subscription.url, "events": subscription.events}
    form = WebhookForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            subscription_update(
                actor=request_user(request),
                subscription=subscription,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
            )
        except IntegrationError as exc:
            _refused(form, exc)
            subscription.refresh_from_db()
        else:
            messages.success(request, _("The subscription has been saved."))
            return redirect("integrations:webhook-detail", subscription.pk)
    context = _detail_context(request, subscription) | {"form": form}
    status = 400 if form.errors else 200
    return render(request, "integrations/webhooks/detail.html", context, status=status)


@org_admin_required
@require_POST
def webhook_pause_view(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(subscription_id)
    try:
        subscription_pause(actor=request_user(request), subscription=subscription)
    except IntegrationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Paused: events are kept and sent when you resume."))
    return redirect("integrations:webhook-detail", subscription.pk)


@org_admin_required
@require_POST
def webhook_resume_view(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(subscription_id)
    try:
        queued = subscription_resume(actor=request_user(request), subscription=subscription)
    except IntegrationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Resumed: %(n)s waiting deliveries are being sent.") % {"n": queued},
        )
    return redirect("integrations:webhook-detail", subscription.pk)


@org_admin_required
@require_POST
def webhook_rotate_view(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(subscription_id)
    secret = secret_rotate(actor=request_user(request), subscription=subscription)
    return render(
        request,
        "integrations/webhooks/secret.html",
        {"subscription": subscription, "secret": secret, "created": False},
    )


@org_admin_required
@require_POST
def webhook_delete_view(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(subscription_id)
    subscription_delete(actor=request_user(request), subscription=subscription)
    messages.success(request, _("The subscription has been removed."))
    return redirect("integrations:webhook-list")


@org_admin_required
@require_POST
def webhook_ping_view(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = _subscription(subscription_id)
    delivery, attempt = subscription_ping(actor=request_user(request), subscription=subscription)
    if delivery.status == WebhookDelivery.Status.DELIVERED:
        messages.success(
            request,
            _("Test sent: the receiver answered %(code)s.") % {"code": attempt.status_code},
        )
    elif attempt.status_code is not None:
        messages.error(
            request,
            _("Test not accepted: the receiver answered %(code)s.") % {"code": attempt.status_code},
        )
    else:
        messages.error(request, _("Test not delivered: %(error)s") % {"error": attempt.error})
    return redirect("integrations:webhook-detail", subscription.pk)
