"""Reading the raw ledger: the device user ids waiting for a map, and a batch's line errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min

from tenant_apps.integrations.models import Device, ImportBatch, RawPunch

ERRORS_PER_PAGE = 50


@dataclass(frozen=True)
class UnmappedGroup:
    device: Device
    device_user_id: str
    lines: int
    first: datetime  # the earliest waiting line's device time
    last: datetime


def unmapped_groups(*, device: Device | None = None) -> list[UnmappedGroup]:
    """The (device, device user id) pairs with lines waiting for a map, with how many and their
    time span; the ids with the most waiting lines first. One grouped query (and one for the
    devices)."""
    rows = RawPunch.objects.filter(status=RawPunch.Status.UNMAPPED)
    if device is not None:
        rows = rows.filter(device=device)
    groups = list(
        rows.values("device_id", "device_user_id")
        .annotate(lines=Count("id"), first=Min("device_time"), last=Max("device_time"))
        .order_by("-lines", "device_id", "device_user_id")
    )
    devices = Device.objects.in_bulk({group["device_id"] for group in groups})
    return [
        UnmappedGroup(
            device=devices[group["device_id"]],
            device_user_id=group["device_user_id"],
            lines=group["lines"],
            first=group["first"],
            last=group["last"],
        )
        for group in groups
    ]


def batch_errors_page(batch: ImportBatch, page: int | str | None) -> Page[Any]:
    """One page of a batch's per-line errors ({"line", "raw", "code", "message", "params"}),
    in line order; a page number out of range gives the nearest page."""
    errors = sorted(batch.errors or [], key=lambda error: int(error.get("line", 0)))
    return Paginator(errors, ERRORS_PER_PAGE).get_page(page)


def batch_lines(batch: ImportBatch) -> list[RawPunch]:
    """The ledger lines a batch wrote, in device time order."""
    return list(batch.raw_punches.select_related("officer__user").order_by("device_time", "id"))


__all__ = ["UnmappedGroup", "batch_errors_page", "batch_lines", "unmapped_groups"]
