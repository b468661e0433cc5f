from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts.forms import LoginForm, NewPasswordChangeForm
from accounts.middleware import SESSION_SCHEMA_KEY
from accounts.models import SecurityEvent, User
from accounts.request_info import client_info
from accounts.selectors import security_event_list_for_user
from accounts.services import password_change_complete, security_event_record
from tenants.db import current_schema


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid() and form.user is not None:
            login(request, form.user, backend="accounts.backends.MyKadBackend")
            request.session[SESSION_SCHEMA_KEY] = current_schema()
            security_event_record(
                kind=SecurityEvent.Kind.LOGIN, user=form.user, client=client_info(request)
            )
            if form.user.must_change_password:
                messages.info(request, _("Choose your own password to continue."))
                return redirect("accounts:password_change")
            return HttpResponseRedirect(_safe_next(request))
        if form.failed_login_id:
            security_event_record(
                kind=SecurityEvent.Kind.LOGIN_FAILED,
                user=None,
                login_id=form.failed_login_id,
                client=client_info(request),
            )
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request)})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if isinstance(request.user, User):
        security_event_record(
            kind=SecurityEvent.Kind.LOGOUT, user=request.user, client=client_info(request)
        )
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("accounts:login")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")
    form_class = NewPasswordChangeForm

    def form_valid(self, form: NewPasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        assert isinstance(self.request.user, User)
        password_change_complete(user=self.request.user, client=client_info(self.request))
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
def activity_view(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    page = Paginator(security_event_list_for_user(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    context: dict[str, Any] = {"page": page}
    return render(request, "accounts/activity.html", context)
