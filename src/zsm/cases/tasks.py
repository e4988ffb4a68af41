"""Background work for cases, run by `zsm worker`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django_tasks import task

from zsm.cases.models import Notification
from zsm.common.clock import now


@task()
def notification_email_send(notification_id: int) -> None:
    """E-mail an in-app notification to its recipient; the message names no personal details."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None or not notification.recipient.email:
        return
    # Users have no language of their own: the e-mail is in the installation's language.
    with translation.override(settings.LANGUAGE_CODE):
        message = notification.message
    send_mail(
        subject=message.subject,
        message=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notification.recipient.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=now())
