"""Messages of third-party packages that ship no Malay catalogue (Django REST framework), or whose
Malay we spell differently (Django's "baru" where the service writes "baharu"), marked here so
`makemessages` puts them in locale/ms, which takes precedence over the packages' own."""

from django.utils.translation import gettext_noop

THIRD_PARTY_MESSAGES = [
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Invalid token."),
    gettext_noop("Invalid token header. No credentials provided."),
    gettext_noop("Invalid token header. Token string should not contain spaces."),
    gettext_noop("User inactive or deleted."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop("Not found."),
    gettext_noop("Invalid input."),
    gettext_noop("Malformed request."),
    gettext_noop("This field is required."),
    gettext_noop("This field may not be null."),
    gettext_noop("This field may not be blank."),
    gettext_noop("Not a valid string."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop("Could not satisfy the request Accept header."),
    gettext_noop("Request was throttled."),
    gettext_noop("Invalid page."),
    gettext_noop("A server error occurred."),
    gettext_noop("JSON parse error - {detail}"),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
]
