from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def landing_view(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/landing.html")
