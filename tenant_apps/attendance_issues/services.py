"""Writes of attendance issues (Isu Kehadiran): the officer explains, a supervisor accepts or
rejects (one issue or many at once), issues left unexplained past their deadline escalate, and the
org admin keeps the reason list and the settings.

Each write is transactional and audited and refuses with an ``IssueError`` (a stable code and a
translated message): nothing changes on a refusal. Notifications go out from a Celery task after
the commit. Accepting an issue judges its duty day again in the same transaction, so the day no
longer carries the exception and the card evaluation does not count it."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import datetime
from functools import partial

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django_stubs_ext import StrPromise

from accounts.models import User
from tenant_apps.attendance.days import day_recompute
from tenant_apps.attendance_issues.cards import cards_reevaluate_after
from tenant_apps.attendance_issues.models import (
    AttendanceIssue,
    IssueEvent,
    IssueReason,
)
from tenant_apps.attendance_issues.selectors import PENDING_EXPLANATION, issue_settings
from tenant_apps.audit.services import audit_record
from tenant_apps.people.selectors import supervised_officer_ids

Status = AttendanceIssue.Status
Action = IssueEvent.Action

OTHER_REASON = "LAIN"  # "Lain-lain (nyatakan)": the explanation is then required
MAX_EXPLANATION = 2000
MAX_COMMENT = 1000
MIN_REJECT_COMMENT = 5
MAX_BULK = 100
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]{1,19}$")

# The accepted attachment types: extension, magic bytes and the content type it is served with.
ATTACHMENT_TYPES: dict[str, tuple[bytes, str]] = {
    "pdf": (b"%PDF-", "application/pdf"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
    "jpeg": (b"\xff\xd8\xff", "image/jpeg"),
}

REFUSALS: dict[str, StrPromise] = {
    "not_own": _lazy("Only the officer can explain their own attendance issue."),
    "not_explainable": _lazy("This issue is not waiting for an explanation."),
    "reason_required": _lazy("Choose a reason."),
    "reason_inactive": _lazy("This reason is no longer in use: choose another."),
    "explanation_required": _lazy("Explain the issue in your own words for the reason Other."),
    "explanation_too_long": _lazy("The explanation is at most 2000 characters."),
    "attachment_type": _lazy("The attachment must be a PDF, PNG or JPEG file."),
    "attachment_empty": _lazy("The attachment is empty."),
    "attachment_too_big": _lazy("The attachment is larger than the agency allows (%(kb)s KB)."),
    "own_issue": _lazy("You cannot decide your own attendance issue."),
    "not_supervisor": _lazy("Only the officer's supervisors can decide this issue."),
    "not_awaiting": _lazy("This issue is not waiting for a decision."),
    "comment_required": _lazy("Give a comment of at least 5 characters when rejecting."),
    "comment_too_long": _lazy("The comment is at most 1000 characters."),
    "nothing_selected": _lazy("Select at least one issue."),
    "too_many": _lazy("Decide at most 100 issues at once."),
    "code_invalid": _lazy(
        "The code is 2 to 20 capital letters, digits or underscores, starting with a letter."
    ),
    "code_taken": _lazy("This code is already in the list."),
    "label_required": _lazy("Give the label in both languages."),
    "deadline_day_invalid": _lazy("The deadline day is between 1 and 28."),
    "max_kb_invalid": _lazy("The largest attachment is between 100 and 20480 KB."),
}


class IssueError(Exception):
    """A refused change: ``code`` is stable (pages and tests use it), ``message`` is translated."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class IssueBulkError(Exception):
    """A bulk decision refused as a whole: ``errors`` maps each refused issue's id to its
    refusal. Nothing was decided."""

    def __init__(self, errors: dict[int, IssueError]) -> None:
        super().__init__(f"{len(errors)} issue(s) refused")
        self.errors = errors


def _refused(code: str, **values: object) -> IssueError:
    message = str(REFUSALS[code])
    return IssueError(code, message % values if values else message)


def _locked(issue: AttendanceIssue) -> AttendanceIssue:
    return (
        AttendanceIssue.objects.select_for_update(of=("self",))
        .select_related("officer__user", "reason")
        .get(pk=issue.pk)
    )


def _describe(issue: AttendanceIssue) -> str:
    return (
        f"{issue.get_category_display()} on {issue.day:%Y-%m-%d} of {issue.officer.user.full_name}"
    )


def _notify_later(issue_ids: list[int], event: str) -> None:
    from tenant_apps.attendance_issues.tasks import issues_notify

    transaction.on_commit(partial(issues_notify.delay, issue_ids, event))


# --- Explaining --------------------------------------------------------------------------------


def attachment_check(upload: UploadedFile, *, max_kb: int) -> str:
    """The attachment's extension when it is a PDF, PNG or JPEG by both its name and its first
    bytes, and within the size limit; else a refusal."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise _refused("attachment_type")
    size = upload.size or 0
    if size == 0:
        raise _refused("attachment_empty")
    if size > max_kb * 1024:
        raise _refused("attachment_too_big", kb=max_kb)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(ATTACHMENT_TYPES[extension][0]):
        raise _refused("attachment_type")
    return extension


def content_type_of(file_name: str) -> str:
    extension = file_name.rsplit(".", 1)[-1].lower()
    return ATTACHMENT_TYPES.get(extension, (b"", "application/octet-stream"))[1]


@transaction.atomic
def issue_explain(
    *,
    issue: AttendanceIssue,
    actor: User,
    reason: IssueReason | None,
    explanation: str,
    attachment: UploadedFile | None,
    now: datetime | None = None,
) -> AttendanceIssue:
    """The officer explains an open issue, or explains again after a rejection: a reason from
    the agency's list, their words (required for "Other") and optionally a PDF or image. An
    explanation after the deadline is still taken; the issue stays escalated. Without a new
    attachment, an earlier one is kept."""
    if issue.officer.user_id != actor.pk:
        raise _refused("not_own")
    locked = _locked(issue)
    if locked.status not in PENDING_EXPLANATION:
        raise _refused("not_explainable")
    if reason is None:
        raise _refused("reason_required")
    reason = IssueReason.objects.filter(pk=reason.pk).first()
    if reason is None or not reason.is_active:
        raise _refused("reason_inactive")
    explanation = (explanation or "").strip()
    if reason.code == OTHER_REASON and not explanation:
        raise _refused("explanation_required")
    if len(explanation) > MAX_EXPLANATION:
        raise _refused("explanation_too_long")
    extension = None
    if attachment is not None:
        extension = attachment_check(attachment, max_kb=issue_settings().attachment_max_kb)
    again = locked.status == Status.REJECTED
    locked.reason = reason
    locked.explanation = explanation
    locked.status = Status.EXPLAINED
    locked.explained_at = now or timezone.now()
    # The decision fields describe the current decision; the rejection stays in the history.
    locked.decided_by, locked.decided_at, locked.decision_comment = None, None, ""
    if attachment is not None and extension is not None:
        # Our own file name: nothing of the uploaded name reaches the storage path.
        name = f"isu-{locked.pk}-{uuid.uuid4().hex[:12]}.{extension}"
        locked.attachment.save(name, attachment, save=False)
    locked.save()
    note = f"{reason.code}: {explanation}" if explanation else reason.code
    IssueEvent.objects.create(issue=locked, action=Action.EXPLAINED, actor=actor, note=note)
    audit_record(
        actor=actor,
        action="attendance_issues.issue_explain",
        target=locked,
        summary=f"{'Explained again' if again else 'Explained'}: {_describe(locked)}",
        detail={
            "officer": locked.officer_id,
            "day": locked.day.isoformat(),
            "category": locked.category,
            "reason": reason.code,
            "attachment": locked.attachment.name or None,
            "again": again,
        },
    )
    _notify_later([locked.pk], "explained")
    return locked


# --- Deciding ----------------------------------------------------------------------------------


def _clean_comment(comment: str, *, accept: bool) -> str:
    comment = (comment or "").strip()
    if not accept and len(comment) < MIN_REJECT_COMMENT:
        raise _refused("comment_required")
    if len(comment) > MAX_COMMENT:
        raise _refused("comment_too_long")
    return comment


def _check_decidable(issue: AttendanceIssue, actor: User, reach: set[int]) -> None:
    if issue.officer.user_id == actor.pk:
        raise _refused("own_issue")
    if not actor.is_active or issue.officer_id not in reach:
        raise _refused("not_supervisor")
    if issue.status != Status.EXPLAINED:
        raise _refused("not_awaiting")


def _decide_locked(
    issue: AttendanceIssue, actor: User, *, accept: bool, comment: str, now: datetime
) -> None:
    issue.status = Status.ACCEPTED if accept else Status.REJECTED
    issue.decided_by = actor
    issue.decided_at = now
    issue.decision_comment = comment
    issue.save(
        update_fields=["status", "decided_by", "decided_at", "decision_comment", "updated_at"]
    )
    IssueEvent.objects.create(
        issue=issue,
        action=Action.ACCEPTED if accept else Action.REJECTED,
        actor=actor,
        note=comment,
    )
    audit_record(
        actor=actor,
        action="attendance_issues.issue_accept" if accept else "attendance_issues.issue_reject",
        target=issue,
        summary=f"{'Accepted' if accept else 'Rejected'}: {_describe(issue)}",
        detail={
            "officer": issue.officer_id,
            "day": issue.day.isoformat(),
            "category": issue.category,
            "comment": comment,
        },
    )


@transaction.atomic
def issue_decide(
    *, issue: AttendanceIssue, actor: User, accept: bool, comment: str
) -> AttendanceIssue:
    """A current supervisor of the officer (direct, second-level, or acting today: reach as of
    today, since the decision is made now) accepts or rejects an explained issue; a rejection
    needs a comment. An accepted issue's day is judged again at once without the exception."""
    locked = _locked(issue)
    _check_decidable(locked, actor, supervised_officer_ids(actor))
    comment = _clean_comment(comment, accept=accept)
    _decide_locked(locked, actor, accept=accept, comment=comment, now=timezone.now())
    if accept:
        day_recompute(locked.officer, locked.day)
        cards_reevaluate_after([locked.officer_id], locked.day)
    _notify_later([locked.pk], "decided")
    return locked


@transaction.atomic
def issues_decide_bulk(
    *, issues: Iterable[AttendanceIssue], actor: User, accept: bool, comment: str
) -> list[AttendanceIssue]:
    """Accept or reject many issues with one comment, all or nothing: every issue is checked
    first, and if any is refused an ``IssueBulkError`` lists each refusal and nothing changes
    (the supervisor sees exactly which rows to leave out, and no half-done batch)."""
    ids = sorted({issue.pk for issue in issues})
    if not ids:
        raise _refused("nothing_selected")
    if len(ids) > MAX_BULK:
        raise _refused("too_many")
    comment = _clean_comment(comment, accept=accept)
    locked = list(
        AttendanceIssue.objects.select_for_update(of=("self",))
        .select_related("officer__user", "reason")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    reach = supervised_officer_ids(actor)
    errors: dict[int, IssueError] = {}
    for issue in locked:
        try:
            _check_decidable(issue, actor, reach)
        except IssueError as exc:
            errors[issue.pk] = exc
    for missing in set(ids) - {issue.pk for issue in locked}:
        errors[missing] = _refused("not_supervisor")
    if errors:
        raise IssueBulkError(errors)
    now = timezone.now()
    for issue in locked:
        _decide_locked(issue, actor, accept=accept, comment=comment, now=now)
    if accept:
        # One recompute per duty day, however many of its exceptions were accepted.
        days = {(issue.officer_id, issue.day): issue for issue in locked}
        for _key, issue in sorted(days.items()):
            day_recompute(issue.officer, issue.day)
        for first_day in sorted({issue.day for issue in locked}):
            cards_reevaluate_after(
                sorted({i.officer_id for i in locked if i.day == first_day}), first_day
            )
    _notify_later([issue.pk for issue in locked], "decided")
    return locked


# --- Escalation --------------------------------------------------------------------------------


@transaction.atomic
def issues_escalate(now: datetime | None = None) -> int:
    """Mark every issue still waiting for its explanation after its deadline as escalated, once,
    and tell the officer's second-level supervisor. Such issues stay unexcused (they are not
    accepted), so the card evaluation counts them. Returns how many were escalated."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = list(
        AttendanceIssue.objects.select_for_update(skip_locked=True)
        .filter(status__in=PENDING_EXPLANATION, deadline__lt=today, escalated_at__isnull=True)
        .order_by("pk")
    )
    if not due:
        return 0
    ids = [issue.pk for issue in due]
    AttendanceIssue.objects.filter(pk__in=ids).update(escalated_at=now, updated_at=now)
    IssueEvent.objects.bulk_create(
        IssueEvent(issue=issue, action=Action.ESCALATED, note=f"deadline {issue.deadline}")
        for issue in due
    )
    _notify_later(ids, "escalated")
    return len(ids)
