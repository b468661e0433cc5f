"""Account e-mails leave the request: a worker sends them, so a page answers in the same time
whether or not it had an e-mail to send, and a slow mail server never holds a request."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.core.mail import send_mail


@shared_task(
    autoretry_for=(OSError, SMTPException), retry_backoff=True, max_retries=5, acks_late=True
)
def account_mail_send(subject: str, body: str, to: str) -> None:
    send_mail(subject, body, None, [to])
