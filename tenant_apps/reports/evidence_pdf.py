"""The evidence pack as a document: labels and local times in the active language, the PDF with
the content's SHA-256 on every page, and its generation (audited). What the digest covers is
defined in ``tenant_apps.reports.evidence``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import User
from accounts.services import mail_site
from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance_issues.models import AttendanceIssue, IssueEvent
from tenant_apps.audit.services import audit_record
from tenant_apps.movements.models import Movement
from tenant_apps.people.models import Officer
from tenant_apps.reports.evidence import (
    content_digest,
    evidence_content,
)
from tenant_apps.worktime.engine import MALAYSIA
from tenant_apps.worktime.models import Arrangement, CardColour

# --- What the pack shows (labels and local times in the active language) ------------------------

CHOICES: dict[str, dict[str, type[models.TextChoices]]] = {
    "punches": {
        "kind": AttendanceEvent.Kind,
        "source": AttendanceEvent.Source,
        "place": AttendanceEvent.Place,
    },
    "days": {"status": AttendanceDay.Status},
    "issues": {"category": AttendanceIssue.Category, "status": AttendanceIssue.Status},
    "movements": {"status": Movement.Status},
    "arrangements": {"kind": Arrangement.Kind, "scope": Arrangement.Scope},
}
CHAIN_LABELS = {
    "ok": _lazy("holds"),
    "broken": _lazy("BROKEN: this punch does not match its hash"),
    "after_break": _lazy("not verifiable (after the break)"),
}


def _label(choices: type[models.TextChoices], value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _local(iso: str | None, pattern: str = "%d/%m/%Y %H:%M:%S") -> str:
    if not iso:
        return ""
    return timezone.localtime(datetime.fromisoformat(iso), MALAYSIA).strftime(pattern)


def _shown(section: str, row: dict[str, Any], language: str) -> dict[str, Any]:
    """A content row for the template: codes as labels, UTC times as Malaysian local times."""
    shown = dict(row)
    for key, choices in CHOICES.get(section, {}).items():
        shown[key] = _label(choices, row[key])
    for key, value in row.items():
        if key.endswith("_at") or key in TIME_KEYS:
            shown[key] = _local(value, "%H:%M:%S" if key in CLOCK_KEYS else "%d/%m/%Y %H:%M:%S")
        elif key in DATE_KEYS and value:
            shown[key] = date.fromisoformat(value).strftime("%d/%m/%Y")
    if section == "punches":
        shown["day"] = _local(row["claimed_at"], "%d/%m/%Y")
        shown["time"] = _local(row["claimed_at"], "%H:%M:%S")
        shown["chain_state"] = row["chain"]
        shown["flags"] = ", ".join(_label(AttendanceEvent.Flag, flag) for flag in row["flags"])
        shown["chain"] = str(CHAIN_LABELS[row["chain"]])
    if section == "days":
        category = AttendanceIssue.Category
        shown["categories"] = ", ".join(_label(category, c) for c in row["categories"])
        shown["excused"] = ", ".join(_label(category, c) for c in row["excused"])
        shown["reasons"] = [r[language] or r["en"] or r["code"] for r in row["reasons"]]
    if section == "issues":
        shown["reason"] = row[f"reason_{language}"] or ""
        shown["history"] = [
            {
                **event,
                "at": _local(event["at"]),
                "action": _label(IssueEvent.Action, event["action"]),
            }
            for event in row["history"]
        ]
    return shown


TIME_KEYS = {"device_time", "check_in", "check_out", "required_out"}
CLOCK_KEYS = {"check_in", "check_out", "required_out"}
DATE_KEYS = {"day", "deadline", "starts_on", "ends_on"}


def evidence_view(content: dict[str, Any]) -> dict[str, Any]:
    """The template's context for a pack's content, in the active language."""
    language = "en" if translation.get_language() == "en" else "ms"
    view: dict[str, Any] = {
        section: [_shown(section, row, language) for row in content[section]] for section in CHOICES
    }
    chain = content["chain"]
    view["chain_broken_at"] = _local(chain["broken_claimed_at"])
    card = content["card"]
    if card is not None:
        view["card"] = {**card, "colour": _label(CardColour.Colour, card["colour"])}
    return view


FOOT = 'font-family: "DejaVu Sans Mono", monospace; font-size: 6.5pt; color: #333;'


def _page_css(digest: str) -> str:
    """The page box: the digest at the foot of every page, with "Page X of Y"."""
    page = (gettext("Page %(n)s of %(total)s") % {"n": "\x00", "total": "\x01"}).replace('"', "'")
    counters = page.replace("\x00", '" counter(page) "').replace("\x01", '" counter(pages) "')
    return (
        "@page { size: A4 landscape; margin: 13mm 10mm 16mm 10mm;"
        f' @bottom-left {{ content: "SHA-256: {digest}"; {FOOT} }}'
        f' @bottom-right {{ content: "{counters}"; {FOOT} }} }}'
    )


def evidence_pdf(
    content: dict[str, Any],
    *,
    digest: str,
    agency_name: str,
    generated_by: str,
    generated_at: datetime,
    language: str,
) -> bytes:
    """The pack as A4 PDF bytes, loaded through the reports' static-only fetcher (no SSRF)."""
    from weasyprint import CSS, HTML

    from tenant_apps.reports.render.pdf import static_only_fetcher, static_root

    with translation.override(language):
        markup = render_to_string(
            "reports/evidence_pdf.html",
            {
                **evidence_view(content),
                "content": content,
                "digest": digest,
                "agency_name": agency_name,
                "generated_by": generated_by,
                "generated_at": timezone.localtime(generated_at, MALAYSIA),
                "language": language,
            },
        )
        page = CSS(string=_page_css(digest))
    document = HTML(
        string=markup, base_url=static_root().as_uri() + "/", url_fetcher=static_only_fetcher()
    )
    pdf: bytes = document.write_pdf(stylesheets=[page])
    return pdf


# --- Making a pack -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidencePack:
    pdf: bytes
    file_name: str
    digest: str  # of the content: printed on the pack
    pdf_sha256: str  # of this file


def evidence_pack_generate(
    *, actor: User, officer: Officer, month: date, now: datetime | None = None
) -> EvidencePack:
    """Make the pack (in the active language) and record it in the audit trail. The caller has
    checked reach (``evidence_officer_get``)."""
    now = now or timezone.now()
    content = evidence_content(officer, month)
    digest = content_digest(content)
    language = "en" if translation.get_language() == "en" else "ms"
    pdf = evidence_pdf(
        content,
        digest=digest,
        agency_name=mail_site().name,
        generated_by=actor.full_name,
        generated_at=now,
        language=language,
    )
    pack = EvidencePack(
        pdf=pdf,
        file_name=f"evidence-{officer.pk}-{month:%Y-%m}.pdf",
        digest=digest,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
    )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="reports.evidence_pack",
            target=officer,
            summary=f"Evidence pack of {officer.user.full_name} for {month:%Y-%m}",
            detail={
                "month": f"{month:%Y-%m}",
                "content_sha256": digest,
                "pdf_sha256": pack.pdf_sha256,
                "punches": len(content["punches"]),
                "chain_holds": content["chain"]["holds"],
                "language": language,
            },
        )
    return pack
