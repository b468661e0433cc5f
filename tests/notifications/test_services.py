"""notification_send: channels by preference, delivery only after commit, the e-mail's words."""

from __future__ import annotations

from typing import Any

from django.core import mail

from tenant_apps.notifications.models import Kind, Notification, Preference
from tenant_apps.notifications.selectors import (
    notification_list_for_user,
    notification_unread_count,
)
from tenant_apps.notifications.services import notification_send
from tenant_apps.notifications.tasks import notification_email_send
from tenants.models import Agency
from tests.conftest import host_of
from tests.notifications.conftest import (
    MOVEMENT_EN,
    MOVEMENT_MS,
    OUTSIDE_EN,
    OUTSIDE_MS,
    People,
    send_outside,
)


def test_send_makes_an_unread_row_and_emails_the_seed_sentence_after_commit(
    agency_a: Agency, people: People, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        [sent] = send_outside(people.supervisor, link="/attendance/day/12/")

    sent.refresh_from_db()
    assert sent.recipient == people.supervisor
    assert sent.kind == Kind.PUNCH_OUTSIDE
    assert sent.read_at is None
    assert sent.emailed_at is not None
    assert sent.pushed_at is None  # no browser subscribed
    assert notification_unread_count(user=people.supervisor) == 1
    [message] = mail.outbox
    assert message.to == ["penyelia@agensi-a.gov.my"]
    assert OUTSIDE_MS in message.subject
    assert message.subject.startswith("Agensi Ujian A: ")
    # Malay first, then English; the link is absolute on the agency's own host.
    assert message.body.index(OUTSIDE_MS) < message.body.index(OUTSIDE_EN)
    assert f"://{host_of(agency_a)}/attendance/day/12/" in message.body
    assert f"://{host_of(agency_a)}/notifications/settings/" in message.body


def test_nothing_is_delivered_before_the_transaction_commits(
    people: People, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_outside(people.supervisor)

    assert len(callbacks) == 1  # the e-mail task, queued for after the commit
    assert mail.outbox == []


def test_email_off_sends_no_mail_and_keeps_the_in_app_row(
    people: People, django_capture_on_commit_callbacks: Any
) -> None:
    Preference.objects.create(user=people.supervisor, kind=Kind.PUNCH_OUTSIDE, email=False)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [sent] = send_outside(people.supervisor)

    assert callbacks == []
    assert mail.outbox == []
    assert list(notification_list_for_user(user=people.supervisor)) == [sent]
    assert notification_unread_count(user=people.supervisor) == 1


def test_in_app_off_keeps_it_out_of_the_list_but_still_emails(
    people: People, django_capture_on_commit_callbacks: Any
) -> None:
    Preference.objects.create(user=people.supervisor, kind=Kind.PUNCH_OUTSIDE, in_app=False)

    with django_capture_on_commit_callbacks(execute=True):
        [sent] = send_outside(people.supervisor)

    sent.refresh_from_db()
    assert sent.read_at == sent.created_at  # the delivery record, never shown
    assert sent.emailed_at is not None
    assert list(notification_list_for_user(user=people.supervisor)) == []
    assert notification_unread_count(user=people.supervisor) == 0
    assert len(mail.outbox) == 1


def test_a_preference_for_another_kind_changes_nothing(
    people: People, django_capture_on_commit_callbacks: Any
) -> None:
    Preference.objects.create(
        user=people.supervisor, kind=Kind.MOVEMENT_NEW, in_app=False, email=False, push=False
    )

    with django_capture_on_commit_callbacks(execute=True):
        sent = send_outside(people.supervisor)

    assert len(sent) == 1
    assert len(mail.outbox) == 1


def test_every_channel_off_makes_nothing(
    people: People, django_capture_on_commit_callbacks: Any
) -> None:
    Preference.objects.create(
        user=people.supervisor, kind=Kind.MOVEMENT_NEW, in_app=False, email=False, push=False
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sent = notification_send(
            recipients=[people.supervisor],
            kind=Kind.MOVEMENT_NEW,
            text_ms=MOVEMENT_MS,
            text_en=MOVEMENT_EN,
        )

    assert sent == []
    assert callbacks == []
    assert not Notification.objects.filter(recipient=people.supervisor).exists()


def test_recipients_are_deduplicated_and_inactive_ones_skipped(
    people: People, django_capture_on_commit_callbacks: Any
) -> None:
    people.other.is_active = False
    people.other.save(update_fields=["is_active"])

    with django_capture_on_commit_callbacks(execute=True):
        sent = send_outside(people.supervisor, people.supervisor, people.officer, people.other)

    assert sorted(n.recipient.login_id for n in sent) == sorted(
        [people.supervisor.login_id, people.officer.login_id]
    )
    # The officer has no e-mail address: only the supervisor's mail left.
    assert [m.to for m in mail.outbox] == [["penyelia@agensi-a.gov.my"]]


def test_the_email_task_sends_once_when_delivered_twice(people: People) -> None:
    [sent] = send_outside(people.supervisor)  # on-commit tasks are not run here

    first = notification_email_send.delay(sent.pk).get()
    second = notification_email_send.delay(sent.pk).get()

    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1


def test_long_texts_are_cut_to_fit(people: People) -> None:
    [sent] = notification_send(
        recipients=[people.officer],
        kind=Kind.MOVEMENT_ACKNOWLEDGED,
        text_ms="panjang " * 100,
        text_en="long " * 150,
        link="/" + "x" * 400,
    )

    assert len(sent.text_ms) == 500
    assert len(sent.text_en) == 500
    assert sent.link == ""
