"""API permissions: staff members only (citizens and strangers hold no membership), and machine-token scopes."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from fazhi.accounts.access import is_staff_member
from fazhi.accounts.models import ApiToken


class TokenScopePermission(BasePermission):
    """A call made with an ApiToken needs the `read` scope to read and the `write` scope to change anything."""

    message = _("该接口令牌为只读令牌，不能修改数据。")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        if request.method in SAFE_METHODS:
            self.message = _("该接口令牌没有读取权限。")
            return token.allows(ApiToken.Scope.READ)
        self.message = _("该接口令牌为只读令牌，不能修改数据。")
        return token.allows(ApiToken.Scope.WRITE)


class IsStaffMember(BasePermission):
    message = _("仅限机构工作人员访问。")

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated and is_staff_member(request.user)):
            return False
        # Views that name their permissions replace the defaults, so the token scope is checked here too.
        scope = TokenScopePermission()
        if not scope.has_permission(request, view):
            self.message = scope.message
            return False
        return True


class IsStaffReader(IsStaffMember):
    """Staff, for a POST that only reads (it sends a value that must not travel in a URL): the `read` scope suffices."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated and is_staff_member(request.user)):
            return False
        token = request.auth
        if isinstance(token, ApiToken) and not token.allows(ApiToken.Scope.READ):
            self.message = _("该接口令牌没有读取权限。")
            return False
        return True
