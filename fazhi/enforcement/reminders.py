"""The expiry reminder (证件到期提醒): certificates in force whose validity ends within the reminder window are listed
for their keepers — an `ExpiryReminder` per certificate and end date, which the 即将到期证件 page and the certificate
list show. Idempotent: a re-run adds nothing; a renewed certificate's new end date is reminded again when it comes.
The window is settings.FAZHI_CERTIFICATE_REMINDER_DAYS (default 90 days)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from fazhi.enforcement.choices import State
from fazhi.enforcement.models import Certificate, ExpiryReminder

REMINDER_DAYS_DEFAULT = 90


def reminder_days() -> int:
    """How many days ahead an expiry is listed (settings.FAZHI_CERTIFICATE_REMINDER_DAYS, default 90)."""
    return int(getattr(settings, "FAZHI_CERTIFICATE_REMINDER_DAYS", REMINDER_DAYS_DEFAULT))


def expiring_on(today: date, days: int | None = None):
    """Certificates in force today whose validity ends within `days` (the window), soonest first."""
    window = reminder_days() if days is None else days
    return Certificate.objects.filter(
        state=State.VALID, valid_to__gte=today, valid_to__lte=today + timedelta(days=window)
    ).order_by("valid_to", "id")


@transaction.atomic
def list_expiring(today: date) -> int:
    """Write the reminders not yet written for today's window; returns how many were new."""
    due = list(expiring_on(today).values_list("id", "valid_to"))
    have = set(
        ExpiryReminder.objects.filter(certificate_id__in=[pk for pk, _ in due]).values_list(
            "certificate_id", "valid_to"
        )
    )
    new = [ExpiryReminder(certificate_id=pk, valid_to=end, listed_on=today) for pk, end in due if (pk, end) not in have]
    ExpiryReminder.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
