"""Simulasi: the rule engine on JSON cases, as `manage.py simulate_day` runs it, for org admins and
executives who need to reproduce a verdict."""

from __future__ import annotations

import json

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from tenant_apps.people.access import request_user
from tenant_apps.people.selectors import is_org_admin
from tenant_apps.worktime.engine.jsonio import simulate

MAX_INPUT = 200_000  # characters: a few hundred cases


class SimulationForm(forms.Form):
    cases = forms.CharField(
        label=_("Cases (JSON)"),
        max_length=MAX_INPUT,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "class": "mono"}),
        help_text=_("One case, a list of cases, or one case per line. The format is in the guide."),
    )


def _example() -> str:
    today = timezone.localdate().isoformat()
    return json.dumps(
        {
            "region": "16",
            "date": today,
            "policy": {"type": "WBF"},
            "punches": [
                {"at": f"{today}T09:07:00+08:00", "kind": "in", "inside_geofence": True},
                {"at": f"{today}T18:00:00+08:00", "kind": "out", "inside_geofence": True},
            ],
            "arrangements": [],
            "day_closed": True,
        },
        indent=2,
    )


def simulate_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    actor = request_user(request)
    if not (is_org_admin(actor) or actor.groups.filter(name=Role.EXECUTIVE.value).exists()):
        raise Http404
    form = SimulationForm(request.POST or None, initial={"cases": _example()})
    results: list[dict[str, object]] = []
    if request.method == "POST" and form.is_valid():
        lines, _bad = simulate(form.cleaned_data["cases"])
        language = "en" if (get_language() or "ms").startswith("en") else "ms"
        for index, line in enumerate(lines, start=1):
            reasons = line.get("reasons") or []
            results.append(
                {
                    "index": index,
                    "line": line,
                    "error": line.get("error"),
                    "reasons": [reason[language] for reason in reasons],
                    "json": json.dumps(line, ensure_ascii=False, indent=2),
                }
            )
    status = 400 if form.errors else 200
    return render(
        request, "worktime/simulate.html", {"form": form, "results": results}, status=status
    )
