"""Pergerakan Harian pages: the officer's history (Semak Pergerakan), the form (Daftar
Pergerakan), one movement with its trail, and the supervisors' list of their team's movements.
Views parse and check reach; movements.services writes. A movement outside the actor's reach
answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_stubs_ext import StrPromise

from accounts.models import User
from tenant_apps.movements.forms import ERROR_FIELDS, HistoryFilterForm, MovementForm
from tenant_apps.movements.models import Movement
from tenant_apps.movements.selectors import (
    can_acknowledge,
    can_change,
    has_team,
    movement_audit_trail,
    movement_list_of,
    movement_list_visible_to,
    team_movements,
)
from tenant_apps.movements.services import (
    MovementError,
    movement_acknowledge,
    movement_cancel,
    movement_create,
    movement_update,
)
from tenant_apps.people.access import request_user, visible_or_404
from tenant_apps.people.selectors import actor_officer

PAGE_SIZE = 20

TRAIL_LABELS: dict[str, StrPromise] = {
    "movements.movement_create": gettext_lazy("Declared"),
    "movements.movement_update": gettext_lazy("Changed"),
    "movements.movement_cancel": gettext_lazy("Cancelled"),
    "movements.movement_acknowledge": gettext_lazy("Acknowledged"),
}


def _nav(actor: User) -> dict[str, Any]:
    return {"has_team": has_team(actor)}


def _form_error(form: MovementForm, exc: MovementError) -> None:
    form.add_error(ERROR_FIELDS.get(exc.code), exc.message)


@login_required
def history_view(request: HttpRequest) -> HttpResponse:
    """Semak Pergerakan: the officer's own movements, filtered and paginated."""
    actor = request_user(request)
    officer = actor_officer(actor)
    filters = HistoryFilterForm(request.GET)
    page = None
    if officer is not None:
        movements = movement_list_of(officer=officer, **filters.filters())
        page = Paginator(movements, PAGE_SIZE).get_page(request.GET.get("page"))
        for movement in page.object_list:
            movement.changeable = can_change(actor, movement)
    context = {"officer": officer, "page": page, "filters": filters, **_nav(actor)}
    return render(request, "movements/history.html", context)


@login_required
def create_view(request: HttpRequest) -> HttpResponse:
    """Daftar Pergerakan."""
    actor = request_user(request)
    officer = actor_officer(actor)
    if officer is None:
        raise Http404
    form = MovementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            movement = movement_create(officer=officer, actor=actor, **form.service_arguments())
        except MovementError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Your movement has been declared."))
            return redirect("movements:detail", movement_id=movement.pk)
    context = {"form": form, "editing": None, **_nav(actor)}
    return render(request, "movements/form.html", context, status=400 if form.errors else 200)


@login_required
def detail_view(request: HttpRequest, movement_id: int) -> HttpResponse:
    actor = request_user(request)
    movement = visible_or_404(movement_list_visible_to(actor=actor), movement_id)
    trail = [
        (entry, TRAIL_LABELS.get(entry.action, entry.summary))
        for entry in movement_audit_trail(movement)
    ]
    context = {
        "movement": movement,
        "trail": trail,
        "is_own": movement.officer.user_id == actor.pk,
        "can_change": can_change(actor, movement),
        "can_acknowledge": can_acknowledge(actor, movement),
        **_nav(actor),
    }
    return render(request, "movements/detail.html", context)


def _own_or_404(actor: User, movement_id: int) -> Movement:
    return visible_or_404(
        movement_list_visible_to(actor=actor).filter(officer__user=actor), movement_id
    )


@login_required
def edit_view(request: HttpRequest, movement_id: int) -> HttpResponse:
    actor = request_user(request)
    movement = _own_or_404(actor, movement_id)
    if not can_change(actor, movement):
        messages.error(request, _("This movement can no longer be changed."))
        return redirect("movements:detail", movement_id=movement.pk)
    form = MovementForm.for_movement(movement, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            movement_update(movement=movement, actor=actor, **form.service_arguments())
        except MovementError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Your movement has been changed."))
            return redirect("movements:detail", movement_id=movement.pk)
    context = {"form": form, "editing": movement, **_nav(actor)}
    return render(request, "movements/form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def cancel_view(request: HttpRequest, movement_id: int) -> HttpResponse:
    actor = request_user(request)
    movement = _own_or_404(actor, movement_id)
    try:
        movement_cancel(movement=movement, actor=actor)
    except MovementError as exc:
        messages.error(request, exc.message)
        return redirect("movements:detail", movement_id=movement.pk)
    messages.success(request, _("Your movement has been cancelled."))
    return redirect("movements:history")


@login_required
@require_POST
def acknowledge_view(request: HttpRequest, movement_id: int) -> HttpResponse:
    actor = request_user(request)
    movement = visible_or_404(movement_list_visible_to(actor=actor), movement_id)
    back = (
        redirect("movements:team")
        if request.POST.get("back") == "team"
        else redirect("movements:detail", movement_id=movement.pk)
    )
    try:
        movement_acknowledge(movement=movement, actor=actor)
    except MovementError as exc:
        messages.error(request, exc.message)
        return back
    messages.success(
        request,
        _("The movement of %(name)s is acknowledged.") % {"name": movement.officer.user.full_name},
    )
    return back


@login_required
def team_view(request: HttpRequest) -> HttpResponse:
    """The supervisor's list: subordinates' movements today and ahead, unacknowledged first."""
    actor = request_user(request)
    if not has_team(actor):
        raise Http404
    page = Paginator(team_movements(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "movements/team.html", {"page": page, **_nav(actor)})
