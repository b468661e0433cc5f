from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import User
from accounts.selectors import user_role_labels


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    """Utama: the agency's home after login. Later capabilities add their panels here."""
    assert isinstance(request.user, User)
    return render(request, "dashboard/home.html", {"roles": user_role_labels(user=request.user)})
