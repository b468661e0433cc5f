"""Pemangkuan page (/org/delegation/): a supervisor names an acting officer for a date range and
ends or cancels their delegations; an acting officer sees the delegations they hold. Anyone
who is neither gets 404. people.delegation holds the rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from tenant_apps.people.access import request_user, visible_or_404
from tenant_apps.people.delegation import (
    MAX_DAYS,
    REASON_MAX,
    delegating_supervisor,
    delegation_candidates,
    delegation_create,
    delegation_end,
    delegation_message,
    delegations_given,
    delegations_held,
)
from tenant_apps.people.models import Officer
from tenant_apps.people.selectors import actor_officer
from tenant_apps.people.services import PeopleError

# The field a refusal belongs to; anything else is shown above the form.
ERROR_FIELDS = {
    "acting_self": "acting",
    "acting_inactive": "acting",
    "starts_past": "starts_on",
    "dates_order": "ends_on",
    "too_long": "ends_on",
    "overlap": "starts_on",
    "reason_length": "reason",
}

if TYPE_CHECKING:
    _OfficerChoiceBase = forms.ModelChoiceField[Officer]
else:  # Django's form fields are not subscriptable at run time
    _OfficerChoiceBase = forms.ModelChoiceField


class ActingChoiceField(_OfficerChoiceBase):
    def label_from_instance(self, obj: Officer) -> str:
        return f"{obj.user.full_name} ({obj.org_unit.name})"


class DelegationForm(forms.Form):
    acting = ActingChoiceField(
        label=gettext_lazy("Acting officer (Pemangku)"), queryset=Officer.objects.none()
    )
    starts_on = forms.DateField(
        label=gettext_lazy("From"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Inclusive; at most 180 days."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=REASON_MAX,
        widget=forms.TextInput(attrs={"maxlength": REASON_MAX}),
        help_text=gettext_lazy("For example: annual leave, course, official trip."),
    )

    def __init__(self, *args: Any, candidates: QuerySet[Officer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["acting"]
        assert isinstance(field, ActingChoiceField)
        field.queryset = candidates
        today = timezone.localdate().isoformat()
        for name in ("starts_on", "ends_on"):
            self.fields[name].widget.attrs["min"] = today


def _end(request: HttpRequest, actor: User, supervisor: Officer) -> HttpResponse:
    raw = request.POST.get("delegation", "")
    if not raw.isdigit():
        raise Http404
    delegation = visible_or_404(delegations_given(supervisor), int(raw))
    try:
        kept = delegation_end(delegation=delegation, actor=actor)
    except PeopleError as exc:
        messages.error(request, delegation_message(exc))
    else:
        if kept is None:
            messages.success(request, _("The delegation has been cancelled."))
        else:
            messages.success(request, _("The delegation has ended."))
    return redirect("people:delegation")


@login_required
def delegation_view(request: HttpRequest) -> HttpResponse:
    """GET: the form and the lists; POST ``action=create`` names an acting officer, POST
    ``action=end`` with ``delegation=<id>`` ends or cancels one of the actor's delegations."""
    actor = request_user(request)
    me = actor_officer(actor)
    supervisor = delegating_supervisor(actor)
    held = delegations_held(me) if me is not None else None
    if supervisor is None and (held is None or not held.exists()):
        raise Http404
    form = None
    if supervisor is not None:
        if request.method == "POST" and request.POST.get("action") == "end":
            return _end(request, actor, supervisor)
        candidates = delegation_candidates(supervisor)
        form = DelegationForm(
            request.POST if request.method == "POST" else None, candidates=candidates
        )
        if request.method == "POST" and form.is_valid():
            try:
                delegation_create(supervisor=supervisor, actor=actor, **form.cleaned_data)
            except PeopleError as exc:
                field = ERROR_FIELDS.get(exc.code)
                form.add_error(field, delegation_message(exc))
            else:
                messages.success(request, _("The acting officer has been named."))
                return redirect("people:delegation")
    elif request.method == "POST":
        raise Http404
    context = {
        "form": form,
        "given": delegations_given(supervisor) if supervisor is not None else None,
        "held": held,
        "today": timezone.localdate(),
        "max_days": MAX_DAYS,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "people/delegation.html", context, status=status)
