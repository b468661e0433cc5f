from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form that expired (the page was open too long, or cookies were cleared) gets a page that
    says what to do, in the person's language, instead of Django's technical one."""
    return render(request, "errors/csrf_failure.html", status=403)
