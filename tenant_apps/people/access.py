"""Page guards for the people app. Reach comes from tenant_apps.people.selectors: an object outside
it is looked up through a visible queryset and so answers 404, never 403 (ids cannot be probed)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from accounts.models import User
from tenant_apps.people.selectors import is_org_admin

M = TypeVar("M", bound=Model)
R = TypeVar("R", bound=HttpResponseBase)


def request_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def org_admin_required(view: Callable[..., R]) -> Callable[..., HttpResponseBase]:
    """Pentadbir Organisasi only. Anyone else gets 404: the page does not exist for them."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_org_admin(request_user(request)):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def visible_or_404(queryset: QuerySet[M], pk: int) -> M:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
