"""`manage.py otp_reset <username>`: a staff member lost their phone and recovery codes; they enrol again."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.accounts.models import User


class Command(BaseCommand):
    help = "Remove a user's TOTP device and recovery codes; at the next login they enrol a new device."

    def add_arguments(self, parser):
        parser.add_argument("username")

    @transaction.atomic
    def handle(self, *args, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户“{username}”。")
        removed = 0
        for model in (TOTPDevice, StaticDevice):
            for device in model.objects.filter(user=user):
                device.delete()  # one by one, so each deletion is in the change history
                removed += 1
        self.stdout.write(f"已移除“{username}”的 {removed} 个验证设备；其下次登录时须重新绑定验证器。")
