"""Scheduled reports (langganan laporan): a supervisor or executive subscribes to a report and
receives it by e-mail as PDF, monthly (on a day 1–28, covering the previous calendar month) or
weekly (on a weekday, covering the previous Monday–Sunday).

Sending happens in a Celery task (``agency_subscriptions_send``, called by the reports' tasks
module for each agency). Every send re-checks the subscriber's reach at that moment: a unit that is
no longer theirs, an empty reach, a deactivated account or a missing e-mail address sends nothing
and stops the subscription, with the reason in the audit trail and an e-mail saying why. A send is
idempotent per occurrence: the row is locked and ``last_sent_on`` set in the same transaction as
the e-mail leaves, so a repeated or concurrent task sends nothing more. A missed occurrence (the
workers were down on the day) is sent at the next run."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_stubs_ext import StrPromise

from accounts.models import User
from accounts.services import mail_site
from tenant_apps.attendance_issues.models import AttendanceIssue
from tenant_apps.audit.models import AuditEntry
from tenant_apps.audit.services import audit_record
from tenant_apps.reports.models import ReportSubscription
from tenant_apps.reports.registry import report_by_slug
from tenant_apps.reports.scope import narrowed, scope_of
from tenant_apps.reports.table import ReportParams, ReportSpec, ReportTable
from tenant_apps.worktime.months import month_start, previous_month

logger = logging.getLogger(__name__)

Frequency = ReportSubscription.Frequency

MAX_PER_USER = 20
LANGUAGES = ("ms", "en")  # e-mails say it in Malay first, then in English

REFUSALS: dict[str, StrPromise] = {
    "no_reach": _lazy("You have no officers to report on, so you cannot subscribe to reports."),
    "report_unknown": _lazy("Choose a report from the list."),
    "report_per_officer": _lazy("This report is made for one officer and cannot be subscribed."),
    "unit_out_of_reach": _lazy("Choose a unit you may report on."),
    "category_unknown": _lazy("Choose an exception from the list."),
    "frequency_unknown": _lazy("Choose monthly or weekly."),
    "day_of_month": _lazy("The day of the month is between 1 and 28."),
    "weekday": _lazy("Choose a day of the week."),
    "no_email": _lazy("Add an e-mail address to your account first: the report is sent there."),
    "too_many": _lazy("You have 20 subscriptions already: remove one first."),
    "duplicate": _lazy("You already receive this report on this schedule."),
}

# Why a subscription was stopped when it fell due: said to the subscriber in both languages.
STOPS: dict[str, StrPromise] = {
    "report_gone": _lazy("the report is no longer offered"),
    "user_inactive": _lazy("the account is no longer active"),
    "no_email": _lazy("the account has no e-mail address"),
    "unit_out_of_reach": _lazy("you may no longer report on the chosen unit"),
    "no_reach": _lazy("you no longer have officers to report on"),
}


class SubscriptionError(Exception):
    """A refused change: ``code`` is stable (pages and tests use it), ``message`` is translated."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.message = str(REFUSALS[code])
        super().__init__(self.message)


class _Stop(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- Schedule ----------------------------------------------------------------------------------


def occurrence_on_or_before(subscription: ReportSubscription, today: date) -> date:
    """The last day, up to ``today``, on which the subscription falls due."""
    if subscription.frequency == Frequency.WEEKLY:
        return today - timedelta(days=(today.weekday() - subscription.weekday) % 7)
    if today.day >= subscription.day_of_month:
        return today.replace(day=subscription.day_of_month)
    return previous_month(today).replace(day=subscription.day_of_month)


def subscription_due_on(subscription: ReportSubscription, today: date) -> date | None:
    """The occurrence to send today, or None: inactive, already sent for it, or the occurrence
    came before the subscription was made (the first report waits for the next one)."""
    if not subscription.is_active:
        return None
    occurrence = occurrence_on_or_before(subscription, today)
    if occurrence < timezone.localdate(subscription.created_at):
        return None
    if subscription.last_sent_on is not None and subscription.last_sent_on >= occurrence:
        return None
    return occurrence


def subscription_period(subscription: ReportSubscription, occurrence: date) -> tuple[date, date]:
    """Monthly: the calendar month before the occurrence's. Weekly: the last full Monday–Sunday
    week before the occurrence."""
    if subscription.frequency == Frequency.WEEKLY:
        end = occurrence - timedelta(days=occurrence.weekday() + 1)
        return end - timedelta(days=6), end
    start = previous_month(occurrence)
    return start, month_start(occurrence) - timedelta(days=1)


def subscriptions_due(today: date) -> list[ReportSubscription]:
    """The agency's subscriptions to send today (subscribers loaded with them)."""
    active = ReportSubscription.objects.filter(is_active=True).select_related("user")
    return [row for row in active.order_by("pk") if subscription_due_on(row, today) is not None]


# --- Subscribing -------------------------------------------------------------------------------


def subscribable_reports() -> list[ReportSpec]:
    """Reports over a team (not the per-officer ones), as the registry lists them."""
    from tenant_apps.reports.registry import report_list

    return [spec for spec in report_list() if not spec.needs_officer]


def _clean_params(
    spec: ReportSpec, user: User, unit_id: int | None, category: str | None
) -> dict[str, Any]:
    scope = scope_of(user)
    if not scope.officer_ids:
        raise SubscriptionError("no_reach")
    if unit_id is not None:
        try:
            narrowed(scope, unit_id=unit_id, officer_id=None)
        except Http404:
            raise SubscriptionError("unit_out_of_reach") from None
    if not spec.uses_category or not category:
        category = None
    elif category not in AttendanceIssue.Category.values:
        raise SubscriptionError("category_unknown")
    return {"unit": unit_id, "category": category}


def subscription_create(
    *,
    user: User,
    report: str,
    unit_id: int | None,
    category: str | None,
    frequency: str,
    day_of_month: int | None,
    weekday: int | None,
) -> ReportSubscription:
    """Subscribe ``user`` to a report over their reach (or one unit of it). Audited."""
    spec = report_by_slug(report)
    if spec is None:
        raise SubscriptionError("report_unknown")
    if spec.needs_officer:
        raise SubscriptionError("report_per_officer")
    if frequency not in Frequency.values:
        raise SubscriptionError("frequency_unknown")
    monthly = frequency == Frequency.MONTHLY
    if monthly and (day_of_month is None or not 1 <= day_of_month <= 28):
        raise SubscriptionError("day_of_month")
    if not monthly and (weekday is None or not 0 <= weekday <= 6):
        raise SubscriptionError("weekday")
    params = _clean_params(spec, user, unit_id, category)
    if not user.email:
        raise SubscriptionError("no_email")
    values = {
        "report": spec.slug,
        "params": params,
        "frequency": frequency,
        "day_of_month": day_of_month if monthly else 1,
        "weekday": 0 if monthly else weekday,
    }
    with transaction.atomic():
        User.objects.select_for_update().only("pk").get(pk=user.pk)  # one create at a time
        own = ReportSubscription.objects.filter(user=user, is_active=True)
        if own.count() >= MAX_PER_USER:
            raise SubscriptionError("too_many")
        if own.filter(**values).exists():
            raise SubscriptionError("duplicate")
        subscription = ReportSubscription.objects.create(user=user, **values)
        audit_record(
            actor=user,
            action="reports.subscription_create",
            target=subscription,
            summary=f"Subscribed to the report {spec.slug} ({frequency})",
            detail={**values},
        )
    return subscription


def subscription_delete(*, user: User, subscription_id: int) -> None:
    """Remove one of the user's own subscriptions (another's id raises Http404). Audited."""
    with transaction.atomic():
        subscription = (
            ReportSubscription.objects.select_for_update()
            .filter(pk=subscription_id, user=user)
            .first()
        )
        if subscription is None:
            raise Http404
        audit_record(
            actor=user,
            action="reports.subscription_delete",
            target=subscription,
            summary=f"Unsubscribed from the report {subscription.report}",
            detail={"report": subscription.report, "params": subscription.params},
        )
        subscription.delete()


def subscription_list_of(*, user: User) -> list[ReportSubscription]:
    """The user's own subscriptions, active first; a stopped one carries ``stop_note`` (why)."""
    rows = list(ReportSubscription.objects.filter(user=user).order_by("-is_active", "report", "pk"))
    stopped = [str(row.pk) for row in rows if not row.is_active]
    notes: dict[str, str] = {}
    if stopped:
        language = "en" if translation.get_language() == "en" else "ms"
        entries = AuditEntry.objects.filter(
            action="reports.subscription_stop",
            object_type=ReportSubscription._meta.label_lower,
            object_id__in=stopped,
        ).order_by("created_at", "id")
        for entry in entries:
            notes[entry.object_id] = str(entry.detail.get(f"note_{language}", entry.summary))
    for row in rows:
        row.stop_note = notes.get(str(row.pk), "")  # type: ignore[attr-defined]
    return rows


# --- Sending -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentReport:
    file_name: str
    pdf: bytes


def _reach(subscription: ReportSubscription) -> tuple[ReportSpec, list[int]]:
    """The report and the officers it covers now; ``_Stop`` when the subscriber lost it."""
    spec = report_by_slug(subscription.report)
    if spec is None or spec.needs_officer:
        raise _Stop("report_gone")
    user = subscription.user
    if not user.is_active:
        raise _Stop("user_inactive")
    if not user.email:
        raise _Stop("no_email")
    scope = scope_of(user)
    if not scope.officer_ids:
        raise _Stop("no_reach")
    try:
        ids = narrowed(scope, unit_id=subscription.params.get("unit"), officer_id=None)
    except Http404:
        raise _Stop("unit_out_of_reach") from None
    return spec, ids


def _both(text: Promise | str) -> dict[str, str]:
    """The text in each language of the e-mails."""
    found = {}
    for language in LANGUAGES:
        with translation.override(language):
            found[language] = str(text)
    return found


def report_mail_compose(
    subscription: ReportSubscription, spec: ReportSpec, table: ReportTable, start: date, end: date
) -> tuple[str, str]:
    """Subject and body, Malay then English, with the agency's name."""
    site = mail_site()
    manage_url = site.origin + reverse("reports:subscriptions")
    period = f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"
    titles = _both(table.title)
    subject = f"{site.name}: {titles['ms']} / {titles['en']} ({period})"
    blocks = []
    for language in LANGUAGES:
        with translation.override(language):
            blocks.append(
                _("Attached is the report “%(title)s” for %(period)s, as you subscribed.")
                % {"title": titles[language], "period": period}
                + "\n"
                + _("Rows in the report: %(rows)s.") % {"rows": table.row_count}
                + "\n\n"
                + _("Change or stop your subscriptions: %(url)s") % {"url": manage_url}
            )
    body = "\n\n-----\n\n".join(blocks) + f"\n\n{site.name} · SPOT-Me\n"
    return subject, body


def _stop(subscription: ReportSubscription, code: str) -> None:
    """Deactivate, record why, and tell the subscriber (when they have an address)."""
    note = _both(STOPS[code])
    subscription.is_active = False
    subscription.save(update_fields=["is_active"])
    audit_record(
        actor=None,
        action="reports.subscription_stop",
        target=subscription,
        summary=f"Subscription to {subscription.report} stopped: {note['en']}",
        detail={"code": code, "note_ms": note["ms"], "note_en": note["en"]},
    )
    user = subscription.user
    if not user.email or not user.is_active:
        return
    site = mail_site()
    spec = report_by_slug(subscription.report)
    titles = (
        _both(spec.title) if spec is not None else dict.fromkeys(LANGUAGES, subscription.report)
    )
    blocks = []
    for language in LANGUAGES:
        with translation.override(language):
            blocks.append(
                _("Your subscription to the report “%(report)s” has stopped: %(why)s.")
                % {"report": titles[language], "why": note[language]}
            )
    subject = f"{site.name}: Langganan laporan dihentikan / Report subscription stopped"
    body = "\n\n-----\n\n".join(blocks) + f"\n\n{site.name} · SPOT-Me\n"
    EmailMessage(subject, body, to=[user.email]).send()


def subscription_send(
    subscription: ReportSubscription, today: date, *, now: datetime | None = None
) -> str:
    """Send the report due today, once. Returns what happened: "sent", "stopped" (reach lost:
    nothing sent, subscription deactivated), "not_due" (inactive, not due, or sent already) or
    "gone" (deleted meanwhile). A mail server error propagates (nothing is marked sent)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            ReportSubscription.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=subscription.pk)
            .first()
        )
        if locked is None:
            return "gone"
        occurrence = subscription_due_on(locked, today)
        if occurrence is None:
            return "not_due"
        try:
            spec, officer_ids = _reach(locked)
        except _Stop as stop:
            _stop(locked, stop.code)
            return "stopped"
        sent = _report_build_and_mail(locked, spec, officer_ids, occurrence, now)
        locked.last_sent_on = today
        locked.save(update_fields=["last_sent_on"])
        audit_record(
            actor=None,
            action="reports.subscription_send",
            target=locked,
            summary=f"Report {spec.slug} e-mailed to {locked.user.full_name}",
            detail={
                "occurrence": occurrence.isoformat(),
                "file_name": sent.file_name,
                "sha256": hashlib.sha256(sent.pdf).hexdigest(),
                "officers": len(officer_ids),
            },
        )
    subscription.last_sent_on = locked.last_sent_on
    return "sent"


def _report_build_and_mail(
    subscription: ReportSubscription,
    spec: ReportSpec,
    officer_ids: list[int],
    occurrence: date,
    now: datetime,
) -> SentReport:
    from tenant_apps.reports.render.pdf import render_pdf

    start, end = subscription_period(subscription, occurrence)
    params = ReportParams(
        start=start,
        end=end,
        officer_ids=officer_ids,
        unit_id=subscription.params.get("unit"),
        officer_id=None,
        category=subscription.params.get("category"),
    )
    user = subscription.user
    with translation.override("ms"):
        table = spec.build(params)
        pdf = render_pdf(
            table,
            agency_name=mail_site().name,
            generated_by=_("%(name)s (scheduled report)") % {"name": user.full_name},
            generated_at=now,
            language="ms",
        )
    subject, body = report_mail_compose(subscription, spec, table, start, end)
    file_name = f"{spec.slug}-{start:%Y%m%d}-{end:%Y%m%d}.pdf"
    message = EmailMessage(subject, body, to=[user.email])
    message.attach(file_name, pdf, "application/pdf")
    message.send()
    return SentReport(file_name=file_name, pdf=pdf)


def agency_subscriptions_send(today: date | None = None) -> int:
    """Send every subscription due today in the current agency; returns how many were sent.
    One failing subscription (a report error, the mail server) does not hold up the others: it
    stays due and is tried again at the next run."""
    today = today or timezone.localdate()
    sent = 0
    for subscription in subscriptions_due(today):
        try:
            outcome = subscription_send(subscription, today)
        except Exception:
            logger.exception("Report subscription %s failed", subscription.pk)
            continue
        sent += outcome == "sent"
    return sent
