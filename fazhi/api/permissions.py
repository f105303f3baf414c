"""API permission: staff members only (citizens and strangers hold no membership); deny by default."""

from rest_framework.permissions import BasePermission

from fazhi.accounts.access import is_staff_member


class IsStaffMember(BasePermission):
    message = "仅限机构工作人员访问。"

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and is_staff_member(request.user))
