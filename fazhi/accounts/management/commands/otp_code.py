"""`manage.py otp_code <username>`: the current TOTP code of a demo persona (devices made by the demo loader only)."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.accounts.models import User
from fazhi.accounts.twofactor import DEMO_DEVICE_NAME, current_code


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo user (only for devices the demo loader created, named 'demo')."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户“{username}”。")
        device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME, confirmed=True).first()
        if device is None:
            raise CommandError(
                f"用户“{username}”没有演示数据创建的验证器；真实用户的验证码只在其本人手机上，本命令不能查看。"
            )
        self.stdout.write(current_code(device))
