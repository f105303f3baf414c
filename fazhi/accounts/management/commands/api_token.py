"""`manage.py api_token create|list|revoke`: scoped, expiring machine tokens; the key is printed once, at creation."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Manage API tokens for machine clients: create (prints the key once), list, revoke."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print its key (shown only this once)")
        create.add_argument("username", help="the staff user the client acts as")
        create.add_argument("--name", required=True, help="what the token is for")
        create.add_argument("--write", action="store_true", help="allow changes (default: read only)")
        create.add_argument("--days", type=int, default=90, help="valid for this many days (0: no expiry)")
        listing = sub.add_parser("list", help="list tokens (never their keys)")
        listing.add_argument("--user", dest="username", default=None)
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix", help="the prefix shown by `list` (fz_<prefix>_… )")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, *, username: str, name: str, write: bool, days: int, **_):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"没有有效用户“{username}”。")
        if days < 0:
            raise CommandError("有效天数不能为负数。")
        scopes = [ApiToken.Scope.READ, ApiToken.Scope.WRITE] if write else [ApiToken.Scope.READ]
        expires_at = timezone.now() + timedelta(days=days) if days else None
        token, key = ApiToken.issue(user=user, name=name, scopes=scopes, expires_at=expires_at)
        self.stdout.write(f"已创建令牌 {token}，权限：{'、'.join(token.scopes)}，到期：{_when(token.expires_at)}")
        self.stdout.write("密钥只显示这一次，请立即保存（请求头 Authorization: Bearer <密钥>）：")
        self.stdout.write(key)

    def _list(self, *, username: str | None, **_):
        tokens = ApiToken.objects.select_related("user")
        if username:
            tokens = tokens.filter(user__username=username)
        for t in tokens:
            state = "已吊销" if t.revoked_at else ("已过期" if t.is_expired else "有效")
            self.stdout.write(
                f"{t.prefix}\t{t.user.username}\t{t.name}\t{','.join(t.scopes)}\t{state}\t"
                f"到期 {_when(t.expires_at)}\t最近使用 {_when(t.last_used_at)}"
            )

    def _revoke(self, *, prefix: str, **_):
        prefix = prefix.removeprefix(f"{ApiToken.KEY_PREFIX}_").split("_")[0]
        token = ApiToken.objects.filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"没有前缀为“{prefix}”的令牌。")
        token.revoke()
        self.stdout.write(f"已吊销令牌 {token}。")


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"
