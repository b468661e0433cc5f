"""The ZKTeco ADMS ("iclock") push endpoint on an agency's host, for terminals registered in the
agency's device list. Plain text answers, as the firmware expects:

- ``GET /iclock/cdata?SN=..&options=all``: the handshake; the answer tells the device the ATTLOG
  stamp it last delivered, so it sends only newer lines.
- ``POST /iclock/cdata?SN=..&table=ATTLOG&Stamp=..``: attendance lines into the raw ledger;
  ``OK: <lines received>``. Other tables are acknowledged and not kept.
- ``GET /iclock/getrequest?SN=..``: ``OK`` (we never send a command: nothing is ever deleted from
  a device); the firmware version in ``INFO`` is recorded.
- ``POST /iclock/devicecmd?SN=..``: ``OK``.

The device proves itself with its secret (query ``key`` or header ``X-Device-Key``). Every
request, refused ones included, is logged as a ``DeviceContact`` (without the secret). No session,
no CSRF token, no login: the session and password middlewares let these requests through since
they carry no user."""

from __future__ import annotations

import hmac
import ipaddress
import re
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt

from accounts.request_info import client_info
from tenant_apps.integrations.attlog import decode_text
from tenant_apps.integrations.device_services import secret_hash
from tenant_apps.integrations.errors import IntegrationError
from tenant_apps.integrations.ledger_apply import device_zone
from tenant_apps.integrations.ledger_services import push_ingest
from tenant_apps.integrations.models import Device, DeviceContact

MAX_BODY_BYTES = 2 * 1024 * 1024
TABLE_RE = re.compile(r"^[A-Za-z_]{1,20}$")
Outcome = DeviceContact.Outcome
DeviceView = Callable[[HttpRequest, Device, datetime], HttpResponse]


def _text(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")


def _ip(request: HttpRequest) -> str | None:
    return client_info(request).ip_address or None


def _contact(
    request: HttpRequest,
    *,
    device: Device | None,
    outcome: str,
    detail: str = "",
    lines: int = 0,
    now: datetime | None = None,
) -> None:
    query = urlencode(
        [(name, value) for name, value in request.GET.items() if name.lower() != "key"]
    )
    DeviceContact.objects.create(
        device=device,
        serial=request.GET.get("SN", "").strip()[:100],
        ip=_ip(request),
        method=(request.method or "")[:8],
        path=request.path[:200],
        query=query[:500],
        outcome=outcome,
        detail=detail[:300],
        lines=lines,
        at=now or timezone.now(),
    )


def _refuse(
    request: HttpRequest, device: Device | None, outcome: str, status: int, answer: str
) -> HttpResponse:
    _contact(request, device=device, outcome=outcome, detail=answer)
    return _text(f"ERROR: {answer}", status)


def _key_ok(request: HttpRequest, device: Device) -> bool:
    key = request.GET.get("key") or request.headers.get("X-Device-Key") or ""
    if not key or not device.secret_hash:
        return not key and _keyless_ok(request, device)
    return hmac.compare_digest(secret_hash(key), device.secret_hash)


def _keyless_ok(request: HttpRequest, device: Device) -> bool:
    """A request without a secret, from a network the admin trusts for this device (for firmware
    that cannot send one). A wrong secret is never excused."""
    ip = _ip(request)
    if not device.keyless_networks or ip is None:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(network.strip(), strict=False)
        for network in device.keyless_networks.split(",")
        if network.strip()
    )


def device_endpoint(*methods: str) -> Callable[[DeviceView], Callable[[HttpRequest], HttpResponse]]:
    """Checks the method, the serial, the device's status and its secret (each refusal logged),
    then calls the view with the device; answers in English, whatever the host's language."""

    def decorate(view: DeviceView) -> Callable[[HttpRequest], HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest) -> HttpResponse:
            with translation.override("en"):
                if request.method not in methods:
                    response = _refuse(
                        request, None, Outcome.BAD_REQUEST, 405, "method not allowed"
                    )
                    response["Allow"] = ", ".join(methods)
                    return response
                serial = request.GET.get("SN", "").strip()
                if not serial:
                    return _refuse(request, None, Outcome.BAD_REQUEST, 400, "missing SN")
                device = Device.objects.filter(serial=serial).first()
                if device is None:
                    return _refuse(request, None, Outcome.UNKNOWN, 404, "unknown device")
                if device.status != Device.Status.ACTIVE:
                    return _refuse(request, device, Outcome.DISABLED, 403, "device disabled")
                if not _key_ok(request, device):
                    return _refuse(request, device, Outcome.BAD_SECRET, 401, "bad device key")
                return view(request, device, timezone.now())

        return wrapped

    return decorate


def _seen(device: Device, request: HttpRequest, now: datetime, **extra: str) -> None:
    changes: dict[str, object] = {"last_seen_at": now, **extra}
    ip = _ip(request)
    if ip:
        changes["last_seen_ip"] = ip
    Device.objects.filter(pk=device.pk).update(**changes)


def _zone_hours(device: Device, now: datetime) -> str:
    """The device zone's offset from UTC now, in hours (in minutes for a zone off the hour)."""
    try:
        offset = now.astimezone(device_zone(device)).utcoffset()
    except IntegrationError:
        return "8"
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    return str(minutes // 60) if minutes % 60 == 0 else str(minutes)


def _options(device: Device, now: datetime) -> str:
    return (
        f"GET OPTION FROM: {device.serial}\n"
        f"ATTLOGStamp={device.attlog_stamp or 'None'}\n"
        "OPERLOGStamp=9999\n"
        "ATTPHOTOStamp=None\n"
        "ErrorDelay=30\n"
        "Delay=10\n"
        "TransTimes=00:00;14:05\n"
        "TransInterval=1\n"
        "TransFlag=TransData AttLog\n"
        f"TimeZone={_zone_hours(device, now)}\n"
        "Realtime=1\n"
        "Encrypt=None\n"
    )


def _body(request: HttpRequest) -> bytes | None:
    """The request body, or None when it is larger than the endpoint accepts."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        return None
    try:
        body = request.body
    except RequestDataTooBig:
        return None
    return None if len(body) > MAX_BODY_BYTES else body


@device_endpoint("GET", "POST")
def cdata_view(request: HttpRequest, device: Device, now: datetime) -> HttpResponse:
    if request.method == "GET":
        _seen(device, request, now)
        _contact(request, device=device, outcome=Outcome.OK, detail="handshake", now=now)
        return _text(_options(device, now))
    table = request.GET.get("table", "").strip()
    if not TABLE_RE.match(table):
        detail = "missing table" if not table else "bad table"
        return _refuse(request, device, Outcome.BAD_REQUEST, 400, detail)
    content = _body(request)
    if content is None:
        limit = MAX_BODY_BYTES // (1024 * 1024)
        return _refuse(request, device, Outcome.BAD_REQUEST, 413, f"body over {limit} MB")
    if table.upper() != "ATTLOG":
        received = len([line for line in content.splitlines() if line.strip()])
        _seen(device, request, now)
        _contact(
            request,
            device=device,
            outcome=Outcome.OK,
            detail=f"table {table[:20]} not kept",
            lines=received,
            now=now,
        )
        return _text(f"OK: {received}")
    return _attlog(request, device, content, now)


def _attlog(request: HttpRequest, device: Device, content: bytes, now: datetime) -> HttpResponse:
    try:
        body = decode_text(content)
    except IntegrationError:
        return _refuse(request, device, Outcome.BAD_REQUEST, 400, "body is not text")
    if not body.strip():
        _seen(device, request, now)
        _contact(request, device=device, outcome=Outcome.OK, detail="no lines", now=now)
        return _text("OK: 0")
    try:
        batch = push_ingest(
            device=device,
            body=body,
            stamp=request.GET.get("Stamp", "").strip(),
            ip=_ip(request),
            now=now,
        )
    except IntegrationError as error:
        return _refuse(request, device, Outcome.BAD_REQUEST, 400, error.message)
    detail = (
        f"ATTLOG: {batch.new_count} new, {batch.duplicate_count} duplicate, "
        f"{batch.error_count} wrong (batch {batch.pk})"
    )
    _contact(
        request,
        device=device,
        outcome=Outcome.OK,
        detail=detail,
        lines=batch.line_count,
        now=now,
    )
    return _text(f"OK: {batch.line_count}")


@device_endpoint("GET", "POST")
def getrequest_view(request: HttpRequest, device: Device, now: datetime) -> HttpResponse:
    info = request.GET.get("INFO", "")
    firmware = info.split(",", 1)[0].strip()[:200]
    if firmware and firmware != device.firmware:
        _seen(device, request, now, firmware=firmware)
    else:
        _seen(device, request, now)
    _contact(request, device=device, outcome=Outcome.OK, detail="getrequest", now=now)
    return _text("OK")


@device_endpoint("POST")
def devicecmd_view(request: HttpRequest, device: Device, now: datetime) -> HttpResponse:
    _seen(device, request, now)
    _contact(request, device=device, outcome=Outcome.OK, detail="devicecmd", now=now)
    return _text("OK")


__all__ = ["MAX_BODY_BYTES", "cdata_view", "devicecmd_view", "getrequest_view"]
