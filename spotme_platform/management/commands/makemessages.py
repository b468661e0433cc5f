"""Django's makemessages, also reading ``_lazy(...)``: several modules import gettext_lazy under
that name, and without this their messages never reach the catalogue (and stay English)."""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = [*MakeMessagesCommand.xgettext_options, "--keyword=_lazy"]
