"""Officers (Pegawai): the list each role may see, a profile with its supervision history, and the
org admin's changes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from tenant_apps.people.access import org_admin_required, request_user, visible_or_404
from tenant_apps.people.forms import (
    ActingForm,
    OfficerCreateForm,
    OfficerDetailsForm,
    OfficerLineForm,
    OfficerStatusForm,
)
from tenant_apps.people.messages import people_error_message
from tenant_apps.people.models import ActingSupervisor, Officer
from tenant_apps.people.officer_services import (
    OfficerData,
    acting_create,
    acting_end,
    officer_create,
    officer_details_update,
    officer_line_change,
    officer_status_set,
)
from tenant_apps.people.selectors import (
    is_org_admin,
    officer_list_visible_to,
    officer_search,
    unit_list_visible_to,
)
from tenant_apps.people.services import PeopleError


@login_required
def officer_list_view(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    query = (request.GET.get("q") or "").strip()[:100]
    status = request.GET.get("status") or ""
    unit = request.GET.get("unit") or ""
    officers = officer_search(
        officer_list_visible_to(actor=actor),
        query=query,
        status=status if status in Officer.Status.values else None,
        unit_id=int(unit) if unit.isdigit() else None,
    )
    page = Paginator(officers, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/officer_list.html",
        {
            "page": page,
            "q": query,
            "status": status,
            "unit": unit,
            "statuses": Officer.Status.choices,
            "units": unit_list_visible_to(actor=actor).order_by("name"),
            "is_admin": is_org_admin(actor),
        },
    )


@org_admin_required
def officer_create_view(request: HttpRequest) -> HttpResponse:
    form = OfficerCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            officer = officer_create(
                data=OfficerData(
                    login_id=data["login_id"],
                    login_kind=data["login_kind"],
                    full_name=data["full_name"],
                    email=data["email"],
                    phone=data["phone"],
                    position=data["position"],
                    grade=data["grade"],
                    gender=data["gender"] or None,
                    org_unit=data["org_unit"],
                    supervisor=data["supervisor"],
                    second_supervisor=data["second_supervisor"],
                ),
                actor=request_user(request),
            )
        except PeopleError as exc:
            form.add_error(None, people_error_message(exc))
        else:
            messages.success(
                request, _("%(name)s has been added.") % {"name": officer.user.full_name}
            )
            return redirect("people:officer-detail", officer_id=officer.pk)
    return render(
        request, "people/officer_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def officer_detail_view(request: HttpRequest, officer_id: int) -> HttpResponse:
    actor = request_user(request)
    officer = visible_or_404(officer_list_visible_to(actor=actor), officer_id)
    return render(request, "people/officer_detail.html", _detail_context(actor, officer))


def _detail_context(actor: User, officer: Officer, **forms: Any) -> dict[str, Any]:
    admin = is_org_admin(actor)
    today = timezone.localdate()
    return {
        "officer": officer,
        "is_admin": admin,
        "lines": officer.lines.select_related(
            "org_unit", "supervisor__user", "second_supervisor__user"
        ),
        "subordinates": officer_list_visible_to(actor=actor).filter(supervisor=officer)[:100],
        "acting": ActingSupervisor.objects.filter(for_supervisor=officer, ends_on__gte=today)
        .select_related("acting__user")
        .order_by("starts_on"),
        "details_form": forms.get("details_form")
        or OfficerDetailsForm(
            initial={
                "full_name": officer.user.full_name,
                "email": officer.user.email,
                "phone": officer.phone,
                "position": officer.position,
                "grade": officer.grade,
                "gender": officer.gender,
            }
        ),
        "line_form": forms.get("line_form")
        or OfficerLineForm(
            initial={
                "org_unit": officer.org_unit_id,
                "supervisor": officer.supervisor.user.login_id if officer.supervisor else "",
                "second_supervisor": officer.second_supervisor.user.login_id
                if officer.second_supervisor
                else "",
                "effective_from": today,
            }
        ),
        "status_form": forms.get("status_form")
        or OfficerStatusForm(initial={"status": officer.status, "since": today}),
        "acting_form": forms.get("acting_form") or ActingForm(),
        "open_form": forms.get("open_form", ""),
    }


@org_admin_required
@require_POST
def officer_action_view(request: HttpRequest, officer_id: int, action: str) -> HttpResponse:
    actor = request_user(request)
    officer = visible_or_404(officer_list_visible_to(actor=actor), officer_id)
    form_classes = {
        "details": OfficerDetailsForm,
        "line": OfficerLineForm,
        "status": OfficerStatusForm,
        "acting": ActingForm,
    }
    if action not in form_classes:
        return redirect("people:officer-detail", officer_id=officer.pk)
    form = form_classes[action](request.POST)
    if not form.is_valid():
        context = _detail_context(actor, officer, **{f"{action}_form": form, "open_form": action})
        return render(request, "people/officer_detail.html", context, status=400)
    data = form.cleaned_data
    try:
        if action == "details":
            officer_details_update(officer=officer, **data)
        elif action == "line":
            officer_line_change(officer=officer, actor=actor, **data)
        elif action == "status":
            officer_status_set(officer=officer, actor=actor, **data)
        else:
            acting_create(for_supervisor=officer, actor=actor, **data)
    except PeopleError as exc:
        form.add_error(None, people_error_message(exc))
        context = _detail_context(actor, officer, **{f"{action}_form": form, "open_form": action})
        return render(request, "people/officer_detail.html", context, status=400)
    messages.success(request, _("Saved."))
    return redirect("people:officer-detail", officer_id=officer.pk)


@org_admin_required
@require_POST
def acting_end_view(request: HttpRequest, officer_id: int, acting_id: int) -> HttpResponse:
    actor = request_user(request)
    officer = visible_or_404(officer_list_visible_to(actor=actor), officer_id)
    assignment = ActingSupervisor.objects.filter(pk=acting_id, for_supervisor=officer).first()
    if assignment is not None:
        acting_end(assignment=assignment)
        messages.success(request, _("The acting assignment has ended."))
    return redirect("people:officer-detail", officer_id=officer.pk)
