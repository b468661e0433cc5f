"""Kad warna: an officer's card colour and its monthly history, for the officer and for those
who may see the officer; the org admin overrides a month's colour with a reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenant_apps.attendance_issues.cards import CardError, card_history, card_override
from tenant_apps.people.access import org_admin_required, request_user, visible_or_404
from tenant_apps.people.models import Officer
from tenant_apps.people.selectors import actor_officer, is_org_admin, officer_list_visible_to
from tenant_apps.worktime.models import CardColour

OVERRIDE_ERRORS = {
    "reason_required": gettext_lazy("Give a reason of at least 5 characters."),
    "colour_invalid": gettext_lazy("Choose yellow, green or red."),
    "month_future": gettext_lazy("A month that has not started cannot be set."),
}


class OverrideForm(forms.Form):
    month = forms.DateField(
        label=gettext_lazy("Month"),
        widget=forms.DateInput(attrs={"type": "month"}),
        input_formats=["%Y-%m"],
    )
    colour = forms.ChoiceField(label=gettext_lazy("Colour"), choices=CardColour.Colour.choices)
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


def _context(officer: Officer) -> dict[str, Any]:
    history = card_history(officer)
    this_month = timezone.localdate().replace(day=1)
    return {
        "officer": officer,
        "history": history,
        "current": next((card for card in history if card.month < this_month), None),
    }


@login_required
def my_cards_view(request: HttpRequest) -> HttpResponse:
    officer = actor_officer(request_user(request))
    if officer is None:
        raise Http404
    return render(request, "attendance/cards.html", _context(officer) | {"own": True})


@login_required
def officer_cards_view(request: HttpRequest, officer_id: int) -> HttpResponse:
    user = request_user(request)
    officer = visible_or_404(officer_list_visible_to(actor=user), officer_id)
    context = _context(officer) | {"own": False}
    if is_org_admin(user):
        context["form"] = OverrideForm()
    return render(request, "attendance/cards.html", context)


@org_admin_required
def card_override_view(request: HttpRequest, officer_id: int) -> HttpResponse:
    officer = visible_or_404(Officer.objects.select_related("user"), officer_id)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        month: date = form.cleaned_data["month"]
        try:
            card_override(
                officer=officer,
                month=month,
                colour=form.cleaned_data["colour"],
                reason=form.cleaned_data["reason"],
                actor=request_user(request),
            )
        except CardError as exc:
            form.add_error(None, OVERRIDE_ERRORS.get(exc.code, exc.message))
        else:
            messages.success(request, _("The card colour was set."))
            return redirect("attendance:officer-cards", officer_id=officer.pk)
    context = _context(officer) | {"own": False, "form": form}
    return render(request, "attendance/cards.html", context, status=400)
