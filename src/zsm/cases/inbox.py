"""The in-app inbox: reading one's own notifications and marking one read."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from zsm.cases.models import Notification
from zsm.common.clock import now


def notification_list(*, user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first; nobody reads another's inbox."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).select_related("case").order_by("-created_at", "-pk")


@transaction.atomic
def notification_mark_read(*, user: Any, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read (idempotent); another's is 404."""
    notification = (
        Notification.objects.select_for_update().filter(pk=notification_id, recipient_id=user.pk).first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if notification is None:
        raise Http404
    if notification.read_at is None:
        notification.read_at = now()
        notification.save(update_fields=["read_at"])
    return notification
