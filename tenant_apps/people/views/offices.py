"""Pages of office locations (with a coordinate tester) and of officers' home locations for BDR.

Reach comes from tenant_apps.people.selectors: an office or officer outside it answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from tenant_apps.people import geo
from tenant_apps.people.access import org_admin_required, request_user, visible_or_404
from tenant_apps.people.models import HomeLocation, OfficeLocation, Officer
from tenant_apps.people.office_forms import HomeLocationForm, OfficeForm, PointForm, add_refusal
from tenant_apps.people.office_services import (
    OfficeData,
    home_geofence,
    home_location_clear,
    home_location_set,
    office_activate,
    office_create,
    office_deactivate,
    office_geofence,
    office_update,
)
from tenant_apps.people.selectors import (
    actor_officer,
    is_org_admin,
    office_list_visible_to,
    officer_list_visible_to,
)
from tenant_apps.people.services import PeopleError

PAGE_SIZE = 25


def _office_rows(*, actor: User, query: str, status: str) -> QuerySet[OfficeLocation]:
    visible = office_list_visible_to(actor=actor)
    # Re-selected by id: counting over the visibility joins would count only the matching rows.
    offices = OfficeLocation.objects.filter(pk__in=visible.values("pk"))
    if query:
        offices = offices.filter(Q(name__icontains=query) | Q(address__icontains=query))
    if status:
        offices = offices.filter(is_active=status == "active")
    return offices.annotate(
        unit_count=Count("units", distinct=True), officer_count=Count("officers", distinct=True)
    ).order_by("name", "pk")


@login_required
def office_list_view(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    admin = is_org_admin(actor)
    query = (request.GET.get("q") or "").strip()[:100]
    status = request.GET.get("status") or ""
    if status not in {"active", "inactive"}:
        status = ""
    if not admin:
        status = "active"  # an inactive office no longer applies to anyone
    offices = _office_rows(actor=actor, query=query, status=status)
    page = Paginator(offices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/office_list.html",
        {
            "page": page,
            "q": query,
            "status": status,
            "is_admin": admin,
            "has_officer": actor_officer(actor) is not None,
        },
    )


def _verdict(request: HttpRequest, fence: geo.Shape) -> tuple[PointForm, geo.Verdict | None]:
    if "lat" not in request.GET and "lon" not in request.GET:
        return PointForm(), None
    form = PointForm(request.GET)
    if not form.is_valid():
        return form, None
    return form, geo.geofence_test(fence, form.cleaned_data["lat"], form.cleaned_data["lon"])


@login_required
def office_detail_view(request: HttpRequest, office_id: int) -> HttpResponse:
    actor = request_user(request)
    office = visible_or_404(office_list_visible_to(actor=actor), office_id)
    fence = office_geofence(office)
    point_form, verdict = _verdict(request, fence)
    point = (point_form.cleaned_data["lat"], point_form.cleaned_data["lon"]) if verdict else None
    officers = (
        office.officers.filter(pk__in=officer_list_visible_to(actor=actor).values("pk"))
        .select_related("user", "org_unit")
        .order_by("user__full_name")
    )
    return render(
        request,
        "people/office_detail.html",
        {
            "office": office,
            "fence": fence,
            "is_polygon": isinstance(fence, geo.Polygon),
            "units": office.units.order_by("name"),
            "officers": officers,
            "point_form": point_form,
            "verdict": verdict,
            "sketch": geo.sketch(fence, point),
            "is_admin": is_org_admin(actor),
        },
    )


def _office_data(form: OfficeForm) -> OfficeData:
    data = form.cleaned_data
    return OfficeData(name=data["name"], address=data["address"], fence=data["fence"])


def _office_form_page(
    request: HttpRequest, form: OfficeForm, office: OfficeLocation | None
) -> HttpResponse:
    context = {"form": form, "office": office}
    return render(request, "people/office_form.html", context, status=400 if form.is_bound else 200)


@org_admin_required
def office_create_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _office_form_page(request, OfficeForm(), None)
    form = OfficeForm(request.POST)
    if form.is_valid():
        try:
            office = office_create(
                data=_office_data(form),
                units=form.cleaned_data["units"],
                officers=form.cleaned_data["officers"],
                actor=request_user(request),
            )
        except (PeopleError, geo.GeofenceError) as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("Office “%(name)s” added.") % {"name": office.name})
            return redirect("people:office-detail", office_id=office.pk)
    return _office_form_page(request, form, None)


@org_admin_required
def office_edit_view(request: HttpRequest, office_id: int) -> HttpResponse:
    actor = request_user(request)
    office = visible_or_404(office_list_visible_to(actor=actor), office_id)
    if request.method != "POST":
        form = OfficeForm(initial=OfficeForm.initial_of(office), office=office)
        return _office_form_page(request, form, office)
    form = OfficeForm(request.POST, office=office)
    if form.is_valid():
        try:
            office = office_update(
                office=office,
                data=_office_data(form),
                units=form.cleaned_data["units"],
                officers=form.cleaned_data["officers"],
                actor=actor,
            )
        except (PeopleError, geo.GeofenceError) as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("Office “%(name)s” saved.") % {"name": office.name})
            return redirect("people:office-detail", office_id=office.pk)
    return _office_form_page(request, form, office)


@org_admin_required
@require_POST
def office_active_view(request: HttpRequest, office_id: int, active: bool) -> HttpResponse:
    actor = request_user(request)
    office = visible_or_404(office_list_visible_to(actor=actor), office_id)
    if active:
        office_activate(office=office, actor=actor)
        messages.success(request, _("The office is active again."))
    else:
        office_deactivate(office=office, actor=actor)
        messages.success(request, _("The office is inactive: no check-in is accepted there."))
    return redirect("people:office-detail", office_id=office.pk)


@org_admin_required
def home_location_view(request: HttpRequest, officer_id: int) -> HttpResponse:
    """Set or clear an officer's home location for BDR, from the HR record."""
    actor = request_user(request)
    officer: Officer = visible_or_404(officer_list_visible_to(actor=actor), officer_id)
    home = HomeLocation.objects.filter(officer=officer).first()
    form = HomeLocationForm(request.POST) if request.method == "POST" else None
    if form is not None and request.POST.get("action") == "clear":
        home_location_clear(officer=officer, actor=actor)
        messages.success(request, _("The home location has been removed."))
        return redirect("people:home-location", officer_id=officer.pk)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            home_location_set(
                officer=officer,
                lat=data["latitude"],
                lon=data["longitude"],
                radius_m=data["radius_m"],
                address=data["address"],
                actor=actor,
            )
        except geo.GeofenceError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The home location has been saved."))
            return redirect("people:home-location", officer_id=officer.pk)
    if form is None:
        initial = (
            {
                "address": home.address,
                "latitude": home.latitude,
                "longitude": home.longitude,
                "radius_m": home.radius_m,
            }
            if home
            else {}
        )
        form = HomeLocationForm(initial=initial)
    return render(
        request,
        "people/home_location_form.html",
        {
            "officer": officer,
            "home": home,
            "form": form,
            "sketch": geo.sketch(home_geofence(home)) if home else None,
        },
        status=400 if form.is_bound else 200,
    )


@require_safe
@login_required
def home_location_mine_view(request: HttpRequest) -> HttpResponse:
    """The officer's own home location, read-only: only the org admin changes it."""
    me = actor_officer(request_user(request))
    home = (
        HomeLocation.objects.filter(officer=me).select_related("entered_by").first() if me else None
    )
    return render(
        request,
        "people/home_location_mine.html",
        {
            "home": home,
            "has_officer": me is not None,
            "sketch": geo.sketch(home_geofence(home)) if home else None,
        },
    )
