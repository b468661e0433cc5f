"""The login finder on the platform domain: an officer types their MyKad number and is sent to
their agency's login page.

What it reveals, knowingly: to anyone who types a MyKad number, whether it has an active login
somewhere (a redirect or not) and, when it has logins in several agencies, those agencies' names
(the choice page). That is the finder's purpose. A MyKad number is not secret, but it is
guessable, so lookups are limited per address to keep the directory from being walked."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from shared_apps.directory.forms import FindForm
from shared_apps.directory.selectors import agency_list_for_mykad
from shared_apps.onboarding.links import agency_address

FIND_LIMIT = 30  # lookups per address ...
FIND_WINDOW_SECONDS = 10 * 60  # ... in this many seconds


def agency_login_url(slug: str) -> str:
    return agency_address(slug) + "/login/"


def _over_limit(request: HttpRequest) -> bool:
    key = f"directory-find:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, FIND_WINDOW_SECONDS)
    try:
        return cache.incr(key) > FIND_LIMIT
    except ValueError:  # expired between add and incr
        cache.set(key, 1, FIND_WINDOW_SECONDS)
        return False


@require_http_methods(["GET", "POST"])
@never_cache
def find_view(request: HttpRequest) -> HttpResponse:
    # POST, not GET: a MyKad number in a URL would stay in logs and browser history.
    form = FindForm(request.POST or None)
    context: dict[str, object] = {"form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "directory/find.html", context)
    if _over_limit(request):
        context["problem"] = _("Too many searches from this address. Try again in a few minutes.")
        return render(request, "directory/find.html", context, status=429)
    agencies = list(agency_list_for_mykad(mykad=form.cleaned_data["mykad"])[:20])
    if len(agencies) == 1:
        # Suspended and archived agencies too: their host says so itself.
        return HttpResponseRedirect(agency_login_url(agencies[0].slug))
    if agencies:
        choices = [(agency.name, agency_login_url(agency.slug)) for agency in agencies]
        return render(request, "directory/choose.html", {"choices": choices})
    # The same page and status as the empty form; the message says no more than the missing
    # redirect already does (not whether the number was ever registered or is deactivated).
    context["problem"] = _(
        "No SPOT-Me login was found for this MyKad number. Check the number. If it is right, "
        "your agency may not have added you yet: ask your agency's Pentadbir Organisasi for its "
        "SPOT-Me address."
    )
    return render(request, "directory/find.html", context)
